"""The website as a reader meets it, in Debian's Chromium (issue 12).

One build of the sample book with two extra essays (a "hòa" page and a "họa" page, so
that accent ranking can be seen) and two PDF download links, served over HTTP and
opened from disk. Measures the home layout at 1280 and 390 px, runs the search table
(each query's expected page among the first three, then the highlight after the click),
checks the lightbox caption's font, scans every page's visible text for English UI words,
and saves screenshots to tests/_out/reader/ for a person to look at.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import yaml

from browser_support import chromium, serve_dir

pytestmark = pytest.mark.browser

OUT = Path(__file__).resolve().parent / "_out" / "reader"

ESSAY = """\
---
title: {title}
status: approved
authors: [Tổ Biên tập]
unit: chi-doan
order: {order}
summary: {summary}
reviewers:
  - name: Ngô Thị Lan
    role: Trưởng phòng Hành chính – Tổ chức
    date: 15/01/2020
    verdict: approve
approval:
  by: Hoàng Thị Ý
  role: Chánh Văn phòng
  date: 20/05/2020
---

{body}
"""

EXTRA = {
    # Spelled both ways ("hòa" and the old "hoà"): both are the reader's "hòa".
    "hoa-binh.md": ESSAY.format(
        title="Những ngày hòa bình",
        order=8,
        summary="Ký ức của cán bộ Văn phòng.",
        body="Quê hương được sống trong hòa bình. Tình đoàn kết, hoà hợp giữa các "
        "thế hệ cán bộ là điều đáng quý nhất.",
    ),
    # Many "họa" and "hóa": without accent-aware ranking this page swamps "hòa".
    "hoi-hoa.md": ESSAY.format(
        title="Góc hội họa của Chi Đoàn",
        order=9,
        summary="Tranh vẽ của đoàn viên.",
        body="Họa sĩ trẻ vẽ tranh. Hội họa, đồ họa, họa tiết, họa sĩ và tranh họa; "
        "văn hóa, hóa thân, hóa đơn. Họa sĩ, họa sĩ, họa sĩ.",
    ),
}

#: Query → the page expected among the first three results (the issue's table).
SEARCH_TABLE = [
    ("hòa", "tuoi-tre/hoa-binh/"),
    ("hoà", "tuoi-tre/hoa-binh/"),
    ("họa", "tuoi-tre/hoi-hoa/"),
    ("doan thanh nien", "tuoi-tre/"),
    ("tai lap tinh", "giai-doan/1989-1994/"),
    ("trung tam cong bao", "don-vi/trung-tam-cong-bao-tin-hoc/"),
    ("lanh dao", "lanh-dao/"),
]

PAGES = {
    "home": "",
    "chapter": "giai-doan/1989-1994/",
    "timeline": "dong-thoi-gian/",
    "photos": "anh/",
    "photo-folder": "anh/1989-1994/",
    "people": "nhan-vat/",
    "leaders": "lanh-dao/",
    "colophon": "xuat-ban/",
    "unit": "don-vi/phong-quan-tri-tai-vu/",
}

#: English words a reader must never meet (Material's and glightbox's defaults).
ENGLISH = re.compile(
    r"\b(Made with|Search|Previous|Next|Back to top|Table of contents|Initializing|"
    r"Skip to content|Copy to clipboard|Close|Share|Type to start searching|"
    r"No matching documents|Contributors|Last update|Tabs|documents? found)\b"
)


@pytest.fixture(scope="module")
def reader_site(tmp_path_factory: pytest.TempPathFactory, sample_project: Path) -> Path:
    from conftest import _build_site

    project = tmp_path_factory.mktemp("reader") / "book"
    shutil.copytree(
        sample_project, project, ignore=shutil.ignore_patterns("site-*", ".cache", "site")
    )
    for name, text in EXTRA.items():
        (project / "docs" / "tuoi-tre" / name).write_text(text, encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    downloads = {
        "downloads": [
            {"title": "Tải bản PDF (đọc trên màn hình)", "path": "pdf/ky-yeu.pdf"},
            {"title": "Bản PDF để in", "path": "pdf/ky-yeu-ban-in.pdf"},
        ]
    }
    config = config.replace("extra:\n", "extra:\n" + _indent(yaml.safe_dump(downloads)), 1)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=project, check=True, capture_output=True)
    return _build_site(project, project / "site")


def _indent(text: str) -> str:
    return "".join("  " + line + "\n" for line in text.splitlines())


@pytest.fixture(scope="module")
def url(reader_site: Path) -> Iterator[str]:
    with serve_dir(reader_site) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as b:
        yield b


def new_page(browser, width: int, **options):
    context = browser.new_context(viewport={"width": width, "height": 900}, **options)
    page = context.new_page()
    page.requests = []
    page.errors = []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return page


def boxes(page, selector: str) -> list[dict[str, float]]:
    return page.eval_on_selector_all(
        selector,
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return {x: r.left, y: r.top, w: r.width, h: r.height, right: r.right} })",
    )


# -- layout --------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [1280, 390])
def test_home_cards_and_download_buttons_are_laid_out(browser, url: str, width: int):
    page = new_page(browser, width)
    page.goto(url, wait_until="networkidle")
    article = boxes(page, "article.md-content__inner")[0]
    cards = boxes(page, ".yb-cards--periods > li")
    assert len(cards) >= 4
    rows = sorted({round(c["y"]) for c in cards})
    in_first_row = [c for c in cards if round(c["y"]) == rows[0]]
    if width >= 1280:
        assert len(in_first_row) >= 2, cards  # a grid, not an indented list
    else:
        assert len(in_first_row) == 1, cards
        assert cards[0]["w"] >= article["w"] - 2, (cards[0], article)
    # No list indentation: the cards start where the text column starts.
    assert abs(cards[0]["x"] - article["x"]) <= 1.5, (cards[0], article)
    assert all(c["right"] <= article["right"] + 1 for c in cards)
    buttons = boxes(page, ".yb-downloads > li > a")
    assert len(buttons) == 2
    first, second = buttons
    assert abs(first["x"] - article["x"]) <= 1.5, (first, article)  # not 30 px in
    if round(first["y"]) == round(second["y"]):
        assert second["x"] - first["right"] >= 8, buttons  # side by side, with a gap
    else:
        assert second["y"] - (first["y"] + first["h"]) >= 8, buttons  # wrapped, with a gap
    if width >= 1280:
        assert round(first["y"]) == round(second["y"]), buttons
    OUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUT / f"home-{width}.png"), full_page=True)
    page.context.close()


def test_phone_header_shows_the_short_title_uncut(browser, url: str):
    page = new_page(browser, 390)
    page.goto(url)
    topic = page.locator(".md-header__topic").first
    text = topic.inner_text().strip()
    assert text == "Kỷ yếu 30 năm"
    cut = page.evaluate(
        "() => { const e = document.querySelector('.md-header__topic .md-ellipsis');"
        " return e.scrollWidth - e.clientWidth }"
    )
    assert cut <= 0, "the short title is truncated"
    wide = new_page(browser, 1280)
    wide.goto(url)
    assert (
        wide.locator(".md-header__topic")
        .first.inner_text()
        .strip()
        .startswith("Kỷ yếu 30 năm Văn phòng UBND tỉnh Quảng Ngãi")
    )
    page.context.close()
    wide.context.close()


def test_dark_mode_is_warm(browser, url: str):
    page = new_page(browser, 1280, color_scheme="dark")
    page.goto(url)
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
    r, g, b = (int(v) for v in re.findall(r"\d+", bg)[:3])
    assert r > b and r >= g >= b, f"{bg}: not a warm background (Material's slate is blue-grey)"
    OUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUT / "home-dark-1280.png"))
    page.context.close()


def test_gallery_photos_keep_their_aspect_ratio(browser, url: str):
    page = new_page(browser, 1280)
    page.goto(url + "anh/1989-1994/", wait_until="networkidle")
    ratios = page.eval_on_selector_all(
        ".yb-gallery img",
        "els => els.map(e => [e.getBoundingClientRect().width / e.getBoundingClientRect().height,"
        " e.width / e.height, +e.getAttribute('width') / +e.getAttribute('height')])",
    )
    assert ratios
    for shown, _, photo in ratios:
        assert abs(shown - photo) / photo < 0.02, ratios  # no 3:2 → 4:3 crop
    page.context.close()


# -- search --------------------------------------------------------------------------------


def run_search(page, query: str) -> list[str]:
    page.fill("[data-yb-search-input]", query)
    page.wait_for_function(
        "q => { const m = document.querySelector('.md-search-result__meta');"
        " return document.querySelector('[data-yb-search-input]').value === q &&"
        " m && /kết quả|Không tìm thấy/.test(m.textContent) }",
        arg=query,
        timeout=20000,
    )
    return page.eval_on_selector_all(
        ".md-search-result__item > a", "els => els.map(a => a.getAttribute('href'))"
    )


def test_search_index_loads_only_when_search_opens(browser, url: str, reader_site: Path):
    page = new_page(browser, 1280)
    page.goto(url + "giai-doan/1989-1994/", wait_until="networkidle")
    assert not [u for u in page.requests if "/search/" in urlparse(u).path], page.requests
    assert not [u for u in page.requests if "lunr" in u or "workers" in u]
    page.click("[data-yb-search-input]")
    run_search(page, "quang ngai")
    assert [u for u in page.requests if u.endswith("search/yb-index.js")]
    assert not (reader_site / "search" / "search_index.json").exists()
    page.context.close()


@pytest.mark.parametrize(("query", "expected"), SEARCH_TABLE)
def test_search_table(browser, url: str, query: str, expected: str):
    page = new_page(browser, 1280)
    page.goto(url)
    hrefs = run_search(page, query)
    top = [urlparse(h).path.removeprefix(urlparse(url).path) for h in hrefs[:3]]
    assert expected in top, (query, [unquote(h) for h in hrefs[:6]])
    # The link carries the reader's own query, accents included.
    assert all(unquote(urlparse(h).query) == f"q={query}" for h in hrefs)
    page.context.close()


def test_accented_query_ranks_exact_spelling_first(browser, url: str):
    page = new_page(browser, 1280)
    page.goto(url)
    paths = [urlparse(h).path for h in run_search(page, "hòa")]
    assert paths[0].endswith("tuoi-tre/hoa-binh/"), paths[:5]
    assert paths.index(next(p for p in paths if p.endswith("hoi-hoa/"))) > 0
    # Without marks, both pages are found.
    plain = [urlparse(h).path for h in run_search(page, "hoa")]
    assert any(p.endswith("hoa-binh/") for p in plain)
    assert any(p.endswith("hoi-hoa/") for p in plain)
    page.context.close()


def test_sample_marker_is_not_indexed(reader_site: Path):
    from yearbook.web.search import read_index_text

    text = read_index_text(reader_site)
    assert "Nội dung minh họa" not in text
    assert "minh họa" not in text.lower()
    assert "tái lập tỉnh" in text  # the index does hold the book's text


def test_result_click_highlights_the_readers_words(browser, url: str):
    page = new_page(browser, 1280)
    page.goto(url)
    run_search(page, "hòa")
    page.locator(".md-search-result__item > a").first.click()
    page.wait_for_load_state("load")
    page.wait_for_selector("mark.yb-hit")
    marked = page.eval_on_selector_all("mark.yb-hit", "els => els.map(e => e.textContent)")
    assert {m.lower() for m in marked} == {"hòa", "hoà"}, marked  # never "họa" or "hóa"
    # An unaccented query marks every spelling.
    page.goto(url + "tuoi-tre/hoi-hoa/?q=hoa")
    page.wait_for_selector("mark.yb-hit")
    marked = page.eval_on_selector_all("mark.yb-hit", "els => els.map(e => e.textContent)")
    assert {"họa", "hóa"} <= {m.lower() for m in marked}
    OUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUT / "search-highlight-1280.png"))
    page.context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_search_results_screenshot(browser, url: str, width: int):
    page = new_page(browser, width)
    page.goto(url)
    if width < 1220:
        page.click("label.md-header__button[for=__search]")
    run_search(page, "tai lap tinh")
    OUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUT / f"search-{width}.png"))
    page.context.close()


# -- lightbox, language --------------------------------------------------------------------


def test_lightbox_caption_uses_the_site_font(browser, url: str):
    page = new_page(browser, 1280)
    page.goto(url + "giai-doan/1989-1994/", wait_until="networkidle")
    site_font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert site_font.startswith('"Be Vietnam Pro"')
    page.locator("article figure.yb-figure a.glightbox").first.click()
    page.locator(".gslide.current .gslide-description").wait_for(state="visible")
    page.wait_for_timeout(500)
    for part in (".gslide-title", ".gslide-desc"):
        font = page.evaluate(
            f"getComputedStyle(document.querySelector('.gslide.current {part}')).fontFamily"
        )
        assert font == site_font, (part, font)
    full = page.locator(".gslide.current img").evaluate("img => img.naturalWidth")
    assert 0 < full <= 2048
    OUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUT / "lightbox-1280.png"))
    page.context.close()


def test_glightbox_loads_only_on_pages_with_photos(reader_site: Path):
    with_photos = (reader_site / "anh" / "1989-1994" / "index.html").read_text(encoding="utf-8")
    without = (reader_site / "xuat-ban" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'data-js="[^"]*glightbox\.min\.[0-9a-f]{8}\.js"', with_photos)
    assert "glightbox" not in without
    head = with_photos[: with_photos.index("</head>")]
    assert "glightbox.min" not in head, "the lightbox's files block the first paint"


def test_no_print_derivative_in_the_site(reader_site: Path):
    assert not list((reader_site / "assets" / "photos").glob("print/*"))
    assert "data-print-src" not in (reader_site / "anh" / "index.html").read_text("utf-8")


@pytest.mark.parametrize("width", [1280, 390])
def test_no_english_on_any_page(browser, url: str, width: int):
    page = new_page(browser, width)
    found = {}
    for name, path in PAGES.items():
        page.goto(url + path, wait_until="networkidle")
        text = page.evaluate("document.body.innerText")
        labels = page.evaluate(
            "[...document.querySelectorAll('[aria-label],[title],[placeholder]')]"
            ".map(e => [e.getAttribute('aria-label'), e.getAttribute('title'),"
            " e.getAttribute('placeholder')].filter(Boolean).join(' ')).join(' ')"
        )
        hits = ENGLISH.findall(text + " " + labels)
        hits += re.findall(r"&#?\w+;", text)  # escaped twice: the reader sees "&#40;"
        if hits:
            found[name] = hits
        OUT.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(OUT / f"{name}-{width}.png"), full_page=True)
    assert not found, found
    assert not page.errors, page.errors
    page.context.close()


# -- reading from disk ---------------------------------------------------------------------


def test_site_opened_from_disk_works(browser, reader_site: Path):
    """README: "Mở site/index.html bằng trình duyệt" — tabs open pages, search works."""
    page = new_page(browser, 1280)
    page.goto((reader_site / "index.html").as_uri())
    page.locator(".md-tabs__link", has_text="Dòng thời gian").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/dong-thoi-gian/index.html"), page.url
    assert page.locator("article h1").first.inner_text().startswith("Dòng thời gian")
    hrefs = run_search(page, "tai lap tinh")
    assert hrefs and all("index.html?q=" in h for h in hrefs), hrefs[:3]
    page.locator(".md-search-result__item > a").first.click()
    page.wait_for_selector("mark.yb-hit")
    assert not page.errors, page.errors
    page.context.close()
