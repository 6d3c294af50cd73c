"""Review packets for former leaders (plan II.1): ``site/proof/<id>.pdf``, one per reviewer.

Former leaders, many retired, check the facts of the periods they served in
on paper and write in the margins. A packet holds exactly that: the chapters
of their periods (drafts and chapters under review included), the unit
articles of the units they headed and the timeline events of those periods;
a cover letter naming them, their office and term; and a feedback form whose
comments refer to ``page:line``. Every content line is numbered, per page.

Line numbers are not a CSS feature: the packet is laid out once with
WeasyPrint, the line boxes of the content are read back from the layout, and
a second, transparent document with the numbers at those positions is laid
over each page with pikepdf. Reviewer notes already recorded are never
printed — not the reviewer's own, and never someone else's.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import markdown
import nh3

from ..book import Book
from ..model import STATUS_LABELS, VERDICT_LABELS, Event, Page, Person
from ..reviewers import chapters_served, events_in, units_headed
from ..text import slugify

FONTS_DIR = Path(str(resources.files("yearbook").joinpath("pdf/template/fonts")))
NO_NUMBERS = "yb-proof-nonumber"
HEADER = "BẢN XIN Ý KIẾN — không phát hành"
COMMENT_LINES = 14
_MD_EXTENSIONS = ["tables", "footnotes", "admonition", "attr_list", "sane_lists"]
_HEADING = re.compile(r"^#\s+.*$", re.M)


class ProofError(Exception):
    """Cannot make this packet (unknown person or chapter); the message is Vietnamese."""


@dataclass
class Section:
    page: Page
    html: str
    own_verdicts: list[str] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.page.status]


@dataclass
class Packet:
    id: str
    reviewer: Person | None
    offices: list[str]
    sections: list[Section]
    events: list[Event]
    chapter_ids: list[str]

    @property
    def title(self) -> str:
        return self.reviewer.name if self.reviewer else self.sections[0].page.title


@dataclass
class Written:
    packet: Packet
    path: Path
    pages: int


def _body_html(page: Page, book: Book) -> str:
    """The page's Markdown as plain, safe HTML: photo references become captioned placeholders."""
    text = _HEADING.sub("", page.body, count=1)  # the title is printed by the template

    text = re.sub(r"!\[([^\]]*)\]\(photo:([^)\s]+)[^)]*\)", r"*(Ảnh: \1 — mã ảnh \2)*", text)
    text = re.sub(r"!\[([^\]]*)\]\(gallery:([^)\s]+)[^)]*\)", r"*(Bộ ảnh: \1)*", text)
    text = re.sub(r"(?<!!)\[([^\]]*)\]\((?:person|unit|chapter):[^)\s]+\)", r"\1", text)
    html = markdown.markdown(text, extensions=_MD_EXTENSIONS, output_format="html")
    return nh3.clean(html)


def _offices(person: Person, book: Book) -> list[str]:
    out = []
    for office in person.offices:
        unit = book.units.get(office.unit or "")
        where = f", {unit.name}" if unit else ""
        out.append(f"{office.title}{where} ({office.term})")
    return out


def _section(page: Page, book: Book, reviewer: Person | None) -> Section:
    own = []
    if reviewer is not None:
        own = [
            f"Ngày {r.date}: {VERDICT_LABELS[r.verdict]}"
            for r in page.reviewers
            if r.person == reviewer.id
        ]
    return Section(page, _body_html(page, book), own)


def packet_for_reviewer(book: Book, person_id: str) -> Packet:
    person = book.people.get(person_id)
    if person is None:
        raise ProofError(f"không có người mã '{person_id}' trong dữ liệu nhân sự")
    chapters = chapters_served(book, person)
    units = units_headed(book, person)
    articles = [p for p in book.by_kind("unit") if p.unit in units]
    if not chapters and not articles:
        raise ProofError(
            f"{person.name}: nhiệm kỳ không trùng giai đoạn nào của kỷ yếu, không có bài để xin ý kiến"
        )
    sections = [_section(p, book, person) for p in [*chapters, *articles]]
    return Packet(
        person_id,
        person,
        _offices(person, book),
        sections,
        events_in(book, chapters),
        [c.id for c in chapters],
    )


def packet_for_chapter(book: Book, chapter_id: str) -> Packet:
    chapter = book.chapter(chapter_id)
    if chapter is None:
        known = ", ".join(c.id for c in book.chapters)
        raise ProofError(f"không có chương mã '{chapter_id}' (các chương: {known})")
    return Packet(
        chapter.id, None, [], [_section(chapter, book, None)], events_in(book, [chapter]),
        [chapter.id],
    )  # fmt: skip


# --- rendering ---------------------------------------------------------------------------


def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("yearbook", "editorial/templates"),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
    )


def _fetcher() -> Any:
    """Serve the vendored fonts and nothing else: a packet loads no file of the book."""
    from weasyprint.urls import URLFetcher, URLFetchingError

    fonts = FONTS_DIR.resolve()

    class FontsOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("file://"):
                path = Path(url[len("file://") :]).resolve()
                if path.is_relative_to(fonts) and path.is_file():
                    return super().fetch(url, headers)
            raise URLFetchingError(f"không tải: {url}")

    return FontsOnly()


def packet_html(packet: Packet, book: Book, *, when: dt.date, version: str, reply_by: str) -> str:
    return (
        _env()
        .get_template("proof.html")
        .render(
            packet=packet,
            book=book.config,
            header=HEADER,
            date=f"{when.day}/{when.month}/{when.year}",
            version=version,
            reply_by=reply_by,
            verdicts=list(VERDICT_LABELS.values()),
            comment_lines=range(1, COMMENT_LINES + 1),
            no_numbers=NO_NUMBERS,
            fonts=FONTS_DIR.resolve().as_uri() + "/",
        )
    )


def _has_text(box: Any) -> bool:
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        return bool(box.text.strip())
    return any(_has_text(c) for c in getattr(box, "children", []))


def _numbered_lines(page_box: Any) -> list[tuple[float, float, float]]:
    """(top, height, left) of every content line on a page, in CSS px, top to bottom."""
    from weasyprint.formatting_structure import boxes

    found: dict[int, tuple[float, float, float]] = {}

    def walk(box: Any) -> None:
        if isinstance(box, boxes.MarginBox):
            return
        element = getattr(box, "element", None)
        classes = (element.get("class") or "") if element is not None else ""
        if NO_NUMBERS in classes.split():
            return
        if isinstance(box, boxes.LineBox):
            if _has_text(box):
                key = round(box.position_y)
                top, height, left = found.get(key, (box.position_y, box.height, box.position_x))
                found[key] = (top, max(height, box.height), min(left, box.position_x))
            return
        for child in getattr(box, "children", []):
            walk(child)

    walk(page_box)
    return [found[k] for k in sorted(found)]


def _overlay_html(pages: list[tuple[float, float, float, list[tuple[float, float, float]]]]) -> str:
    """Numbers in one column left of the text block, each centred on its line."""
    parts = []
    for width, height, column, lines in pages:
        spans = "".join(
            f'<span style="top:{top + h * 0.5 - 4:.2f}px;left:{column - 34:.2f}px">{n}</span>'
            for n, (top, h, _left) in enumerate(lines, 1)
        )
        parts.append(f'<div class="p" style="width:{width}px;height:{height}px">{spans}</div>')
    return (
        "<html><head><style>"
        f"@font-face {{ font-family: YbSans; src: url({(FONTS_DIR / 'NotoSans-Regular.ttf').resolve().as_uri()}) }}"
        "@page { size: A4; margin: 0 }"
        "body { margin: 0 } .p { position: relative; page-break-after: always; overflow: hidden }"
        ".p span { position: absolute; width: 24px; text-align: right; font: 6.5pt/8px YbSans;"
        " color: #666 }"
        "</style></head><body>" + "".join(parts) + "</body></html>"
    )


def render_packet(html: str, target: Path) -> int:
    """Lay out, number the lines, write ``target`` atomically; returns the page count."""
    import pikepdf
    from weasyprint import HTML

    fetcher = _fetcher()
    document = HTML(string=html, base_url=FONTS_DIR.as_uri() + "/", url_fetcher=fetcher).render()
    geometry = [
        (
            p._page_box.margin_width(),
            p._page_box.margin_height(),
            p._page_box.content_box_x(),
            _numbered_lines(p._page_box),
        )
        for p in document.pages
    ]
    base = document.write_pdf()
    overlay = HTML(string=_overlay_html(geometry), url_fetcher=fetcher).write_pdf()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    with pikepdf.open(io.BytesIO(base)) as pdf, pikepdf.open(io.BytesIO(overlay)) as numbers:
        for page, numbered in zip(pdf.pages, numbers.pages, strict=True):
            page.add_overlay(numbered)
        pdf.save(tmp)
    tmp.replace(target)
    return len(document.pages)


def packet_file(out_dir: Path, packet: Packet) -> Path:
    return out_dir / f"{slugify(packet.id) or 'ban-xin-y-kien'}.pdf"
