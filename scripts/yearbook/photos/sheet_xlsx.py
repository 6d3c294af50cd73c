"""Caption sheets as Excel workbooks (``archive/captions.xlsx``), read and appended with openpyxl.

Office staff keep their lists in Excel; saving to "CSV UTF-8" is a step they
forget or get wrong. The workbook is read with the same columns and checks as
CSV/YAML (rows go through :func:`captions._make_row`), and every message names
the cell the way Excel shows it: ``trang tính 'Chú thích ảnh', ô C5``.

Appending loads the workbook with formulas and styles, writes values into
the first empty rows only, and saves to a temporary file that then replaces
the original, so existing cells, widths, colours and formats stay as they were.
"""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from ..problems import Problems
from ..text import nfc
from .captions import _HEADER, COLUMNS, Caption, Sheet, _header_key, _make_row

#: Title of the worksheet ``yearbook photos sheet`` creates.
SHEET_TITLE = "Chú thích ảnh"
#: Vietnamese headers of a new workbook (each one is an alias the reader knows).
HEADERS = {
    "file": "Tệp ảnh",
    "date": "Ngày chụp",
    "caption": "Chú thích",
    "alt": "Văn bản thay thế",
    "people": "Người trong ảnh",
    "place": "Địa điểm",
    "event": "Sự kiện",
    "creator": "Người chụp",
    "credit": "Nguồn",
    "copyright": "Bản quyền",
    "public": "Công khai",
    "focus": "Tiêu điểm",
    "notes": "Ghi chú",
}
_WIDTHS = {"file": 40, "caption": 60, "alt": 30, "people": 25, "notes": 30}


@dataclass
class _Layout:
    worksheet: Worksheet
    header_row: int
    columns: dict[int, str | None]  # 1-based column index → our column name


def _cell_text(value: Any) -> str:
    """A cell as the text a person typed: 1998 (a number) is "1998", a date is 15/05/1998."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return nfc(str(value))


def _where(ws: Worksheet, row: int, col: int) -> str:
    return f"trang tính '{ws.title}', ô {get_column_letter(col)}{row}"


def _choose_sheet(workbook: Any) -> Worksheet:
    """The sheet named like a caption sheet if there is one, else the first."""
    for ws in workbook.worksheets:
        if _header_key(ws.title) in ("chu thich anh", "chu thich", "captions"):
            return ws
    return workbook.worksheets[0]


def _layout(ws: Worksheet, path: Path, problems: Problems) -> _Layout | None:
    for row in ws.iter_rows():
        if not any(_cell_text(c.value).strip() for c in row):
            continue
        columns: dict[int, str | None] = {}
        first: dict[str, Any] = {}
        for cell in row:
            text = _cell_text(cell.value).strip()
            key = _HEADER.get(_header_key(text)) if text else None
            if key is None and text:
                problems.error(
                    path,
                    f"{_where(ws, cell.row, cell.column)}: cột '{text}' không hợp lệ "
                    f"(các cột: {', '.join(COLUMNS)})",
                    cell.row,
                    cell.column,
                )
            elif key is not None and key in first:
                # A second "Công khai" column would silently override "public = không".
                other = first[key]
                problems.error(
                    path,
                    f"{_where(ws, cell.row, cell.column)}: cột '{text}' trùng với cột "
                    f"'{_cell_text(other.value).strip()}' (ô {other.coordinate}), cùng là "
                    f"'{key}': hãy xóa một cột",
                    cell.row,
                    cell.column,
                )
                key = None
            elif key is not None:
                first[key] = cell
            columns[cell.column] = key
        if "file" not in columns.values():
            problems.error(
                path, f"{_where(ws, row[0].row, 1)}: thiếu cột 'file' (tên tệp ảnh)", row[0].row, 1
            )
            return None
        return _Layout(ws, row[0].row, columns)
    return None


def _open(path: Path, problems: Problems, *, data_only: bool) -> Any:
    try:
        return load_workbook(path, data_only=data_only)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        problems.error(
            path,
            "không đọc được tệp Excel (.xlsx) — hãy mở bằng Excel rồi Lưu dạng "
            f"'Excel Workbook (.xlsx)' ({type(exc).__name__})",
        )
        return None


def read_xlsx(path: Path, problems: Problems) -> Sheet:
    sheet = Sheet(path, exists=True)
    workbook = _open(path, problems, data_only=True)
    if workbook is None:
        return sheet
    ws = _choose_sheet(workbook)
    layout = _layout(ws, path, problems)
    if layout is None:
        return sheet
    sheet.columns = [layout.columns.get(i) for i in range(1, max(layout.columns) + 1)]
    for row in ws.iter_rows(min_row=layout.header_row + 1):
        cells: dict[str, tuple[str, int, int]] = {}
        for cell in row:
            text = _cell_text(cell.value).strip()
            if not text:
                continue
            key = layout.columns.get(cell.column)
            if key is None:
                problems.error(
                    path,
                    f"{_where(ws, cell.row, cell.column)}: ô nằm ngoài các cột của tiêu đề",
                    cell.row,
                    cell.column,
                )
                continue
            cells[key] = (text, cell.row, cell.column)
        if cells:
            sheet.rows.append(_row(path, ws, row[0].row, cells, problems))
    return sheet


def _row(
    path: Path, ws: Worksheet, line: int, cells: dict[str, tuple[str, int, int]], problems: Problems
) -> Caption:
    """One row through the shared checks; their messages gain the Excel cell address."""
    local = Problems(problems.root)
    row = _make_row(path, line, cells, local)
    for p in local:
        where = _where(ws, p.line or line, p.col or 1)
        problems.add(path, f"{where}: {p.message}", p.line, p.col, p.severity)
    return row


def locked_by_excel(path: Path) -> bool:
    """Excel keeps ``~$name.xlsx`` beside a workbook it has open."""
    return (path.parent / f"~${path.name}").exists()


def _save_atomically(workbook: Any, path: Path) -> None:
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp.xlsx")
    try:
        workbook.save(tmp)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def create_workbook(path: Path) -> None:
    """A new, empty caption workbook with Vietnamese headers."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = SHEET_TITLE
    for i, name in enumerate(COLUMNS, 1):
        cell = ws.cell(row=1, column=i, value=HEADERS[name])
        cell.font = Font(bold=True)
        ws.column_dimensions[get_column_letter(i)].width = _WIDTHS.get(name, 16)
    ws.freeze_panes = "A2"
    path.parent.mkdir(parents=True, exist_ok=True)
    _save_atomically(workbook, path)


def append_rows(
    path: Path, rows: list[dict[str, str]], problems: Problems, *, create: bool = False
) -> bool:
    """Write ``rows`` below the last filled row; False (nothing written) on any error.

    ``create``: make the workbook (headers only) even when there is no row to add.
    """
    if create and not path.exists() and not locked_by_excel(path):
        create_workbook(path)
    if not rows:
        return True
    if locked_by_excel(path):
        problems.error(path, "tệp đang mở trong Excel; hãy đóng tệp rồi chạy lại")
        return False
    if not path.exists():
        create_workbook(path)
    check = Problems(problems.root)
    read_xlsx(path, check)
    if check.errors:
        problems.extend(check)
        problems.error(path, "không thêm dòng vì bảng chú thích đang có lỗi")
        return False
    workbook = _open(path, problems, data_only=False)
    if workbook is None:
        return False
    ws = _choose_sheet(workbook)
    layout = _layout(ws, path, problems)
    if layout is None:
        return False
    last = layout.header_row
    for row in ws.iter_rows(min_row=layout.header_row + 1):
        if any(c.value not in (None, "") for c in row):
            last = row[0].row
    where = {name: col for col, name in layout.columns.items() if name}
    for offset, values in enumerate(rows, 1):
        for name, value in values.items():
            if value and name in where:
                cell = ws.cell(row=last + offset, column=where[name], value=value)
                cell.data_type = "s"  # "=HYPERLINK(…)" from a document stays text, never a formula
    _save_atomically(workbook, path)
    return True


def xlsx_target(current: Path, archive: Path, problems: Problems) -> Path | None:
    """Where ``photos sheet --xlsx`` writes: the workbook, unless another sheet is in use."""
    if current.suffix.lower() == ".xlsx":
        return current
    if current.exists():
        problems.error(
            current,
            "đã có bảng chú thích này; không tạo thêm captions.xlsx (mỗi kỷ yếu một bảng)",
        )
        return None
    return archive / "captions.xlsx"
