"""Append filled-in rows to the caption sheet, whatever its format (CSV, YAML, .xlsx).

Used by ``yearbook import`` (a caption found in the Word file) and by
``yearbook photos sheet``. Existing rows are never rewritten: new rows go at
the end, in the sheet's own columns, separator and line endings.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from ..problems import Problems
from .captions import COLUMNS, read_sheet


def _quote(value: str, delimiter: str) -> str:
    if any(ch in value for ch in (delimiter, '"', "\n", "\r")) or value != value.strip():
        return '"' + value.replace('"', '""') + '"'
    return value


def _replace_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


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
    if path.suffix.lower() in (".yml", ".yaml"):
        entries = "".join(
            yaml.safe_dump(
                [{k: v for k, v in row.items() if v}], allow_unicode=True, sort_keys=False
            )
            for row in rows
        )
        existing = path.read_text("utf-8-sig") if sheet.exists else ""
        sep = "" if not existing or existing.endswith("\n") else "\n"
        _replace_atomically(path, (existing + sep + entries).encode("utf-8"))
        return True
    if not sheet.exists:
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = [",".join(COLUMNS)]
        lines += [",".join(_quote(row.get(c, ""), ",") for c in COLUMNS) for row in rows]
        _replace_atomically(path, ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8"))
        return True
    data = path.read_bytes()
    newline = b"\r\n" if b"\r\n" in data else b"\n"
    out = bytearray(data)
    if out and not out.endswith(b"\n"):
        out += newline
    columns = sheet.columns or ["file"]
    for row in rows:
        cells = [_quote(row.get(c, ""), sheet.delimiter) if c else "" for c in columns]
        out += sheet.delimiter.join(cells).encode("utf-8") + newline
    _replace_atomically(path, bytes(out))
    return True
