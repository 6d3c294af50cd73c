"""Nothing written into a page runs or leaks: one hostile book, built once (site and PDFs),
searched output by output and then opened in Chromium.

The book passes ``yearbook check``: the attacks are in places the check allows
(body HTML, caption sheet, alt text, a quoted description), so only the build's
mechanisms — the nh3 allow-list, inert templates, the reference grammar and the
escaping for GLightbox — stand between them and the reader.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from inert_support import ALT, CAPTION, OUTSIDE, SECRET, live_markup, scan_site, write_hostile_book

from browser_support import chromium as launch_chromium
from browser_support import serve_dir

CHAPTER_HTML = "giai-doan/1989-2004/index.html"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_hostile_book(tmp_path_factory.mktemp("hostile") / "book", pdf=True)
    yearbook = str(Path(sys.executable).parent / "yearbook")
    run = subprocess.run(
        [yearbook, "build", "-d", "site"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        timeout=1200,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return root


def soup(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text("utf-8"), "html.parser")


def test_no_output_holds_live_markup_or_secrets(hostile: Path) -> None:
    """HTML pages, the search index, the sitemap: no script, handler, javascript:/data:/
    file: URL, frame or attachment; no HTML comment; no byte of the outside file."""
    assert scan_site(hostile / "site") == {}


def test_offline_zip_holds_nothing_live_either(hostile: Path, tmp_path: Path) -> None:
    """The offline edition (``yearbook build --offline``, zipped next to the build)."""
    script = (
        "import sys; from pathlib import Path; from yearbook.release.build import offline_only; "
        "sys.exit(offline_only('mkdocs.yml', Path('site'), print))"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], cwd=hostile, capture_output=True, text=True, timeout=900
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    zips = sorted((hostile / "site").rglob("*.zip"))
    assert zips, "the build wrote no offline zip"
    for number, path in enumerate(zips):
        out = tmp_path / str(number)
        with zipfile.ZipFile(path) as zf:
            zf.extractall(out)
        assert scan_site(out) == {}, path


def test_references_in_code_are_left_alone_and_others_resolved(hostile: Path) -> None:
    page = soup(hostile / "site", CHAPTER_HTML)
    code = " ".join(c.get_text() for c in page.select("article code"))
    assert "[Mã](person:khong-co-ai)" in code
    assert "[Ví dụ trong khối mã](person:nguyen-van-an)" in code
    links = [a for a in page.select("article a") if a.get_text() == "An"]
    assert links and links[0]["href"].startswith("../../nhan-vat/#nguyen-van-an")


def test_raw_html_photo_is_not_a_reference(hostile: Path) -> None:
    page = soup(hostile / "site", CHAPTER_HTML)
    assert not page.select('article [data-photo="anh-bia"]')
    assert not page.select('article img[src^="photo:"]')


def test_alt_text_cannot_form_links(hostile: Path) -> None:
    """The alt text stays one piece of text on the people and timeline pages."""
    for rel in ("nhan-vat/index.html", "dong-thoi-gian/1989-2004/index.html"):
        page = soup(hostile / "site", rel)
        alts = [img.get("alt") for img in page.select("article img.yb-photo")]
        assert ALT in alts, (rel, alts)
        assert not [a for a in page.select("article a") if a.get_text() == "K"], rel


def test_caption_is_text_for_glightbox(hostile: Path) -> None:
    """GLightbox inserts data-title as HTML: its value must be escaped HTML itself."""
    page = soup(hostile / "site", CHAPTER_HTML)
    box = page.select_one('article figure[data-photo="le-ky-niem-1990"] a.glightbox')
    assert box is not None
    assert "<img" not in box["data-title"] and "&lt;img" in box["data-title"]
    assert "<b" not in box["data-description"]
    caption = page.select_one('figure[data-photo="le-ky-niem-1990"] .yb-caption')
    assert caption is not None
    # Shown as text; yearbook.typography may curl its quotes ('…' → ‘…’).
    shown = caption.get_text().translate(str.maketrans("‘’“”", "''\"\""))
    assert shown.startswith(CAPTION)


def test_description_stays_inside_its_meta_tag(hostile: Path) -> None:
    page = soup(hostile / "site", CHAPTER_HTML)
    meta = page.select_one('meta[name="description"]')
    assert meta is not None and meta["content"].startswith('Mô tả "có ngoặc"')
    assert not page.select("meta[http-equiv]")


# --- PDFs ---------------------------------------------------------------------------------


def pdfs(hostile: Path) -> list[Path]:
    found = sorted((hostile / "site").rglob("*.pdf"))
    assert found, "the build wrote no PDF"
    return found


def test_pdfs_hold_no_secret_attachment_or_markup(hostile: Path) -> None:
    import pikepdf

    for path in pdfs(hostile):
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True
        ).stdout
        if not path.stem.endswith("-bia"):  # the cover spread holds no pages of the book
            assert "Thử nội dung độc hại" in text, path  # the hostile page is in the book
        assert SECRET not in text and OUTSIDE not in text, path
        with pikepdf.open(path) as pdf:
            assert len(pdf.attachments) == 0, path
            for page in pdf.pages:
                for annot in page.get("/Annots") or []:
                    assert annot.get("/Subtype") != "/FileAttachment", path
                    uri = str((annot.get("/A") or {}).get("/URI", ""))
                    assert not re.match(r"\s*(javascript|data|file):", uri, re.I), (path, uri)
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Stream):
                    try:
                        data = obj.read_bytes()
                    except pikepdf.PdfError:  # image codecs qpdf does not decode
                        data = obj.read_raw_bytes()
                    assert OUTSIDE.encode() not in data, path
            with pdf.open_outline() as outline:
                stack = list(outline.root)
                while stack:
                    item = stack.pop()
                    assert not live_markup(item.title), (path, item.title)
                    assert "<" not in item.title, (path, item.title)
                    stack.extend(item.children)


# --- Chromium -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(hostile: Path) -> Iterator[str]:
    with serve_dir(hostile / "site") as url:
        yield url


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    with launch_chromium() as browser:
        yield browser


_PROVOKE = """() => {
  for (const el of document.querySelectorAll('article *')) {
    for (const type of ['mouseover', 'mouseenter', 'focus', 'animationstart']) {
      el.dispatchEvent(new Event(type, {bubbles: true}));
    }
  }
  // The theme's search form (action="javascript:void(0)", a no-op) is not content.
  return [...document.querySelectorAll('a[href], iframe[src], form[action]:not(.md-search__form)')]
    .map(e => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action'))
    .filter(u => /^\\s*(javascript|data|file):/i.test(u));
}"""


@pytest.mark.browser
def test_pages_in_chromium_raise_no_dialog(hostile: Path, served: str, chromium) -> None:
    """Every page, provoked (hover, focus) and with the hostile photo opened in the
    lightbox: no alert/confirm/prompt, no javascript: link, no javascript: navigation."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []
    navigations: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.message}"), d.dismiss()))
    page.on("framenavigated", lambda f: navigations.append(f.url))
    bad_links: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    site = hostile / "site"
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    try:
        for rel in pages:
            page.goto(served + rel.removesuffix("index.html"), wait_until="load")
            page.wait_for_timeout(150)
            if found := page.evaluate(_PROVOKE):
                bad_links[rel] = found
        for rel in (CHAPTER_HTML, "nhan-vat/index.html", "dong-thoi-gian/1989-2004/index.html"):
            page.goto(served + rel.removesuffix("index.html"), wait_until="load")
            box = page.query_selector('figure[data-photo="le-ky-niem-1990"] a.glightbox')
            if box is None:
                titles[rel] = "(the photo is missing from the page)"
                continue
            box.click()
            page.wait_for_selector(".gslide-title", timeout=15000)
            page.wait_for_timeout(500)
            titles[rel] = page.inner_text(".glightbox-container .gslide-title")
            if page.query_selector(".glightbox-container img[src='x']"):
                titles[rel] += " [live <img> in the lightbox]"
            page.keyboard.press("Escape")
    finally:
        context.close()
    assert dialogs == []
    assert bad_links == {}
    # The caption is shown as the text it is, markup and all.
    assert all(t.startswith("<img src=x onerror") for t in titles.values()), titles
    assert not [u for u in navigations if u.lower().startswith(("javascript:", "data:"))]


# --- both fixture books, as they are -------------------------------------------------------


@pytest.mark.parametrize("book", ["public_site", "second_site"])
def test_ordinary_books_have_nothing_live_either(book: str, request: pytest.FixtureRequest) -> None:
    """The sample and the second book, built as usual: the same scan finds nothing, so the
    hostile results above are not an artefact of the fixture book."""
    assert scan_site(request.getfixturevalue(book)) == {}
