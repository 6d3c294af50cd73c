"""Strict YAML everywhere editors write it (issue 9 §3, §7): duplicate keys, aliases, depth,
and data records that used to raise KeyError/TypeError/RecursionError/TemplateNotFound."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hostile_support import run_cli

from bookfactory import write_book

CH1 = "docs/giai-doan/1989-2004.md"
ESSAY = "docs/tuoi-tre/tuoi-tre.md"
BOMB = 'lol: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"l{i}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def check(root: Path) -> str:
    code, out = run_cli(root, "check", expect=None)
    assert code == 1, out
    return out


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return write_book(tmp_path / "book", essay_status="draft")


def test_second_status_key_is_an_error_with_both_lines(book: Path) -> None:
    edit(book / ESSAY, "status: draft\n", "status: draft\nstatus: approved\n")
    out = check(book)
    assert f"{ESSAY}:6:1: lỗi: khóa 'status' bị viết hai lần (dòng 5 và dòng 6)" in out


def test_duplicate_key_in_data_file(book: Path) -> None:
    path = book / "docs/data/units.yml"
    path.write_text(path.read_text("utf-8") + "hctc:\n  name: Trùng\n", "utf-8")
    out = check(book)
    assert "docs/data/units.yml:9:1: lỗi: khóa 'hctc' bị viết hai lần (dòng 1 và dòng 9)" in out


def test_duplicate_key_in_yaml_caption_sheet(book: Path) -> None:
    sheet = book / "archive/captions.yml"
    sheet.write_text(
        "- file: 2004-2019/anh-bia.jpg\n  caption: Trụ sở\n  public: không\n  public: có\n",
        "utf-8",
    )
    out = check(book)
    assert "archive/captions.yml:4:3: lỗi: khóa 'public' bị viết hai lần (dòng 3 và dòng 4)" in out


def test_alias_bomb_is_refused_at_the_alias(book: Path) -> None:
    edit(book / ESSAY, "status: draft\n", "status: draft\n" + BOMB)
    out = check(book)
    assert f"{ESSAY}:7:" in out and "không được dùng neo và tham chiếu YAML" in out


def test_alias_bomb_in_data_file_and_sheet(book: Path) -> None:
    (book / "docs/data/board.yml").write_text(BOMB, "utf-8")
    (book / "archive/captions.yml").write_text(BOMB, "utf-8")
    out = check(book)
    assert "docs/data/board.yml:2:" in out and "archive/captions.yml:2:" in out
    assert out.count("không được dùng neo và tham chiếu YAML") == 2, out


def test_deep_nesting_is_an_error_not_a_recursion_error(book: Path) -> None:
    edit(book / ESSAY, "status: draft\n", "status: draft\nsources: " + "[" * 600 + "\n")
    (book / "docs/data/timeline.yml").write_text("[" * 600 + "]" * 600 + "\n", "utf-8")
    out = check(book)
    assert f"{ESSAY}:6:" in out and "lồng nhau quá sâu" in out
    assert "docs/data/timeline.yml:1:" in out


def test_office_year_as_text_is_reported_not_a_key_error(book: Path) -> None:
    edit(book / "docs/data/people.yml", "from: 1989", 'from: "1989"')
    out = check(book)
    assert "docs/data/people.yml:7:13: lỗi: nguyen-van-an.offices[1].from: cần số nguyên" in out


def test_empty_person_name_is_reported(book: Path) -> None:
    edit(book / "docs/data/people.yml", "name: Nguyễn Văn An", 'name: ""')
    out = check(book)
    assert "docs/data/people.yml:2:9: lỗi: nguyen-van-an.name: không được để trống" in out


def test_empty_unit_name_and_member_name(book: Path) -> None:
    edit(book / "docs/data/units.yml", "name: Phòng Quản trị – Tài vụ", 'name: ""')
    edit(book / "docs/data/board.yml", "name: Tổ Biên tập", 'name: ""')
    out = check(book)
    assert "docs/data/units.yml:7:9: lỗi:" in out
    assert "docs/data/board.yml:2:11: lỗi:" in out


def test_missing_template_is_reported_at_its_line(book: Path) -> None:
    edit(book / ESSAY, "status: draft\n", "status: draft\ntemplate: khong-co.html\n")
    out = check(book)
    assert f"{ESSAY}:6:1: lỗi: không có mẫu trang 'khong-co.html'" in out
    edit(book / ESSAY, "template: khong-co.html", "template: ../../mkdocs.yml")
    assert "không có mẫu trang '../../mkdocs.yml'" in check(book)


def test_missing_template_fails_the_build_without_traceback(book: Path) -> None:
    edit(book / ESSAY, "status: draft\n", "status: approved\ntemplate: khong-co.html\n")
    code, out = run_cli(book, "build", "--no-pdf", expect=None)
    assert code != 0
    assert "khong-co.html" in out


def test_symlink_loop_in_docs_is_reported(book: Path) -> None:
    loop = book / "docs/vong.md"
    os.symlink(loop, loop)
    out = check(book)
    assert "docs/vong.md: lỗi: không đọc được tệp" in out


def test_second_public_column_in_csv_sheet_is_an_error(book: Path) -> None:
    (book / "archive/captions.csv").write_text(
        "file,caption,public,Công khai\n2004-2019/anh-bia.jpg,Trụ sở,không,có\n", "utf-8"
    )
    out = check(book)
    assert (
        "archive/captions.csv:1:21: lỗi: cột 'Công khai' (cột thứ 4) trùng với cột 'public'" in out
    )


def test_alias_key_in_yaml_sheet_row_is_an_error(book: Path) -> None:
    (book / "archive/captions.yml").write_text(
        "- file: 2004-2019/anh-bia.jpg\n  caption: Trụ sở\n  public: không\n  Công khai: có\n",
        "utf-8",
    )
    out = check(book)
    assert "archive/captions.yml:4:3: lỗi: khóa 'Công khai' trùng nghĩa với khóa 'public'" in out


def test_second_public_column_cannot_publish_a_private_photo(book: Path) -> None:
    from yearbook.photos.pipeline import run
    from yearbook.photos.settings import PhotoSettings

    (book / "archive/captions.csv").write_text(
        "file,caption,public,Công khai\n2004-2019/anh-bia.jpg,Trụ sở,không,có\n", "utf-8"
    )
    report = run(PhotoSettings(root=book, jobs=1))
    assert not report.ok
    assert "anh-bia" not in (book / ".cache/photos/manifest.json").read_text("utf-8")


def test_second_public_column_in_xlsx_sheet_is_an_error(book: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Tệp ảnh", "Chú thích", "Công khai", "public"])
    ws.append(["2004-2019/anh-bia.jpg", "Trụ sở", "không", "có"])
    wb.save(book / "archive/captions.xlsx")
    out = check(book)
    assert "archive/captions.xlsx:1:4: lỗi: " in out and "trùng với cột 'Công khai' (ô C1)" in out
