"""Who is asked to check which period (plan II.1), from the terms in the people data.

One rule, shared by ``yearbook status`` (reviewers without a verdict) and
``yearbook proof`` (what goes into a reviewer's packet): a person served in a
chapter's period when one of their terms overlaps it by more than the
boundary year two neighbouring chapters share. The reviewers *due* for a
chapter are the office's own leaders (terms not tied to a unit) who served in
it — the plan invites "lãnh đạo … Văn phòng … trong từng giai đoạn".
"""

from __future__ import annotations

from .book import Book
from .model import Event, Office, Page, Person


def _overlaps(office: Office, start: int, end: int, span_end: int) -> bool:
    last = office.end if office.end is not None else span_end
    if office.start == last:  # a term within one year counts for every period holding it
        return start <= office.start <= end
    return max(office.start, start) < min(last, end)


def served(person: Person, page: Page, span_end: int, *, office_only: bool = False) -> bool:
    if page.start_year is None or page.end_year is None:
        return False
    return any(
        _overlaps(o, page.start_year, page.end_year, span_end)
        for o in person.offices
        if not (office_only and o.unit)
    )


def chapters_served(book: Book, person: Person) -> list[Page]:
    """The chapters whose period this person served in (any office)."""
    return [p for p in book.chapters if served(person, p, book.config.end_year)]


def units_headed(book: Book, person: Person) -> list[str]:
    units = {o.unit for o in person.offices if o.unit}
    units |= {uid for uid, u in book.units.items() if person.id in u.heads}
    return sorted(u for u in units if u in book.units)


def events_in(book: Book, chapters: list[Page]) -> list[Event]:
    """Timeline events linked to these chapters, or dated inside their periods."""
    ids = {c.id for c in chapters}
    spans = [(c.start_year or 0, c.end_year or 0) for c in chapters]
    return [
        e
        for e in book.timeline
        if e.chapter in ids or (e.chapter is None and any(a <= e.date.year <= b for a, b in spans))
    ]


def due_reviewers(book: Book, page: Page) -> list[Person]:
    """The office leaders who served in this chapter's period."""
    if page.kind != "chapter":
        return []
    end = book.config.end_year
    return [p for p in book.people.values() if served(p, page, end, office_only=True)]


def has_verdict(page: Page, person: Person) -> bool:
    return any(r.person == person.id for r in page.reviewers)


def reviewers_due(book: Book) -> dict[str, list[Page]]:
    """Person id → chapters they are asked to check, for every reviewer due."""
    out: dict[str, list[Page]] = {}
    for chapter in book.chapters:
        for person in due_reviewers(book, chapter):
            out.setdefault(person.id, []).append(chapter)
    return out
