"""What each PDF edition is: page geometry, image source and PDF writer options.

Pure data, no MkDocs: the plugin maps its ``pdf`` config onto these, the
benchmark and the tests build them directly. One shared HTML document is
rendered once per edition; only the page box, the image derivatives and the
writer options differ, so the editions always carry the same text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import folders
from ..settings import PdfConfig

MM_PER_INCH = 25.4

#: ISO/JIS trim sizes editors are likely to ask for, in millimetres (portrait).
TRIM_SIZES: dict[str, tuple[float, float]] = {
    "A4": (210.0, 297.0),
    "A5": (148.0, 210.0),
    "B5": (176.0, 250.0),
    "JIS-B5": (182.0, 257.0),
    "19x27": (190.0, 270.0),
}

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:mm)?\s*[x× ]\s*(\d+(?:\.\d+)?)\s*(?:mm)?\s*$", re.I)


def parse_trim(value: str) -> tuple[float, float]:
    """``"A4"``, ``"B5"`` or ``"205x285"`` / ``"205mm 285mm"`` → (width, height) in mm."""
    key = value.strip()
    for name, size in TRIM_SIZES.items():
        if key.upper() == name.upper():
            return size
    match = _SIZE.match(key)
    if not match:
        known = ", ".join(TRIM_SIZES)
        raise ValueError(f"khổ giấy '{value}' không hợp lệ (dùng {known} hoặc 'rộngxcao' mm)")
    width, height = float(match[1]), float(match[2])
    if not (50 <= width <= 600 and 50 <= height <= 800):
        raise ValueError(f"khổ giấy '{value}' nằm ngoài giới hạn hợp lý")
    return width, height


@dataclass(frozen=True)
class Edition:
    """One PDF written from the shared document."""

    name: str  # screen | print | archive
    label: str  # Vietnamese, printed in the colophon
    output: str  # relative to the site directory
    images: str  # "web" (screen derivatives) or "print" (300 dpi derivatives)
    dpi: int
    jpeg_quality: int | None = None
    bleed_mm: float = 0.0
    marks: str = ""
    pdf_variant: str | None = None


def _default(name: str) -> Any:
    return getattr(PdfConfig, name).default


@dataclass(frozen=True)
class PrintSpec:
    """The print edition's prepress: PDF/X, colour, geometry, cover and the printer's sheet.

    The defaults are the plugin's (``yearbook.settings.PdfConfig``), read from its schema.
    """

    pdf_variant: str = _default("pdf_variant")  # pdf/x-4 | pdf/x-1a | pdf/x-3 | ""
    colour_profile: str = _default("colour_profile")
    rendering_intent: str = _default("rendering_intent")
    tac_percent: float = float(_default("tac_percent"))
    page_multiple: int = _default("page_multiple")
    crop_marks: bool = _default("crop_marks")
    slug_mm: float = float(_default("slug_mm"))
    cover_output: str = _default("cover_output")
    paper: str = _default("paper")
    paper_caliper_mm: float = float(_default("paper_caliper_mm"))
    cover_paper: str = _default("cover_paper")
    binding: str = _default("binding")
    quantity: int = _default("quantity")
    spine_text_min_mm: float = 6.0
    spec_sheet: str = _default("spec_sheet")  # .txt and .html are written
    warn_ppi: int = 300
    error_ppi: int = 200
    jpeg_quality: int = 92
    project_dir: Path | None = None  # resolves a colour profile given as a path

    @property
    def variant_label(self) -> str:
        return self.pdf_variant.upper().replace("PDF/X-1A", "PDF/X-1a") or "không PDF/X"


def cover_output_for(print_output: str, cover_output: str = "") -> str:
    """``pdf/ky-yeu-ban-in.pdf`` → ``pdf/ky-yeu-ban-in-bia.pdf`` unless configured."""
    if cover_output:
        return cover_output
    stem = print_output[:-4] if print_output.lower().endswith(".pdf") else print_output
    return f"{stem}-bia.pdf"


@dataclass(frozen=True)
class PdfSettings:
    """Book-wide settings shared by every edition."""

    trim_mm: tuple[float, float] = TRIM_SIZES["A4"]
    editions: tuple[Edition, ...] = ()
    photos_dir: Path | None = None  # the pipeline's output folder (holds manifest.json)
    chapters_dir: str = folders.CHAPTERS_DIR
    units_dir: str = folders.UNITS_DIR
    essays_dir: str = folders.ESSAYS_DIR
    foreword: str = folders.FOREWORD
    cover_photo: str = "anh-bia"
    title: str = ""
    organization: str = ""
    years: str = ""
    #: Identity texts of the covers and running heads (``cover:`` and ``pdf:`` settings).
    cover_title: str = ""
    cover_subtitle: str = ""
    cover_place: str = ""
    back_note: str = ""
    running_head: str = ""
    #: Design tokens of the PDF: SCSS variables set before ``styles.scss`` is compiled.
    colours: dict[str, str] = field(default_factory=dict)
    edition: str = ""
    release_date: str = ""
    printer: str = ""
    commit: str = ""
    build_date: str = ""  # Vietnamese d/m/yyyy, from SOURCE_DATE_EPOCH in release builds
    build_iso: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    prepress: PrintSpec = field(default_factory=PrintSpec)
    site_url: str = ""

    @property
    def text_width_mm(self) -> float:
        """Width of the type area; must match the margins in ``styles.scss``."""
        inner, outer = margins_mm(self.trim_mm)[1::2]
        return self.trim_mm[0] - inner - outer


def margins_mm(trim: tuple[float, float]) -> tuple[float, float, float, float]:
    """Top, inside, bottom, outside margins scaled from the A4 design.

    The type area is 136 mm wide on A4: at the body size in ``styles.scss`` (11.5 pt)
    that is a measure of about 66 characters, within the 60–70 a book reads best at.
    """
    scale = trim[0] / 210.0
    return (24.0 * scale, 32.0 * scale, 28.0 * scale, 42.0 * scale)


def default_editions(
    *,
    output: str,
    screen_dpi: int = 150,
    screen_jpeg_quality: int = 80,
    print_output: str | None = PdfConfig.print_output.default,
    print_dpi: int = 300,
    bleed_mm: float = 3.0,
    marks: str = "crop cross",
    archive_output: str | None = None,
    print_variant: str | None = PrintSpec.pdf_variant,
) -> tuple[Edition, ...]:
    editions = [
        Edition(
            "screen", "Bản điện tử", output, "web", screen_dpi, jpeg_quality=screen_jpeg_quality
        )
    ]
    if print_output:
        editions.append(
            Edition(
                "print",
                "Bản in",
                print_output,
                "print",
                print_dpi,
                None,
                bleed_mm,
                marks,
                pdf_variant=print_variant or None,
            )
        )
    if archive_output:
        editions.append(
            Edition(
                "archive",
                "Bản lưu trữ (PDF/A-3b)",
                archive_output,
                "web",
                screen_dpi,
                jpeg_quality=screen_jpeg_quality,
                pdf_variant="pdf/a-3b",
            )
        )
    return tuple(editions)
