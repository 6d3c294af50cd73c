"""The people index cut into pages when it grows: one page per letter, paginated.

A book with a few dozen people keeps one page, "Danh mục nhân vật", as before. With
hundreds (a 30-year archive tags everyone on its photos), that page becomes an
overview of the letters, and each letter gets its own pages under ``nhan-vat/``, so
no page grows past what a phone loads comfortably. Pure data: templates render it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

#: Folder of the people index's letter pages (the overview is ``nhan-vat.md``).
PEOPLE_DIR = "nhan-vat"
#: People per page: with three thumbnails each and the page chrome, well under 150 KB of
#: HTML and never more than 60 thumbnails for a browser to fetch before scrolling.
PEOPLE_PER_PAGE = 30


@dataclass
class PeoplePage:
    """One page of the index: ``all`` (the whole index), ``overview`` or ``letter``."""

    kind: str
    src_uri: str
    groups: list[tuple[str, list[Any]]] = field(default_factory=list)
    letter: str = ""
    number: int = 1
    count: int = 1
    total: int = 0
    #: On the overview: (letter, first page's src_uri, people under that letter).
    letters: list[tuple[str, str, int]] = field(default_factory=list)
    prev: PeoplePage | None = None
    next: PeoplePage | None = None

    @property
    def label(self) -> str:
        return f"Chữ {self.letter}" + (f" (trang {self.number})" if self.count > 1 else "")


def people_pages(
    groups: Sequence[tuple[str, list[Any]]],
    overview_uri: str,
    letter_anchor: Callable[[str], str],
    per_page: int = PEOPLE_PER_PAGE,
) -> list[PeoplePage]:
    """The index's pages: one page when everyone fits, else an overview and letter pages."""
    total = sum(len(entries) for _, entries in groups)
    if total <= per_page:
        return [PeoplePage("all", overview_uri, list(groups), total=total)]
    pages: list[PeoplePage] = []
    letters = []
    for letter, entries in groups:
        slug = letter_anchor(letter)
        count = -(-len(entries) // per_page)
        for n in range(1, count + 1):
            chunk = entries[(n - 1) * per_page : n * per_page]
            suffix = "" if n == 1 else f"-{n}"
            pages.append(
                PeoplePage("letter", f"{PEOPLE_DIR}/{slug}{suffix}.md", [(letter, chunk)],
                           letter=letter, number=n, count=count, total=len(entries))
            )  # fmt: skip
        letters.append((letter, f"{PEOPLE_DIR}/{slug}.md", len(entries)))
    for before, after in itertools.pairwise(pages):
        before.next, after.prev = after, before
    return [PeoplePage("overview", overview_uri, letters=letters, total=total), *pages]
