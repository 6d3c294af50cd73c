"""What a page loads before its first paint, and asset names a host may cache for a year.

Issue 12 (weight and speed): the web fonts were preloaded and their stylesheet was
render-blocking (92 KB ahead of every first paint), glightbox's stylesheet and script
loaded and ran on every photo page at load, and ``yearbook.css`` / ``yb-search.js`` had
fixed names although ``.github/PUBLISHING.md`` tells hosts to cache ``assets/`` for a
year. Checked on the built HTML of both books, and in Chromium: the web font is used from
the first paint of a later page, and no text moves (layout shift) at 390 px.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest

from browser_support import chromium, serve_dir

BOOKS = ["public_site", "second_site"]
HASHED = re.compile(r"\.([0-9a-f]{8})(?:\.min)?\.(?:css|js|woff2)$")
OUR_ASSETS = ("yearbook.", "yb-", "fonts.", "glightbox.", "be-", "noto-")


@pytest.fixture(scope="module", params=BOOKS)
def site(request: pytest.FixtureRequest) -> Path:
    return request.getfixturevalue(request.param)


def pages(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(site.rglob("*.html"))
    }


def head_of(html: str) -> str:
    return html[: html.index("</head>")]


def without_noscript(html: str) -> str:
    return re.sub(r"<noscript>.*?</noscript>", "", html, flags=re.S)


def test_no_font_is_preloaded_or_render_blocking(site: Path) -> None:
    for rel, html in pages(site).items():
        head = without_noscript(head_of(html))
        assert not re.search(r'<link[^>]+as="font"', head), rel
        blocking = re.findall(r'<link rel="stylesheet" href="([^"]+)"(?![^>]*media=)', head)
        assert not [h for h in blocking if "/fonts/" in h], (rel, "render-blocking font CSS")
        # Without JavaScript the fonts' stylesheet still applies.
        noscript = r'<noscript><link rel="stylesheet" href="[^"]*fonts\.[0-9a-f]{8}\.css">'
        assert re.search(noscript, head_of(html)), rel


def test_fonts_are_optional_so_a_late_font_never_moves_text(site: Path) -> None:
    (css,) = (site / "assets/fonts").glob("fonts.*.css")
    displays = re.findall(r"font-display:\s*(\w+)", css.read_text(encoding="utf-8"))
    assert displays and set(displays) == {"optional"}


def test_glightbox_only_on_pages_with_photos_and_only_on_demand(site: Path) -> None:
    with_lightbox = 0
    for rel, html in pages(site).items():
        if "init-glightbox" not in html:
            assert "glightbox.min" not in html and "yb-lightbox." not in html, rel
            continue
        with_lightbox += 1
        assert 'class="glightbox' in html, rel
        # Nothing of glightbox is fetched or run at load: the loader fetches it on demand.
        assert not re.search(r'<link[^>]+glightbox[^>]*rel="stylesheet"', html), rel
        assert not re.search(r'<script src="[^"]*glightbox\.min[^"]*"', html), rel
        assert '<script type="text/x-yb-deferred" id="init-glightbox">' in html, rel
        loader = re.search(r'<script src="[^"]*yb-lightbox\.[0-9a-f]{8}\.js"([^>]*)>', html)
        assert loader and "defer" in loader.group(1), rel
        assert "glightbox.min." in loader.group(1), rel
    if "- glightbox" in (site.parent / "mkdocs.yml").read_text(encoding="utf-8"):
        assert with_lightbox, "the book's lightbox is on no page"
    assert "glightbox" not in (site / "xuat-ban/index.html").read_text(encoding="utf-8")


def _local_refs(html: str) -> list[str]:
    html = without_noscript(html)
    refs = re.findall(r'<script\b[^>]*?\bsrc="([^"#?]+)"', html)
    refs += re.findall(r'<link rel="(?:stylesheet|icon|preload)" href="([^"#?]+)"', html)
    refs += re.findall(r'\bdata-(?:css|js)="([^"]+)"', html)
    refs += re.findall(r'"((?:\.\./)*assets/fonts/[^"]+\.woff2)"', html)  # the cached-fonts path
    return [r for r in refs if not urlparse(r).scheme and not r.startswith("//")]


def test_no_page_loads_material_bundle_and_every_page_has_the_page_chrome(site: Path) -> None:
    """Material's bundle spent ~230 ms of a phone's main thread at start-up (Lighthouse's
    Total Blocking Time) for the few components a yearbook uses; yb-site.js does those.
    Every page, 404 included, carries yb-site.js deferred and never the bundle."""
    for rel, html in pages(site).items():
        tags = re.findall(r"<script\b[^>]*>", html)
        assert not [t for t in tags if re.search(r"/bundle\.[0-9a-f]{8}\.min\.js", t)], rel
        chrome = [t for t in tags if re.search(r"/yb-site\.[0-9a-f]{8}\.js", t)]
        assert len(chrome) == 1 and " defer" in chrome[0], (rel, chrome)


def test_what_in_mkdocs_yml_needs_material_bundle() -> None:
    """Features and extras whose work is in Material's JavaScript keep it on every page; a
    book's own scripts too (they may use ``document$``)."""
    from yearbook.web.assets import needs_material_bundle

    ours = ["navigation.tabs", "navigation.sections", "navigation.footer", "navigation.indexes"]
    assert needs_material_bundle(ours, {}, []) == []
    assert needs_material_bundle([*ours, "navigation.instant", "toc.follow"], {}, []) == [
        "navigation.instant",
        "toc.follow",
    ]
    assert needs_material_bundle(ours, {"consent": {"title": "x"}}, []) == ["extra.consent"]
    assert needs_material_bundle(ours, {}, ["js/book.js"]) == ["extra_javascript"]


BUNDLE = '<script src="assets/javascripts/bundle.a5f9d56c.min.js"></script>'
CHROME = '<script src="assets/javascripts/yb-site.89abcdef.js" defer></script>'
SEARCH = '<script src="assets/javascripts/yb-search.0123abcd.js" defer></script>'


def test_the_bundle_goes_only_where_nothing_else_may_need_it() -> None:
    """A book's own scripts may use Material's ``document$``: then the bundle stays, deferred
    only when every script after it is deferred (same order of execution)."""
    from yearbook.web.assets import page_scripts

    inline = "<script>document$.subscribe(() => {})</script>"
    theirs = '<script src="js/book.js" defer></script>'
    inert = '<script type="text/x-yb-deferred" id="init-glightbox">document$</script>'
    assert page_scripts(f"<body>{BUNDLE}{CHROME}{SEARCH}{inert}</body>") == (
        f"<body>{CHROME}{SEARCH}{inert}</body>"
    )
    kept = page_scripts(f"<body>{BUNDLE}{CHROME}{theirs}</body>")
    assert 'bundle.a5f9d56c.min.js" defer>' in kept
    assert page_scripts(f"<body>{BUNDLE}{CHROME}{inline}</body>") == (
        f"<body>{BUNDLE}{CHROME}{inline}</body>"
    )
    # A book's own template without yb-site.js keeps Material's page chrome.
    assert 'bundle.a5f9d56c.min.js" defer>' in page_scripts(f"<body>{BUNDLE}{SEARCH}</body>")


def test_our_assets_have_content_hashed_names_and_every_reference_resolves(site: Path) -> None:
    seen: set[Path] = set()
    for rel, html in pages(site).items():
        for ref in _local_refs(html):
            target = (site / Path(urljoin("/" + rel, ref)).relative_to("/")).resolve()
            if ref.endswith("/"):
                target = target / "index.html"
            assert target.is_file(), (rel, ref)
            if "/assets/" in ref and target.name.startswith(OUR_ASSETS):
                seen.add(target)
    assert {p.suffix for p in seen} >= {".css", ".js", ".woff2"}, seen
    (fonts_css,) = (site / "assets/fonts").glob("fonts.*.css")
    for url in re.findall(r"url\(([^)]+)\)", fonts_css.read_text(encoding="utf-8")):
        seen.add((fonts_css.parent / unquote(url)).resolve())
    for path in seen:
        found = HASHED.search(path.name)
        assert found, f"{path.name}: no content hash in the name"
        assert found.group(1) == hashlib.sha256(path.read_bytes()).hexdigest()[:8], path.name
    # The unhashed names are not published, so no page can refer to a stale copy.
    for name in ("assets/stylesheets/yearbook.css", "assets/javascripts/yb-search.js",
                 "assets/fonts/fonts.css"):  # fmt: skip
        assert not (site / name).exists(), name


def test_publishing_guide_caches_for_a_year_only_hashed_names(public_site: Path) -> None:
    """The nginx example: a year (immutable) only for names that change with the content."""
    guide = (Path(__file__).resolve().parent.parent / ".github/PUBLISHING.md").read_text("utf-8")
    rules = re.findall(r'location\s+(~\*?\s+)?(?:"([^"]+)"|(\S+))\s*\{([^}]*)\}', guide)
    immutable = [(rx, quoted or bare) for rx, quoted, bare, body in rules if "immutable" in body]
    assert immutable, "the guide no longer says what to cache"
    for regex, where in immutable:
        assert regex and "[0-9a-f]{8}" in where, f"'{where}' caches names without a hash"
    cached = [
        rel
        for rel in (p.relative_to(public_site).as_posix() for p in public_site.rglob("*"))
        if any(re.search(where, "/" + rel, re.I) for _, where in immutable)
    ]
    assert all(HASHED.search(rel) for rel in cached)
    for ours in ("yearbook.", "yb-search.", "fonts.", "be-vietnam-pro-latin-400-normal."):
        assert any(rel.rpartition("/")[2].startswith(ours) for rel in cached), ours


# -- in Chromium ---------------------------------------------------------------------------

CLS_JS = """() => new Promise(done => {
  let total = 0
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value
  }).observe({type: "layout-shift", buffered: true})
  setTimeout(() => done(total), 300)
})"""

#: Text that must be drawn in the book's own faces once they are cached.
TEXT_NODES = (".md-content article h1", ".md-content article p", ".md-nav__link")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as b:
        yield b


def platform_fonts(page, selectors) -> dict[str, set[str]]:
    """The fonts Chromium really drew each element's text with (not the CSS wish list)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    out = {}
    for sel in selectors:
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": sel})["nodeId"]
        if node:
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
            out[sel] = {f["familyName"] for f in fonts}
    cdp.detach()
    return out


@pytest.mark.browser
@pytest.mark.parametrize("book", BOOKS)
def test_web_font_from_the_second_page_and_no_layout_shift(browser, book: str, request) -> None:
    site = request.getfixturevalue(book)
    chapters = sorted(
        p.parent.relative_to(site).as_posix() + "/"
        for p in site.glob("*/*/index.html")
        if 'class="yb-byline' in p.read_text(encoding="utf-8")
    )
    first, second = chapters[:2]
    ours = {"Be Vietnam Pro", "Noto Serif"}
    with serve_dir(site) as base:
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        requested: list[str] = []
        page.on("request", lambda r: requested.append(r.url))
        try:
            page.goto(base + first, wait_until="load")
            page.wait_for_timeout(400)
            assert page.evaluate(CLS_JS) < 0.01
            # A first visit draws one font per text, never a mix of web font and fallback.
            for sel, fonts in platform_fonts(page, TEXT_NODES).items():
                assert not (fonts & ours and fonts - ours), (sel, fonts)
            assert not [u for u in requested if "glightbox" in u], "glightbox loaded at load"
            page.wait_for_function("localStorage.getItem('yb-fonts') !== null")
            page.goto(base + second, wait_until="load")
            assert page.evaluate(CLS_JS) < 0.01
            drawn = platform_fonts(page, TEXT_NODES)
            assert drawn and all(fonts and fonts <= ours for fonts in drawn.values()), drawn
            # The lightbox is fetched when the reader opens a photo, and opens.
            if page.locator("#init-glightbox").count():  # a book with the lightbox plugin
                page.locator("a.glightbox").first.click()
                page.locator(".glightbox-container").wait_for(state="visible", timeout=5000)
                page.locator(".gslide.current .gslide-description").wait_for(timeout=5000)
        finally:
            context.close()


@pytest.mark.browser
def test_with_material_bundle_kept_the_page_chrome_mounts_once(browser, public_site: Path) -> None:
    """A book whose own scripts keep Material's bundle: yb-site.js stands aside, so the
    palette is not mounted twice (Enter on the toggle would switch and switch back) and
    ``document$`` is Material's."""
    (bundle,) = (public_site / "assets/javascripts").glob("bundle.*.min.js")
    chapter = next(
        p for p in sorted(public_site.glob("*/*/index.html")) if "yb-byline" in p.read_text("utf-8")
    )
    html = chapter.read_text("utf-8")
    tag = f'<script src="../../assets/javascripts/{bundle.name}"></script>'
    html = re.sub(r'<script src="[^"]*yb-site\.', lambda m: tag + m.group(), html, count=1)
    path = chapter.parent.relative_to(public_site).as_posix() + "/"
    with serve_dir(public_site) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.route(base + path, lambda route: route.fulfill(body=html, content_type="text/html"))
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        try:
            page.goto(base + path, wait_until="networkidle")
            assert page.evaluate("typeof document$.pipe") == "function"  # Material's observable
            scheme = "document.body.getAttribute('data-md-color-scheme')"
            assert page.evaluate(scheme) == "default"
            page.locator("[data-md-component=palette] input").first.focus()
            page.keyboard.press("Enter")
            page.wait_for_timeout(200)
            assert page.evaluate(scheme) == "slate"
            assert not errors, errors
        finally:
            context.close()
