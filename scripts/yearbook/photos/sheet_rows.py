"""Append filled-in rows to a CSV or YAML caption sheet (``sheet_xlsx`` does workbooks).

Used through ``sheet.append_rows`` by ``yearbook import`` (a caption found in the
Word file) and by ``yearbook photos sheet``. Existing rows are never rewritten: new rows go at
the end, in the sheet's own columns, separator and line endings.
"""

from __future__ import annotations

import yaml

from ..atomic import write_atomic
from ..problems import Problems
from ..source import compose_yaml
from ..text import nfc
from .captions import COLUMNS, Sheet, parse_sheet

#: A cell starting with one of these is a formula to Excel and LibreOffice (CSV injection);
#: such values are written after an apostrophe, which spreadsheets hide and the reader drops.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse(value: str) -> str:
    """``=HYPERLINK(…)`` → ``'=HYPERLINK(…)``: text, never a formula, when the sheet is opened."""
    return "'" + value if value.startswith(FORMULA_START) else value


def _quote(value: str, delimiter: str, always: bool = False) -> str:
    special = any(ch in value for ch in (delimiter, '"', "\n", "\r")) or value != value.strip()
    if special or (always and value):
        return '"' + value.replace('"', '""') + '"'
    return value


def _newline(data: bytes) -> bytes:
    if b"\r\n" in data:
        return b"\r\n"
    if b"\r" in data and b"\n" not in data:
        return b"\r"
    return b"\n"


def _csv_bytes(sheet: Sheet, data: bytes, rows: list[dict[str, str]]) -> bytes:
    """The sheet's bytes with ``rows`` appended in its own delimiter, quoting and line ends."""
    newline = _newline(data)
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    quote_all = body.lstrip().startswith(b'"')  # the program that saved it quotes every cell
    out = bytearray(data)
    if out and not out.endswith((b"\n", b"\r")):
        out += newline
    columns = sheet.columns or ["file"]
    for row in rows:
        cells = [
            _quote(defuse(row.get(c, "")), sheet.delimiter, quote_all) if c else "" for c in columns
        ]
        out += sheet.delimiter.join(cells).encode("utf-8") + newline
    return bytes(out)


def _yaml_bytes(data: bytes, rows: list[dict[str, str]]) -> bytes:
    """The sheet's bytes with ``rows`` appended in its own form (list or mapping by file)."""
    newline = _newline(data)
    text = data.decode("utf-8-sig") if data else ""
    try:
        root = compose_yaml(text)
    except yaml.YAMLError:
        root = None
    mapping = isinstance(root, yaml.MappingNode)
    chunks: list[str] = []
    for row in rows:
        values = {k: defuse(v) for k, v in row.items() if v or k == "caption"}
        values.setdefault("caption", "")
        if mapping:
            name = values.pop("file", "")
            doc: object = {name: values}
        else:
            doc = [{"file": values.pop("file", ""), **values}]
        chunks.append(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=10**6))
    added = "".join(chunks).replace("\n", newline.decode())
    out = bytearray(data)
    if out and not out.endswith((b"\n", b"\r")):
        out += newline
    return bytes(out) + added.encode("utf-8")


def _new_csv(rows: list[dict[str, str]]) -> bytes:
    lines = [",".join(COLUMNS)]
    lines += [",".join(_quote(defuse(row.get(c, "")), ",") for c in COLUMNS) for row in rows]
    return ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8")


def sheet_with_rows(sheet: Sheet, rows: list[dict[str, str]], problems: Problems) -> bytes | None:
    """The new bytes of a CSV or YAML sheet with ``rows`` appended, or None (reported) when
    appending would change how the existing rows read.

    The result is read back before it is written: the old rows must come back unchanged
    and every new row must be there, so a sheet in an unusual form (flow YAML, an
    indented list) is refused instead of damaged.
    """
    path = sheet.path
    is_yaml = path.suffix.lower() in (".yml", ".yaml")
    data = path.read_bytes() if sheet.exists else b""
    if is_yaml:
        new = _yaml_bytes(data, rows)
    elif not sheet.exists:
        new = _new_csv(rows)
    else:
        new = _csv_bytes(sheet, data, rows)
    check = Problems(problems.root)
    again = parse_sheet(path, new, check)
    before = [(r.file, r.caption) for r in sheet.rows]
    after = [(r.file, r.caption) for r in again.rows]
    wanted = [(nfc(r.get("file", "").strip()), nfc(r.get("caption", "").strip())) for r in rows]
    if check.errors or after != before + wanted:
        problems.error(
            path,
            "không thêm được dòng mà vẫn giữ nguyên định dạng của bảng chú thích; "
            "hãy thêm các dòng bằng tay",
        )
        return None
    return new


def write_rows(sheet: Sheet, rows: list[dict[str, str]], problems: Problems) -> bool:
    """Append ``rows`` to a parsed CSV/YAML sheet, atomically (the old file or the new one)."""
    if not rows:
        return True
    new = sheet_with_rows(sheet, rows, problems)
    if new is None:
        return False
    write_atomic(sheet.path, new)
    return True
