"""The live preview's rebuild of only what a save changed, on top of the last full build.

A full MkDocs build of a large book re-reads every page, re-runs the photo
pipeline, re-renders every generated page and re-copies the theme: seconds, when
an editor changed one paragraph. After a complete build the preview keeps that
build in memory (configuration, files, navigation, Jinja environment, plugin
state) and, after a save of Markdown pages, of the timeline/people/board data or
of the caption sheet:

1. reloads and re-validates the content model (so a broken front matter still
   shows the error page; unchanged pages come from ``pagecache``);
2. gives up (full build) when anything that other pages show changed: a page
   added or removed, a title, a status, any front matter, units, the archive's
   photo list, the docs folder's other files, the people page a person is on;
3. after a caption edit, runs the photo pipeline and swaps in the new library
   (full build if photos came or went);
4. renders the generated pages' Markdown again and keeps only those that differ;
5. renders just those pages, the changed ones and (after a caption edit) those
   showing the changed photos, through MkDocs' own page functions and the same
   plugins; rewrites the search index in the full build's page order.

Anything else (mkdocs.yml, templates, photos, a deletion) is a full build:
:func:`rebuild` returns False. ``tests/test_livebuild.py`` checks that the result
is the full build's site, file by file, on both books.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files, InclusionLevel

from .book import DATA_FILES, Book
from .buildrun import build_lock
from .web.photos import SITE_PREFIX, PhotoLibrary, derivative_files, load_library

RECORDER = "yearbook-live"
_DATA_SUFFIXES = (".yml", ".yaml")


class Recorder(BasePlugin):  # type: ignore[type-arg]
    """Keeps what one MkDocs build made and the plugin hooks do not hold: files, nav, env."""

    def __init__(self) -> None:
        self.files: Files | None = None
        self.nav: Any = None
        self.env: Any = None

    @event_priority(-1000)
    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self.nav, self.files = nav, files
        return nav

    @event_priority(-1000)
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self.env = env
        return env


def record(config: MkDocsConfig) -> Recorder:
    """Register a recorder on a configuration about to be built."""
    recorder = Recorder()
    config.plugins[RECORDER] = recorder
    return recorder


@dataclass
class LastBuild:
    """A complete preview build, kept to re-render single pages into."""

    config: MkDocsConfig
    recorder: Recorder
    generated: dict[str, str] = field(default_factory=dict)
    #: False while pages are being re-rendered: a failure then leaves it half old, half new.
    usable: bool = True

    @classmethod
    def of(cls, config: MkDocsConfig) -> LastBuild | None:
        recorder = config.plugins.get(RECORDER)
        plugin = config.plugins.get("yearbook")
        if not isinstance(recorder, Recorder) or recorder.files is None or recorder.env is None:
            return None
        if plugin is None or getattr(plugin, "book", None) is None or plugin.site is None:
            return None
        return cls(config, recorder, generated_pages(plugin, plugin.book, config))


def generated_pages(plugin: Any, book: Book, config: MkDocsConfig) -> dict[str, str]:
    pages = plugin.site.generated_pages(book, config)
    if plugin.preview:
        from .plugin.editorial import preview_pages

        pages.update(preview_pages(book))
    return pages


def eligible(changed: set[str], config: MkDocsConfig) -> bool:
    """True when every changed path is an existing Markdown page or data file of docs/,
    or a file the build never read (an editor's hidden or vanished temporary file)."""
    plugin = config.plugins.get("yearbook")
    if not changed or plugin is None or plugin.book_config is None or plugin.book is None:
        return False
    docs = Path(plugin.book_config.docs_dir).resolve()
    data = Path(plugin.book_config.data_path).resolve()
    known = {Path(f.path).resolve() for f in plugin.book.docs_files}
    for name in changed:
        path = Path(name).resolve() if name else None
        if path == captions_sheet(config) and path.is_file():
            continue
        if path is None or not path.is_relative_to(docs):
            return False
        if any(part.startswith(".") for part in path.relative_to(docs).parts):
            continue  # MkDocs leaves dotfiles out (an editor's swap file)
        is_data = path.is_relative_to(data)
        if not path.exists():
            if path in known or (is_data and path.stem in DATA_FILES):
                return False  # a file of the book went away
            continue  # a temporary file of an atomic save
        if is_data:
            if path.suffix not in _DATA_SUFFIXES or path.stem not in DATA_FILES:
                return False
        elif path.suffix != ".md" or not path.is_file():
            return False
    return True


def captions_sheet(config: MkDocsConfig) -> Path:
    return Path(config.plugins["yearbook"].book_config.captions_path).resolve()


def shape(book: Book) -> tuple[Any, ...]:
    """Everything about a book that pages other than the generated ones show: if it is
    unchanged, a save changed page bodies or data only."""
    pages = [
        (p.src_uri, p.kind, p.id, p.title, p.status, p.meta, p.reviewers, p.approval, p.meta_pos)
        for p in book.pages
    ]
    return (pages, book.units, book.photo_ids, book.unreadable, book.docs_files)


def rebuild(last: LastBuild, changed: set[str]) -> bool:
    """Re-render what ``changed`` touched; False when only a full build can be right.

    Raises the plugin's error (the error page) when the content has problems; the kept
    build stays usable when that happens before anything was re-rendered.
    """
    config = last.config
    if not eligible(changed, config):
        return False
    plugin = config.plugins["yearbook"]
    site = plugin.site
    old: Book = plugin.book
    book = plugin.load()  # validates everything; raises with every problem listed
    if shape(book) != shape(old):
        return False
    photos: set[str] = set()
    if captions_sheet(config) in {Path(name).resolve() for name in changed}:
        library = new_library(plugin)  # raises on problems with the sheet
        if library is None:
            return False
        photos = {i for i, photo in library.photos.items() if photo != site.library.photos[i]}
        last.usable = False
        site.use_library(library)
    person_pages = dict(site.person_uris)
    generated = generated_pages(plugin, book, config)
    if generated.keys() != last.generated.keys() or site.person_uris != person_pages:
        return False  # other pages link people to their people page
    before = {p.src_uri: (p.body, p.body_line) for p in old.pages}
    uris = [p.src_uri for p in book.pages if before.get(p.src_uri) != (p.body, p.body_line)]
    uris += [uri for uri, text in generated.items() if text != last.generated[uri]]
    if photos:  # figures show captions: every page that names one of the photos, the home page
        uris += [p.src_uri for p in book.pages if shows_photos(p, photos) and p.src_uri not in uris]
        uris += [
            uri
            for uri, text in generated.items()
            if uri not in uris and ("gallery:" in text or any(photo in text for photo in photos))
        ]
    files = last.recorder.files
    assert files is not None
    pages = []
    for uri in uris:
        file = files.get_file_from_path(uri)
        if file is None or not file.inclusion.is_in_serve():
            continue  # not in this build (gated out): nothing to show
        if file.page is None:
            return False
        pages.append(file)
    last.usable = False
    for file in pages:
        if file.src_uri in generated:
            file.content_string = generated[file.src_uri]
    plugin.book = site.book = book
    last.generated = generated
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
    for file in pages:
        page = file.page
        title = page.title
        site.search.drop_page(page.url)
        _populate_page(page, config, files)
        if page.title != title:  # the nav of every page shows it
            return False
        excluded = file.inclusion.is_excluded()
        _build_page(page, config, doc_files, last.recorder.nav, last.recorder.env, False, excluded)
    if photos:  # derivatives carry their caption: copy those the pipeline wrote again
        for file in files.media_files():
            if file.src_uri.startswith(SITE_PREFIX):
                file.copy_file(dirty=True)
    last.usable = True
    site.search.order_pages([f.page.url for f in doc_files if f.page is not None])
    site.finish()  # the search index; photo reference problems raise here
    return True


def new_library(plugin: Any) -> PhotoLibrary | None:
    """The photo library after a caption sheet edit (the pipeline brought the derivatives and
    manifest up to date); None when photos came or went: only a full build lists them."""
    site = plugin.site
    with build_lock(plugin.book_config.project_dir):  # the photo cache is shared
        site.run_pipeline()
    library = load_library(site.output)
    if list(library.photos) != list(site.library.photos):
        return None
    if sorted(derivative_files(library)) != sorted(derivative_files(site.library)):
        return None
    return library


def shows_photos(page: Any, photos: set[str]) -> bool:
    """A page whose figures may show one of ``photos`` (galleries and covers included)."""
    if page.src_uri == "index.md" or page.meta.get("cover") in photos:
        return True
    return bool(set(page.photo_refs) & photos) or "gallery:" in page.body
