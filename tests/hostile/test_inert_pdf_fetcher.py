"""WeasyPrint reads only this build's files: anything else fails the PDF, naming the page.

The front-matter check and the body allow-list already keep ``<link rel="attachment">``
out of pages; this is the last line, tested on the renderer itself with a document
that carries the attack (as a page written by any future path would).
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from mkdocs.exceptions import PluginError

from yearbook.pdf.fetcher import BuildFetcher, FetchRefused
from yearbook.pdf.render import TEMPLATE_DIR, render_editions
from yearbook.pdf.settings import PdfSettings, default_editions

pytestmark = pytest.mark.pdf

SECRET = "NỘI-DUNG-BÍ-MẬT-8812"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    path = tmp_path / "ngoai" / "bi-mat.txt"
    path.parent.mkdir()
    path.write_text(SECRET, "utf-8")
    return path


def test_fetcher_serves_build_files_and_refuses_the_rest(tmp_path: Path, outside: Path) -> None:
    site = tmp_path / "site"
    photos = tmp_path / "photos"
    (site / "a").mkdir(parents=True)
    photos.mkdir()
    (site / "a" / "x.css").write_text("p{}", "utf-8")
    (photos / "p.jpg").write_bytes(b"\xff\xd8")
    (site / "a" / "link.txt").symlink_to(outside)
    fetcher = BuildFetcher([site], photos)
    assert fetcher.fetch((site / "a" / "x.css").as_uri()).read() == b"p{}"
    assert fetcher.fetch("yearbook-photo:p.jpg").read() == b"\xff\xd8"
    assert fetcher.fetch("data:text/plain,ok").read() == b"ok"
    refused = [
        outside.as_uri(),
        "file:///etc/passwd",
        (site / "a" / ".." / ".." / "ngoai" / "bi-mat.txt").as_uri(),  # climbing out
        (site / "a" / "link.txt").as_uri(),  # a symlink to outside
        "yearbook-photo:../ngoai/bi-mat.txt",
        "http://127.0.0.1:9/x.css",
        "ftp://example.org/x",
        site.as_uri(),  # a folder
    ]
    for url in refused:
        with pytest.raises(FetchRefused):
            fetcher.fetch(url)
    assert fetcher.refused == refused


def test_attachment_outside_the_build_fails_the_pdf_naming_the_page(
    tmp_path: Path, outside: Path
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    document = (
        "<html><body>"
        '<article id="giai-doan/1989-1994/:" data-url="/giai-doan/1989-1994/">'
        "<h1>Giai đoạn</h1><p>Văn bản.</p>"
        f'<link rel="attachment" href="{outside.as_uri()}">'
        '<img src="../../../../../../../../etc/hostname">'
        "</article></body></html>"
    )
    settings = PdfSettings(editions=default_editions(output="pdf/k.pdf", print_output=None))
    with pytest.raises(PluginError) as caught:
        render_editions(document, settings, site, template_dir=TEMPLATE_DIR)
    message = str(caught.value)
    assert "trang /giai-doan/1989-1994/: lỗi: PDF pdf/k.pdf" in message
    assert outside.as_uri() in message and "file:///etc/hostname" in message
    assert not (site / "pdf" / "k.pdf").exists()
    # In a build, the page's file is named (with-pdf's data-url → source path).
    sources = {"/giai-doan/1989-1994/": "docs/giai-doan/1989-1994.md"}
    with pytest.raises(PluginError) as caught:
        render_editions(document, settings, site, template_dir=TEMPLATE_DIR, page_sources=sources)
    expected = (
        f"docs/giai-doan/1989-1994.md: lỗi: PDF pdf/k.pdf: không được nhúng '{outside.as_uri()}'"
    )
    assert any(line.startswith(expected) for line in str(caught.value).splitlines())


def test_same_document_without_the_attack_renders(tmp_path: Path) -> None:
    """The guard is not a blanket refusal: the template's own fonts and CSS still load."""
    site = tmp_path / "site"
    site.mkdir()
    document = (
        '<html><body><article data-url="/a/"><h1>Tiêu đề</h1><p>Văn bản tiếng Việt.</p>'
        "</article></body></html>"
    )
    settings = PdfSettings(editions=default_editions(output="pdf/k.pdf", print_output=None))
    render_editions(document, settings, site, template_dir=TEMPLATE_DIR)
    with pikepdf.open(site / "pdf" / "k.pdf") as pdf:
        assert len(pdf.attachments) == 0 and len(pdf.pages) >= 1
