"""`yearbook photos sheet` never damages a sheet (issue 9 §6): format kept byte for byte,
no duplicate rows after path normalisation, no live formulas, atomic replacement."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from yearbook.photos.cli import photos
from yearbook.photos.sheet import read_sheet
from yearbook.problems import Problems

BOM = b"\xef\xbb\xbf"


def jpeg(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (16, 12), (100, 150, 200)).save(path)


def sheet_cmd(root: Path, monkeypatch: pytest.MonkeyPatch, code: int = 0) -> str:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(photos, ["sheet"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == code, result.output
    return result.output


def rows(path: Path) -> list[tuple[str, str]]:
    problems = Problems()
    sheet = read_sheet(path, problems)
    assert not problems.errors, [str(p) for p in problems]
    return [(r.file, r.caption) for r in sheet.rows]


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    jpeg(tmp_path / "archive/1990/a.jpg")
    jpeg(tmp_path / "archive/1990/b.jpg")
    return tmp_path / "archive"


def test_mapping_form_yaml_stays_a_mapping(archive: Path, monkeypatch) -> None:
    sheet = archive / "captions.yml"
    original = "1990/a.jpg:\n  caption: Đã có\n".encode()
    sheet.write_bytes(original)
    assert "Đã thêm 1 dòng" in sheet_cmd(archive.parent, monkeypatch)
    data = sheet.read_bytes()
    assert data.startswith(original) and b"\n- " not in data
    assert rows(sheet) == [("1990/a.jpg", "Đã có"), ("1990/b.jpg", "")]


def test_yaml_keeps_bom_and_crlf(archive: Path, monkeypatch) -> None:
    sheet = archive / "captions.yaml"
    original = BOM + "- file: 1990/a.jpg\r\n  caption: Đã có\r\n".encode()
    sheet.write_bytes(original)
    sheet_cmd(archive.parent, monkeypatch)
    data = sheet.read_bytes()
    assert data.startswith(original)
    assert data.count(b"\n") == data.count(b"\r\n") > 2
    assert rows(sheet) == [("1990/a.jpg", "Đã có"), ("1990/b.jpg", "")]


def test_csv_keeps_bom_delimiter_line_ends_and_quoting(archive: Path, monkeypatch) -> None:
    sheet = archive / "captions.csv"
    original = BOM + '"file";"caption"\r\n"1990/a.jpg";"Đã có"\r\n'.encode()
    sheet.write_bytes(original)
    sheet_cmd(archive.parent, monkeypatch)
    assert sheet.read_bytes() == original + b'"1990/b.jpg";\r\n'


def test_backslash_path_is_not_added_twice(archive: Path, monkeypatch) -> None:
    sheet = archive / "captions.csv"
    original = "file,caption\r\n1990\\a.jpg,Đã có\r\n.\\1990\\b.jpg,Có\r\n".encode()
    sheet.write_bytes(original)
    assert "Đã thêm 0 dòng" in sheet_cmd(archive.parent, monkeypatch)
    assert sheet.read_bytes() == original


@pytest.mark.parametrize("name", ["=HYPERLINK(1).jpg", "+1.jpg", "-x.jpg", "@cmd.jpg"])
def test_formula_like_names_are_written_as_text(archive: Path, monkeypatch, name: str) -> None:
    jpeg(archive / name)
    for suffix in ("csv", "yml"):
        sheet = archive / f"captions.{suffix}"
        for other in archive.glob("captions.*"):
            other.unlink()
        sheet.write_text("file,caption\n" if suffix == "csv" else "", "utf-8")
        sheet_cmd(archive.parent, monkeypatch)
        text = sheet.read_text("utf-8")
        assert f"'{name}" in text, text
        for line in text.splitlines():
            assert not line.lstrip("- ").removeprefix("file: ").startswith(("=", "+", "@")), line
        assert name in {f for f, _ in rows(sheet)}
        assert "Đã thêm 0 dòng" in sheet_cmd(archive.parent, monkeypatch)


def test_flow_style_yaml_is_refused_not_damaged(archive: Path, monkeypatch) -> None:
    sheet = archive / "captions.yml"
    original = b"[{file: 1990/a.jpg, caption: x}]\n"
    sheet.write_bytes(original)
    out = sheet_cmd(archive.parent, monkeypatch, code=1)
    assert "hãy thêm các dòng bằng tay" in out
    assert sheet.read_bytes() == original


def test_sheet_is_replaced_atomically(archive: Path, monkeypatch) -> None:
    sheet = archive / "captions.csv"
    sheet.write_text("file,caption\n", "utf-8")
    before = os.stat(sheet).st_ino
    sheet_cmd(archive.parent, monkeypatch)
    assert os.stat(sheet).st_ino != before, "written in place, not through a rename"
    assert not [p for p in archive.iterdir() if p.name.startswith(".")]
