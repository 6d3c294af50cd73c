"""Vietnamese typographic rules applied to the text of rendered pages (web and PDF).

Editors type on ordinary keyboards: straight quotes, a spaced hyphen for a dash,
a plain space in "ngày 1/7/1989" or "500 bản". Set as typed, a book gets ASCII
quotes, lines that start with a dash and a date or a quantity split across two
lines. These rules fix the text *as rendered*, never the editors' sources, and
only in text nodes: markup, attributes, code and scripts are left alone.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

NBSP = "\u00a0"
QUOTES = {'"': "“”", "'": "‘’"}
#: Elements whose text is code or data, not prose.
SKIP = frozenset({"code", "pre", "kbd", "samp", "script", "style", "textarea", "svg", "math"})
#: Words that name a quantity after a number ("500 bản", "21 × 29,7 cm", "30 năm").
UNITS = (
    "%", "‰", "°C", "mm", "cm", "m", "m²", "m2", "m³", "km", "km²", "ha", "kg", "g", "tấn",
    "lít", "đồng", "đ", "VNĐ", "VND", "USD", "nghìn", "triệu", "tỷ", "bản", "trang", "tập",
    "người", "cán bộ", "đơn vị", "phòng", "năm", "tháng", "ngày", "giờ", "phút", "tuổi",
    "lần", "kỳ", "khóa", "nhiệm kỳ", "dpi", "pt",
)  # fmt: skip
#: Words that introduce a date or a number and must stay on its line ("ngày 1/7/1989").
BEFORE_NUMBER = ("ngày", "tháng", "năm", "số", "khoảng", "quý", "khóa", "nhiệm kỳ", "giai đoạn")

_WORD_END = r"(?![\w²³])"
_UNIT = re.compile(
    r"(\d)[ \t]+(" + "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True)) + ")"
    + _WORD_END
)  # fmt: skip
_BEFORE = re.compile(
    r"(?<!\w)(" + "|".join(re.escape(w) for w in BEFORE_NUMBER) + r")[ \t]+(?=\d)", re.I
)
_TIMES = re.compile(r"(\d)[ \t]*×[ \t]*(\d)")
#: A spaced hyphen or dash: set as an en dash bound to the word before it.
_DASH = re.compile(r"[ \t]+(?:-{1,2}|–|—)(?=[ \t])")
_SPACES = re.compile(r"[ \t\n]+")


def bind_spaces(text: str) -> str:
    """No line break between a number and its unit, in "ngày 1/7/1989", or before a dash."""
    text = _TIMES.sub(lambda m: f"{m[1]}{NBSP}×{NBSP}{m[2]}", text)
    text = _UNIT.sub(lambda m: f"{m[1]}{NBSP}{m[2].replace(' ', NBSP)}", text)
    text = _BEFORE.sub(lambda m: m[1].replace(" ", NBSP) + NBSP, text)
    return _DASH.sub(lambda m: NBSP + ("—" if "—" in m[0] else "–"), text)


def curly_quotes(text: str, before: str = " ") -> str:
    """Straight quotes become “…” and ‘…’ (an apostrophe inside a word becomes ’).

    A quote opens after a space, an opening bracket, a dash or the start of the text
    (``before`` is the character that precedes ``text`` in the document) and closes
    otherwise.
    """
    out: list[str] = []
    prev = before or " "
    for ch in text:
        if ch in "\"'":
            opening = prev.isspace() or prev in "([{“‘–—-/" or prev == NBSP
            ch = QUOTES[ch][0 if opening else 1]
        out.append(ch)
        prev = ch
    return "".join(out)


def fix_text(text: str, before: str = " ") -> str:
    """Both rules on one string of prose."""
    return bind_spaces(curly_quotes(text, before))


def _prose_strings(root: Tag) -> Iterable[NavigableString]:
    for node in root.descendants:
        if not isinstance(node, NavigableString):
            continue
        if isinstance(node, Comment | Declaration | Doctype | ProcessingInstruction):
            continue
        if any(p.name in SKIP for p in node.parents if isinstance(p, Tag)):
            continue
        yield node


#: Words joined by the rules above, set as one unbreakable run.
_BOUND = re.compile(r"[^\s\u00a0]*(?:\u00a0[^\s\u00a0]*)+")
NOBR_CLASS = "yb-nobr"


def _bound_pieces(soup: BeautifulSoup, text: str) -> list[NavigableString | Tag]:
    """Text with each bound run in a ``<span class="yb-nobr">`` holding ordinary spaces.

    An unbreakable run styled ``white-space: nowrap`` rather than U+00A0 in the text: a
    reader who searches the PDF or the site for "ngày 1/7/1989" types a plain space.
    """
    pieces: list[NavigableString | Tag] = []
    at = 0
    for match in _BOUND.finditer(text):
        if match.start() > at:
            pieces.append(NavigableString(text[at : match.start()]))
        span = soup.new_tag("span", attrs={"class": NOBR_CLASS})
        span.string = match[0].replace(NBSP, " ")
        pieces.append(span)
        at = match.end()
    if at < len(text):
        pieces.append(NavigableString(text[at:]))
    return pieces


def apply(root: Tag | BeautifulSoup, soup: BeautifulSoup | None = None) -> int:
    """Apply the rules to every prose text node under ``root``; return how many changed.

    Quotes are decided in document order across nodes, so ``"<em>Lửa</em>"`` pairs.
    Idempotent: curly quotes and bound runs are left as they are.
    """
    owner = soup or (root if isinstance(root, BeautifulSoup) else _owner(root))
    changed = 0
    prev = " "
    for node in list(_prose_strings(root)):
        text = str(node)
        fixed = curly_quotes(text, prev)
        if not (isinstance(node.parent, Tag) and NOBR_CLASS in (node.parent.get("class") or [])):
            fixed = bind_spaces(fixed)
        if fixed != text:
            pieces = _bound_pieces(owner, fixed) if NBSP in fixed else [NavigableString(fixed)]
            node.replace_with(*pieces)
            changed += 1
        stripped = _SPACES.sub(" ", fixed)
        if stripped:
            prev = stripped[-1]
    return changed


def _owner(tag: Tag) -> BeautifulSoup:
    top: Tag = tag
    while top.parent is not None:
        top = top.parent
    assert isinstance(top, BeautifulSoup)
    return top


@functools.lru_cache(maxsize=400)
def apply_html(html: str) -> str:
    """The rules on an HTML fragment (a page's content), returned as HTML.

    A pure function of its text, remembered for the last 400 pages (a few dozen MB at
    most): the live preview's full builds (after a caption or title edit) typeset mostly
    unchanged pages again."""
    soup = BeautifulSoup(html, "html.parser")
    return str(soup) if apply(soup) else html
