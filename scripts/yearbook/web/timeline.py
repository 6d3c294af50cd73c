"""The timeline grouped by period, for the "Dòng thời gian" page.

Periods come from every chapter (so the structure does not change when a
chapter is still in review), but a period only links to its chapter when that
chapter is visible in this build.
"""

from __future__ import annotations

import itertools
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


#: Folder of the timeline's period pages (the overview is ``dong-thoi-gian.md``).
TIMELINE_DIR = "dong-thoi-gian"
#: Events per timeline page: with three thumbnails each and the page chrome, well under
#: 150 KB of HTML, and never more than 60 thumbnails for a browser to fetch.
EVENTS_PER_PAGE = 20


@dataclass
class TimelinePage:
    """One page of one period's events (a period with many events has several)."""

    period: Period
    number: int
    count: int
    events: list[Any]
    src_uri: str
    prev: TimelinePage | None = None
    next: TimelinePage | None = None

    @property
    def title(self) -> str:
        return f"Giai đoạn {self.period.label}" if self.period.start else "Các mốc khác"

    @property
    def label(self) -> str:
        """The title with the page number when the period has several pages."""
        return self.title + (f" (trang {self.number})" if self.count > 1 else "")


def timeline_pages(
    periods: Iterable[Period], per_page: int = EVENTS_PER_PAGE
) -> list[TimelinePage]:
    """Every period's events cut into pages, in reading order, linked prev/next.

    Nothing is left out: each event is on exactly one page. ``dong-thoi-gian/1989-1994.md``
    holds a period's first events, ``…-2.md`` the next ones.
    """
    out: list[TimelinePage] = []
    for period in periods:
        slug = period.anchor.removeprefix("giai-doan-")
        count = max(1, -(-len(period.events) // per_page))
        for n in range(1, count + 1):
            suffix = "" if n == 1 else f"-{n}"
            out.append(
                TimelinePage(
                    period=period,
                    number=n,
                    count=count,
                    events=period.events[(n - 1) * per_page : n * per_page],
                    src_uri=f"{TIMELINE_DIR}/{slug}{suffix}.md",
                )
            )
    for before, after in itertools.pairwise(out):
        before.next, after.prev = after, before
    return out
