"""The people index ("Danh mục nhân vật") and the leaders by office, as plain data.

Pure functions over the content model: the website and the PDF render them
with templates. Only the pages given (the visible ones) are listed, so a
public build can never point at a chapter that is not approved yet.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .book import Book
from .model import Event, Office, Page, Person
from .text import nfc, person_sort_key, vi_sort_key


@dataclass
class PersonEntry:
    person: Person
    pages: list[Page] = field(default_factory=list)
    photos: list[str] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.person.id

    @property
    def name(self) -> str:
        return self.person.name


def given_initial(name: str) -> str:
    """The letter a person is filed under: "Trần Thị Ánh" → "A", "Lê Văn Đạo" → "Đ".

    Tone marks are dropped but letter marks kept (Ă Â Đ Ê Ô Ơ Ư are letters of
    their own in the Vietnamese alphabet).
    """
    words = nfc(name).split()
    if not words:
        return "#"
    first = words[-1][0]
    if first in "đĐ":
        return "Đ"
    base = unicodedata.normalize("NFD", first)
    kept = "".join(ch for ch in base if ch in "\u0306\u0302\u031b" or not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", kept).upper()


def people_entries(
    book: Book,
    pages: Iterable[Page],
    photo_people: Mapping[str, Iterable[str]],
) -> list[PersonEntry]:
    """Every person with the given pages and photos they appear in, in Vietnamese order."""
    entries = {pid: PersonEntry(p) for pid, p in book.people.items()}
    for page in pages:
        for pid in page.people:
            if pid in entries and page not in entries[pid].pages:
                entries[pid].pages.append(page)
    for photo_id, people in photo_people.items():
        for pid in people:
            if pid in entries and photo_id not in entries[pid].photos:
                entries[pid].photos.append(photo_id)
    for event in book.timeline:
        for pid in event.people:
            if pid in entries:
                entries[pid].events.append(event)
    return sorted(entries.values(), key=lambda e: (person_sort_key(e.name), e.id))


def group_by_initial(entries: Iterable[PersonEntry]) -> list[tuple[str, list[PersonEntry]]]:
    """Entries (already sorted) grouped under the letter of their given name."""
    groups: dict[str, list[PersonEntry]] = {}
    for entry in entries:
        groups.setdefault(given_initial(entry.name), []).append(entry)
    return list(groups.items())


@dataclass
class OfficeGroup:
    title: str
    terms: list[tuple[Person, Office]]


def leaders(people: Iterable[Person], first: Sequence[str] = ()) -> list[OfficeGroup]:
    """Offices and who held them, by term: the ``first`` offices (the book's
    ``leader_offices``, e.g. "Giám đốc Sở") in that order, then the rest alphabetically."""
    by_title: dict[str, list[tuple[Person, Office]]] = {}
    for person in people:
        for office in person.offices:
            by_title.setdefault(office.title, []).append((person, office))

    def rank(title: str) -> tuple[int, object]:
        if title in first:
            return (list(first).index(title), ())
        return (len(first), vi_sort_key(title))

    return [
        OfficeGroup(
            title,
            sorted(
                by_title[title],
                key=lambda t: (t[1].start, t[1].end or 9999, person_sort_key(t[0].name)),
            ),
        )
        for title in sorted(by_title, key=rank)
    ]
