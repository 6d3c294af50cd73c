"""The print edition's document: CMYK photos, a title page instead of the covers, no SVG.

The covers are printed on their own (``cover.py``: one spread with the spine),
so the text block starts with a title page and ends with the colophon. Photos
are embedded as CMYK JPEGs converted through the output profile; the
conversions are cached next to the photo derivatives, one folder per
conversion (profile, intent, TAC), so a rebuild converts only new photos.
SVG drawings carry RGB colours WeasyPrint would write unchecked: the print
edition leaves them out and says so.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup, Tag
from jinja2 import Environment, FileSystemLoader, select_autoescape

from .colour import TEMPLATE_DIR, CmykConverter
from .images import PHOTO_URL
from .settings import PdfSettings

log = logging.getLogger("mkdocs.plugins.yearbook.pdf")
CMYK_DIR = "cmyk"


@dataclass
class PrintPhotos:
    """The photos of one print render: WeasyPrint URL → photo id, and the conversions made."""

    by_url: dict[str, str] = field(default_factory=dict)
    converted: int = 0
    svgs_removed: int = 0


def template_env() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=select_autoescape(["html"]),
        keep_trailing_newline=True,
    )


def title_page(soup: BeautifulSoup, settings: PdfSettings) -> None:
    """Replace the front cover with the title page and drop the back cover."""
    cover = soup.find(id="doc-cover")
    year = settings.release_date[-4:] if settings.release_date else ""
    place = ", ".join(x for x in (settings.cover_place, year) if x)
    html = (
        template_env()
        .get_template("print_title_page.html")
        .render(
            organization=settings.organization,
            title=settings.title,
            years=settings.years,
            place=place,
        )
    )
    page = BeautifulSoup(html, "html.parser")
    if isinstance(cover, Tag):
        cover.replace_with(page)
    elif soup.body is not None:
        soup.body.insert(0, page)
    back = soup.find(id="doc-back_cover")
    if isinstance(back, Tag):
        back.decompose()


def drop_svg(soup: BeautifulSoup) -> int:
    removed = 0
    for tag in soup.find_all("svg"):
        if not tag.decomposed:
            tag.decompose()
            removed += 1
    for img in soup.find_all("img"):
        src = str(img.get("src", "")).split("?")[0].lower()
        if src.endswith(".svg") or src.startswith("data:image/svg"):
            img.decompose()
            removed += 1
    return removed


def cmyk_photos(
    soup: BeautifulSoup,
    converter: CmykConverter,
    photos_dir: Path | None,
    quality: int,
) -> PrintPhotos:
    """Point every print derivative at its CMYK conversion (made now when missing)."""
    result = PrintPhotos()
    if photos_dir is None:
        return result
    folder = f"{CMYK_DIR}/{converter.key}"
    for img in soup.find_all("img"):
        src = str(img.get("src", ""))
        if not src.startswith(PHOTO_URL):
            continue
        rel = src[len(PHOTO_URL) :]
        source = photos_dir / rel
        if not source.is_file():
            continue
        target_rel = f"{folder}/{Path(rel).name}"
        target = photos_dir / target_rel
        if not target.is_file() or target.stat().st_mtime < source.stat().st_mtime:
            converter.convert_file(source, target, quality)
            result.converted += 1
        img["src"] = PHOTO_URL + target_rel
        result.by_url[PHOTO_URL + target_rel] = str(img.get("data-photo") or Path(rel).stem)
    return result


def print_document(
    soup: BeautifulSoup, settings: PdfSettings, converter: CmykConverter
) -> PrintPhotos:
    title_page(soup, settings)
    removed = drop_svg(soup)
    photos = cmyk_photos(soup, converter, settings.photos_dir, settings.prepress.jpeg_quality)
    photos.svgs_removed = removed
    if removed:
        log.warning(
            "Bản in: bỏ %d hình vẽ SVG (màu RGB, không hợp lệ trong PDF/X); "
            "hãy dùng ảnh thay cho hình vẽ SVG trong sách in",
            removed,
        )
    return photos


def print_stylesheet(book_css: str, converter: CmykConverter, trim_mm: tuple[float, float]) -> str:
    """The book's CSS with every colour separated, the output intent and the print rules."""
    profile_url = converter.profile.path.resolve().as_uri()
    extra = (TEMPLATE_DIR / "print.css").read_text("utf-8")
    return "\n".join(
        (
            converter.profile_css(profile_url),
            converter.convert_css(book_css),
            extra,
            f"#doc-title-page {{ height: {trim_mm[1]}mm; }}",
        )
    )
