"""The ``yearbook`` MkDocs plugin: thin glue between MkDocs and the content model.

It validates the whole book before anything is rendered (failing the build
with every problem listed), gates unapproved pages out of public builds with
MkDocs' own ``File.inclusion`` (so they vanish from nav, search, sitemap and
the PDF alike), feeds the build NFC text, and exposes sanitised metadata —
never reviewers' private notes — to the templates.
"""

from __future__ import annotations

import html
from dataclasses import replace
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page as MkPage

from ..book import Book, publisher
from ..buildrun import BuildBusy, BuildRun
from ..loader import load_book
from ..model import BookConfig
from ..pagecache import PageCache
from ..photos.settings import photo_settings
from ..problems import Problems
from ..settings import book_title
from ..source import read_text
from ..web.asset_names import hash_assets
from ..web.assets import needs_material_bundle, page_scripts
from ..web.bookconfig import book_config, is_preview, public_meta
from ..web.nav import build_nav
from ..web.theme import use_package_theme
from .build import disable_material_search, from_docs, guard_site_dir, report
from .config import YearbookConfig
from .pages import UNLISTED_DIRS
from .site import SiteGlue

log = get_plugin_logger(__name__)

# Mappings from the settings tree live in modules; re-exported for older imports.
__all__ = ["YearbookPlugin", "book_config", "is_preview", "photo_settings", "public_meta"]


class YearbookPlugin(BasePlugin[YearbookConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.book: Book | None = None
        self.preview = False
        self.book_config: BookConfig | None = None
        self.site: SiteGlue | None = None
        self.site_files = Files([])
        self.pdf_generator: Any = None
        self.run: BuildRun | None = None
        #: Pages already read, kept by the live preview between its builds (``serve``).
        self.page_cache: PageCache | None = None

    # -- configuration -------------------------------------------------------------
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        use_package_theme(config)
        self.preview = is_preview(self.config)
        self.book_config = book_config(self.config, config)
        self.run = None
        guard_site_dir(config, self.book_config)
        self.run = BuildRun(
            self.book_config.project_dir, Path(config.site_dir), staged=self.config.atomic
        )
        try:
            config.site_dir = str(self.run.start(log.warning))
        except BuildBusy as exc:
            raise PluginError(str(exc)) from None
        config.extra["yearbook_preview"] = self.preview
        config.extra["yearbook"] = {
            "title": book_title(self.config),
            "organization": self.config.organization,
            "design": dict(self.config.design),
            "short_title": self.config.short_title,
            "start_year": self.config.start_year,
            "end_year": self.config.end_year,
            "edition": self.config.edition,
            "release_date": self.config.release_date,
        }
        needs = needs_material_bundle(
            list(config.theme["features"] or ()), config.extra, list(config.extra_javascript)
        )
        config.extra["yearbook_chrome"] = not needs  # yb-site.js instead of Material's bundle
        if needs:
            log.info("Trang web giữ JavaScript của Material vì mkdocs.yml có: %s", ", ".join(needs))
        self.site = SiteGlue(self.config, config, self.preview)
        disable_material_search(config)
        config.markdown_extensions.append(self.site.references)  # our reference grammar
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Every plugin is configured now: point with-pdf at our PDF editions."""
        pdf_plugin = config.plugins.get("with-pdf")
        if pdf_plugin is None or self.book_config is None:
            return
        from ..pdf.wiring import install, settings_from_config  # WeasyPrint loads slowly

        output = pdf_plugin.config["output_path"]
        settings = settings_from_config(self.config, output, self.book_config.project_dir)
        if install(pdf_plugin, settings, enabled=self.config.pdf.enabled):
            self.pdf_generator = pdf_plugin.generator

    # -- content -------------------------------------------------------------------
    def load(self) -> Book:
        assert self.book_config is not None
        book = load_book(self.book_config, self.page_cache)
        report(book.problems)
        if book.problems.errors:
            raise PluginError(
                f"Nội dung có {len(book.problems.errors)} lỗi (xem danh sách ở trên); "
                "chạy 'yearbook check' để xem chi tiết."
            )
        return book

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.book = book = self.load()
        assert self.book_config is not None
        publishes = publisher(book, self.preview)
        for file in files:
            # Default deny for everything from docs/ (theme files come from elsewhere).
            if from_docs(file, config):
                shown = publishes(file.src_uri)
                file.inclusion = InclusionLevel.INCLUDED if shown else InclusionLevel.EXCLUDED
        settings = getattr(self.pdf_generator, "yearbook_settings", None)
        if settings is not None and not settings.printer and book.board.printer:
            # One source of truth: the printer named in the colophon data.
            self.pdf_generator.yearbook_settings = replace(settings, printer=book.board.printer)
        assert self.site is not None
        files = self.site_files = self.site.on_files(book, files, config)
        hash_assets(files, config)
        if self.preview:
            from .editorial import add_preview_pages

            add_preview_pages(book, files, config)
        if self.config.auto_nav and not config.nav:
            config.nav = build_nav(book, files, self.preview, self.config.labels, UNLISTED_DIRS)
        return files

    def on_page_read_source(self, page: MkPage, config: MkDocsConfig) -> str | None:
        """Hand MkDocs the NFC text, so decomposed Vietnamese never reaches the output."""
        path = Path(page.file.abs_src_path or "")
        if not path.is_file():
            return None
        return read_text(path, Problems())

    def on_page_markdown(
        self, markdown: str, *, page: MkPage, config: MkDocsConfig, files: Files
    ) -> str:
        assert self.book is not None
        ours = self.book.page(page.file.src_uri)
        if ours is None:
            return markdown
        # Replace MkDocs' own parse of the front matter: it holds reviewer notes.
        kept = {
            k: v
            for k, v in page.meta.items()
            if k in ("title", "description", "template", "icon", "hide", "search")
        }
        if "description" in kept:  # Material prints it raw into a <meta content="…">
            kept["description"] = html.escape(str(kept["description"]), quote=True)
        kept["yearbook"] = public_meta(ours, self.preview)
        page.meta = kept
        assert self.site is not None
        return self.site.page_markdown(markdown, page.file.src_uri)

    @event_priority(50)  # before glightbox, which would wrap our photo placeholders
    def on_page_content(
        self, html: str, *, page: MkPage, config: MkDocsConfig, files: Files
    ) -> str:
        assert self.site is not None and self.book is not None
        return self.site.page_content(html, page, self.book.page(page.file.src_uri))

    def on_page_context(
        self, context: dict[str, Any], *, page: MkPage, config: MkDocsConfig, nav: Any
    ) -> dict[str, Any]:
        assert self.site is not None
        return self.site.page_context(context, page, self.site_files)

    @event_priority(-50)  # after glightbox has added its tags
    def on_post_page(self, output: str, *, page: MkPage, config: MkDocsConfig) -> str:
        self.site.after_page(page)  # type: ignore[union-attr]  # after with-pdf took its article
        return page_scripts(output)

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        return page_scripts(output_content)  # 404.html

    @event_priority(60)  # before with-pdf assembles the book from the navigation's pages
    def _merge_split_pages(self, *, config: MkDocsConfig) -> None:
        self.site.pdf_parts.merge()  # type: ignore[union-attr]

    def _post_build(self, *, config: MkDocsConfig) -> None:
        assert self.site is not None
        self.site.finish()

    @event_priority(-100)  # after with-pdf has written the screen PDF
    def _post_build_preview(self, *, config: MkDocsConfig) -> None:
        if self.preview and self.book is not None:
            from .editorial import write_ladder

            write_ladder(self.book, config, self.config)

    @event_priority(-1000)  # last: every plugin has written its files (with-pdf, the ladder)
    def _publish(self, *, config: MkDocsConfig) -> None:
        if self.run is not None:
            config.site_dir = str(self.run.target)
            self.run.finish()

    on_post_build = CombinedEvent(_merge_split_pages, _post_build, _post_build_preview, _publish)

    def on_build_error(self, *, error: Exception) -> None:
        """A failed build is thrown away; the previous site stays complete."""
        if self.run is not None:
            self.run.abort()
