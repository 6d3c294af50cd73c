"""Excel caption sheets: read like CSV/YAML, errors at Excel cell addresses, append-only."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill

from yearbook.photos.sheet import read_sheet
from yearbook.photos.sheet_dates import guess_date
from yearbook.problems import Problems

YEARBOOK = str(Path(sys.executable).parent / "yearbook")
EXIF_JPG = Path(__file__).parent / "data/exif-samples/jpg/Canon_40D.jpg"


def yearbook(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [YEARBOOK, *args], cwd=project, capture_output=True, text=True, check=False
    )


def workbook(path: Path, rows: list[list[object]], title: str = "Chú thích ảnh") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_xlsx_rows_are_read_like_csv(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "captions.xlsx",
        [
            ["Tệp ảnh", "Ngày chụp", "Chú thích", "Người trong ảnh", "Công khai"],
            ["1989-2004/a.jpg", dt.datetime(1990, 5, 15), "Lễ kỷ niệm", "nguyen-van-an", "có"],
            ["1989-2004/b.jpg", 1992, "Họp giao ban", None, "không"],
            [None, None, None, None, None],
        ],
    )
    problems = Problems(tmp_path)
    sheet = read_sheet(path, problems)
    assert not list(problems)
    assert [(r.file, r.date_iso, r.caption, r.people, r.public) for r in sheet.rows] == [
        ("1989-2004/a.jpg", "1990-05-15", "Lễ kỷ niệm", ["nguyen-van-an"], True),
        ("1989-2004/b.jpg", "1992", "Họp giao ban", [], False),
    ]


def test_xlsx_errors_name_sheet_row_and_column_letter(book_dir: Path) -> None:
    workbook(
        book_dir / "archive" / "captions.xlsx",
        [
            ["file", "date", "caption", "Chu thich 2"],
            ["1989-2004/Lễ kỷ niệm 1990.jpg", "32/13/1990", "Lễ kỷ niệm", None],
            ["2004-2019/anh-bia.jpg", "2010", "Ảnh bìa", None, "lạc cột"],
        ],
    )
    result = yearbook(book_dir, "check")
    assert result.returncode == 1
    out = result.stdout
    assert (
        "archive/captions.xlsx:1:4: lỗi: trang tính 'Chú thích ảnh', ô D1: cột 'Chu thich 2' "
        "không hợp lệ"
    ) in out
    assert "archive/captions.xlsx:2:2: lỗi: trang tính 'Chú thích ảnh', ô B2: " in out
    assert "archive/captions.xlsx:3:5: lỗi: trang tính 'Chú thích ảnh', ô E3: ô nằm ngoài" in out
    assert "Traceback" not in result.stderr


def test_photos_sheet_creates_xlsx_with_dates_guessed(book_dir: Path) -> None:
    shutil.copy(EXIF_JPG, book_dir / "archive" / "2004-2019" / "may-anh.jpg")
    result = yearbook(book_dir, "photos", "sheet", "--xlsx")
    assert result.returncode == 0, result.stdout + result.stderr
    ws = load_workbook(book_dir / "archive" / "captions.xlsx").active
    rows = {r[0]: r[1] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows == {
        "1989-2004/Lễ kỷ niệm 1990.jpg": "1990",  # the year in the file name
        "2004-2019/anh-bia.jpg": None,
        "2004-2019/may-anh.jpg": "30/05/2008",  # EXIF DateTimeOriginal
    }
    assert ws["A1"].value == "Tệp ảnh" and ws["A1"].font.bold
    check = yearbook(book_dir, "check")
    assert "captions.xlsx" not in check.stdout, check.stdout


def test_append_keeps_existing_cells_and_formatting(book_dir: Path) -> None:
    path = book_dir / "archive" / "captions.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "Ảnh"
    ws.append(["file", "date", "caption", "notes"])
    ws.append(["1989-2004/Lễ kỷ niệm 1990.jpg", "", "Lễ kỷ niệm", "=LEN(C2)"])
    ws["C2"].font = Font(bold=True, color="FFC00000")
    ws["C2"].fill = PatternFill("solid", fgColor="FFFFFF00")
    ws["B2"].number_format = "dd/mm/yyyy"
    ws.column_dimensions["C"].width = 55
    wb.create_sheet("Ghi chú").append(["Sổ tay của phòng"])
    wb.save(path)
    result = yearbook(book_dir, "photos", "sheet")
    assert result.returncode == 0, result.stdout + result.stderr
    after = load_workbook(path)
    ws = after["Ảnh"]
    assert [c.value for c in ws[2]] == [
        "1989-2004/Lễ kỷ niệm 1990.jpg",
        None,
        "Lễ kỷ niệm",
        "=LEN(C2)",
    ]
    assert ws["C2"].font.bold and ws["C2"].font.color.rgb == "FFC00000"
    assert ws["C2"].fill.fgColor.rgb == "FFFFFF00"
    assert ws["B2"].number_format == "dd/mm/yyyy"
    assert ws.column_dimensions["C"].width == 55
    assert ws["A3"].value == "2004-2019/anh-bia.jpg" and ws.max_row == 3
    assert after["Ghi chú"]["A1"].value == "Sổ tay của phòng"
    # Run again: nothing to add, nothing changed.
    before = path.read_bytes()
    assert yearbook(book_dir, "photos", "sheet").returncode == 0
    assert load_workbook(path)["Ảnh"].max_row == 3
    assert path.read_bytes() == before


def test_open_in_excel_is_refused(book_dir: Path) -> None:
    path = workbook(book_dir / "archive" / "captions.xlsx", [["file", "caption"]])
    (book_dir / "archive" / "~$captions.xlsx").write_bytes(b"lock")
    before = path.read_bytes()
    result = yearbook(book_dir, "photos", "sheet")
    assert result.returncode == 1
    assert "đang mở trong Excel" in result.stdout + result.stderr
    assert path.read_bytes() == before


def test_guess_date_from_name_needs_one_year(tmp_path: Path) -> None:
    assert guess_date(tmp_path / "hoi-nghi-1995.jpg") == "1995"
    assert guess_date(tmp_path / "1995-den-1999.jpg") == ""
    assert guess_date(tmp_path / "IMG_20190105.jpg") == ""


def test_appended_text_is_never_a_formula(tmp_path: Path) -> None:
    from yearbook.photos.sheet_xlsx import append_rows

    path = tmp_path / "captions.xlsx"
    assert append_rows(
        path, [{"file": "a.jpg", "caption": '=HYPERLINK("http://x","y")'}], Problems()
    )
    cell = load_workbook(path).active["C2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_csv_sheet_rows_get_the_same_date_guess(book_dir: Path) -> None:
    import csv

    shutil.copy(EXIF_JPG, book_dir / "archive" / "2004-2019" / "may-anh.jpg")
    assert yearbook(book_dir, "photos", "sheet").returncode == 0
    sheet = book_dir / "archive" / "captions.csv"
    dates = {r["file"]: r["date"] for r in csv.DictReader(sheet.open(encoding="utf-8-sig"))}
    assert dates == {
        "1989-2004/Lễ kỷ niệm 1990.jpg": "1990",
        "2004-2019/anh-bia.jpg": "",
        "2004-2019/may-anh.jpg": "30/05/2008",
    }
