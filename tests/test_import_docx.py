"""``yearbook import``: Word articles (as unit staff write them) into draft pages."""

from __future__ import annotations

import csv
import hashlib
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml

from docx_factory import (
    ACCEPTED,
    CAPTIONS,
    DELETED,
    FOOTNOTE,
    NFD_SENTENCE,
    photo_bytes,
    unit_article,
)

YEARBOOK = str(Path(sys.executable).parent / "yearbook")
PAGE = "docs/don-vi/phong-kinh-te-ba-muoi-nam-tham-muu.md"


def yearbook(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [YEARBOOK, *args], cwd=project, capture_output=True, text=True, check=False
    )


def front_matter(text: str) -> dict:
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n", 2)[1])


def tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def imported(book_dir: Path) -> tuple[Path, subprocess.CompletedProcess[str]]:
    unit_article(book_dir / "bai-phong-kinh-te.docx")
    result = yearbook(
        book_dir, "import", "bai-phong-kinh-te.docx", "--kind", "unit", "--unit", "qttv"
    )
    return book_dir, result


def test_import_writes_a_draft_page_with_front_matter(imported) -> None:
    book, result = imported
    assert result.returncode == 0, result.stdout + result.stderr
    text = (book / PAGE).read_text("utf-8")
    meta = front_matter(text)
    assert meta["title"] == "Phòng Kinh tế: ba mươi năm tham mưu"
    assert meta["status"] == "draft"
    assert meta["unit"] == "qttv"
    assert meta["authors"] == ["Nguyễn Thị Hoa"]
    assert unicodedata.is_normalized("NFC", text)


def test_import_body_is_clean_markdown(imported) -> None:
    book, _ = imported
    body = (book / PAGE).read_text("utf-8").split("---\n", 2)[2]
    assert body.lstrip().startswith("# Phòng Kinh tế: ba mươi năm tham mưu\n")
    assert unicodedata.normalize("NFC", NFD_SENTENCE) in body
    assert "**Chức năng chính** và *nhiệm vụ*.[^1]" in body
    # Numbers typed by hand in headings are gone; the level follows the title.
    assert "\n## Quá trình hình thành\n" in body and "1. Quá" not in body
    # Bullets typed as "- " and Word's own bullets are both Markdown lists.
    assert "\n- Tham mưu chương trình công tác;\n- Theo dõi các dự án đầu tư.\n" in body
    assert "\n- Tổng hợp báo cáo định kỳ\n" in body
    assert "| Năm | Văn bản thẩm tra |\n|---|---|\n| 1998 | 120 |\n| 2005 | 340 |" in body
    assert f"[^1]: {FOOTNOTE}" in body
    # The document as accepted: the insertion kept, the deletion gone.
    assert f"năm 1994, {ACCEPTED}" in body and DELETED not in body
    assert "\n\n\n" not in body  # empty paragraphs cleaned
    # Captions live in the sheet; the photo references sit where the images stood.
    assert "![Hội nghị tổng kết năm 1998](photo:phong-kinh-te-ba-muoi-nam-tham-muu-anh-1)" in body
    assert body.index("anh-1)") < body.index("Đoạn văn giữa hai ảnh.") < body.index("anh-2)")
    assert CAPTIONS[0] not in body


def test_import_stores_photos_and_caption_rows(imported) -> None:
    book, _ = imported
    stored = sorted((book / "archive" / "qttv").iterdir())
    assert [p.name for p in stored] == [
        "phong-kinh-te-ba-muoi-nam-tham-muu-anh-1.jpg",
        "phong-kinh-te-ba-muoi-nam-tham-muu-anh-2.jpg",
    ]
    assert stored[0].read_bytes() == photo_bytes((180, 40, 40))
    rows = list(csv.DictReader((book / "archive/captions.csv").open(encoding="utf-8-sig")))
    new = {r["file"]: r for r in rows if r["file"].startswith("qttv/")}
    first = new["qttv/phong-kinh-te-ba-muoi-nam-tham-muu-anh-1.jpg"]
    assert first["caption"] == "Hội nghị tổng kết năm 1998" and first["date"] == "1998"
    second = new["qttv/phong-kinh-te-ba-muoi-nam-tham-muu-anh-2.jpg"]
    assert second["caption"] == "Phòng Kinh tế làm việc với các sở, 2005"
    assert second["credit"] == "Phòng Quản trị – Tài vụ"


def test_import_warns_in_vietnamese_and_check_passes(imported) -> None:
    book, result = imported
    warnings = [line for line in result.stdout.splitlines() if "cảnh báo" in line]
    assert warnings == [
        "bai-phong-kinh-te.docx: cảnh báo: đoạn 6: còn thay đổi được theo dõi (Track Changes) "
        "chưa chấp nhận; đã nhập theo bản chấp nhận tất cả — hãy đọc lại đoạn này"
    ]
    assert "yearbook check" in result.stdout
    check = yearbook(book, "check")
    assert check.returncode == 0, check.stdout + check.stderr


def test_import_twice_overwrites_nothing(imported) -> None:
    book, _ = imported
    before = tree_digest(book)
    again = yearbook(book, "import", "bai-phong-kinh-te.docx", "--kind", "unit", "--unit", "qttv")
    assert again.returncode == 1
    assert f"{PAGE} đã có; không ghi đè" in again.stderr
    assert tree_digest(book) == before


def test_same_image_in_another_document_is_not_stored_twice(imported) -> None:
    book, _ = imported
    unit_article(book / "bai-2.docx", title="Phòng Kinh tế hôm nay")
    result = yearbook(book, "import", "bai-2.docx", "--kind", "unit", "--unit", "qttv")
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(list((book / "archive" / "qttv").iterdir())) == 2
    assert "dùng lại mã 'phong-kinh-te-ba-muoi-nam-tham-muu-anh-1'" in result.stdout
    body = (book / "docs/don-vi/phong-kinh-te-hom-nay.md").read_text("utf-8")
    assert "(photo:phong-kinh-te-ba-muoi-nam-tham-muu-anh-2)" in body


def test_essay_and_chapter_go_to_their_folders(book_dir: Path) -> None:
    unit_article(book_dir / "tho.docx", title="Tuổi trẻ và quê hương", author="Admin")
    essay = yearbook(book_dir, "import", "tho.docx", "--kind", "essay", "--unit", "hctc")
    assert essay.returncode == 0, essay.stdout + essay.stderr
    meta = front_matter((book_dir / "docs/tuoi-tre/tuoi-tre-va-que-huong.md").read_text("utf-8"))
    # "Admin" is Word's account name, not an author: the unit stands in, with a warning.
    assert meta["authors"] == ["Phòng Hành chính – Tổ chức"]
    assert "không ghi tác giả" in essay.stdout
    missing = yearbook(book_dir, "import", "tho.docx", "--kind", "chapter")
    assert missing.returncode == 1 and "chương cần --period" in missing.stderr
    taken = yearbook(book_dir, "import", "tho.docx", "--kind", "chapter", "--period", "1994-1999")
    assert taken.returncode == 1
    assert "trùng với chương docs/giai-doan/1989-2004.md (1989–2004)" in taken.stderr
    assert "Traceback" not in missing.stderr


def test_not_a_docx_is_refused_in_vietnamese(book_dir: Path) -> None:
    (book_dir / "bai.docx").write_bytes(b"not a zip")
    result = yearbook(book_dir, "import", "bai.docx", "--kind", "unit", "--unit", "qttv")
    assert result.returncode == 1
    assert "không đọc được tệp Word" in result.stderr and "Traceback" not in result.stderr


def test_second_book_folders_and_units(tmp_path: Path) -> None:
    """Two books, always: the article lands in that book's own unit folder and archive."""
    from conftest import copy_second_book

    book = copy_second_book(tmp_path / "book")
    unit_article(book / "bai.docx", title="Phòng Hành chính tư pháp hôm nay")
    result = yearbook(
        book, "import", "bai.docx", "--kind", "unit", "--unit", "hctp", "--period", "2010-2020"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    page = book / "docs/phong-ban/phong-hanh-chinh-tu-phap-hom-nay.md"
    assert front_matter(page.read_text("utf-8"))["unit"] == "hctp"
    assert (
        len(list((book / "archive" / "2010-2020").glob("phong-hanh-chinh-tu-phap-hom-nay-anh-*")))
        == 2
    )
    early = yearbook(book, "import", "bai.docx", "--kind", "chapter", "--period", "1989-1994")
    assert early.returncode == 1 and "1995–2020" in early.stderr


def test_what_cannot_be_converted_is_warned_with_its_paragraph(book_dir: Path) -> None:
    from docx_factory import awkward_article

    awkward_article(book_dir / "kho.docx")
    result = yearbook(book_dir, "import", "kho.docx", "--kind", "unit", "--unit", "qttv")
    assert result.returncode == 0, result.stdout + result.stderr
    warnings = [line for line in result.stdout.splitlines() if ": cảnh báo: " in line]
    assert any("đoạn 2: có nhận xét (comment)" in w for w in warnings), warnings
    assert any("đoạn 3: hộp văn bản (text box)" in w for w in warnings), warnings
    assert any("đoạn 4: sơ đồ SmartArt không nhập được" in w for w in warnings), warnings
    body = (book_dir / "docs/don-vi/bai-co-hop-van-ban.md").read_text("utf-8")
    assert "Kiểm tra lại số liệu" not in body  # comments are not content
    assert "Đoạn cuối." in body
