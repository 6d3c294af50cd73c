"""Timeline grouping by period (pure, no MkDocs)."""

from __future__ import annotations

from pathlib import Path

from yearbook.dates import parse_date
from yearbook.model import Event, Page
from yearbook.web.timeline import periods_with_events


def chapter(start: int, end: int, status: str = "approved") -> Page:
    ident = f"{start}-{end}"
    return Page(
        kind="chapter", id=ident, src_uri=f"giai-doan/{ident}.md", path=Path(f"{ident}.md"),
        title=f"Giai đoạn {start}–{end}", status=status,
        meta={"start_year": start, "end_year": end}, body="", body_line=1,
    )  # fmt: skip


def event(date: str, title: str, chapter_id: str | None = None) -> Event:
    return Event(parse_date(date), title, chapter=chapter_id)


def test_events_grouped_by_period_boundary_year_follows_chapter() -> None:
    a, b = chapter(1989, 1994), chapter(1994, 1999, status="review")
    events = [
        event("1995", "Sau"),
        event("khoảng 1994", "Ranh giới, chương sau", "1994-1999"),
        event("1/7/1989", "Tái lập"),
        event("1994", "Ranh giới, không ghi chương"),
        event("2030", "Ngoài các giai đoạn"),
    ]
    periods = periods_with_events([b, a], [a], events)
    assert [p.label for p in periods] == ["1989–1994", "1994–1999", "0–0"]
    assert [e.title for e in periods[0].events] == ["Tái lập", "Ranh giới, không ghi chương"]
    assert [e.title for e in periods[1].events] == ["Ranh giới, chương sau", "Sau"]
    assert periods[0].chapter is a
    assert periods[1].chapter is None, "a chapter in review is never linked"
    assert periods[1].anchor == "giai-doan-1994-1999" and periods[2].anchor == "cac-moc-khac"
    assert str(periods[1].events[0].date) == "khoảng 1994"
