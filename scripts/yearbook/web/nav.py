"""The website's navigation: the book's reading order, with the labels from the settings.

Pure function of the content model and MkDocs' file list; the plugin assigns the
result to ``config.nav`` when the book gives none.
"""

from __future__ import annotations

from typing import Any

from mkdocs.structure.files import Files

from ..book import Book
from ..settings import LabelsConfig

#: Pages the plugin generates (source name → the label they take from ``labels:``).
GENERATED_PAGES = {
    "dong-thoi-gian.md": "timeline",
    "anh.md": "photos",
    "lanh-dao.md": "leaders",
    "nhan-vat.md": "people",
    "xuat-ban.md": "colophon",
}


def build_nav(
    book: Book, files: Files, preview: bool, labels: LabelsConfig, skip: tuple[str, ...] = ()
) -> list[Any]:
    """The book's reading order: foreword, periods, timeline, leaders, units, essays, index."""
    cfg = book.config
    shown = {p.src_uri for p in book.visible(preview)}
    have = {f.src_uri for f in files if f.inclusion.is_included()}

    def section(title: str, folder: str, kind: str) -> dict[str, list[Any]] | None:
        items: list[Any] = []
        if f"{folder}/index.md" in have:
            items.append(f"{folder}/index.md")
        items += [{p.title: p.src_uri} for p in book.by_kind(kind) if p.src_uri in shown]
        return {title: items} if items else None

    nav: list[Any] = []
    if "index.md" in have:
        nav.append({labels.home: "index.md"})
    if cfg.foreword in shown:
        nav.append({labels.foreword: cfg.foreword})

    def generated(src_uri: str) -> dict[str, str] | None:
        return {labels[GENERATED_PAGES[src_uri]]: src_uri} if src_uri in have else None

    for entry in (
        section(labels.chapters, cfg.chapters_dir, "chapter"),
        generated("dong-thoi-gian.md"),
        generated("anh.md"),
        generated("lanh-dao.md"),
        section(labels.units, cfg.units_dir, "unit"),
        section(labels.essays, cfg.essays_dir, "essay"),
        generated("nhan-vat.md"),
        generated("xuat-ban.md"),
    ):
        if entry:
            nav.append(entry)
    listed = {cfg.foreword, "index.md", *GENERATED_PAGES}
    listed |= {p.src_uri for p in book.pages if p.kind != "page"}
    listed |= {f"{d}/index.md" for d in (cfg.chapters_dir, cfg.units_dir, cfg.essays_dir)}
    for file in files:
        included = file.is_documentation_page() and file.inclusion.is_in_nav()
        if skip and file.src_uri.startswith(skip):
            continue  # e.g. the photo pages, reached from "Ảnh tư liệu", not from the nav
        if included and file.src_uri not in listed:
            nav.append(file.src_uri)
    return nav
