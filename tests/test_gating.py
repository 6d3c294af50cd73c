"""Approval gating: unapproved content and reviewer notes never reach a public build."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from bookfactory import write_book
from yearbook.cli import main
from yearbook.web.search import read_index_text

DRAFT_MARKER = "Câu đánh dấu bản nháp QX7Z duy nhất"
NOTES_MARKER = "Ghi chú riêng KQ9W không được công bố"


def build(root: Path, *args: str) -> None:
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(main, ["build", *args], catch_exceptions=False)
    finally:
        os.chdir(cwd)
        os.environ.pop("YEARBOOK_PREVIEW", None)
    assert result.exit_code == 0, result.output


def plant_markers(root: Path) -> None:
    essay = root / "docs/tuoi-tre/tuoi-tre.md"
    essay.write_text(essay.read_text("utf-8") + f"\n{DRAFT_MARKER}.\n", "utf-8")
    chapter = root / "docs/giai-doan/1989-2004.md"
    text = chapter.read_text("utf-8")
    chapter.write_text(text.replace("Ghi chú riêng của người thẩm định 1.", NOTES_MARKER), "utf-8")


def all_output_text(site: Path) -> dict[Path, str]:
    out: dict[Path, str] = {}
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        if path.suffix == ".json":
            # JSON escapes non-ASCII; compare on the decoded text.
            out[path] = json.dumps(json.loads(data), ensure_ascii=False)
        elif path.suffix == ".pdf":
            text = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
            out[path] = unicodedata.normalize("NFC", text)
        else:
            out[path] = data.decode("utf-8", errors="ignore")
    return out


@pytest.fixture(scope="module")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_book(tmp_path_factory.mktemp("public") / "book", pdf=True)
    plant_markers(root)
    build(root)
    return root / "site"


@pytest.mark.pdf
def test_public_build_has_no_draft_or_notes(public_site: Path) -> None:
    texts = all_output_text(public_site)
    # Every edition of the book (the print cover spread carries no colophon).
    pdfs = [p for p in texts if p.suffix == ".pdf" and not p.stem.endswith("-bia")]
    assert pdfs, "the public build must include the PDF edition"
    # The approved chapter itself is there, so the search is meaningful.
    assert any("Giai đoạn 1989–2004" in t for p, t in texts.items() if p.suffix == ".pdf")
    # The colophon's printer comes from the board data (one source of truth).
    for pdf in pdfs:
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert re.search(r"In tại\s+Nhà in minh họa", text), "PDF colophon names the printer"
    assert "Giai đoạn 1989–2004" in read_index_text(public_site)
    for path, text in texts.items():
        assert DRAFT_MARKER not in text, path
        assert NOTES_MARKER not in text, path
        assert "KQ9W" not in text and "QX7Z" not in text, path
    assert not (public_site / "tuoi-tre/tuoi-tre").exists()
    sitemap = texts[public_site / "sitemap.xml"]
    assert "giai-doan/1989-2004/" in sitemap, "approved pages are listed"
    assert "tuoi-tre/tuoi-tre" not in sitemap
    if subprocess.run(["which", "pdftotext"], capture_output=True).returncode == 0:
        for pdf in pdfs:
            text = subprocess.run(
                ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
            ).stdout
            assert "QX7Z" not in text and "KQ9W" not in text


def test_preview_build_shows_drafts_with_banner_and_noindex(tmp_path: Path) -> None:
    root = write_book(tmp_path / "book")
    plant_markers(root)
    build(root, "--preview")
    site = root / "site"
    essay = (site / "tuoi-tre/tuoi-tre/index.html").read_text("utf-8")
    assert DRAFT_MARKER in essay
    assert "BẢN NHÁP" in essay
    for page in site.rglob("*.html"):
        html = page.read_text("utf-8")
        assert '<meta name="robots" content="noindex' in html, page
        # Even a preview never shows reviewers' private notes.
        assert "KQ9W" not in html, page
    index = read_index_text(site)
    assert "KQ9W" not in index
    assert DRAFT_MARKER in index


def test_review_status_gets_its_own_banner(tmp_path: Path) -> None:
    root = write_book(tmp_path / "book", essay_status="review")
    build(root, "--preview", "--no-pdf")
    essay = (root / "site/tuoi-tre/tuoi-tre/index.html").read_text("utf-8")
    assert "ĐANG THẨM ĐỊNH" in essay
    assert "BẢN NHÁP" not in essay


def test_public_build_without_pdf_has_no_noindex(tmp_path: Path) -> None:
    root = write_book(tmp_path / "book")
    build(root, "--no-pdf")
    index = (root / "site/index.html").read_text("utf-8")
    assert 'name="robots"' not in index
    assert not (root / "site/pdf").exists()
    assert not (root / "site/data").exists(), "data files are sources, not published"


def test_build_uses_nfc_for_decomposed_source(tmp_path: Path) -> None:
    root = write_book(tmp_path / "book")
    chapter = root / "docs/giai-doan/1989-2004.md"
    original = unicodedata.normalize("NFD", chapter.read_text("utf-8"))
    chapter.write_text(original, "utf-8")
    build(root, "--no-pdf")
    html = (root / "site/giai-doan/1989-2004/index.html").read_text("utf-8")
    assert "Văn phòng UBND tỉnh Quảng Ngãi" in html
    assert unicodedata.normalize("NFD", "Quảng Ngãi") not in html
    assert chapter.read_text("utf-8") == original, "sources are never rewritten"


def test_content_errors_fail_the_build_with_every_problem(tmp_path: Path) -> None:
    root = write_book(tmp_path / "book")
    chapter = root / "docs/giai-doan/2004-2019.md"
    chapter.write_text(
        chapter.read_text("utf-8").replace("status: approved", "status: aproved"), "utf-8"
    )
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(main, ["build", "--no-pdf"])
    finally:
        os.chdir(cwd)
    assert result.exit_code != 0
    assert "lỗi" in result.output
