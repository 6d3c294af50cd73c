"""The one typed settings tree of a book (``plugins: - yearbook:`` in ``mkdocs.yml``).

This is the only home of defaults: the plugin, the command line, the release build
and the PDF wiring all read this tree (MkDocs ``Config`` classes, as Material's own
plugins do), so a wrong key or type is reported by MkDocs with its name. Defaults
are generic: nothing here names one agency, its place or its years. A book states
its identity (organisation, title, years, place, anniversary line) in its own
``mkdocs.yml``; ``yearbook init`` writes them.
"""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from . import folders


class Colour(c.Type):
    """A CSS hex colour ("#8e1b14"): it is written into stylesheets, so nothing else is taken."""

    def __init__(self, default: str) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        import re

        text = super().run_validation(value)
        if text and not re.fullmatch(r"#(?:[0-9a-fA-F]{3}){1,2}", text):
            raise c.ValidationError(f"màu '{text}' không hợp lệ (dùng mã hex, ví dụ #8e1b14)")
        return text


class Font(c.Type):
    """A font family name (letters, digits, spaces, hyphens): it is written into stylesheets."""

    def __init__(self, default: str) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        import re

        text = super().run_validation(value)
        if not re.fullmatch(r"[\w -]+", text):
            raise c.ValidationError(f"tên phông chữ '{text}' không hợp lệ")
        return text


class PhotosConfig(Config):
    archive = c.Type(str, default=folders.ARCHIVE_DIR)
    output = c.Type(str, default=".cache/photos")
    captions = c.Type(str, default=folders.CAPTIONS)
    widths = c.ListOfItems(c.Type(int), default=[240, 480, 960, 1600])
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
    print_output = c.Type(str, default="pdf/ky-yeu-ban-in.pdf")
    print_dpi = c.Type(int, default=300)
    archive = c.Type(bool, default=False)
    archive_output = c.Type(str, default="pdf/ky-yeu-luu-tru.pdf")
    cover_photo = c.Type(str, default="anh-bia")
    printer = c.Type(str, default="")
    #: Pages per printed section (tay sách); the ma-két ladder warns when the count is off.
    signature = c.Type(int, default=16)
    #: Running head on left-hand pages; empty: "<cover title> <subtitle> · <organisation>".
    running_head = c.Type(str, default="")
    # The print edition's prepress (yearbook.pdf.settings.PrintSpec reads these defaults).
    #: PDF/X flavour of the print file: X-4 (transparency allowed) or X-1a on request.
    pdf_variant = c.Choice(("pdf/x-4", "pdf/x-1a", "pdf/x-3", ""), default="pdf/x-4")
    #: CMYK output profile: "fogra39" (built in) or the path of a CMYK output .icc.
    colour_profile = c.Type(str, default="fogra39")
    rendering_intent = c.Choice(
        ("relative-colorimetric", "perceptual", "saturation", "absolute-colorimetric"),
        default="relative-colorimetric",
    )
    #: Total area coverage limit for photos (% ink, C+M+Y+K).
    tac_percent = c.Type((int, float), default=300)
    #: Pad the print file with blank pages at the end to a multiple of this.
    page_multiple = c.Choice((1, 2, 4, 8, 16), default=4)
    #: Our own crop marks outside the bleed (off when the printer adds its own).
    crop_marks = c.Type(bool, default=True)
    slug_mm = c.Type((int, float), default=10)
    #: The cover spread; empty: next to the print PDF, "<name>-bia.pdf".
    cover_output = c.Type(str, default="")
    paper = c.Type(str, default="Couché 120 g/m²")
    paper_caliper_mm = c.Type((int, float), default=0.1)
    cover_paper = c.Type(str, default="Couché 300 g/m², cán màng mờ")
    binding = c.Type(str, default="Keo nhiệt (không khâu chỉ)")
    #: Print run for the printer's quote; 0: not decided yet.
    quantity = c.Type(int, default=0)
    #: The printer's spec sheet, written as .txt and .html in the site.
    spec_sheet = c.Type(str, default="pdf/thong-so-ky-thuat-in")


class ReleaseConfig(Config):
    """The release gate and the release build (see ``yearbook.release``)."""

    #: Let "Nội dung minh họa" / TODO markers pass the gate (never for the real book).
    allow_markers = c.Type(bool, default=False)
    #: File name of the offline edition (a zip of the site for file://), in the site folder.
    offline_output = c.Type(str, default="ky-yeu-offline.zip")
    #: Pre-commit: image files larger than this (KiB) may only be committed under archive/.
    max_photo_kb = c.Type(int, default=1024)
    #: Words that identify *another* book (e.g. the sample's place and years); the gate
    #: fails when the built site or PDF still holds one of them.
    foreign_identity = c.ListOfItems(c.Type(str), default=[])


class PhaseConfig(Config):
    """One phase of the plan's schedule (``schedule:``); see ``yearbook.schedule``."""

    phase = c.Type(str)
    title = c.Type(str, default="")
    due = c.Type(str)
    track = c.Choice(("submissions", "review", "approval", "none"), default="none")
    done = c.Type(bool, default=False)


class CoverConfig(Config):
    """Texts of the PDF covers. Empty values are derived from the book's title and years."""

    #: The large word on the cover.
    title = c.Type(str, default="Kỷ yếu")
    #: Under it, e.g. "25 năm xây dựng và trưởng thành"; empty: the title without
    #: its leading "Kỷ yếu" and its years in brackets.
    subtitle = c.Type(str, default="")
    #: Place printed at the foot of the cover with the release year, e.g. "Bình Định".
    place = c.Type(str, default="")
    #: One line on the back cover (an anniversary, a dedication); empty: none.
    back_note = c.Type(str, default="")


class LabelsConfig(Config):
    """Navigation labels and the titles of the book's sections."""

    home = c.Type(str, default="Trang chủ")
    foreword = c.Type(str, default="Lời giới thiệu")
    chapters = c.Type(str, default="Các giai đoạn")
    units = c.Type(str, default="Các phòng, đơn vị")
    essays = c.Type(str, default="Bài viết của tuổi trẻ")
    timeline = c.Type(str, default="Dòng thời gian")
    photos = c.Type(str, default="Ảnh tư liệu")
    leaders = c.Type(str, default="Lãnh đạo qua các thời kỳ")
    people = c.Type(str, default="Danh mục nhân vật")
    colophon = c.Type(str, default="Thông tin xuất bản")


class HomeConfig(Config):
    """The home page: cover photo and the one-line texts of its entry cards."""

    #: Photo id of the home page's cover; empty: ``extra.home.cover``, then a chapter's cover.
    cover = c.Type(str, default="")
    timeline = c.Type(str, default="Các mốc chính theo năm")
    photos = c.Type(str, default="Ảnh theo từng giai đoạn")
    leaders = c.Type(str, default="Lãnh đạo theo nhiệm kỳ")
    units = c.Type(str, default="Chức năng, nhiệm vụ, truyền thống")
    essays = c.Type(str, default="Bài viết của đoàn viên, thanh niên")
    people = c.Type(str, default="Tra cứu người theo tên")


class DesignConfig(Config):
    """Design tokens shared by the website and the PDF: colours (CSS hex) and fonts."""

    primary = Colour("#9b1b1f")
    accent = Colour("#b07d12")
    #: Colours of the PDF; empty: the web colours above.
    pdf_primary = Colour("#8e1b14")
    pdf_accent = Colour("#e3bc5b")
    #: Font families; the vendored fonts are the defaults (offline, full Vietnamese).
    text_font = Font("Be Vietnam Pro")
    heading_font = Font("Noto Serif")


class YearbookConfig(Config):
    #: Drafts and pages under review shown (``yearbook serve``, ``build --preview``).
    preview = c.Type(bool, default=False)
    #: Build into a hidden sibling and swap it in at the end; ``yearbook serve`` turns this
    #: off for its quick in-place rebuilds of a throw-away folder.
    atomic = c.Type(bool, default=True)
    start_year = c.Type(int)
    end_year = c.Type(int)
    organization = c.Type(str)
    #: Empty: "Kỷ yếu <n> năm (<start>–<end>)".
    title = c.Type(str, default="")
    #: The website header's title on phones, where the site name would be cut off.
    short_title = c.Type(str, default="")
    chapters_dir = c.Type(str, default=folders.CHAPTERS_DIR)
    units_dir = c.Type(str, default=folders.UNITS_DIR)
    essays_dir = c.Type(str, default=folders.ESSAYS_DIR)
    foreword = c.Type(str, default=folders.FOREWORD)
    data_dir = c.Type(str, default=folders.DATA_DIR)
    #: Offices listed first on the leaders page, in this order (e.g. "Giám đốc Sở").
    leader_offices = c.ListOfItems(c.Type(str), default=[])
    #: Unit id (in units.yml) that essays belong to unless told otherwise.
    youth_unit = c.Type(str, default="")
    edition = c.Type(str, default="")
    release_date = c.Type(str, default="")
    auto_nav = c.Type(bool, default=True)
    labels = c.SubConfig(LabelsConfig)
    home = c.SubConfig(HomeConfig)
    cover = c.SubConfig(CoverConfig)
    design = c.SubConfig(DesignConfig)
    photos = c.SubConfig(PhotosConfig)
    pdf = c.SubConfig(PdfConfig)
    release = c.SubConfig(ReleaseConfig)
    schedule = c.ListOfItems(c.SubConfig(PhaseConfig), default=[])


def book_title(config: YearbookConfig) -> str:
    """The configured title, or one made of the years when none is given."""
    if config.title:
        return config.title
    start, end = config.start_year, config.end_year
    return f"Kỷ yếu {end - start} năm ({start}–{end})"


def cover_subtitle(config: YearbookConfig) -> str:
    """``cover.subtitle``, or the title without its leading "Kỷ yếu" and bracketed years."""
    if config.cover.subtitle:
        return config.cover.subtitle
    import re

    text = re.sub(r"\s*\([^()]*\)\s*$", "", book_title(config)).strip()
    words = config.cover.title.strip()
    if words and text.casefold().startswith(words.casefold()):
        text = text[len(words) :].strip()
    return text


def running_head(config: YearbookConfig) -> str:
    """``pdf.running_head``, or "<cover title> <subtitle> · <organisation>"."""
    if config.pdf.running_head:
        return config.pdf.running_head
    head = " ".join(t for t in (config.cover.title.strip(), cover_subtitle(config)) if t)
    return f"{head} · {config.organization}" if config.organization else head
