"""Pages the website cuts up, printed whole in the book.

The website splits the timeline by period and a large people index by letter, so that
no page grows heavy; only the overview page is in the navigation. with-pdf prints the
pages of the navigation, so each overview's article receives its pages' articles here,
in reading order, before with-pdf assembles the document: the book keeps every event
and every person, under the part heading it always had.

with-pdf keeps each rendered page's ``<article>`` on the MkDocs page object (attribute
``pdf-article``, set in its ``on_post_page``) with ids and links already rewritten to
``page/path/:id``; a merged page gets the ``page/path/:`` id that links to it expect.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

ARTICLE = "pdf-article"


def article_path(page: Any) -> str:
    """with-pdf's id of a page: ``dong-thoi-gian/1989-1994/`` (directory-URL style)."""
    path = str(page.url or "")
    if not path or path == "index.html":
        return "."
    if path.endswith("index.html"):
        return path.removesuffix("index.html")
    return re.sub(r"\.html$", "/", path)


class SplitPages:
    """Collects the pages of split overviews while MkDocs renders, then merges them."""

    def __init__(self, split: Mapping[str, Sequence[str]]) -> None:
        self.split = {parent: list(children) for parent, children in split.items() if children}
        self.wanted = set(self.split) | {c for cs in self.split.values() for c in cs}
        self.pages: dict[str, Any] = {}

    def collect(self, page: Any) -> None:
        """Remember a page after with-pdf has taken its article (our hook runs later)."""
        if page.file.src_uri in self.wanted:
            self.pages[page.file.src_uri] = page

    def merge(self) -> None:
        """Append each overview's pages to its article, headings one level down."""
        for parent, children in self.split.items():
            overview = self.pages.get(parent)
            article = getattr(overview, ARTICLE, None) if overview else None
            if article is None:
                continue  # with-pdf is off, or the overview was not rendered
            for uri in children:
                page = self.pages.get(uri)
                part = getattr(page, ARTICLE, None) if page else None
                if part is None or part is article:
                    continue
                for level in range(5, 0, -1):
                    for heading in part.find_all(f"h{level}"):
                        heading.name = f"h{level + 1}"
                part.name = "section"
                part.attrs = {"id": f"{article_path(page)}:", "class": ["pdf-split-page"]}
                article.append(part)
                setattr(page, ARTICLE, None)
        self.pages.clear()
