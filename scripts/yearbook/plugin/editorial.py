"""Glue for the editorial board's preview-only pages: the schedule page and the ma-két ladder.

Called from the plugin's hooks only when the build is a preview; a public
build never creates either page.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from ..book import Book
from ..buildinfo import build_datetime
from ..editorial.views import SCHEDULE_PAGE, schedule_markdown, write_ladder_page
from ..schedule import schedule_status
from .config import YearbookConfig

log = get_plugin_logger(__name__)


def add_preview_pages(book: Book, files: Files, config: MkDocsConfig) -> None:
    if files.get_file_from_path(SCHEDULE_PAGE) is not None:
        return
    today = build_datetime().date()
    markdown = schedule_markdown(schedule_status(book, today), today)
    # Out of the nav, so it is no page of the book (nor of its PDF mock-up).
    files.append(
        File.generated(config, SCHEDULE_PAGE, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV)
    )


def write_ladder(book: Book, config: MkDocsConfig, plugin: YearbookConfig) -> None:
    """After with-pdf wrote the screen PDF: thumbnails and the ladder page under ``ma-ket/``."""
    from ..editorial.ladder import build_ladder
    from ..editorial.views import LADDER_DIR

    site = Path(config.site_dir)
    pdf_plugin = config.plugins.get("with-pdf")
    output = pdf_plugin.config["output_path"] if pdf_plugin is not None else ""
    screen = site / output if output else None
    ladder = None
    if screen is not None and screen.is_file() and plugin.pdf.enabled:
        print_pdf = site / plugin.pdf.print_output if plugin.pdf.print_edition else None
        ladder = build_ladder(
            screen,
            book.visible(True),
            site / LADDER_DIR / "trang",
            print_pdf=print_pdf,
            signature=plugin.pdf.signature,
        )
        for warning in ladder.warnings:
            log.info(warning)
    write_ladder_page(
        site,
        ladder,
        title=plugin.title,
        pdf_url=f"../{output}" if output else "../",
        build_date=build_datetime().date(),
    )
