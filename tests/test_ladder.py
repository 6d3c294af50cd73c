"""The ma-két ladder and the schedule page: preview-only views of the book (plan II.2)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from bookfactory import write_book

pytestmark = pytest.mark.pdf
YEARBOOK = str(Path(sys.executable).parent / "yearbook")
THUMB = re.compile(
    r'<figure class="yb-thumb yb-status-(?P<cls>[a-z]+)" data-page="(?P<page>\d+)" '
    r'data-status="(?P<status>[a-z]*)"'
)


@pytest.fixture(scope="module")
def preview_pdf_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    book = write_book(tmp_path_factory.mktemp("ladder") / "book", pdf=True)
    result = subprocess.run(
        [YEARBOOK, "build", "--preview", "-d", "site"], cwd=book, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    return book / "site"


def thumbs(site: Path) -> dict[int, tuple[str, str]]:
    html = (site / "ma-ket" / "index.html").read_text("utf-8")
    return {int(m["page"]): (m["status"], m["cls"]) for m in THUMB.finditer(html)}


def title_pages(pdf: Path, title: str, min_size: float = 14) -> list[int]:
    """1-based pages where ``title`` is set as a large heading (read from the page itself)."""
    found = []
    with pdfplumber.open(pdf) as doc:
        for number, page in enumerate(doc.pages, 1):
            words = page.extract_words(extra_attrs=["size"])
            if title in " ".join(w["text"] for w in words if w["size"] >= min_size):
                found.append(number)
    return found


def test_one_thumbnail_per_pdf_page(preview_pdf_site: Path) -> None:
    pdf = preview_pdf_site / "pdf" / "ky-yeu.pdf"
    count = len(PdfReader(pdf).pages)
    shown = thumbs(preview_pdf_site)
    assert sorted(shown) == list(range(1, count + 1))
    files = sorted((preview_pdf_site / "ma-ket" / "trang").glob("*.jpg"))
    assert len(files) == count
    html = (preview_pdf_site / "ma-ket" / "index.html").read_text("utf-8")
    assert f"Tổng số: {count} trang" in html


def test_status_colours_follow_the_pages(preview_pdf_site: Path) -> None:
    pdf = preview_pdf_site / "pdf" / "ky-yeu.pdf"
    shown = thumbs(preview_pdf_site)
    (essay,) = title_pages(pdf, "Tuổi trẻ và Văn phòng")  # the fixture's draft essay
    (unit,) = title_pages(pdf, "Phòng Hành chính – Tổ chức")  # an approved unit article
    assert shown[essay] == ("draft", "draft")
    assert shown[unit] == ("approved", "approved")
    assert shown[1] == ("", "none")  # the cover belongs to no chapter
    html = (preview_pdf_site / "ma-ket" / "index.html").read_text("utf-8")
    for status, colour in (
        ("draft", "--draft"),
        ("review", "--review"),
        ("approved", "--approved"),
    ):
        assert f".yb-status-{status} {{ border-top-color: var({colour}); }}" in html
    assert "<td>Tuổi trẻ và Văn phòng</td><td>Bản nháp</td><td>" in html


def test_signature_warning(preview_pdf_site: Path) -> None:
    from yearbook.settings import PdfConfig

    print_pdf = preview_pdf_site / PdfConfig.print_output.default
    count = len(PdfReader(print_pdf).pages)
    html = (preview_pdf_site / "ma-ket" / "index.html").read_text("utf-8")
    if count % 16:
        assert f"Bản in có {count} trang, không chia hết cho tay sách 16 trang" in html
    else:
        assert "không chia hết" not in html


def test_schedule_page_is_preview_only(preview_pdf_site: Path, public_site: Path) -> None:
    assert (preview_pdf_site / "tien-do" / "index.html").is_file()
    for name in ("ma-ket", "tien-do"):
        assert not (public_site / name).exists()
    sitemap = (public_site / "sitemap.xml").read_text("utf-8")
    assert "ma-ket" not in sitemap and "tien-do" not in sitemap


def test_preview_without_pdf_says_so(preview_site: Path) -> None:
    html = (preview_site / "ma-ket" / "index.html").read_text("utf-8")
    assert "chưa có PDF" in html
    page = (preview_site / "tien-do" / "index.html").read_text("utf-8")
    assert "Tiến độ theo Kế hoạch" in page and "I.3" in page


def test_spreads_thumbnails_and_poppler_fallback(tmp_path: Path) -> None:
    """Unit level, no build: page 1 alone on the right, then pairs; both renderers agree."""
    from PIL import Image

    from yearbook.editorial.ladder import (
        LadderPage,
        _pdftoppm,
        page_count,
        render_thumbnails,
        spreads,
    )

    pdf = tmp_path / "five.pdf"
    frames = [Image.new("RGB", (420, 594), (40 * i, 80, 120)) for i in range(5)]
    frames[0].save(pdf, save_all=True, append_images=frames[1:])
    assert page_count(pdf) == 5
    assert len(render_thumbnails(pdf, tmp_path / "a")) == 5
    assert len(_pdftoppm(pdf, tmp_path / "b")) == 5
    pages = [LadderPage(n, "x", "") for n in range(1, 6)]
    rows = [[p.number if p else None for p in row] for row in spreads(pages)]
    assert rows == [[None, 1], [2, 3], [4, 5]]
    assert [p.side for p in pages[:2]] == ["phải", "trái"]
