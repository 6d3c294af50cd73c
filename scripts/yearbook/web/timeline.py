"""The timeline grouped by period, for the "Dòng thời gian" page.

Periods come from every chapter (so the structure does not change when a
chapter is still in review), but a period only links to its chapter when that
chapter is visible in this build.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..model import Event, Page


@dataclass
class Period:
    start: int
    end: int
    chapter: Page | None  # the chapter page, only when visible
    chapter_id: str
    events: list[Any] = field(default_factory=list)  # Event, or a view of one

    @property
    def label(self) -> str:
        return f"{self.start}–{self.end}"

    @property
    def anchor(self) -> str:
        """Heading id on the timeline page: "giai-doan-1989-1994"."""
        return f"giai-doan-{self.start}-{self.end}" if self.start else "cac-moc-khac"


def periods_with_events(
    chapters: Iterable[Page], visible: Iterable[Page], events: Iterable[Event]
) -> list[Period]:
    """Events placed in their chapter's period (or the first period covering their year)."""
    shown = {p.src_uri for p in visible}
    periods = [
        Period(c.start_year, c.end_year, c if c.src_uri in shown else None, c.id)
        for c in sorted(chapters, key=lambda c: (c.start_year or 0, c.end_year or 0))
        if c.start_year and c.end_year
    ]
    rest = Period(0, 0, None, "")
    for event in sorted(events, key=lambda e: e.date.sort_key()):
        by_chapter = next(
            (
                p
                for p in periods
                if p.chapter_id == event.chapter and p.start <= event.date.year <= p.end
            ),
            None,
        )
        period = by_chapter or next(
            (p for p in periods if p.start <= event.date.year <= p.end), rest
        )
        period.events.append(event)
    out = [p for p in periods if p.events]
    if rest.events:
        out.append(rest)
    return out
