"""Timeline grouping by period (pure, no MkDocs)."""

from __future__ import annotations

import itertools
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


def test_timeline_pages_cut_periods_and_link_them_in_reading_order() -> None:
    from yearbook.web.timeline import timeline_pages

    a, b = chapter(1989, 1994), chapter(1994, 1999)
    events = [event(f"{1990 + i % 2}", f"A{i}") for i in range(5)] + [event("1996", "B0")]
    events.append(event("2030", "Ngoài"))
    pages = timeline_pages(periods_with_events([a, b], [a, b], events), per_page=2)
    assert [p.src_uri for p in pages] == [
        "dong-thoi-gian/1989-1994.md", "dong-thoi-gian/1989-1994-2.md",
        "dong-thoi-gian/1989-1994-3.md", "dong-thoi-gian/1994-1999.md",
        "dong-thoi-gian/cac-moc-khac.md",
    ]  # fmt: skip
    shown = [e.title for p in pages for e in p.events]
    assert sorted(shown) == sorted(e.title for e in events), "every event once"
    assert [p.count for p in pages] == [3, 3, 3, 1, 1]
    assert pages[0].prev is None and pages[-1].next is None
    assert all(x.next is y and y.prev is x for x, y in itertools.pairwise(pages))
    assert (
        pages[1].label == "Giai đoạn 1989–1994 (trang 2)"
        and pages[3].label == "Giai đoạn 1994–1999"
    )
    assert pages[-1].title == "Các mốc khác"


def test_people_index_splits_by_letter_only_when_large() -> None:
    from yearbook.plugin.pages import letter_anchor
    from yearbook.web.people import people_pages

    groups = [("A", list(range(5))), ("Đ", list(range(2)))]
    (single,) = people_pages(groups, "nhan-vat.md", letter_anchor, per_page=7)
    assert single.kind == "all" and single.groups == groups
    overview, *letters = people_pages(groups, "nhan-vat.md", letter_anchor, per_page=2)
    assert overview.kind == "overview" and overview.src_uri == "nhan-vat.md"
    assert overview.letters == [("A", "nhan-vat/chu-a.md", 5), ("Đ", "nhan-vat/chu-dd.md", 2)]
    assert [p.src_uri for p in letters] == [
        "nhan-vat/chu-a.md", "nhan-vat/chu-a-2.md", "nhan-vat/chu-a-3.md", "nhan-vat/chu-dd.md",
    ]  # fmt: skip
    assert [x for p in letters for _, g in p.groups for x in g] == [0, 1, 2, 3, 4, 0, 1]
    assert letters[2].next is letters[3] and letters[3].prev is letters[2]


def test_split_pages_are_merged_into_their_overview_for_the_book() -> None:
    """with-pdf prints the navigation's pages: the overview takes its pages' articles."""
    from types import SimpleNamespace

    from bs4 import BeautifulSoup

    from yearbook.pdf.parts import SplitPages

    def page(uri: str, url: str, html: str) -> SimpleNamespace:
        p = SimpleNamespace(file=SimpleNamespace(src_uri=uri), url=url)
        setattr(p, "pdf-article", BeautifulSoup(html, "html.parser").article)
        return p

    overview = page(
        "dong-thoi-gian.md", "dong-thoi-gian/", "<article><h1>Dòng thời gian</h1></article>"
    )
    second = page(
        "dong-thoi-gian/b.md", "dong-thoi-gian/b/", "<article><h1>B</h1><p>2</p></article>"
    )
    first = page(
        "dong-thoi-gian/a.md", "dong-thoi-gian/a/", "<article><h1>A</h1><h2>x</h2></article>"
    )
    parts = SplitPages({"dong-thoi-gian.md": ["dong-thoi-gian/a.md", "dong-thoi-gian/b.md"]})
    for p in (second, overview, first, page("other.md", "other/", "<article></article>")):
        parts.collect(p)
    parts.merge()
    merged = getattr(overview, "pdf-article")
    assert [s["id"] for s in merged.find_all("section")] == [
        "dong-thoi-gian/a/:",
        "dong-thoi-gian/b/:",
    ]
    assert [h.name + h.text for h in merged.find_all(["h1", "h2", "h3"])] == [
        "h1Dòng thời gian", "h2A", "h3x", "h2B",
    ]  # fmt: skip
    assert getattr(first, "pdf-article") is None, "a merged page is printed once"
