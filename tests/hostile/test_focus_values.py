"""The caption sheet's focal-point column reaches a ``style`` attribute: only numbers do.

Each hostile value is refused with ``path:line:col`` in every sheet format, and a value
planted in the manifest (a file on disk, between the sheet and the site) is dropped too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from yearbook.photos.captions import parse_focus, parse_sheet
from yearbook.problems import Problems
from yearbook.web.photos import photo_from_manifest

HOSTILE = (
    "50% 30%; background:url(javascript:alert(1))",
    '50% 30%" onload="alert(1)',
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "expression(alert(1))",
    "calc(50% + 1px) 30%",
    "var(--x) 30%",
    "50% 30% 10%",
    "150% 30%",
    "trái phải",
    "50 30",
)


@pytest.mark.parametrize("value", HOSTILE)
def test_csv_focus_value_is_refused_at_its_cell(value: str) -> None:
    cell = '"' + value.replace('"', '""') + '"'
    text = f"file,caption,tiêu điểm\na.jpg,Ảnh,{cell}\n"
    problems = Problems()
    sheet = parse_sheet(Path("archive/captions.csv"), text.encode(), problems)
    assert sheet.rows[0].focus == ""
    messages = [str(p) for p in problems.errors]
    assert len(messages) == 1, messages
    assert messages[0].startswith("archive/captions.csv:2:11: lỗi: cột focus (tiêu điểm)"), messages


@pytest.mark.parametrize("value", HOSTILE[:4])
def test_yaml_focus_value_is_refused_at_its_cell(value: str) -> None:
    text = f"- file: a.jpg\n  caption: Ảnh\n  focus: '{value.replace(chr(39), chr(39) * 2)}'\n"
    problems = Problems()
    sheet = parse_sheet(Path("archive/captions.yml"), text.encode(), problems)
    assert sheet.rows[0].focus == ""
    assert [str(p).split(" (")[0] for p in problems.errors] == [
        "archive/captions.yml:3:10: lỗi: cột focus"
    ]


def test_xlsx_focus_value_is_refused_at_its_cell(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    from yearbook.photos.sheet import read_sheet

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Tệp", "Chú thích", "Tiêu điểm"])
    ws.append(["a.jpg", "Ảnh", HOSTILE[0]])
    ws.append(["b.jpg", "Ảnh", "dưới phải"])
    path = tmp_path / "captions.xlsx"
    wb.save(path)
    problems = Problems(tmp_path)
    sheet = read_sheet(path, problems)
    assert [r.focus for r in sheet.rows] == ["", "100% 100%"]
    messages = [str(p) for p in problems.errors]
    assert len(messages) == 1 and messages[0].startswith("captions.xlsx:2:3: lỗi:"), messages
    assert "ô C2: cột focus (tiêu điểm)" in messages[0]


@pytest.mark.parametrize("value", HOSTILE)
def test_manifest_focus_is_checked_again(value: str) -> None:
    raw = {"web": [{"width": 240, "height": 160, "jpeg": "web/a-240.jpg"}], "focus": value}
    photo = photo_from_manifest("a", raw)
    assert photo is not None and photo.focus == ""
    assert parse_focus(value) is None
