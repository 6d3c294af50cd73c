"""Website glue called from the plugin's hooks: photos, generated pages, links, page context.

Kept apart from ``plugin.py`` so the plugin file stays a list of hooks. Nothing
here decides content: the photo pipeline, the content model and the Jinja
templates in the package theme (``yearbook/theme/``) do; this module wires them into MkDocs.
"""

from __future__ import annotations

import html as html_text
import posixpath
import secrets
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkPage
from mkdocs.utils import get_relative_url

from .. import typography
from ..book import Book
from ..markdown.refs import ReferencesExtension
from ..markdown.sanitize import clean_body
from ..model import Page
from ..pdf.parts import SplitPages
from ..plaintext import markup_in
from ..problems import Problems
from ..web.photos import SITE_PREFIX, PhotoLibrary, derivative_files, load_library, make_figure
from ..web.search import SearchIndex
from .config import YearbookConfig
from .pages import OVERVIEWS, PEOPLE, PHOTOS, TIMELINE, photo_pages, render_generated
from .photos import PhotoRenderer, template_env

log = get_plugin_logger(__name__)


class SiteGlue:
    def __init__(self, plugin: YearbookConfig, config: MkDocsConfig, preview: bool) -> None:
        self.plugin = plugin
        self.preview = preview
        project = Path(config.config_file_path or ".").resolve().parent
        self.project = project
        self.output = project / plugin.photos.output
        self.env = template_env(config.theme.get_env().loader)
        self.library = PhotoLibrary()
        self.renderer = PhotoRenderer(self.library, self.env)
        self.book: Book | None = None
        self.generated: set[str] = set()
        self.src_uris: set[str] = set()
        #: ``extra.home`` in mkdocs.yml: ``cover`` (photo id) for the home page.
        self.plugin_extra: dict[str, Any] = dict(config.extra.get("home") or {})
        self.downloads = pdf_downloads(config, plugin)
        self.site_dir = Path(config.site_dir)
        self.search = SearchIndex()
        #: The reference grammar, added to mkdocs.yml's extensions by the plugin: it
        #: resolves person/chapter/unit links and marks photo images with a nonce, so
        #: only Markdown references (not raw HTML) become figures.
        self.references = ReferencesExtension(resolve=self.resolve, mark=secrets.token_hex(8))
        self.current = ""
        #: Person id → the people page listing them; split pages merged for the PDF.
        self.person_uris: dict[str, str] = {}
        self.pdf_parts = SplitPages({})
        self.lit: MkPage | None = None

    # -- photos ----------------------------------------------------------------------
    def run_pipeline(self) -> None:
        """Bring derivatives and manifest up to date before pages are rendered."""
        if not self.plugin.photos.enabled:
            return
        from ..photos.pipeline import run
        from ..photos.settings import photo_settings

        settings = photo_settings(self.plugin, self.project)
        if not settings.archive_dir.is_dir():
            return
        report = run(settings)
        for problem in report.problems.sorted():
            (log.error if problem.is_error else log.warning)(str(problem))
        if not report.ok:
            raise PluginError("Kho ảnh có lỗi (xem danh sách ở trên).")
        log.info(report.summary())

    def on_files(self, book: Book, files: Files, config: MkDocsConfig) -> Files:
        self.book = book
        self.run_pipeline()
        self.use_library(load_library(self.output))
        for rel in sorted(set(derivative_files(self.library))):
            if (self.output / rel).is_file():
                file = File(
                    rel,
                    src_dir=str(self.output),
                    dest_dir=config.site_dir,
                    use_directory_urls=config.use_directory_urls,
                )
                file.src_uri = SITE_PREFIX + rel
                file.abs_src_path = str(self.output / rel)
                files.append(file)
        pages = self.generated_pages(book, config)
        self.generated = set()
        for uri, markdown in pages.items():
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, content=markdown))
                self.generated.add(uri)
        self.src_uris = {f.src_uri for f in files if f.inclusion.is_included()}
        self.renderer.folder_urls = {
            folder: file.url
            for folder, pages in photo_pages(self.library, folder_names(config)).items()
            if (file := files.get_file_from_path(pages[0].src_uri)) is not None
        }
        return files

    def generated_pages(self, book: Book, config: MkDocsConfig) -> dict[str, str]:
        """The Markdown of the generated pages (timeline, people, photos…) for ``book``; the
        live preview calls it again after a save to see which of them changed."""
        yb = dict(config.extra["yearbook"])
        yb["folder_names"] = folder_names(config)
        yb["trim"], yb["printer"] = trim_label(self.plugin.pdf.trim), self.plugin.pdf.printer
        links: dict[str, Any] = {}
        pages = render_generated(book, self.library, self.env, self.preview, yb, links=links)
        self.person_uris, self.pdf_parts = links["person"], SplitPages(links["split"])
        return pages

    def use_library(self, library: PhotoLibrary) -> None:
        """Render figures from ``library`` (also after a caption edit, by the live preview)."""
        folder_urls = self.renderer.folder_urls
        self.library = library
        self.renderer = PhotoRenderer(
            library,
            self.env,
            default_credit=f"Tư liệu {self.plugin.organization}",
            mark=self.references.mark,
        )
        self.renderer.folder_urls = folder_urls

    # -- Markdown ----------------------------------------------------------------------
    def page_markdown(self, markdown: str, src_uri: str) -> str:
        """Remember the page: links are resolved while MkDocs renders it."""
        self.current = src_uri
        return markdown

    def resolve(self, kind: str, ident: str) -> str | None:
        """A person/chapter/unit link's target relative to the current page, if shown."""
        book = self.book
        assert book is not None
        shown = {p.src_uri for p in book.visible(self.preview)} & self.src_uris
        if kind == "person":
            where = self.person_uris.get(ident, PEOPLE)
            found = f"{where}#{ident}" if PEOPLE in self.src_uris else None
        else:
            if kind == "chapter":
                page = book.chapter(ident)
            else:
                page = next((p for p in book.by_kind("unit") if p.unit == ident), None)
            found = page.src_uri if page and page.src_uri in shown else None
        if found is None:
            return None
        path, _, anchor = found.partition("#")
        rel = posixpath.relpath(path, posixpath.dirname(self.current) or ".")
        return rel + ("#" + anchor if anchor else "")

    def page_content(self, html: str, page: MkPage, ours: Page | None) -> str:
        # Report bad references at their line in the editor's file: the loaded (NFC) body
        # and the line it starts on, so the file is not read a second time.
        source, where, first_line = page.markdown or "", page.file.src_uri, 1
        if ours is not None:
            source, first_line = ours.body, ours.body_line
            where = Problems(self.project).rel(ours.path)
        before = len(self.renderer.problems)
        html = clean_body(html)  # the allow-list first; our figures come from templates
        out = self.renderer.render_page(html, page.url, source, where, first_line)
        for problem in self.renderer.problems[before:]:
            log.error(str(problem))
        out = typography.apply_html(out)  # curly quotes, no dash at a line start, …
        if 'class="glightbox' not in out:
            # mkdocs-glightbox skips such pages: no lightbox CSS and JS where no photo opens.
            page.meta["glightbox"] = False
        search_meta = page.meta.get("search")
        if not (isinstance(search_meta, dict) and search_meta.get("exclude")):
            # The editor's text: page.meta's description is escaped for Material's <meta>.
            description = html_text.unescape(str(page.meta.get("description") or "")) or (
                ours.meta.get("summary") if ours else ""
            )
            self.search.add_page(page.url, page.title or "", out, str(description or ""))
        return out

    def finish(self) -> None:
        # The index is kept: the live preview re-renders single pages into it after a save.
        write_search_index(self.site_dir, self.search)
        if self.renderer.problems:
            count = len(self.renderer.problems)
            self.renderer.problems.clear()
            raise PluginError(f"{count} lỗi về ảnh trong các trang (xem danh sách ở trên).")

    # -- templates ---------------------------------------------------------------------
    def page_context(self, context: dict[str, Any], page: MkPage, files: Files) -> dict[str, Any]:
        """What our templates need: chapter neighbours, home page entry points, downloads."""
        book = self.book
        assert book is not None
        if found := markup_in(str(page.title or "")):
            # Material prints the title raw (nav, header, <title>): never let markup through.
            raise PluginError(f"{page.file.src_uri}: tiêu đề trang chứa mã HTML ({found!r})")
        shown = [p for p in book.visible(self.preview) if p.src_uri in self.src_uris]
        self.light_overview(page, files)

        def url(src_uri: str) -> str | None:
            file = files.get_file_from_path(src_uri)
            return get_relative_url(file.url, page.url) if file else None

        chapters = [p for p in book.chapters if p in shown]
        ours = book.page(page.file.src_uri)
        yb: dict[str, Any] = {"prev": None, "next": None}
        if ours and ours.kind == "chapter" and ours in chapters:
            i = chapters.index(ours)
            if i > 0:
                yb["prev"] = {"title": chapters[i - 1].title, "period": chapters[i - 1].period,
                              "url": url(chapters[i - 1].src_uri)}  # fmt: skip
            if i + 1 < len(chapters):
                yb["next"] = {"title": chapters[i + 1].title, "period": chapters[i + 1].period,
                              "url": url(chapters[i + 1].src_uri)}  # fmt: skip
        if page.file.src_uri == "index.md":
            yb["home"] = self.home(book, shown, chapters, page, url)
        if ours and ours.unit and ours.unit in book.units:
            yb["unit_name"] = book.units[ours.unit].name
        context["ybctx"] = yb
        return context

    def light_overview(self, page: MkPage, files: Files) -> None:
        """A period, letter or photo page is out of the navigation (it would weigh on every
        page): while it renders, its overview stands for it in the tabs and the sidebar."""
        overview = next((o for d, o in OVERVIEWS.items() if page.file.src_uri.startswith(d)), None)
        file = files.get_file_from_path(overview) if overview else None
        if file is not None and file.page is not None and not file.page.active:
            file.page.active = True
            self.lit = file.page

    def after_page(self, page: MkPage) -> None:
        """The page is written: the overview stops standing for it; keep its PDF article."""
        if self.lit is not None:
            self.lit.active = False
            self.lit = None
        self.pdf_parts.collect(page)

    def home(
        self,
        book: Book,
        shown: list[Page],
        chapters: list[Page],
        page: MkPage,
        url: Any,
    ) -> dict[str, Any]:
        cfg = book.config
        cover = None
        cover_id = next((c.meta.get("cover") for c in chapters if c.meta.get("cover")), None)
        extra_cover = self.plugin.home.cover or self.plugin_extra.get("cover")
        cover_id = extra_cover or cover_id
        if cover_id and cover_id in self.library:
            photo = self.library.photos[cover_id]
            cover = make_figure(
                photo,
                lambda path: get_relative_url(path, page.url),
                variant="cover",
                lazy=False,
                default_credit=f"Tư liệu {cfg.organization}",
            )
        foreword = next((p for p in shown if p.kind == "foreword"), None)
        labels, cards = self.plugin.labels, self.plugin.home
        sections = [
            (TIMELINE, labels.timeline, cards.timeline),
            (PHOTOS, labels.photos, cards.photos),
            ("lanh-dao.md", labels.leaders, cards.leaders),
            (f"{cfg.units_dir}/index.md", labels.units, cards.units),
            (f"{cfg.essays_dir}/index.md", labels.essays, cards.essays),
            (PEOPLE, labels.people, cards.people),
        ]
        units = [p for p in shown if p.kind == "unit"]
        essays = [p for p in shown if p.kind == "essay"]
        entries = []
        for uri, title, text in sections:
            link = url(uri) if uri in self.src_uris else None
            if link is None and uri.endswith("index.md"):
                first = (units if uri.startswith(cfg.units_dir) else essays)[:1]
                link = url(first[0].src_uri) if first else None
            if link:
                entries.append({"title": title, "text": text, "url": link})
        return {
            "cover": cover,
            "cover_html": self.env.get_template("yearbook/figure.html").render(f=cover)
            if cover
            else "",
            "foreword": foreword
            and {
                "title": foreword.title,
                "summary": foreword.meta.get("summary", ""),
                "url": url(foreword.src_uri),
            },
            "periods": [
                {
                    "title": c.title,
                    "period": c.period,
                    "summary": c.meta.get("summary", ""),
                    "url": url(c.src_uri),
                }
                for c in chapters
            ],
            "entries": entries,
            "downloads": [
                {"title": d["title"], "url": get_relative_url(d["path"], page.url)}
                for d in self.downloads
            ],
        }


def folder_names(config: MkDocsConfig) -> dict[str, str]:
    """``extra.photo_folders`` in mkdocs.yml: readable titles for archive folders."""
    return dict(config.extra.get("photo_folders") or {})


def pdf_downloads(config: MkDocsConfig, plugin: YearbookConfig) -> list[dict[str, str]]:
    """PDF editions linked from the home page: ``extra.downloads`` or what this build makes."""
    listed = config.extra.get("downloads")
    if listed:
        return [{"title": str(d["title"]), "path": str(d["path"])} for d in listed]
    pdf = config.plugins.get("with-pdf")
    if pdf is None or not plugin.pdf.enabled:
        return []
    out = [{"title": "Tải bản PDF (đọc trên màn hình)", "path": str(pdf.config["output_path"])}]
    if plugin.pdf.print_edition:
        out.append({"title": "Bản PDF để in", "path": plugin.pdf.print_output})
    if plugin.pdf.archive:
        out.append({"title": "Bản PDF lưu trữ", "path": plugin.pdf.archive_output})
    return out


def write_search_index(site_dir: Path, index: SearchIndex) -> None:
    """``search/yb-index.js``, written atomically (loaded by yb-search.js on demand)."""
    target = site_dir / "search" / "yb-index.js"
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(index.script(), encoding="utf-8")
    tmp.replace(target)


def trim_label(trim: str) -> str:
    """The trim size as a colophon states it: ``A4`` → "21 × 29,7 cm"."""
    from ..pdf.settings import parse_trim

    try:
        width, height = parse_trim(trim)
    except ValueError:
        return ""

    def cm(mm: float) -> str:
        return f"{mm / 10:.1f}".rstrip("0").rstrip(".").replace(".", ",")

    return f"{cm(width)} × {cm(height)} cm"
