"""The caption sheet whatever its format: CSV, YAML (``captions``) or .xlsx (``sheet_xlsx``).

The front door for reading a sheet and adding rows to it: it picks the format's
module by the file's suffix, so that the formats never import each other
(``sheet_xlsx`` and ``sheet_rows`` build on ``captions``; only this module knows
all three). The .xlsx module is imported only for a workbook: openpyxl is slow to load.
"""

from __future__ import annotations

from pathlib import Path

from ..problems import Problems
from .captions import COLUMNS, Sheet, parse_sheet
from .sheet_rows import write_rows


def read_sheet(path: Path, problems: Problems) -> Sheet:
    """Read a CSV, YAML or .xlsx caption sheet; a missing sheet is an empty one."""
    if not path.is_file():
        return Sheet(path, columns=list(COLUMNS))
    if path.suffix.lower() == ".xlsx":
        from .sheet_xlsx import read_xlsx

        return read_xlsx(path, problems)
    return parse_sheet(path, path.read_bytes(), problems)


def append_rows(path: Path, rows: list[dict[str, str]], problems: Problems) -> bool:
    """Add ``rows`` (column → value) to the sheet at ``path``; False when the sheet has errors."""
    if not rows:
        return True
    if path.suffix.lower() == ".xlsx":
        from .sheet_xlsx import append_rows as append_xlsx

        return append_xlsx(path, rows, problems)
    check = Problems(problems.root)
    sheet = read_sheet(path, check)
    if check.errors:
        problems.extend(check)
        problems.error(path, "không thêm dòng vì bảng chú thích đang có lỗi")
        return False
    return write_rows(sheet, rows, problems)


def append_missing(sheet: Sheet, files: list[str], problems: Problems | None = None) -> bool:
    """Add an empty row for each of ``files`` without touching a byte of the existing rows.

    Appending (never rewriting) keeps the editors' quoting, order, separators, BOM
    and line endings exactly as their spreadsheet program left them; see
    :func:`sheet_rows.write_rows`.
    """
    return write_rows(
        sheet, [{"file": f} for f in files], problems if problems is not None else Problems()
    )
