"""The caption sheet: one row per photo, edited by office staff in Excel or LibreOffice.

CSV (UTF-8 with or without BOM, ``,`` or ``;`` separated — Excel picks the
separator from the Windows locale) or YAML. Columns follow IPTC core; header
names may be English or Vietnamese, with or without tone marks, so a sheet
typed on any keyboard is read. Unknown columns are errors: a typo in a header
would otherwise silently drop a whole column of captions.

Positions are tracked per cell so that every message reads
``archive/captions.csv:12:34: lỗi: …`` and an editor can jump there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..dates import DateError, parse_date
from ..problems import Problems
from ..source import compose_yaml, duplicate_keys, yaml_error
from ..text import fold, nfc, slugify

#: Canonical column order, used when the sheet is created.
COLUMNS = (
    "file", "date", "caption", "alt", "people", "place", "event",
    "creator", "credit", "copyright", "public", "focus", "notes",
)  # fmt: skip

_ALIASES = {
    "file": ("file", "filename", "tep", "ten tep", "tep anh"),
    "date": ("date", "ngay", "ngay thang", "thoi gian", "ngay chup"),
    "caption": ("caption", "description", "mo ta", "chu thich"),
    "alt": ("alt", "alt text", "van ban thay the", "mo ta ngan"),
    "people": ("people", "people shown", "persons", "nguoi trong anh", "nhan vat"),
    "place": ("place", "location", "dia diem", "noi chup"),
    "event": ("event", "su kien"),
    "creator": ("creator", "author", "tac gia", "nguoi chup"),
    "credit": (
        "credit",
        "source",
        "credit source",
        "nguon",
        "nguoi cung cap",
        "nguon nguoi cung cap",
    ),
    "copyright": ("copyright", "ban quyen"),
    "public": ("public", "cong khai"),
    "focus": ("focus", "focal point", "tieu diem", "diem nhin", "trong tam"),
    "notes": ("notes", "note", "ghi chu"),
}
_HEADER = {alias: name for name, aliases in _ALIASES.items() for alias in aliases}
_YES = frozenset({"co", "yes", "y", "x", "true", "1", "cong khai"})
_NO = frozenset({"khong", "no", "n", "false", "0"})
_PEOPLE_SPLIT = re.compile(r"[;,\n]+")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _header_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", fold(text)).strip()


@dataclass
class Caption:
    """One row of the sheet, values in NFC, with the position of every cell."""

    sheet: Path
    line: int
    file: str = ""
    date: str = ""
    date_iso: str = ""
    caption: str = ""
    alt: str = ""
    people: list[str] = field(default_factory=list)
    place: str = ""
    event: str = ""
    creator: str = ""
    credit: str = ""
    copyright: str = ""
    public: bool = True
    #: Where a layout that crops keeps the photo's subject: "50% 30%" (CSS object-position).
    focus: str = ""
    cells: dict[str, tuple[int, int]] = field(default_factory=dict)

    def where(self, column: str) -> tuple[int, int]:
        return self.cells.get(column, (self.line, 1))


@dataclass
class Sheet:
    """A parsed sheet: rows plus what ``sheet.append_missing`` needs to add rows faithfully."""

    path: Path
    rows: list[Caption] = field(default_factory=list)
    columns: list[str | None] = field(default_factory=list)
    delimiter: str = ","
    exists: bool = False


# --- CSV -----------------------------------------------------------------------------------


Cell = tuple[str, int, int]  # value, line, col (1-based)


def _records(text: str, delimiter: str) -> list[list[Cell]]:
    """Split CSV text into records of cells with positions (RFC 4180 + Excel quirks).

    Written by hand because the ``csv`` module does not say where a field starts,
    and messages must point at the cell.
    """
    records: list[list[Cell]] = []
    record: list[Cell] = []
    i, n = 0, len(text)
    line, col = 1, 1
    while i <= n:
        start_line, start_col = line, col
        value: list[str] = []
        if i < n and text[i] == '"':
            i += 1
            col += 1
            while i < n:
                ch = text[i]
                if ch == '"':
                    if i + 1 < n and text[i + 1] == '"':
                        value.append('"')
                        i += 2
                        col += 2
                        continue
                    i += 1
                    col += 1
                    break
                value.append(ch)
                i += 1
                if ch == "\n":
                    line, col = line + 1, 1
                else:
                    col += 1
        while i < n and text[i] not in (delimiter, "\n", "\r"):
            value.append(text[i])
            i += 1
            col += 1
        record.append(("".join(value), start_line, start_col))
        if i < n and text[i] == delimiter:
            i += 1
            col += 1
            continue
        # end of record (newline or end of text)
        if i < n and text[i] == "\r":
            i += 1
        if i < n and text[i] == "\n":
            i += 1
        line, col = line + 1, 1
        records.append(record)
        record = []
        if i >= n:
            break
    return records


def _sniff_delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _decode(path: Path, data: bytes, problems: Problems) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.error(
            path,
            "tệp không phải UTF-8 — trong Excel hãy chọn Lưu dạng 'CSV UTF-8 (Comma delimited)'",
            line,
        )
        return None


def _read_csv(path: Path, text: str, problems: Problems) -> Sheet:
    delimiter = _sniff_delimiter(text)
    sheet = Sheet(path, delimiter=delimiter, exists=True)
    records = [r for r in _records(text, delimiter) if any(c[0].strip() for c in r)]
    if not records:
        return sheet
    header, *body = records
    first: dict[str, tuple[str, int]] = {}
    for index, (value, line, col) in enumerate(header, 1):
        key = _HEADER.get(_header_key(value))
        if key is None and value.strip():
            known = ", ".join(COLUMNS)
            problems.error(path, f"cột '{nfc(value)}' không hợp lệ (các cột: {known})", line, col)
        elif key is not None and key in first:
            # A second "Công khai" column would silently override "public = không".
            name, number = first[key]
            problems.error(
                path,
                f"cột '{nfc(value)}' (cột thứ {index}) trùng với cột '{nfc(name)}' (cột thứ "
                f"{number}), cùng là '{key}': hãy xóa một cột",
                line,
                col,
            )
            key = None
        elif key is not None:
            first[key] = (value, index)
        sheet.columns.append(key)
    if "file" not in sheet.columns:
        problems.error(path, "thiếu cột 'file' (tên tệp ảnh)", header[0][1], 1)
        return sheet
    for record in body:
        cells: dict[str, Cell] = {}
        for index, cell in enumerate(record):
            key = sheet.columns[index] if index < len(sheet.columns) else None
            if key is None:
                if cell[0].strip() and index >= len(sheet.columns):
                    problems.error(path, "ô nằm ngoài các cột của tiêu đề", cell[1], cell[2])
                continue
            cells[key] = (nfc(cell[0].strip()), cell[1], cell[2])
        sheet.rows.append(_make_row(path, record[0][1], cells, problems))
    return sheet


# --- YAML ----------------------------------------------------------------------------------


def _read_yaml(path: Path, text: str, problems: Problems) -> Sheet:
    sheet = Sheet(path, exists=True, columns=list(COLUMNS))
    try:
        root = compose_yaml(text)
    except yaml.YAMLError as exc:
        yaml_error(path, exc, problems)
        return sheet
    duplicate_keys(path, root, problems)
    if root is None:
        return sheet
    items: list[tuple[yaml.Node | None, yaml.Node]] = []
    if isinstance(root, yaml.SequenceNode):
        items = [(None, node) for node in root.value]
    elif isinstance(root, yaml.MappingNode):
        items = list(root.value)
    else:
        problems.error(path, "tệp chú thích phải là một danh sách các ảnh", 1, 1)
        return sheet
    for key_node, node in items:
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.MappingNode):
            problems.error(path, "mỗi ảnh phải là một bảng 'khóa: giá trị'", line, 1)
            continue
        cells: dict[str, Cell] = {}
        keys: dict[str, tuple[str, int]] = {}
        if key_node is not None:
            mark = key_node.start_mark
            cells["file"] = (nfc(str(key_node.value).strip()), mark.line + 1, mark.column + 1)
        for k, v in node.value:
            kline, kcol = k.start_mark.line + 1, k.start_mark.column + 1
            name = _HEADER.get(_header_key(str(k.value)))
            if name is None:
                problems.error(path, f"khóa '{k.value}' không hợp lệ", kline, kcol)
                continue
            if name in keys:
                # A literal repeat is reported by duplicate_keys; an alias ("public" and
                # "công khai") would silently override the first value.
                if keys[name][0] != str(k.value):
                    problems.error(
                        path,
                        f"khóa '{k.value}' trùng nghĩa với khóa '{keys[name][0]}' ở dòng "
                        f"{keys[name][1]} (cùng là '{name}'): hãy xóa một khóa",
                        kline,
                        kcol,
                    )
                continue
            keys[name] = (str(k.value), kline)
            if isinstance(v, yaml.SequenceNode):
                value = "; ".join(str(item.value) for item in v.value)
            elif isinstance(v, yaml.ScalarNode):
                value = "" if v.tag.endswith(":null") else str(v.value)
            else:
                problems.error(path, f"giá trị của '{k.value}' phải là chữ", kline, kcol)
                continue
            vmark = v.start_mark
            cells[name] = (nfc(value.strip()), vmark.line + 1, vmark.column + 1)
        sheet.rows.append(_make_row(path, line, cells, problems))
    return sheet


# --- rows ----------------------------------------------------------------------------------


def _make_row(path: Path, line: int, cells: dict[str, Cell], problems: Problems) -> Caption:
    row = Caption(path, line, cells={k: (c[1], c[2]) for k, c in cells.items()})

    def value(key: str) -> str:
        text = cells[key][0] if key in cells else ""
        # "'=x" is how we (and spreadsheets) keep a formula-like value as text.
        return text[1:] if text[:1] == "'" and text[1:2] in _FORMULA else text

    for key in ("file", "caption", "alt", "place", "event", "creator", "credit", "copyright"):
        setattr(row, key, value(key))
    if not row.file:
        problems.error(path, "thiếu tên tệp ảnh ở cột 'file'", *row.where("file"))
    if raw := value("date"):
        row.date = raw
        try:
            row.date_iso = parse_date(raw).iso()
        except DateError as exc:
            problems.error(path, str(exc), *row.where("date"))
    if raw := value("public"):
        folded = fold(raw).strip()
        if folded in _NO:
            row.public = False
        elif folded not in _YES:
            problems.error(
                path, f"cột public: '{raw}' không hợp lệ (để trống, 'có' hoặc 'không')",
                *row.where("public"),
            )  # fmt: skip
    if raw := value("focus"):
        row.focus = parse_focus(raw) or ""
        if not row.focus:
            problems.error(
                path,
                f"cột focus (tiêu điểm): '{raw[:40]}' không hợp lệ; ghi hai tỉ lệ phần trăm "
                "(ngang rồi dọc, ví dụ '50% 30%') hoặc vị trí: 'trái', 'giữa', 'phải', "
                "'trên', 'dưới' (ví dụ 'trên trái')",
                *row.where("focus"),
            )
    for person in (p.strip() for p in _PEOPLE_SPLIT.split(value("people"))):
        if not person:
            continue
        if slugify(person) != person:
            problems.error(
                path,
                f"mã người '{person}' không hợp lệ (dùng mã trong dữ liệu nhân sự, "
                f"ví dụ '{slugify(person) or 'nguyen-van-an'}')",
                *row.where("people"),
            )
        else:
            row.people.append(person)
    return row


#: Focal-point words (folded) → (axis, percent): "trái" is the left edge, "dưới" the bottom.
_FOCUS_WORDS = {
    "trai": ("x", 0), "left": ("x", 0), "phai": ("x", 100), "right": ("x", 100),
    "tren": ("y", 0), "top": ("y", 0), "duoi": ("y", 100), "bottom": ("y", 100),
    "giua": ("", 50), "center": ("", 50), "centre": ("", 50),
}  # fmt: skip
_FOCUS_PERCENT = re.compile(r"(\d{1,3}(?:[.,]\d{1,2})?)\s*%")


def parse_focus(text: str) -> str | None:
    """A focal point as CSS ``object-position`` ("50% 30%"), or None if it is not one.

    Accepts two percentages (horizontal, then vertical: "50% 30%", "50%, 30%") or one
    or two position words ("trên", "dưới phải", "giữa"). The result is rebuilt from the
    numbers, never copied from the cell, so nothing else can reach a ``style``.
    """
    folded = fold(text).strip().lower()
    numbers = _FOCUS_PERCENT.findall(folded)
    if numbers:
        if len(numbers) != 2 or _FOCUS_PERCENT.sub("", folded).strip(" ,;") != "":
            return None
        x, y = (float(n.replace(",", ".")) for n in numbers)
    else:
        words = [w for w in re.split(r"[\s,;/-]+", folded) if w]
        if not 1 <= len(words) <= 2 or any(w not in _FOCUS_WORDS for w in words):
            return None
        axes: dict[str, float] = {}
        for axis, value in (_FOCUS_WORDS[w] for w in words):
            if axis and axis in axes:
                return None  # "trái phải": two places on one axis
            if axis:
                axes[axis] = value
        x, y = axes.get("x", 50), axes.get("y", 50)
    if not (0 <= x <= 100 and 0 <= y <= 100):
        return None
    return f"{x:g}% {y:g}%"


def parse_sheet(path: Path, data: bytes, problems: Problems) -> Sheet:
    """A CSV or YAML sheet from its bytes (``path`` names it and picks the format)."""
    text = _decode(path, data, problems)
    if text is None:
        return Sheet(path, exists=True)
    if path.suffix.lower() in (".yml", ".yaml"):
        return _read_yaml(path, text, problems)
    return _read_csv(path, text, problems)
