"""The ``yearbook`` MkDocs plugin: thin glue between MkDocs and the content model.

It validates the whole book before anything is rendered (failing the build
with every problem listed), gates unapproved pages out of public builds with
MkDocs' own ``File.inclusion`` (so they vanish from nav, search, sitemap and
the PDF alike), feeds the build NFC text, and exposes sanitised metadata —
never reviewers' private notes — to the templates.
"""

from __future__ import annotations

import html
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page as MkPage

from ..book import Book, load_book
from ..buildrun import BuildBusy, BuildRun
from ..markdown.refs import ReferencesExtension
from ..model import STATUS_LABELS, BookConfig, Page, Phase
from ..outputs import UnsafeOutput, check_output_dir, source_dirs
from ..photos.settings import PhotoSettings
from ..problems import Problems
from ..publish import publishes
from ..source import read_text
from ..web.assets import defer_glightbox
from ..web.theme import theme_dirs, use_package_theme
from .config import YearbookConfig
from .pages import PHOTO_PAGES_DIR
from .site import SiteGlue

log = get_plugin_logger(__name__)

BANNERS = {"draft": "BẢN NHÁP", "review": "ĐANG THẨM ĐỊNH"}


def is_preview(config: YearbookConfig) -> bool:
    """Drafts and pages under review are shown: ``preview: true`` (set by ``serve``,
    ``build --preview``), never an environment variable a release could inherit."""
    return bool(config.preview)


def photo_settings(plugin_config: YearbookConfig, project: Path) -> PhotoSettings:
    """The pipeline's settings from the ``photos:`` config: one mapping for the build,
    the checker and ``yearbook photos``, so all three read the same sheet and folders."""
    p = plugin_config.photos
    return PhotoSettings(
        root=project,
        archive=Path(p.archive),
        output=Path(p.output),
        # A missing sheet lets the pipeline find captions.csv/.yml/.yaml in the archive.
        captions=Path(p.captions) if (project / p.captions).exists() else None,
        widths=tuple(p.widths),
        jobs=p.jobs,
        max_pixels=p.max_pixels,
    )


def book_config(plugin_config: YearbookConfig, mkdocs_config: MkDocsConfig) -> BookConfig:
    project = Path(mkdocs_config.config_file_path or ".").resolve().parent
    return BookConfig(
        docs_dir=Path(mkdocs_config.docs_dir).resolve(),
        project_dir=project,
        start_year=plugin_config.start_year,
        end_year=plugin_config.end_year,
        title=plugin_config.title,
        organization=plugin_config.organization,
        chapters_dir=plugin_config.chapters_dir,
        units_dir=plugin_config.units_dir,
        essays_dir=plugin_config.essays_dir,
        foreword=plugin_config.foreword,
        data_dir=plugin_config.data_dir,
        archive_dir=plugin_config.photos.archive,
        captions=str(photo_settings(plugin_config, project).captions_path),
        edition=plugin_config.edition,
        release_date=plugin_config.release_date,
        markdown_extensions=tuple(
            e for e in mkdocs_config.markdown_extensions if not isinstance(e, ReferencesExtension)
        ),
        markdown_configs=dict(mkdocs_config.mdx_configs or {}),
        schedule=tuple(Phase(**dict(item)) for item in plugin_config.schedule),
        template_dirs=tuple(Path(d) for d in theme_dirs(mkdocs_config)),
    )


def public_meta(page: Page, preview: bool) -> dict[str, Any]:
    """What templates may show about a page. Reviewer notes are left out on purpose."""
    return {
        "kind": page.kind,
        "id": page.id,
        "status": page.status,
        "status_label": STATUS_LABELS[page.status],
        "banner": BANNERS.get(page.status) if preview else None,
        "authors": page.authors,
        "unit": page.unit,
        "period": page.period,
        "start_year": page.start_year,
        "end_year": page.end_year,
        "sources": list(page.meta.get("sources", [])),
        "summary": page.meta.get("summary", ""),
        "cover": page.meta.get("cover"),
        "sample": page.is_sample,
        "reviewers": [
            {
                "name": r.name,
                "role": r.role,
                "date": str(r.date),
                "verdict": r.verdict,
                "verdict_label": r.verdict_label,
            }
            for r in page.reviewers
        ],
        "approval": (
            {"by": page.approval.by, "role": page.approval.role, "date": str(page.approval.date)}
            if page.approval
            else None
        ),
    }


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
            "title": self.config.title,
            "organization": self.config.organization,
            "short_title": self.config.short_title,
            "start_year": self.config.start_year,
            "end_year": self.config.end_year,
            "edition": self.config.edition,
            "release_date": self.config.release_date,
        }
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
        book = load_book(self.book_config)
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
        for file in files:
            # Default deny for everything from docs/ (theme files come from elsewhere).
            if _from_docs(file, config):
                shown = publishes(book, file.src_uri, self.preview)
                file.inclusion = InclusionLevel.INCLUDED if shown else InclusionLevel.EXCLUDED
        settings = getattr(self.pdf_generator, "yearbook_settings", None)
        if settings is not None and not settings.printer and book.board.printer:
            # One source of truth: the printer named in the colophon data.
            self.pdf_generator.yearbook_settings = replace(settings, printer=book.board.printer)
        assert self.site is not None
        files = self.site_files = self.site.on_files(book, files, config)
        if self.preview:
            from .editorial import add_preview_pages

            add_preview_pages(book, files, config)
        if self.config.auto_nav and not config.nav:
            config.nav = build_nav(book, files, self.preview)
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
        return defer_glightbox(output)

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

    on_post_build = CombinedEvent(_post_build, _post_build_preview, _publish)

    def on_build_error(self, *, error: Exception) -> None:
        """A failed build is thrown away; the previous site stays complete."""
        if self.run is not None:
            self.run.abort()


def guard_site_dir(config: MkDocsConfig, book: BookConfig) -> None:
    """Refuse a site folder that is, holds or lies in a source folder, before MkDocs empties it."""
    sources = source_dirs(
        book.docs_dir, book.archive_path, book.captions_path, config.theme.custom_dir
    )
    site = Path(config.site_dir)
    try:
        check_output_dir(site, project=book.project_dir, sources=sources, what="thư mục xuất")
    except UnsafeOutput as exc:
        raise PluginError(str(exc)) from None


def disable_material_search(config: MkDocsConfig) -> None:
    """The theme has its own Vietnamese search (``yearbook.web.search``): Material's plugin,
    if a book still lists it, would only write an unused 1 MB index."""
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        if plugin is not None and hasattr(plugin, "config"):
            plugin.config.enabled = False


def _from_docs(file: Any, config: MkDocsConfig) -> bool:
    """A file of docs/, not a theme file or a generated page."""
    if file.generated_by or not file.src_dir:
        return False
    return os.path.realpath(file.src_dir) == os.path.realpath(config.docs_dir)


def report(problems: Problems) -> None:
    for problem in problems.sorted():
        if problem.is_error:
            log.error(str(problem))
        else:
            log.warning(str(problem))


GENERATED_PAGES = {
    "dong-thoi-gian.md": "Dòng thời gian",
    "anh.md": "Ảnh tư liệu",
    "lanh-dao.md": "Lãnh đạo qua các thời kỳ",
    "nhan-vat.md": "Danh mục nhân vật",
    "xuat-ban.md": "Thông tin xuất bản",
}


def build_nav(book: Book, files: Files, preview: bool) -> list[Any]:
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
        nav.append({"Trang chủ": "index.md"})
    if cfg.foreword in shown:
        nav.append({"Lời giới thiệu": cfg.foreword})

    def generated(src_uri: str) -> dict[str, str] | None:
        return {GENERATED_PAGES[src_uri]: src_uri} if src_uri in have else None

    for entry in (
        section("Các giai đoạn", cfg.chapters_dir, "chapter"),
        generated("dong-thoi-gian.md"),
        generated("anh.md"),
        generated("lanh-dao.md"),
        section("Các phòng, đơn vị", cfg.units_dir, "unit"),
        section("Tuổi trẻ Văn phòng", cfg.essays_dir, "essay"),
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
        if file.src_uri.startswith(PHOTO_PAGES_DIR + "/"):
            continue  # the photo pages are reached from "Ảnh tư liệu", not from the nav
        if included and file.src_uri not in listed:
            nav.append(file.src_uri)
    return nav
