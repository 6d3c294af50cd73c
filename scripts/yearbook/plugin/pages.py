"""Generated pages: timeline, leaders, people index, photo galleries and colophon.

Each page is Markdown rendered from a Jinja template in ``yearbook/theme/yearbook/``
and handed to MkDocs as a virtual file (``File.generated``), so it gets the
theme, the table of contents, search, link validation and the PDF like any
page an editor wrote. Only pages visible in this build are ever linked: in a
public build a chapter under review does not exist here either.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass
from typing import Any

import jinja2

from ..book import Book
from ..buildinfo import build_datetime, commit_label, vietnamese_date
from ..model import Event, Page, Person
from ..people_index import given_initial, group_by_initial, leaders, people_entries
from ..text import slugify
from ..web.people import PEOPLE_DIR, people_pages
from ..web.photos import Photo, PhotoLibrary
from ..web.timeline import TIMELINE_DIR, periods_with_events, timeline_pages

TIMELINE = "dong-thoi-gian.md"
LEADERS = "lanh-dao.md"
PEOPLE = "nhan-vat.md"
PHOTOS = "anh.md"
COLOPHON = "xuat-ban.md"
#: Folder of the generated photo pages: one page per archive folder, paginated.
PHOTO_PAGES_DIR = "anh"
#: Photos per photo page: with the page chrome, well under 150 KB of HTML, and never more
#: than 60 thumbnails for a browser to fetch before the reader scrolls.
PHOTOS_PER_PAGE = 48
#: Previews per folder on the "Ảnh tư liệu" index page.
FOLDER_PREVIEWS = 3
#: Events of each period the timeline's overview names before linking the period's page.
TIMELINE_TEASERS = 3
#: Folders of generated pages reached from their overview page, not from the navigation
#: (the navigation is part of every page's HTML: thousands of entries would weigh on all).
OVERVIEWS = {PHOTO_PAGES_DIR + "/": PHOTOS, TIMELINE_DIR + "/": TIMELINE, PEOPLE_DIR + "/": PEOPLE}
UNLISTED_DIRS = tuple(OVERVIEWS)

TEMPLATES = {
    TIMELINE: "yearbook/timeline.html",
    LEADERS: "yearbook/leaders.html",
    PEOPLE: "yearbook/people.html",
    PHOTOS: "yearbook/photos.html",
    COLOPHON: "yearbook/colophon.html",
}


@dataclass
class EventView:
    """An event as the timeline and people index show it (links only to visible pages)."""

    date: Any
    title: str
    text: str
    anchor: str
    chapter_page: Page | None
    people: list[Person]
    photos: list[Photo]
    #: The timeline page that shows this event (set once the timeline is cut into pages).
    page_uri: str = TIMELINE


def event_anchor(event: Event) -> str:
    return f"su-kien-{event.date.iso()}-{slugify(event.title)}"[:80].rstrip("-")


#: Telex spelling of the letters with marks, for readable anchors ("#chu-dd" for Đ).
_TELEX = {"Ă": "aw", "Â": "aa", "Đ": "dd", "Ê": "ee", "Ô": "oo", "Ơ": "ow", "Ư": "uw"}


def letter_anchor(letter: str) -> str:
    return "chu-" + (_TELEX.get(letter) or slugify(letter) or "khac")


def folder_title(folder: str) -> str:
    """Archive folder name as a heading: "1989-1994" → "Giai đoạn 1989–1994"."""
    head = folder.split("/")[-1]
    parts = head.split("-")
    if len(parts) == 2 and all(p.isdigit() and len(p) == 4 for p in parts):
        return f"Giai đoạn {parts[0]}–{parts[1]}"
    return head.replace("-", " ").capitalize() if head.isascii() else head


@dataclass
class PhotoPage:
    """One page of an archive folder's photos."""

    folder: str
    title: str
    number: int
    count: int
    start: int
    total: int
    src_uri: str


def photo_pages(library: PhotoLibrary, titles: dict[str, str]) -> dict[str, list[PhotoPage]]:
    """The paginated photo pages of every archive folder, keyed by folder."""
    out: dict[str, list[PhotoPage]] = {}
    for folder in library.folders():
        photos = library.gallery("folder", folder)
        slug = slugify(folder) or "anh"
        title = titles.get(folder) or folder_title(folder)
        count = max(1, -(-len(photos) // PHOTOS_PER_PAGE))
        out[folder] = [
            PhotoPage(
                folder=folder,
                title=title,
                number=n,
                count=count,
                start=(n - 1) * PHOTOS_PER_PAGE,
                total=len(photos),
                src_uri=f"{PHOTO_PAGES_DIR}/{slug}{'' if n == 1 else f'-{n}'}.md",
            )
            for n in range(1, count + 1)
        ]
    return out


def render_generated(
    book: Book,
    library: PhotoLibrary,
    env: jinja2.Environment,
    preview: bool,
    yb: dict[str, Any],
    build_date: dt.datetime | None = None,
    links: dict[str, Any] | None = None,
) -> dict[str, str]:
    """Markdown of every generated page, keyed by its ``src_uri``.

    ``links``, when given, receives where things landed: ``person`` (person id → the
    people page that lists them) and ``split`` (an overview page → its pages, in order).
    """
    visible = book.visible(preview)
    shown = {p.src_uri for p in visible}
    chapters_by_id = {p.id: p for p in book.chapters if p.src_uri in shown}
    views: dict[int, EventView] = {}
    anchors: set[str] = set()

    def view(event: Event) -> EventView:
        if id(event) not in views:
            anchor = base = event_anchor(event)
            n = 1
            while anchor in anchors:  # same day, same title: still one anchor each
                n += 1
                anchor = f"{base}-{n}"
            anchors.add(anchor)
            views[id(event)] = EventView(
                date=event.date,
                title=event.title,
                text=event.text,
                anchor=anchor,
                chapter_page=chapters_by_id.get(event.chapter or ""),
                people=[book.people[p] for p in event.people if p in book.people],
                photos=[library.photos[p] for p in event.photos if p in library],
            )
        return views[id(event)]

    periods = periods_with_events(book.chapters, visible, book.timeline)
    for period in periods:
        period.events = [view(e) for e in period.events]
    timeline = timeline_pages(periods)
    for tpage in timeline:
        for e in tpage.events:
            e.page_uri = tpage.src_uri

    linkable = [p for p in visible if p.kind != "page"]
    photo_people = {pid: p.people for pid, p in library.photos.items()}
    entries = people_entries(book, linkable, photo_people)
    for entry in entries:
        entry.photos = [library.photos[p] for p in entry.photos]
        entry.events = [view(e) for e in entry.events]
    people = people_pages(group_by_initial(entries), PEOPLE, letter_anchor)
    person_uri = {
        e.id: ppage.src_uri for ppage in people for _, group in ppage.groups for e in group
    }

    def rel(src_uri: str, base: str) -> str:
        """A Markdown link from page ``base`` to ``src_uri`` (MkDocs resolves it)."""
        path, _, anchor = src_uri.partition("#")
        out = posixpath.relpath(path, posixpath.dirname(base) or ".")
        return out + ("#" + anchor if anchor else "")

    def person_link(base: str) -> Any:
        return lambda pid: rel(f"{person_uri.get(pid, PEOPLE)}#{pid}", base)

    common = {"yb": yb, "units": book.units, "photos": library.photos}
    paged = photo_pages(library, yb.get("folder_names") or {})
    when = build_date or build_datetime()
    pages = {
        TIMELINE: {
            "periods": [
                (first, [t for t in timeline if t.period is first.period])
                for first in timeline
                if first.number == 1
            ],
            "teasers": TIMELINE_TEASERS,
            "rel": lambda uri: rel(uri, TIMELINE),
        },
        LEADERS: {
            "groups": leaders(book.people.values(), book.config.leader_offices),
            "initial": given_initial,
            "person_link": person_link(LEADERS),
        },
        PHOTOS: {
            "folders": [(pages[0], library.gallery("folder", f)) for f, pages in paged.items()],
            "previews": FOLDER_PREVIEWS,
        },
        COLOPHON: {
            "board": book.board,
            "build_date": vietnamese_date(when),
            "commit": commit_label(book.config.project_dir),
            **review_board([p for p in visible if p.gated and p.approval and p.is_approved]),
        },
    }
    if not library.photos:
        del pages[PHOTOS]
    out = {
        uri: env.get_template(TEMPLATES[uri]).render(**common, **ctx) for uri, ctx in pages.items()
    }
    period_template = env.get_template("yearbook/timeline_period.html")
    for tpage in timeline:
        siblings = [t for t in timeline if t.period is tpage.period]
        out[tpage.src_uri] = period_template.render(
            **common,
            page=tpage,
            pages=siblings,
            total=len(tpage.period.events),
            rel=lambda uri, base=tpage.src_uri: rel(uri, base),
            person_link=person_link(tpage.src_uri),
        )
    people_template = env.get_template(TEMPLATES[PEOPLE])
    for ppage in people:
        out[ppage.src_uri] = people_template.render(
            **common,
            page=ppage,
            pages=people,
            letter_anchor=letter_anchor,
            rel=lambda uri, base=ppage.src_uri: rel(uri, base),
        )
    folder_template = env.get_template("yearbook/photo_folder.html")
    for folder_pages in paged.values():
        for page in folder_pages:
            out[page.src_uri] = folder_template.render(
                **common,
                page=page,
                pages=folder_pages,
                per_page=PHOTOS_PER_PAGE,
                rel=lambda uri, base=page.src_uri: rel(uri, base),
            )
    if links is not None:
        links["person"] = person_uri
        links["split"] = {
            TIMELINE: [t.src_uri for t in timeline],
            PEOPLE: [p.src_uri for p in people if p.src_uri != PEOPLE],
        }
    return out


def review_board(approved: list[Page]) -> dict[str, list[dict[str, str]]]:
    """Who reviewed and who approved the book, as a Vietnamese commemorative book names them.

    Each reviewer once (name and role), never a verdict or a date per page; each approver
    once, with the span of dates of their approvals.
    """
    reviewers: dict[str, dict[str, str]] = {}
    approvers: dict[tuple[str, str], list[Any]] = {}
    for page in approved:
        for r in page.reviewers:
            reviewers.setdefault(r.name, {"name": r.name, "role": r.role})
        assert page.approval is not None
        approvers.setdefault((page.approval.by, page.approval.role), []).append(page.approval.date)
    approvals = []
    for (by, role), dates in approvers.items():
        ordered = sorted(dates, key=lambda d: d.sort_key())
        first, last = str(ordered[0]), str(ordered[-1])
        approvals.append({"by": by, "role": role, "first": first, "last": last})
    return {"reviewers": list(reviewers.values()), "approvers": approvals}
