"""Photos for the website: read the pipeline's manifest and describe figures and galleries.

The photo pipeline writes ``manifest.json`` (only public photos) next to the
derivatives. This module turns one manifest entry into what a ``<figure>``
needs — ``srcset``, ``sizes``, intrinsic size, placeholder colour, alt text and
a caption that ends "Ảnh: <credit>" — without knowing about MkDocs or HTML:
the markup lives in the Jinja templates under ``yearbook/theme/yearbook/``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..photos.captions import parse_focus
from ..photos.pipeline import read_manifest
from ..text import fold, nfc, slugify

#: Where derivatives are published inside the site.
SITE_PREFIX = "assets/photos/"

#: ``sizes`` per figure variant: a photo across the text column, a gallery
#: tile, a small thumbnail (timeline, people index), a portrait, the cover.
SIZES = {
    "figure": "(min-width: 76.25em) 43rem, (min-width: 60em) 62vw, 94vw",
    "gallery": "(min-width: 76.25em) 14rem, (min-width: 45em) 30vw, 46vw",
    "thumb": "8rem",
    "portrait": "7rem",
    "cover": "(min-width: 76.25em) 35rem, (min-width: 45em) 56vw, 94vw",
}

#: The lightbox opens the largest web derivative up to this width: never the print file.
LIGHTBOX_MAX_WIDTH = 2048

GALLERY_KINDS = {"folder": "thư mục", "year": "năm", "event": "sự kiện"}


@dataclass(frozen=True)
class Source:
    width: int
    height: int
    jpeg: str
    webp: str | None = None


@dataclass(frozen=True)
class Photo:
    """One public photo as the manifest describes it."""

    id: str
    width: int
    height: int
    sources: tuple[Source, ...]
    caption: str = ""
    alt: str = ""
    credit: str = ""
    creator: str = ""
    date: str = ""
    date_iso: str = ""
    color: str = "#d9d4cc"
    placeholder: str = ""
    people: tuple[str, ...] = ()
    place: str = ""
    event: str = ""
    folder: str = ""
    print_file: str = ""
    #: Focal point from the caption sheet as CSS ``object-position`` ("50% 30%"), or "".
    focus: str = ""

    @property
    def year(self) -> str:
        return self.date_iso[:4] if self.date_iso[:4].isdigit() else ""

    @property
    def largest(self) -> Source:
        return max(self.sources, key=lambda s: s.width)

    @property
    def lightbox(self) -> Source:
        """The web derivative the lightbox opens: the largest ≤ ``LIGHTBOX_MAX_WIDTH``."""
        fitting = [s for s in self.sources if s.width <= LIGHTBOX_MAX_WIDTH]
        return max(fitting, key=lambda s: s.width) if fitting else self.sources[0]

    def source_for(self, width: int) -> Source:
        """The smallest derivative at least ``width`` pixels wide (or the largest)."""
        fitting = [s for s in self.sources if s.width >= width]
        return min(fitting, key=lambda s: s.width) if fitting else self.largest


@dataclass
class PhotoLibrary:
    """Every public photo, by id, in manifest order."""

    photos: dict[str, Photo] = field(default_factory=dict)
    output_dir: Path | None = None

    def __contains__(self, photo_id: object) -> bool:
        return photo_id in self.photos

    def get(self, photo_id: str) -> Photo | None:
        return self.photos.get(photo_id)

    def gallery(self, kind: str, value: str) -> list[Photo]:
        """Photos of an archive folder, a year, or an event (by name or slug)."""
        value = nfc(value.strip())
        if kind == "folder":
            chosen = [
                p
                for p in self.photos.values()
                if p.folder == value or p.folder.split("/")[-1] == value
            ]
        elif kind == "year":
            chosen = [p for p in self.photos.values() if p.year == value]
        elif kind == "event":
            chosen = [
                p for p in self.photos.values() if p.event and slugify(p.event) == slugify(value)
            ]
        else:
            raise ValueError(kind)
        return sorted(chosen, key=lambda p: (p.date_iso or "9999", p.id))

    def with_person(self, person_id: str) -> list[Photo]:
        return [p for p in self.photos.values() if person_id in p.people]

    def folders(self) -> list[str]:
        return sorted({p.folder for p in self.photos.values() if p.folder}, key=fold)


def load_library(output_dir: Path) -> PhotoLibrary:
    """Read ``manifest.json`` from the pipeline's output folder; empty if not built yet."""
    data = read_manifest(output_dir)
    if data is None:
        return PhotoLibrary(output_dir=output_dir)
    photos = {}
    for pid, raw in (data.get("photos") or {}).items():
        photo = photo_from_manifest(pid, raw)
        if photo is not None:
            photos[pid] = photo
    return PhotoLibrary(photos, output_dir)


def photo_from_manifest(pid: str, raw: dict[str, Any]) -> Photo | None:
    sources = tuple(
        Source(int(s["width"]), int(s["height"]), str(s["jpeg"]), s.get("webp"))
        for s in raw.get("web", [])
        if s.get("jpeg")
    )
    if not sources:
        return None
    largest = max(sources, key=lambda s: s.width)
    printed = raw.get("print") or {}
    return Photo(
        id=pid,
        width=int(raw.get("width") or largest.width),
        height=int(raw.get("height") or largest.height),
        sources=tuple(sorted(sources, key=lambda s: s.width)),
        caption=nfc(str(raw.get("caption") or "")),
        alt=nfc(str(raw.get("alt") or "")),
        credit=nfc(str(raw.get("credit") or "")),
        creator=nfc(str(raw.get("creator") or "")),
        date=nfc(str(raw.get("date") or "")),
        date_iso=str(raw.get("date_iso") or ""),
        color=str(raw.get("color") or "#d9d4cc"),
        placeholder=str(raw.get("placeholder") or ""),
        people=tuple(raw.get("people") or ()),
        place=nfc(str(raw.get("place") or "")),
        event=nfc(str(raw.get("event") or "")),
        folder=nfc(str(raw.get("folder") or "")),
        print_file=str(printed.get("file") or ""),
        # Checked again: the manifest is a file on disk, and this value reaches a style.
        focus=parse_focus(str(raw.get("focus") or "")) or "",
    )


def derivative_files(library: PhotoLibrary) -> Iterable[str]:
    """Paths (relative to the output dir) of every derivative the site must publish.

    Web sizes only: the 300 dpi print derivatives are read by the PDF build from the
    pipeline's cache and are no part of the website (they were 2/3 of a site's bytes).
    """
    for photo in library.photos.values():
        for s in photo.sources:
            yield s.jpeg
            if s.webp:
                yield s.webp


@dataclass(frozen=True)
class Figure:
    """Everything a figure template needs, with URLs relative to the current page."""

    photo: Photo
    variant: str
    src: str
    srcset: str
    webp_srcset: str
    sizes: str
    full: str
    alt: str
    caption: str
    credit: str
    lazy: bool
    gallery: str = ""

    @property
    def width(self) -> int:
        return self.photo.width

    @property
    def height(self) -> int:
        return self.photo.height


def make_figure(
    photo: Photo,
    url: Any,
    *,
    variant: str = "figure",
    alt: str = "",
    caption: str = "",
    lazy: bool = True,
    gallery: str = "",
    default_credit: str = "",
) -> Figure:
    """Describe one photo for a template; ``url`` maps site paths to page-relative URLs."""

    def site(path: str) -> str:
        return url(SITE_PREFIX + path)

    sources = photo.sources
    if variant in ("thumb", "portrait"):
        # Shown 6–8rem wide: sizes past 960 px are never picked, so not listed.
        sources = tuple(s for s in sources if s.width <= 960) or sources[:1]
    srcset = ", ".join(f"{site(s.jpeg)} {s.width}w" for s in sources)
    webp = ", ".join(f"{site(s.webp)} {s.width}w" for s in sources if s.webp)
    if webp and len([s for s in sources if s.webp]) != len(sources):
        webp = ""
    small = photo.source_for(480 if variant in ("thumb", "portrait", "gallery") else 960)
    text = caption or photo.caption or alt or photo.alt
    return Figure(
        photo=photo,
        variant=variant,
        src=site(small.jpeg),
        srcset=srcset,
        webp_srcset=webp,
        sizes=SIZES.get(variant, SIZES["figure"]),
        full=site(photo.lightbox.jpeg),
        alt=alt or photo.alt or photo.caption or text,
        caption=text,
        credit=photo.credit or photo.creator or default_credit,
        lazy=lazy,
        gallery=gallery,
    )
