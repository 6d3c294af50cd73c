"""The plan's schedule ("Tiến độ"): phases, their deadlines, and what is due, done or late.

Deadlines are written as the plan writes them — "01/2020", "Quý I/2020" or
"Q1/2020", "28/8/2020" — and fall on the last day of what they name. What a
phase waits for is read from the content itself (``track``), so the report
can never disagree with the pages:

- ``submissions``: every unit has sent an article (plan I.3);
- ``review``: no page is still a draft, and every office leader of a period
  has given a verdict on its chapter (plan II.1);
- ``approval``: every page is approved (plan II.3);
- ``none``: a step outside the content (printing, acceptance), marked ``done``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .dates import DateError, parse_date
from .model import STATUS_LABELS, Phase
from .problems import Problems
from .reviewers import due_reviewers, has_verdict
from .text import fold

if TYPE_CHECKING:
    from .book import Book

TRACKS = ("submissions", "review", "approval", "none")
STATE_LABELS = {"done": "Đã xong", "due": "Chưa đến hạn", "overdue": "Quá hạn"}
_QUARTER = re.compile(r"^(?:q|quy)\s*(i{1,3}|iv|[1-4])\s*[/.-]\s*(\d{4})$")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
REPORT_KINDS = ("foreword", "chapter", "unit", "essay")


@dataclass
class PhaseStatus:
    phase: str
    title: str
    due: str
    deadline: str  # ISO date, the last day of ``due``
    state: str
    state_label: str
    days_left: int
    outstanding: list[str] = field(default_factory=list)


def deadline(text: str) -> dt.date:
    """The last day a deadline allows: "01/2020" → 31/1/2020, "Quý I/2020" → 31/3/2020."""
    folded = fold(text).strip()
    if m := _QUARTER.match(folded):
        quarter = _ROMAN.get(m[1]) or int(m[1])
        year, month = int(m[2]), quarter * 3
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    try:
        when = parse_date(text)
    except DateError as exc:
        raise DateError(
            f"hạn '{text}' không đọc được (dùng 01/2020, Quý I/2020 hoặc 28/8/2020)"
        ) from exc
    month = when.month or 12
    day = when.day or calendar.monthrange(when.year, month)[1]
    return dt.date(when.year, month, day)


def parse_today(text: str) -> dt.date:
    """``--today``: 2020-02-15 or 15/02/2020."""
    when = parse_date(text)
    if not when.day:
        raise DateError(f"--today cần ngày đầy đủ, ví dụ 15/02/2020 (không phải '{text}')")
    return dt.date(when.year, when.month, when.day)


def outstanding(book: Book, phase: Phase) -> list[str]:
    """What this phase still waits for, in Vietnamese, one item a line."""
    pages = [p for kind in REPORT_KINDS for p in book.by_kind(kind)]
    if phase.track == "submissions":
        submitted = {p.unit for p in pages if p.kind in ("unit", "essay")}
        return [f"{u.name}: chưa nộp bài" for uid, u in book.units.items() if uid not in submitted]
    if phase.track == "review":
        items = [
            f"{p.src_uri}: còn là {STATUS_LABELS['draft'].lower()}"
            for p in pages
            if p.status == "draft"
        ]
        for chapter in book.chapters:
            for person in due_reviewers(book, chapter):
                if not has_verdict(chapter, person):
                    items.append(f"{person.name}: chưa có ý kiến về {chapter.src_uri}")
        return items
    if phase.track == "approval":
        return [
            f"{p.src_uri}: {STATUS_LABELS[p.status].lower()}, chưa phê duyệt"
            for p in pages
            if not p.is_approved
        ]
    return [] if phase.done else ["chưa đánh dấu hoàn thành (done: true)"]


def phase_status(book: Book, phase: Phase, today: dt.date) -> PhaseStatus:
    last = deadline(phase.due)
    items = outstanding(book, phase)
    state = "done" if not items else "overdue" if today > last else "due"
    return PhaseStatus(
        phase=phase.phase,
        title=phase.title,
        due=phase.due,
        deadline=last.isoformat(),
        state=state,
        state_label=STATE_LABELS[state],
        days_left=(last - today).days,
        outstanding=items,
    )


def schedule_status(book: Book, today: dt.date) -> list[PhaseStatus]:
    return [phase_status(book, phase, today) for phase in book.config.schedule]


def check_schedule(phases: tuple[Phase, ...], config_file: str, problems: Problems) -> None:
    """Deadlines that cannot be read are errors of the config, not of the report."""
    for phase in phases:
        try:
            deadline(phase.due)
        except DateError as exc:
            problems.error(config_file, f"schedule: giai đoạn {phase.phase}: {exc}")
