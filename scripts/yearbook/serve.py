"""``yearbook serve``: the editors' live preview.

MkDocs' own ``serve`` gives up on a book with errors (the browser waits for a
site that never comes) and reused a plugin list that MkDocs had changed in
place, so it stopped rebuilding after the first save. Here every rebuild loads
a fresh configuration (``configfile.plugins``); a failed build swaps every page
for a Vietnamese error page listing each problem as ``path:line:col``, and the
next good build brings the book back — both through the usual live reload.

Speed: a save of Markdown pages, of timeline/people/board data or of the caption
sheet re-renders only the pages it changed, on top of the last full build kept in
memory (:mod:`yearbook.livebuild`); any other change (mkdocs.yml, templates,
photos, a front matter others show, a deleted file) makes a full, clean build.
Pages already read (``pagecache``), compiled templates and typeset HTML are kept
between builds. The text folders are looked at every 0.1 s, the photo archive
every 0.25 s; an editor's atomic save (temporary file renamed over the page) is
an edit, not a deletion.

A ``yearbook serve`` stopped by SIGTERM (a test, a service manager) removes its
temporary site folders like one stopped with Ctrl+C.

The PDF is not rebuilt on every keystroke: ``/_yearbook/pdf`` builds the
screen edition on request and sends it.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.livereload import LiveReloadServer

from .configfile import PDF_PLUGIN, plugins
from .livebuild import LastBuild, rebuild, record
from .pagecache import PageCache

log = logging.getLogger("mkdocs.yearbook.serve")

PDF_URL = "/_yearbook/pdf"
_PREFIX = re.compile(r"^yearbook: ")


class ErrorLog(logging.Handler):
    """Collects the ERROR lines of one build: the problems the plugin and MkDocs report."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        line = _PREFIX.sub("", record.getMessage()).strip()
        if line and line not in self.lines:
            self.lines.append(line)


def error_page(lines: list[str]) -> bytes:
    """The page shown instead of the book (``templates/serve/error.html``)."""
    source = resources.files("yearbook").joinpath("templates/serve/error.html").read_text("utf-8")
    env = jinja2.Environment(autoescape=True)
    problems = [line for line in lines if ": lỗi: " in line] or lines
    html = env.from_string(source).render(problems=problems, count=len(problems))
    return html.encode("utf-8")


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server that can show an error page and build a PDF on request."""

    error_html: bytes | None = None
    pdf_builder: Callable[[], Path | None] | None = None

    #: Seconds between two looks at the text folders (docs/, mkdocs.yml, overrides): a few
    #: dozen files, so looking often costs little; the archive of photos is looked at every
    #: ``polling_interval``.
    TEXT_POLL = 0.1

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        import watchdog.observers.polling

        super().__init__(*args, **kwargs)
        self.changed: set[str] = set()
        self.changed_lock = threading.Lock()
        self.text_observer = watchdog.observers.polling.PollingObserver(timeout=self.TEXT_POLL)
        self.slow_paths: set[str] = set()
        self.build_delay = 0.05  # a save arrives in one look: no need to wait long for more

    def serve(self, *, open_in_browser: bool = False) -> None:
        self.text_observer.start()
        super().serve(open_in_browser=open_in_browser)

    def shutdown(self, wait: bool = False) -> None:
        self.text_observer.stop()
        super().shutdown(wait=wait)

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        """MkDocs' ``watch``, also noting which files changed (to choose a fast rebuild)."""
        import watchdog.events

        path = os.path.abspath(path)
        if path in self._watched_paths:
            self._watched_paths[path] += 1
            return
        self._watched_paths[path] = 1

        def callback(event: Any) -> None:
            if event.is_directory:
                return
            with self.changed_lock:  # deletions too: livebuild checks what still exists
                self.changed.add(str(event.src_path))
                if getattr(event, "dest_path", ""):
                    self.changed.add(str(event.dest_path))
            with self._rebuild_cond:
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

        handler = watchdog.events.FileSystemEventHandler()
        handler.on_any_event = callback  # type: ignore[method-assign]
        observer = self.observer if path in self.slow_paths else self.text_observer
        self._watch_refs[path] = observer.schedule(handler, path, recursive=recursive)

    def take_changes(self) -> set[str]:
        with self.changed_lock:
            changed, self.changed = self.changed, set()
        return changed

    def _serve_request(
        self, environ: dict[str, Any], start_response: Any
    ) -> Iterable[bytes] | None:
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
        if path.rstrip("/") == PDF_URL and self.pdf_builder is not None:
            return self._serve_pdf(start_response)
        page = path.endswith("/") or path.endswith(".html")
        if self.error_html is not None and page and not path.startswith("/livereload/"):
            with self._epoch_cond:
                self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch)
                epoch = self._visible_epoch
                shown = self.error_html  # read once: the next build may clear it
            if shown is None:
                return super()._serve_request(environ, start_response)
            content = self._inject_js_into_html(shown, epoch)
            start_response(
                "500 Internal Server Error",
                [
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("Content-Length", str(len(content))),
                ],
            )
            return [content]
        return super()._serve_request(environ, start_response)

    def _serve_pdf(self, start_response: Any) -> Iterable[bytes]:
        assert self.pdf_builder is not None
        pdf = self.pdf_builder()
        if pdf is None or not pdf.is_file():
            content = self.error_html or error_page(["không dựng được bản PDF (xem cửa sổ lệnh)"])
            start_response(
                "500 Internal Server Error", [("Content-Type", "text/html; charset=utf-8")]
            )
            return [content]
        data = pdf.read_bytes()
        start_response(
            "200 OK", [("Content-Type", "application/pdf"), ("Content-Length", str(len(data)))]
        )
        return [data]


class Preview:
    """One preview session: a temporary site folder, rebuilt by ``build`` after every save."""

    def __init__(self, config_file: str, dev_addr: str, *, pdf: bool = False) -> None:
        self.config_file = config_file
        self.dev_addr = dev_addr
        self.pdf = pdf
        self.site_dir = tempfile.mkdtemp(prefix="yearbook-serve-")
        self.lock = threading.Lock()  # one MkDocs build at a time (MkDocs keeps global state)
        self.server: PreviewServer | None = None
        self.serve_url = ""
        self.last_seconds = 0.0
        #: The last complete build, re-rendered page by page after a save (None: build all).
        self.last: LastBuild | None = None
        #: Paths changed since the last good build (kept while the book shows errors).
        self.pending: set[str] = set()
        #: Pages already read, for every build of this session (only changed files are parsed).
        self.page_cache = PageCache()
        #: How the last build was made: "full" or "pages" (for the log and the tests).
        self.last_kind = ""

    def load(self, site_dir: str, *, pdf: bool, screen_only: bool = False) -> Any:
        from mkdocs.config import load_config

        drop = () if pdf else (PDF_PLUGIN,)
        options: dict[str, Any] = {"preview": True, "atomic": False}  # fast in-place rebuilds
        if screen_only:
            options["pdf"] = {**self._pdf_options(), "print_edition": False, "archive": False}
        fresh = plugins(self.config_file, drop=drop, yearbook=options)
        config = load_config(self.config_file, site_dir=site_dir, plugins=fresh)
        _cache_templates(config.theme)
        record(config)
        yearbook = config.plugins.get("yearbook")
        if yearbook is not None:
            yearbook.page_cache = self.page_cache
        if self.serve_url:
            config.site_url = self.serve_url
        return config

    def _pdf_options(self) -> dict[str, Any]:
        for entry in plugins(self.config_file):
            if isinstance(entry, dict) and "yearbook" in entry:
                return dict((entry["yearbook"] or {}).get("pdf") or {})
        return {}

    def build(self, config: Any = None) -> Any:
        """Rebuild the site; on failure keep the reason for the error page. Never raises."""
        from mkdocs.commands.build import build as mkdocs_build

        errors = ErrorLog()
        logging.getLogger("mkdocs").addHandler(errors)
        started = time.perf_counter()
        if self.server is not None:
            self.pending |= self.server.take_changes()
        try:
            with self.lock:
                if not (config is None and self.pages_only()):
                    self.last, self.last_kind = None, "full"
                    _THEME_FILES.clear()
                    config = config or self.load(self.site_dir, pdf=self.pdf)
                    mkdocs_build(config, serve_url=self.serve_url or None)
                    self.last = LastBuild.of(config)
        except Exception as exc:  # every failure becomes the error page, never a traceback
            if not errors.lines:
                errors.lines.append(f"lỗi nội bộ: {exc.__class__.__name__}: {exc}")
            log.error("Chưa dựng được bản xem trước (%d lỗi); xem trang lỗi.", len(errors.lines))
            if self.server is not None:
                self.server.error_html = error_page(errors.lines)
            return None
        finally:
            logging.getLogger("mkdocs").removeHandler(errors)
            self.last_seconds = time.perf_counter() - started
        self.pending = set()
        if self.server is not None:
            self.server.error_html = None
        log.info(
            "Đã dựng lại bản xem trước trong %.2f giây (%s).",
            self.last_seconds,
            "chỉ các trang đã sửa" if self.last_kind == "pages" else "toàn bộ",
        )
        return config if config is not None else (self.last and self.last.config)

    def pages_only(self) -> bool:
        """Re-render only the changed pages, if the kept build allows it (see ``livebuild``).
        A failure half-way through drops the kept build, so the next save builds all."""
        last = self.last
        if last is None or not self.pending:
            return False
        try:
            done = rebuild(last, self.pending)
        except Exception:
            if not last.usable:
                self.last = None
            raise
        if done:
            self.last_kind = "pages"
        return done

    def build_pdf(self) -> Path | None:
        """The screen PDF of the current text, built on request into its own folder."""
        from mkdocs.commands.build import build as mkdocs_build

        out = Path(self.site_dir + "-pdf")
        try:
            with self.lock:
                config = self.load(str(out), pdf=True, screen_only=True)
                pdf_plugin = config.plugins.get(PDF_PLUGIN)
                if pdf_plugin is None:
                    return None
                mkdocs_build(config)
            return out / str(pdf_plugin.config["output_path"])
        except Exception as exc:
            log.error("Không dựng được bản PDF: %s", exc)
            return None

    def watched(self, config: Any) -> list[str]:
        """What triggers a rebuild: content, data, mkdocs.yml, the archive and caption sheet,
        the book's own overrides, and whatever plugins add to ``config.watch``."""
        project = Path(config.config_file_path).resolve().parent
        paths = [config.docs_dir, config.config_file_path, *config.watch]
        yearbook = config.plugins.get("yearbook")
        if yearbook is not None:
            photos = yearbook.config.photos
            paths += [str(project / photos.archive), str(project / photos.captions)]
        custom = config.theme.custom_dir
        if custom:
            paths.append(custom)
        seen: list[str] = []
        for path in paths:
            if path and Path(path).exists() and str(path) not in seen:
                seen.append(str(path))
        return seen

    def slow_watched(self, config: Any) -> list[str]:
        """The photo archive: hundreds of files, looked at less often."""
        yearbook = config.plugins.get("yearbook")
        if yearbook is None:
            return []
        project = Path(config.config_file_path).resolve().parent
        photos = yearbook.config.photos
        return [
            os.path.abspath(project / photos.archive),
            os.path.abspath(project / photos.captions),
        ]

    def run(self) -> None:
        from urllib.parse import urlsplit

        from mkdocs.livereload import _serve_url

        host, _, port = self.dev_addr.rpartition(":")
        config = self.load(self.site_dir, pdf=self.pdf)
        mount_path = urlsplit(config.site_url or "/").path
        self.serve_url = _serve_url(host, int(port), mount_path)
        config.site_url = self.serve_url
        server = self.server = PreviewServer(
            builder=self.build,
            host=host,
            port=int(port),
            root=self.site_dir,
            mount_path=mount_path,
            polling_interval=0.25,
        )
        server.pdf_builder = self.build_pdf
        server.slow_paths = set(self.slow_watched(config))
        stop_on_sigterm()
        try:
            self.build(config)
            for path in self.watched(config):
                server.watch(path)
            log.info("Bản PDF theo yêu cầu: %s%s", self.serve_url.rstrip("/"), PDF_URL)
            try:
                server.serve()
            except KeyboardInterrupt:
                log.info("Đang dừng…")
            finally:
                server.shutdown()
        finally:
            shutil.rmtree(self.site_dir, ignore_errors=True)
            shutil.rmtree(self.site_dir + "-pdf", ignore_errors=True)


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


#: Compiled templates, kept for the whole session (keyed by source checksum, so an
#: edited template is compiled again).
_TEMPLATES = _MemoryBytecodeCache()


#: The theme's file list (Material ships hundreds of files), kept until a full build.
_THEME_FILES: dict[tuple[str, ...], list[str]] = {}


def _cache_templates(theme: Any) -> None:
    """Make every Jinja environment of this theme share the session's compiled templates
    and its list of theme files (walked again only by a full build)."""
    make_env = theme.get_env
    key = tuple(theme.dirs)

    def get_env() -> jinja2.Environment:
        env = make_env()
        env.bytecode_cache = _TEMPLATES
        list_templates = env.list_templates

        def listed(*args: Any, **kwargs: Any) -> list[str]:
            if args or kwargs:
                return list_templates(*args, **kwargs)
            if key not in _THEME_FILES:
                _THEME_FILES[key] = list_templates()
            return list(_THEME_FILES[key])

        env.list_templates = listed  # type: ignore[method-assign]
        return env

    theme.get_env = get_env


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def stop_on_sigterm() -> None:
    """Let SIGTERM stop the preview the way Ctrl+C does, so its folders are removed."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)
