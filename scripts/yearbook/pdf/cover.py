"""The cover spread (``…-bia.pdf``): back cover, spine and front cover on one sheet.

A bound book's cover is printed flat and wrapped around the text block, so
the printer wants one page: back (left), spine, front (right), with bleed all
round and fold marks at the spine. The spine is as thick as the text block:
its sheets (pages / 2) times the paper's caliper. Its text (title,
organisation, years) is set only when the spine is wide enough to hold it.
The spread is its own small WeasyPrint document in the print edition's colour
setup (CMYK, the same output profile) and is finished by ``prepress``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from . import prepress
from .colour import CmykConverter
from .images import PHOTO_URL
from .print_edition import PrintPhotos, cmyk_photos, template_env
from .settings import PdfSettings

TEMPLATE = "cover_spread.html"


def spine_width_mm(pages: int, caliper_mm: float) -> float:
    """Thickness of the text block: one sheet per two pages (rounded to 0.1 mm)."""
    return round(math.ceil(pages / 2) * caliper_mm, 1)


@dataclass(frozen=True)
class CoverSize:
    trim_mm: tuple[float, float]  # one side
    spine_mm: float
    bleed_mm: float

    @property
    def spread_mm(self) -> tuple[float, float]:
        """The trimmed spread: two sides and the spine."""
        return (2 * self.trim_mm[0] + self.spine_mm, self.trim_mm[1])

    @property
    def with_bleed_mm(self) -> tuple[float, float]:
        width, height = self.spread_mm
        return (width + 2 * self.bleed_mm, height + 2 * self.bleed_mm)


def cover_photo(
    settings: PdfSettings, manifest: dict[str, dict[str, Any]]
) -> tuple[str, float | None]:
    """The cover photo's URL and the widest it prints at ``warn_ppi`` (mm): never blurred."""
    entry = manifest.get(settings.cover_photo or "") or {}
    derivative = entry.get("print") or {}
    rel = derivative.get("file")
    if not rel:
        return "", None
    width = derivative.get("width") or entry.get("width")
    widest = width / settings.prepress.warn_ppi * 25.4 if width else None
    return PHOTO_URL + rel, widest


def cover_html(
    settings: PdfSettings,
    size: CoverSize,
    photo: str,
    place: str = "",
    photo_max_mm: float | None = None,
) -> str:
    spine = size.spine_mm
    spine_text = spine >= settings.prepress.spine_text_min_mm
    return (
        template_env()
        .get_template(TEMPLATE)
        .render(
            width=round(size.spread_mm[0], 3),
            height=size.spread_mm[1],
            trim_w=size.trim_mm[0],
            spine=spine,
            spine_text=spine_text,
            spine_pt=round(min(14.0, spine * 2.83 * 0.5), 1),
            title=settings.title,
            cover_title=settings.cover_title or settings.title,
            cover_subtitle=settings.cover_subtitle,
            back_note=settings.back_note,
            red=settings.colours.get("red") or "#8e1b14",
            gold=settings.colours.get("gold") or "#e3bc5b",
            organization=settings.organization,
            years=settings.years,
            site_url=settings.site_url,
            photo=photo,
            photo_max_mm=round(min(size.trim_mm[0] - 60, photo_max_mm or 1e9), 1),
            place=place,
            meta={
                "author": settings.organization,
                "dcterms.created": settings.build_iso,
                "dcterms.modified": settings.build_iso,
            }
            if settings.build_iso
            else {"author": settings.organization},
        )
    )


def render_cover(
    settings: PdfSettings,
    target: Path,
    *,
    pages: int,
    converter: CmykConverter,
    manifest: dict[str, dict[str, Any]],
    base_url: str,
    fetcher: Any,
    pdf_variant: str | None,
    bleed_mm: float,
    marks: str,
    photos: PrintPhotos | None = None,
) -> CoverSize:
    """Write the cover spread for a text block of ``pages`` pages; return its size."""
    spec = settings.prepress
    size = CoverSize(settings.trim_mm, spine_width_mm(pages, spec.paper_caliper_mm), bleed_mm)
    year = settings.release_date[-4:] if settings.release_date else ""
    year = ", ".join(x for x in (settings.cover_place, year) if x)
    photo, widest = cover_photo(settings, manifest)
    html = cover_html(settings, size, photo, year, widest)
    soup = BeautifulSoup(html, "html.parser")
    converted = cmyk_photos(soup, converter, settings.photos_dir, spec.jpeg_quality)
    if photos is not None:
        photos.by_url.update(converted.by_url)
    style = soup.find("style")
    css = style.string if style is not None and style.string else ""
    if style is not None:
        style.decompose()
    stylesheet = "\n".join(
        (
            converter.profile_css(converter.profile.path.resolve().as_uri()),
            converter.convert_css(css),
            f"@page {{ bleed: {bleed_mm}mm; marks: none; }}",
        )
    )
    tmp = target.with_name(f".{target.name}.weasy")
    target.parent.mkdir(parents=True, exist_ok=True)
    options: dict[str, Any] = {"pdf_variant": pdf_variant} if pdf_variant else {}
    fonts = FontConfiguration()
    HTML(string=str(soup), base_url=base_url, url_fetcher=fetcher).write_pdf(
        tmp,
        stylesheets=[CSS(string=stylesheet, base_url=base_url, font_config=fonts)],
        font_config=fonts,
        **options,
    )
    geometry = prepress.Geometry(
        trim_mm=size.spread_mm,
        bleed_mm=bleed_mm,
        slug_mm=spec.slug_mm,
        crop_marks="crop" in marks,
        registration_marks="cross" in marks,
        folds_mm=(size.trim_mm[0], size.trim_mm[0] + size.spine_mm),
    )
    prepress.finish(tmp, geometry, converter.profile, target=target)
    tmp.unlink(missing_ok=True)
    return size
