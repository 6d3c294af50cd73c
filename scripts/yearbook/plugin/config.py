"""Typed configuration of the ``yearbook`` MkDocs plugin (``plugins: - yearbook:``)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from ..pdf.settings import PrintSpec


class PhotosConfig(Config):
    archive = c.Type(str, default="archive")
    output = c.Type(str, default=".cache/photos")
    captions = c.Type(str, default="archive/captions.csv")
    widths = c.ListOfItems(c.Type(int), default=[480, 960, 1600])
    jobs = c.Type(int, default=0)
    max_pixels = c.Type(int, default=120_000_000)
    enabled = c.Type(bool, default=True)


class PdfConfig(Config):
    """The PDF editions (see ``yearbook.pdf.settings``); with-pdf renders the shared document."""

    enabled = c.Type(bool, default=True)
    trim = c.Type(str, default="A4")
    bleed_mm = c.Type((int, float), default=3)
    marks = c.Type(str, default="crop cross")
    screen_dpi = c.Type(int, default=150)
    screen_jpeg_quality = c.Type(int, default=80)
    print_edition = c.Type(bool, default=True)
    print_output = c.Type(str, default="pdf/ky-yeu-30-nam-ban-in.pdf")
    print_dpi = c.Type(int, default=300)
    archive = c.Type(bool, default=False)
    archive_output = c.Type(str, default="pdf/ky-yeu-30-nam-luu-tru.pdf")
    cover_photo = c.Type(str, default="anh-bia")
    printer = c.Type(str, default="")
    #: Pages per printed section (tay sách); the ma-két ladder warns when the count is off.
    signature = c.Type(int, default=16)
    # The print edition's prepress (yearbook.pdf.settings.PrintSpec holds the defaults).
    pdf_variant = c.Choice(("pdf/x-4", "pdf/x-1a", "pdf/x-3", ""), default=PrintSpec.pdf_variant)
    colour_profile = c.Type(str, default=PrintSpec.colour_profile)
    rendering_intent = c.Choice(
        ("relative-colorimetric", "perceptual", "saturation", "absolute-colorimetric"),
        default=PrintSpec.rendering_intent,
    )
    tac_percent = c.Type((int, float), default=PrintSpec.tac_percent)
    page_multiple = c.Choice((1, 2, 4, 8, 16), default=PrintSpec.page_multiple)
    crop_marks = c.Type(bool, default=PrintSpec.crop_marks)
    slug_mm = c.Type((int, float), default=PrintSpec.slug_mm)
    cover_output = c.Type(str, default=PrintSpec.cover_output)
    paper = c.Type(str, default=PrintSpec.paper)
    paper_caliper_mm = c.Type((int, float), default=PrintSpec.paper_caliper_mm)
    cover_paper = c.Type(str, default=PrintSpec.cover_paper)
    binding = c.Type(str, default=PrintSpec.binding)
    quantity = c.Type(int, default=PrintSpec.quantity)
    spec_sheet = c.Type(str, default=PrintSpec.spec_sheet)


class ReleaseConfig(Config):
    """The release gate and the release build (see ``yearbook.release``)."""

    #: Let "Nội dung minh họa" / TODO markers pass the gate (never for the real book).
    allow_markers = c.Type(bool, default=False)
    #: File name of the offline edition (a zip of the site for file://), in the site folder.
    offline_output = c.Type(str, default="ky-yeu-offline.zip")
    #: Pre-commit: image files larger than this (KiB) may only be committed under archive/.
    max_photo_kb = c.Type(int, default=1024)


class PhaseConfig(Config):
    """One phase of the plan's schedule (``schedule:``); see ``yearbook.schedule``."""

    phase = c.Type(str)
    title = c.Type(str, default="")
    due = c.Type(str)
    track = c.Choice(("submissions", "review", "approval", "none"), default="none")
    done = c.Type(bool, default=False)


class YearbookConfig(Config):
    preview = c.Type(bool, default=False)
    #: Build into a hidden sibling and swap it in at the end; ``yearbook serve`` turns this
    #: off for its quick in-place rebuilds of a throw-away folder.
    atomic = c.Type(bool, default=True)
    start_year = c.Type(int, default=1989)
    end_year = c.Type(int, default=2019)
    title = c.Type(str, default="Kỷ yếu 30 năm xây dựng và phát triển (1989–2019)")
    organization = c.Type(str, default="Văn phòng UBND tỉnh Quảng Ngãi")
    #: The website header's title on phones, where the site name would be cut off.
    short_title = c.Type(str, default="")
    chapters_dir = c.Type(str, default="giai-doan")
    units_dir = c.Type(str, default="don-vi")
    essays_dir = c.Type(str, default="tuoi-tre")
    foreword = c.Type(str, default="loi-gioi-thieu.md")
    data_dir = c.Type(str, default="data")
    edition = c.Type(str, default="")
    release_date = c.Type(str, default="")
    auto_nav = c.Type(bool, default=True)
    photos = c.SubConfig(PhotosConfig)
    pdf = c.SubConfig(PdfConfig)
    release = c.SubConfig(ReleaseConfig)
    schedule = c.ListOfItems(c.SubConfig(PhaseConfig), default=[])
