"""The public website in real Chromium: search without tone marks, lightbox, lazy images,
no outside requests, layout at 360 px, and screenshots to look at (tests/_out/site/)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from browser_support import chromium, serve_dir

pytestmark = pytest.mark.browser

OUT = Path(__file__).resolve().parent / "_out" / "site"


@pytest.fixture(scope="module")
def base_url(public_site: Path) -> Iterator[str]:
    with serve_dir(public_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser, base_url: str):
    """A page that records every request it makes."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.requests = []
    pg.on("request", lambda r: pg.requests.append(r.url))
    yield pg
    context.close()


def search(pg, base_url: str, query: str) -> list[dict[str, str]]:
    """Type a query; retype until the search worker has loaded its index and answered."""
    pg.goto(base_url)
    # Until the worker has its index, Material drops queries: retype until results show.
    deadline = time.monotonic() + 90  # a loaded 2-core machine builds the index slowly
    attempt = 0
    while time.monotonic() < deadline:
        pg.fill("input.md-search__input", query + " " * (attempt % 2))
        pg.press("input.md-search__input", "End")  # Material searches on key events
        attempt += 1
        try:
            pg.wait_for_selector(".md-search-result__item", timeout=3000)
            break
        except Exception:  # playwright's TimeoutError: try again
            continue
    pg.wait_for_timeout(800)
    return pg.eval_on_selector_all(
        ".md-search-result__item > a",
        "els => els.map(a => ({href: a.getAttribute('href'),"
        " title: a.querySelector('h1') ? a.querySelector('h1').textContent : '',"
        " html: a.innerHTML}))",
    )


def _path(href: str) -> str:
    return urlparse(href).path


@pytest.mark.parametrize(
    ("query", "accented", "expected"),
    [
        ("quang ngai", "Quảng Ngãi", "giai-doan/1989-1994/"),
        ("lanh dao", "Lãnh đạo", "lanh-dao/"),
        ("van phong", "Văn phòng", "giai-doan/2011-2016/"),
    ],
)
def test_search_without_tone_marks(page, base_url: str, query: str, accented: str, expected: str):
    results = search(page, base_url, query)
    hrefs = [_path(r["href"]) for r in results]
    assert any(h.endswith(expected) for h in hrefs), hrefs
    # Results show the original accented text, with the match highlighted.
    assert any(f"<mark>{accented.split()[0]}</mark>" in r["html"] for r in results), results[0]
    # The accented query finds the same pages.
    again = [_path(r["href"]) for r in search(page, base_url, accented)]
    assert set(again) == set(hrefs)


def test_search_tone_placement_hoa_meets_hoa(page, base_url: str):
    old = {_path(r["href"]) for r in search(page, base_url, "hoà")}
    new = {_path(r["href"]) for r in search(page, base_url, "hòa")}
    assert old and old == new


def test_search_nonsense_finds_nothing(page, base_url: str):
    assert search(page, base_url, "quang ngai"), "the index is ready"
    for attempt in range(5):
        page.fill("input.md-search__input", "xyzzyq" + " " * (attempt % 2))
        page.press("input.md-search__input", "End")
        page.wait_for_timeout(1500)
        meta = page.locator(".md-search-result__meta").inner_text()
        if meta.startswith("Không tìm thấy"):
            break
    assert meta.startswith("Không tìm thấy"), meta
    assert page.locator(".md-search-result__item").count() == 0


def test_chapter_figure_caption_and_lightbox(page, base_url: str):
    page.goto(base_url + "giai-doan/1989-1994/")
    figure = page.locator("article figure.yb-figure").first
    caption = figure.locator("figcaption").inner_text()
    assert "Ảnh: " in caption
    imgs = page.eval_on_selector_all(
        "article img",
        "els => els.map(e => ({srcset: e.getAttribute('srcset'), w: e.getAttribute('width'),"
        " h: e.getAttribute('height'), loading: e.getAttribute('loading'), alt: e.alt}))",
    )
    assert imgs
    assert all(i["srcset"] and i["w"] and i["h"] and i["alt"] for i in imgs)
    assert imgs[0]["loading"] != "lazy"
    assert all(i["loading"] == "lazy" for i in imgs[1:])
    figure.locator("a.glightbox").click()
    box = page.locator(".glightbox-container")
    box.wait_for(state="visible", timeout=5000)
    page.wait_for_timeout(600)
    desc = page.locator(".gslide.current .gslide-description").inner_text()
    assert "Ảnh: " in desc
    assert page.locator(".gslide.current img").evaluate("img => img.naturalWidth") > 0
    OUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUT / "lightbox-1280.png"))


PAGES = {
    "home": "",
    "chapter": "giai-doan/1989-1994/",
    "timeline": "dong-thoi-gian/",
    "gallery": "anh/",
    "people": "nhan-vat/",
    "leaders": "lanh-dao/",
}


@pytest.mark.parametrize("width", [1280, 360])
def test_pages_stay_local_fit_the_screen_and_are_captured(browser, base_url: str, width: int):
    OUT.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900})
    pg = context.new_page()
    requests: list[str] = []
    pg.on("request", lambda r: requests.append(r.url))
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    local = urlparse(base_url).netloc
    for name, path in PAGES.items():
        pg.goto(base_url + path, wait_until="networkidle")
        # Scroll through so lazy images load (and would make their requests).
        pg.evaluate(
            "async () => { for (let y = 0; y < document.body.scrollHeight; y += innerHeight) {"
            " scrollTo(0, y); await new Promise(r => setTimeout(r, 60)); } }"
        )
        pg.wait_for_load_state("networkidle")
        overflow = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} overflows by {overflow}px at {width}px"
        # Every top-level section's tab is visible where Material shows tabs.
        tabs = pg.evaluate(
            "(() => { const t = document.querySelector('.md-tabs__list');"
            " return t && t.offsetParent ? t.scrollWidth - t.clientWidth : 0 })()"
        )
        assert tabs <= 0, f"{name}: the tab bar is cut by {tabs}px at {width}px"
        missing_alt = pg.eval_on_selector_all("img:not([alt])", "els => els.length")
        assert missing_alt == 0, name
        assert pg.evaluate("document.documentElement.lang") == "vi"
        pg.evaluate("window.scrollTo(0, 0)")
        pg.screenshot(path=str(OUT / f"{name}-{width}.png"), full_page=True)
    outside = [u for u in requests if urlparse(u).scheme in ("http", "https")]
    outside = [u for u in outside if urlparse(u).netloc != local]
    assert not outside, outside
    assert not [u for u in requests if urlparse(u).scheme not in ("http", "https", "data", "blob")]
    assert not errors, errors
    context.close()


def test_people_index_order_in_browser(page, base_url: str):
    """Names ending An, Ánh, Bình, Đạo, Hùng, Ý, in that order (hand-checked)."""
    page.goto(base_url + "nhan-vat/")
    names = page.eval_on_selector_all(
        ".yb-person__name strong", "els => els.map(e => e.textContent)"
    )
    given = [n.split()[-1] for n in names]
    wanted = ["An", "Ánh", "Bình", "Đạo", "Hùng", "Ý"]
    positions = [given.index(w) for w in wanted]
    assert positions == sorted(positions), given


def test_dark_palette_toggle(page, base_url: str):
    page.goto(base_url)
    before = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    after = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert {before, after} == {"default", "slate"}
    OUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUT / "home-dark-1280.png"))


FOLD_SAMPLES = [
    "Quảng Ngãi",
    "Lãnh đạo ĐẢNG",
    "Văn phòng UBND tỉnh",
    "hoà hòa HOÀ",
    "thuở Khuê Quỳnh Nguyễn Ưng Ơn Ấn Ặc",
    "áàảãạ ăắằẳẵặ âấầẩẫậ éèẻẽẹ êếềểễệ íìỉĩị óòỏõọ ôốồổỗộ ơớờởỡợ úùủũụ ưứừửữự ýỳỷỹỵ đ",
    "e\u0301 decomposed",  # NFD input folds like NFC
]


def test_browser_fold_matches_python_fold(page, base_url: str):
    """The search folding in yb-search.js uses exactly yearbook.text.fold's rules."""
    from yearbook.text import fold

    page.goto(base_url)
    page.wait_for_function("() => window.ybSearch")
    folded = page.evaluate("samples => samples.map(s => window.ybSearch.fold(s))", FOLD_SAMPLES)
    assert folded == [fold(s) for s in FOLD_SAMPLES]
