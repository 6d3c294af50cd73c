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


def preview_pages(book: Book) -> dict[str, str]:
    """The Markdown of the preview-only generated pages, keyed by ``src_uri``."""
    today = build_datetime().date()
    return {SCHEDULE_PAGE: schedule_markdown(schedule_status(book, today), today)}


def add_preview_pages(book: Book, files: Files, config: MkDocsConfig) -> None:
    for uri, markdown in preview_pages(book).items():
        if files.get_file_from_path(uri) is not None:
            continue
        # Out of the nav, so it is no page of the book (nor of its PDF mock-up).
        files.append(
            File.generated(config, uri, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV)
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
