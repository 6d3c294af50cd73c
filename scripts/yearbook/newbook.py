"""``yearbook init DIR``: a new, empty book for another agency.

The book folder holds only what is the book's own (``mkdocs.yml``, ``docs/``,
``archive/``, a README, ``.gitignore`` and a CI workflow); the theme, the PDF
templates and every default come from the installed package. The files are
written from ``templates/init/`` and ``templates/new/chapter.md``; the result
passes ``yearbook check`` and builds the site and both PDFs as it is.
"""

from __future__ import annotations

import itertools
import re
import string
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .pdf.settings import parse_trim
from .settings import YearbookConfig
from .text import nfc, slugify

_SPAN = re.compile(r"^\s*(\d{4})\s*[-–]\s*(\d{4})\s*$")


class InitError(ValueError):
    """A Vietnamese message for the editor (bad option, folder not empty)."""


@dataclass(frozen=True)
class NewBook:
    organization: str
    title: str
    start_year: int
    end_year: int
    periods: tuple[tuple[int, int], ...]
    trim: str = "A4"


def parse_span(text: str, what: str) -> tuple[int, int]:
    match = _SPAN.match(text)
    if not match:
        raise InitError(f"{what} '{text}' không hợp lệ (dạng 1995-2020)")
    start, end = int(match[1]), int(match[2])
    if not 1900 <= start < end <= 2100:
        raise InitError(f"{what} '{text}' không hợp lệ (năm đầu phải nhỏ hơn năm cuối)")
    return start, end


def default_periods(start: int, end: int) -> tuple[tuple[int, int], ...]:
    """Five-year periods sharing their boundary years: 1995–2000, 2000–2005, …"""
    edges = [*list(range(start, end, 5)), end]
    if len(edges) > 2 and edges[-1] - edges[-2] < 3:
        del edges[-2]  # no stub period at the end
    return tuple(itertools.pairwise(edges))


def parse_periods(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    periods = [parse_span(part, "giai đoạn") for part in text.split(",") if part.strip()]
    periods.sort()
    if not periods or periods[0][0] != start or periods[-1][1] != end:
        raise InitError(f"các giai đoạn phải bắt đầu năm {start} và kết thúc năm {end}")
    for (_, a_end), (b_start, _) in itertools.pairwise(periods):
        if not a_end <= b_start <= a_end + 1:
            raise InitError(
                f"giai đoạn bắt đầu năm {b_start} không nối tiếp giai đoạn kết thúc năm {a_end}"
            )
    return tuple(periods)


def make_book(
    organization: str, title: str, years: str, periods: str | None = None, trim: str = "A4"
) -> NewBook:
    organization, title = nfc(organization.strip()), nfc(title.strip())
    if not organization or not title:
        raise InitError("cần --organization và --title (tên đơn vị, tên sách)")
    for text in (organization, title):
        if '"' in text or "\\" in text:
            raise InitError(f"tên '{text}' không được chứa dấu ngoặc kép hoặc '\\'")
    start, end = parse_span(years, "khoảng năm")
    try:
        parse_trim(trim)
    except ValueError as exc:
        raise InitError(str(exc)) from exc
    spans = parse_periods(periods, start, end) if periods else default_periods(start, end)
    return NewBook(organization, title, start, end, spans, trim)


def _template(name: str) -> string.Template:
    return string.Template(resources.files("yearbook").joinpath(name).read_text("utf-8"))


def write_book(root: Path, book: NewBook) -> list[Path]:
    """Write the new book into ``root`` (missing or empty); return the files written."""
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise InitError(f"thư mục '{root}' đã có nội dung; chọn một thư mục trống hoặc chưa có")
    chapters_dir = YearbookConfig.chapters_dir.default
    stems = [f"{a}-{b}" for a, b in book.periods]
    values = {
        "organization": book.organization,
        "title": book.title,
        "start_year": book.start_year,
        "end_year": book.end_year,
        "span": book.end_year - book.start_year,
        "trim": book.trim,
        "slug": slugify(book.title)[:60].rstrip("-") or "ky-yeu",
        "chapters_dir": chapters_dir,
        "first_chapter": stems[0],
    }
    files: dict[str, str] = {
        "mkdocs.yml": "templates/init/mkdocs.yml",
        "README.md": "templates/init/README.md",
        ".gitignore": "templates/init/gitignore.txt",
        ".github/workflows/ky-yeu.yml": "templates/init/ci.yml",
        "docs/index.md": "templates/init/index.md",
        f"docs/{YearbookConfig.foreword.default}": "templates/init/foreword.md",
        "docs/data/people.yml": "templates/init/people.yml",
        "docs/data/units.yml": "templates/init/units.yml",
        "docs/data/timeline.yml": "templates/init/timeline.yml",
        "docs/data/board.yml": "templates/init/board.yml",
        "archive/captions.csv": "templates/init/captions.csv",
    }
    texts = {rel: _template(src).substitute(values) for rel, src in files.items()}
    chapter = _template("templates/new/chapter.md")
    for order, ((a, b), stem) in enumerate(zip(book.periods, stems, strict=True), start=1):
        text = chapter.substitute(
            title=f"Giai đoạn {a}–{b}",
            start_year=a,
            end_year=b,
            order=order,
            unit="",
            author="Tổ Biên tập",
        )
        text = "\n".join(line for line in text.split("\n") if line != "unit: ")
        texts[f"docs/{chapters_dir}/{stem}.md"] = text
    written = []
    for rel, text in texts.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
        written.append(path)
    for stem in stems:
        (root / "archive" / stem).mkdir(parents=True, exist_ok=True)
    return written
