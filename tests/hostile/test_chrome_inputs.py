"""The page chrome (yb-site.js) against what editors and readers can put in a URL.

Editors may give a heading its own id (``attr_list``: ``## Tiến độ {#50%-tien-do}``);
the table of contents then links ``#50%-tien-do``, which ``decodeURIComponent`` refuses
(URIError). A reader may follow a link whose hash is not valid percent-encoding either
(``#%E0%A4%A``, ``#%``). Neither may stop the palette, the sidebars or the table of
contents on that page: in Chromium, no page error and every part still works.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from browser_support import chromium, serve_dir

pytestmark = pytest.mark.browser

SECOND = Path(__file__).resolve().parents[1] / "books" / "so-tu-phap"
CHAPTER = "chang-duong/1995-2002/"
HEADING_ID = "50%-tien-do"


@pytest.fixture(scope="module")
def percent_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The second book with a heading whose own id holds a bare ``%``."""
    import shutil

    book = tmp_path_factory.mktemp("percent") / "book"
    shutil.copytree(SECOND, book)
    chapter = book / "docs" / "chang-duong" / "1995-2002.md"
    text = chapter.read_text("utf-8")
    assert "\n## Bối cảnh\n" in text
    chapter.write_text(
        text.replace("\n## Bối cảnh\n", f"\n## Bối cảnh {{#{HEADING_ID}}}\n"), "utf-8"
    )
    yearbook = str(Path(sys.executable).parent / "yearbook")
    run = subprocess.run(
        [yearbook, "build", "--no-pdf", "-d", str(book / "site")],
        cwd=book,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr[-3000:]
    html = (book / "site" / CHAPTER / "index.html").read_text("utf-8")
    assert f'href="#{HEADING_ID}"' in html  # the table of contents links it as written
    return book / "site"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as b:
        yield b


def _open(browser, url: str, errors: list[str]):
    context = browser.new_context(viewport={"width": 1280, "height": 700})
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="load")
    page.evaluate(
        "new Promise(r => requestIdleCallback(() => requestAnimationFrame(() =>"
        " requestAnimationFrame(r)), {timeout: 2000}))"
    )
    return context, page


def _sidebars_sized(page) -> bool:
    return page.evaluate(
        "[...document.querySelectorAll('.md-sidebar__scrollwrap')]"
        ".every(w => w.style.height.endsWith('px'))"
    )


def test_a_heading_id_with_a_percent_sign_breaks_nothing(browser, percent_site: Path) -> None:
    errors: list[str] = []
    with serve_dir(percent_site) as base:
        context, page = _open(browser, base + CHAPTER, errors)
        try:
            assert _sidebars_sized(page)
            y = page.evaluate(
                "id => document.getElementById(id).getBoundingClientRect().top + scrollY - 10",
                HEADING_ID,
            )
            page.evaluate("y => window.scrollTo(0, y)", y)
            page.wait_for_timeout(300)
            active = page.eval_on_selector_all(
                ".md-sidebar--secondary .md-nav__link--active", "els => els.map(a => a.hash)"
            )
            assert active == [f"#{HEADING_ID}"], active
            assert not errors, errors
        finally:
            context.close()


@pytest.mark.parametrize(
    "fragment", ["#%E0%A4%A", "#%", "#%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E"]
)
def test_a_malformed_or_hostile_hash_breaks_nothing(
    browser, public_site: Path, fragment: str
) -> None:
    chapter = next(
        p.parent.relative_to(public_site).as_posix() + "/"
        for p in sorted(public_site.glob("*/*/index.html"))
        if 'class="yb-byline' in p.read_text("utf-8")
    )
    errors: list[str] = []
    with serve_dir(public_site) as base:
        context, page = _open(browser, base + chapter + fragment, errors)
        try:
            assert _sidebars_sized(page)
            assert not page.locator("img[src=x]").count()
            scheme = "document.body.getAttribute('data-md-color-scheme')"
            assert page.evaluate(scheme) == "default"
            page.click("[data-md-component=palette] label:not([hidden])")
            assert page.evaluate(scheme) == "slate"
            assert not errors, errors
        finally:
            context.close()
