"""The page chrome that must survive replacing Material's JavaScript bundle.

Material's ``bundle.*.min.js`` costs about 230 ms of start-up on a slow phone, so it is
being replaced by a small script of our own. These tests pin down, in real Chromium and
on both fixture books, what that bundle does for our pages today: the ``js`` class, the
colour palette toggle (stored choice, system preference, ``theme-color``), the header
title and shadow, the navigation tabs hiding on scroll, the sticky primary sidebar,
the table of contents following the reader, the drawer closing on a same-page link,
the search scroll lock on phones, the ``n``/``p`` keys, wrapped tables, ``<details>``
opened for printing, a title on truncated header text and Enter on a focused
navigation label. Each behaviour is read from Material 9.8's sources (bundle.ts and the
components it mounts); our own search (yb-search.js) is tested elsewhere. One defect of
Material's days is fixed: Escape in the search left the page locked on phones.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from browser_support import chromium, serve_dir

pytestmark = pytest.mark.browser

#: Pages the plugin generates in every book, by their fixed slugs.
GENERATED = {"timeline": "dong-thoi-gian/", "photos": "anh/", "people": "nhan-vat/",
             "leaders": "lanh-dao/"}  # fmt: skip
BOOKS = ["public_site", "second_site"]


@dataclass
class Book:
    url: str
    site: Path
    chapter: str  # the longest written page (most sections) with a next and a previous page
    table: str | None  # a page whose content has a plain Markdown table

    def pages(self) -> dict[str, str]:
        return {"home": "", "chapter": self.chapter, **GENERATED}


def _html(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def _discover(site: Path, url: str) -> Book:
    """Find the pages to drive from the built files, so no book's URLs are hard-coded."""
    for path in GENERATED.values():
        assert (site / path / "index.html").is_file(), path
    written = []
    table = None
    for file in sorted(site.rglob("index.html")):
        path = file.parent.relative_to(site).as_posix() + "/"
        if path == "./" or path.startswith(tuple(GENERATED.values())):
            continue
        html = file.read_text(encoding="utf-8")
        article = html[html.find("<article") : html.find("</article>")]
        if table is None and "<table>" in article:
            table = path
        if 'rel="next"' in html and 'rel="prev"' in html:
            written.append((article.count("<h2 id="), len(article), path))
    return Book(url, site, max(written)[2], table)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as b:
        yield b


@pytest.fixture(scope="module", params=BOOKS)
def book(request: pytest.FixtureRequest) -> Iterator[Book]:
    site = request.getfixturevalue(request.param)
    with serve_dir(site) as url:
        yield _discover(site, url)


@pytest.fixture
def open_page(browser):
    """``open_page(width, height, **context options)``: a page that records JS errors."""
    contexts = []

    def make(width: int = 1280, height: int = 900, **options):
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda e: page.errors.append(f"pageerror: {e}"))
        page.on(
            "console",
            lambda m: page.errors.append(f"console: {m.text}") if m.type == "error" else None,
        )
        return page

    yield make
    for context in contexts:
        context.close()


def _scheme(page) -> str:
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


def _goto(page, url: str) -> None:
    """Open ``url`` and wait until it has loaded, the browser was idle once (the page's
    script measures the page then) and two frames have passed."""
    page.goto(url, wait_until="load")
    page.wait_for_function("document.documentElement.classList.contains('js')", timeout=3000)
    page.evaluate(
        "new Promise(r => requestIdleCallback(() => requestAnimationFrame(() =>"
        " requestAnimationFrame(r)), {timeout: 2000}))"
    )


def _scroll(page, y: float) -> None:
    page.evaluate("y => window.scrollTo(0, y)", y)
    page.wait_for_timeout(250)  # Material's viewport watchers run on scroll and frames


# --- 1, 2: no errors, the js class, the header search box ------------------------------


@pytest.mark.parametrize("width", [1280, 390])
def test_no_javascript_errors(book: Book, open_page, width: int):
    page = open_page(width, 900)
    for name, path in book.pages().items():
        page.goto(book.url + path)
        page.evaluate(  # wake the scroll watchers: middle, end, top
            "async () => { for (const f of [0.5, 1, 0]) { scrollTo(0, f * document.body.scrollHeight);"
            " await new Promise(r => setTimeout(r, 40)) } }"
        )
        classes = page.evaluate("[...document.documentElement.classList]")
        assert "js" in classes and "no-js" not in classes, (name, classes)
    assert not page.errors, page.errors


def test_js_class_and_header_search_box(book: Book, open_page):
    page = open_page(1280, 900)
    page.goto(book.url + book.chapter)
    page.wait_for_function("document.documentElement.classList.contains('js')", timeout=3000)
    assert not page.evaluate("document.documentElement.classList.contains('no-js')")
    assert page.locator(".md-header .md-search__input").is_visible()


# --- 3: colour palette ----------------------------------------------------------------


def _needs_palette(book: Book) -> None:
    if 'data-md-component="palette"' not in _html(book.site, book.chapter):
        pytest.skip("this book has no colour palette toggle")


def _visible_toggles(page) -> list[str]:
    return page.eval_on_selector_all(
        "form[data-md-component=palette] label",
        "els => els.filter(e => e.offsetParent !== null).map(e => e.getAttribute('for'))",
    )


def _theme_color_matches_header(page) -> None:
    page.wait_for_timeout(100)
    meta, header = page.evaluate(
        "() => [document.querySelector('meta[name=theme-color]')?.content,"
        " getComputedStyle(document.querySelector('.md-header')).backgroundColor]"
    )
    rgb = [int(v) for v in re.findall(r"\d+", header)[:3]]
    assert meta == "#" + "".join(f"{v:02x}" for v in rgb), (meta, header)


def test_palette_toggle_switches_and_is_kept(book: Book, open_page):
    _needs_palette(book)
    page = open_page(1280, 900, color_scheme="light")
    page.goto(book.url + book.chapter)
    page.wait_for_function(
        "document.querySelectorAll('form[data-md-component=palette] label:not([hidden])')"
        ".length === 1",
        timeout=3000,
    )
    first = _visible_toggles(page)
    assert len(first) == 1 and _scheme(page) == "default"
    _theme_color_matches_header(page)
    page.locator("form[data-md-component=palette] label:visible").click()
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'", timeout=3000)
    second = _visible_toggles(page)
    assert len(second) == 1 and second != first
    _theme_color_matches_header(page)
    page.reload()
    page.wait_for_timeout(300)
    assert _scheme(page) == "slate"
    assert _visible_toggles(page) == second
    page.goto(book.url)  # another page of the site keeps it too
    assert _scheme(page) == "slate"


@pytest.mark.parametrize(("system", "scheme"), [("dark", "slate"), ("light", "default")])
def test_palette_follows_the_system_without_a_stored_choice(
    book: Book, open_page, system: str, scheme: str
):
    _needs_palette(book)
    page = open_page(1280, 900, color_scheme=system)
    page.goto(book.url + book.chapter)
    page.wait_for_function(
        "s => document.body.dataset.mdColorScheme === s"
        " && document.querySelector('meta[name=theme-color]')",
        arg=scheme,
        timeout=3000,
    )
    assert len(_visible_toggles(page)) == 1
    _theme_color_matches_header(page)


def test_palette_enter_on_focused_toggle(book: Book, open_page):
    _needs_palette(book)
    page = open_page(1280, 900, color_scheme="light")
    page.goto(book.url + book.chapter)
    page.wait_for_function("document.querySelector('meta[name=theme-color]')", timeout=3000)
    page.focus("#__palette_0")
    page.keyboard.press("Enter")
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'", timeout=3000)
    page.keyboard.press("Enter")
    page.wait_for_function("document.body.dataset.mdColorScheme === 'default'", timeout=3000)


# --- 4, 5, 13: header title, header shadow, tabs ---------------------------------------


def _has(book: Book, path: str, component: str) -> bool:
    return f'data-md-component="{component}"' in _html(book.site, path)


def test_header_title_shadow_and_tabs_follow_the_scroll(book: Book, open_page):
    page = open_page(1280, 900)
    _goto(page, book.url + book.chapter)
    tabs = _has(book, book.chapter, "tabs")

    def state() -> dict[str, bool]:
        return page.evaluate(
            "() => { const t = document.querySelector('.md-tabs');"
            " return {title: document.querySelector('.md-header__title')"
            ".classList.contains('md-header__title--active'),"
            " shadow: document.querySelector('.md-header').classList.contains('md-header--shadow'),"
            " tabs: t ? !t.hidden && t.getBoundingClientRect().bottom > 0 : null} }"
        )

    at_top = {"title": False, "shadow": False, "tabs": True} if tabs else {"title": False}
    assert state().items() >= at_top.items()
    if tabs:
        _scroll(page, 30)  # the tabs go at once; the h1 is still in view
        assert state() == {"title": False, "shadow": False, "tabs": False}
    below = page.evaluate(
        "() => { const h = document.querySelector('.md-content h1');"
        " return h.getBoundingClientRect().bottom + scrollY + 200 }"
    )
    _scroll(page, below)
    assert state() == {"title": True, "shadow": True, "tabs": False if tabs else None}
    _scroll(page, 0)
    assert state().items() >= at_top.items()
    assert not state()["title"]


# --- 6: primary sidebar ----------------------------------------------------------------

SCROLLWRAP = (
    "() => { const w = document.querySelector('.md-sidebar--primary .md-sidebar__scrollwrap');"
    " const a = [...w.querySelectorAll('.md-nav__link--active[href]')].find(e => e.clientHeight);"
    " const r = a.getBoundingClientRect(), b = w.getBoundingClientRect();"
    " return {link: [r.top, r.bottom], natural: r.bottom - b.top + w.scrollTop,"
    " wrap: [b.top, b.bottom], scrolled: w.scrollTop, sh: w.scrollHeight, ch: w.clientHeight,"
    " vh: innerHeight} }"
)


def test_primary_sidebar_stays_in_the_viewport_and_scrolls(book: Book, open_page):
    page = open_page(1280, 600)
    _goto(page, book.url + book.chapter)
    nav = page.evaluate(SCROLLWRAP)["sh"]
    if nav <= 650:  # this book's navigation fits in the window: make the window shorter
        page.set_viewport_size({"width": 1280, "height": nav - 60})
    _scroll(page, page.evaluate("document.body.scrollHeight / 2 - innerHeight / 2"))
    wrap = page.evaluate(SCROLLWRAP)
    assert wrap["wrap"][0] >= 0 and wrap["wrap"][1] <= wrap["vh"], wrap
    assert wrap["sh"] > wrap["ch"], wrap


def test_primary_sidebar_brings_the_active_link_into_view(book: Book, open_page):
    page = open_page(1280, 400)
    _goto(page, book.url + book.chapter)
    place = page.evaluate(SCROLLWRAP)
    assert place["natural"] > place["ch"], "the active link would be below the sidebar's end"
    assert place["scrolled"] > 0, place
    assert place["wrap"][0] <= place["link"][0] and place["link"][1] <= place["wrap"][1], place
    assert place["link"][1] <= place["vh"], place


# --- 7: table of contents --------------------------------------------------------------


def test_table_of_contents_marks_the_section_being_read(book: Book, open_page):
    page = open_page(1280, 900)
    _goto(page, book.url + book.chapter)
    ids = page.eval_on_selector_all(
        ".md-sidebar--secondary .md-nav__link[href^='#']",
        "els => els.map(a => decodeURIComponent(a.hash.slice(1)))",
    )
    assert len(ids) >= 2, ids
    for anchor in (ids[1], ids[0]):
        y = page.evaluate(
            "id => document.getElementById(id).getBoundingClientRect().top + scrollY - 10",
            anchor,
        )
        _scroll(page, y)
        active = page.eval_on_selector_all(
            ".md-sidebar--secondary .md-nav__link--active",
            "els => els.map(a => decodeURIComponent(a.hash.slice(1)))",
        )
        assert active == [anchor]


# --- 8, 13: drawer ---------------------------------------------------------------------


def test_drawer_opens_and_closes_on_a_same_page_link(book: Book, open_page):
    page = open_page(390, 800)
    _goto(page, book.url + book.chapter)
    page.click("label.md-header__button[for=__drawer]")
    assert page.is_checked("#__drawer")
    nav = ".md-sidebar--primary .md-nav--primary"
    page.wait_for_function(
        "s => { const r = document.querySelector(s).getBoundingClientRect();"
        " return r.left >= 0 && r.right > 0 && r.width > 0 }",
        arg=nav,
        timeout=3000,
    )
    page.click(".md-sidebar--primary label.md-nav__link[for=__toc]")
    link = page.locator(".md-sidebar--primary .md-nav--secondary a.md-nav__link").first
    link.click()
    assert page.evaluate("location.hash")
    page.wait_for_function("!document.getElementById('__drawer').checked", timeout=2000)


def test_enter_on_a_focused_navigation_label_opens_it(book: Book, open_page):
    page = open_page(390, 800)
    _goto(page, book.url)
    page.click("label.md-header__button[for=__drawer]")
    label = page.locator(".md-sidebar--primary label.md-nav__link[tabindex='0']").first
    target = label.get_attribute("for")
    assert not page.is_checked(f"[id='{target}']")
    label.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.getElementById('{target}').checked", timeout=2000)


# --- 9: search scroll lock on phones ---------------------------------------------------


CONTENT_TOP = "document.querySelector('.md-content').getBoundingClientRect().top"


def _open_search_at(page, book: Book, y: int) -> float:
    """Open the search on a phone, scrolled to ``y``; wait for the lock; the content's place."""
    page.goto(book.url + book.chapter)
    _scroll(page, y)
    place = page.evaluate(CONTENT_TOP)
    page.click("label.md-header__button[for=__search]")
    page.wait_for_function("document.body.hasAttribute('data-md-scrolllock')", timeout=2000)
    return place


def _wheel_moves_the_page(page) -> bool:
    before = (page.evaluate("scrollY"), page.evaluate(CONTENT_TOP))
    page.mouse.move(200, 600)
    page.mouse.wheel(0, 600)
    page.wait_for_timeout(200)
    return (page.evaluate("scrollY"), page.evaluate(CONTENT_TOP)) != before


def test_search_locks_the_page_scroll_on_phones(book: Book, open_page):
    page = open_page(390, 800)
    place = _open_search_at(page, book, 700)
    assert abs(page.evaluate(CONTENT_TOP) - place) < 1  # locked where the reader was
    assert not _wheel_moves_the_page(page)
    page.click(".md-search__form label.md-search__icon[for=__search]")
    page.wait_for_function("!document.body.hasAttribute('data-md-scrolllock')", timeout=2000)
    page.wait_for_timeout(100)
    assert page.evaluate("scrollY") == 700
    assert _wheel_moves_the_page(page)


def test_escape_in_the_search_unlocks_the_page_on_phones(book: Book, open_page):
    """yb-search.js unchecked ``#__search`` on Escape without a ``change`` event, so the
    scroll lock never heard of it: the search closed, the page stayed fixed at the top and
    could not be scrolled. It now closes the search with a click (a change event)."""
    page = open_page(390, 800)
    _open_search_at(page, book, 700)
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert not page.is_checked("#__search")
    assert not page.evaluate("document.body.hasAttribute('data-md-scrolllock')")
    assert page.evaluate("scrollY") == 700


# --- 10: keyboard ----------------------------------------------------------------------


def test_keys_go_to_the_next_and_previous_page(book: Book, open_page):
    page = open_page(1280, 900)
    start = book.url + book.chapter
    _goto(page, start)
    nxt = page.evaluate("document.querySelector('link[rel=next]').href")
    for key, wanted in (("n", nxt), (",", start), (".", nxt), ("p", start)):
        assert page.evaluate("document.querySelector('link[rel=prev]')")
        with page.expect_navigation(timeout=3000):
            page.keyboard.press(key)
        assert page.url == wanted, key
        page.wait_for_function("document.documentElement.classList.contains('js')")
    page.focus(".md-search__input")
    page.keyboard.press("n")
    page.keyboard.press("p")
    page.wait_for_timeout(500)
    assert page.url == start
    assert page.input_value(".md-search__input") == "np"


# --- 11: tables ------------------------------------------------------------------------


def test_tables_are_wrapped_and_scroll_inside_the_page(book: Book, open_page):
    if book.table is None:
        pytest.skip("this book has no Markdown table")
    page = open_page(390, 800)
    _goto(page, book.url + book.table)
    tables = page.eval_on_selector_all(
        ".md-content table:not([class])",
        "els => els.map(t => t.parentElement.matches('div.md-typeset__table')"
        " && t.parentElement.parentElement.matches('div.md-typeset__scrollwrap'))",
    )
    assert tables and all(tables), tables
    page.evaluate(  # a table far wider than a phone, in the same wrapper
        "() => { const t = document.querySelector('.md-content table:not([class])');"
        " t.querySelector('td, th').textContent = 'x'.repeat(300) }"
    )
    assert page.evaluate(
        "document.querySelector('.md-typeset__scrollwrap').scrollWidth > innerWidth"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


# --- 12: print -------------------------------------------------------------------------

DETAILS = (
    '<details id="yb-t-closed"><summary>Đóng</summary><p>Nội dung</p></details>'
    '<details id="yb-t-open" open><summary>Mở</summary><p>Nội dung</p></details>'
)


def test_print_opens_every_details_and_closes_them_after(book: Book, open_page):
    """No chapter has one yet, but pymdownx.details is on: the details are added to a page."""
    page = open_page(1280, 900)

    def with_details(route) -> None:
        html = route.fetch().text()
        route.fulfill(body=re.sub(r"(</h1>)", r"\1" + DETAILS, html, count=1),
                      content_type="text/html")  # fmt: skip

    page.route(book.url + book.chapter, with_details)
    _goto(page, book.url + book.chapter)
    opened = "() => ['yb-t-closed', 'yb-t-open'].map(id => document.getElementById(id).open)"
    assert page.evaluate(opened) == [False, True]
    page.evaluate("dispatchEvent(new Event('beforeprint'))")
    page.wait_for_timeout(100)
    assert page.evaluate(opened) == [True, True]
    page.evaluate("dispatchEvent(new Event('afterprint'))")
    page.wait_for_timeout(100)
    assert page.evaluate(opened) == [False, True]


# --- 13: titles on truncated navigation links ------------------------------------------


def test_truncated_navigation_text_gets_a_title(book: Book, open_page):
    page = open_page(390, 800)
    _goto(page, book.url + book.chapter)
    truncated = (
        "() => [...document.querySelectorAll('.md-header__topic .md-ellipsis')]"
        ".filter(e => e.offsetWidth && e.offsetWidth < e.scrollWidth)"
    )
    assert page.evaluate(truncated + ".length"), "the header's title is not cut at 390 px"
    page.wait_for_function(truncated + ".every(e => e.title && e.title === e.innerText)",
                           timeout=3000)  # fmt: skip
