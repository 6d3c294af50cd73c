"""Content-hashed names for the theme's own assets, so hosts may cache them for a year.

Material names its bundle ``bundle.<hash>.min.js``; the yearbook's stylesheet, scripts,
fonts and the lightbox's files get the same treatment here (``yearbook.3f2a9c1e.css``).
A new release with a changed file gets a new name, so a reader's browser never mixes an
old cached script with a new page, and ``.github/PUBLISHING.md`` can tell hosts to keep
``assets/`` for a year (``immutable``). The hash is of the file as published (fonts.css
after its font URLs are rewritten), from whichever folder the file came from (a book's
``overrides/`` may replace any of them).

Templates and the page post-processing refer to an asset by its source path through
``config.extra["yearbook_assets"]`` (source path → published path).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

#: The theme's assets that get a hashed name (besides every ``assets/fonts/*.woff2``).
HASHED = (
    "assets/stylesheets/yearbook.css",
    "assets/javascripts/yb-site.js",
    "assets/javascripts/yb-search.js",
    "assets/javascripts/yb-lightbox.js",
)
FONTS_CSS = "assets/fonts/fonts.css"
#: mkdocs-glightbox's files, loaded by yb-lightbox.js when a reader opens a photo.
GLIGHTBOX = {
    "assets/stylesheets/glightbox.min.css": "glightbox.min.css",
    "assets/javascripts/glightbox.min.js": "glightbox.min.js",
}
CONFIG_KEY = "yearbook_assets"
_FONT_URL = re.compile(r"url\(([^)\s'\"]+\.woff2)\)")


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:8]


def hashed_name(src_uri: str, data: bytes) -> str:
    """``assets/x/name.ext`` → ``assets/x/name.<hash>.ext`` (``name.min.js`` → ``name.min.<hash>.js``)."""
    folder, _, name = src_uri.rpartition("/")
    stem, dot, ext = name.rpartition(".")
    return f"{folder}/{stem}.{content_hash(data)}{dot}{ext}"


def _static(old: File, dest_uri: str) -> File:
    new = File(
        old.src_uri,
        src_dir=old.src_dir,
        dest_dir=old.dest_dir,
        use_directory_urls=False,
        dest_uri=dest_uri,
    )
    if old.abs_src_path:
        new.abs_src_path = old.abs_src_path
    return new


def _glightbox_dir() -> Path | None:
    try:
        import mkdocs_glightbox
    except ImportError:  # pragma: no cover - a dependency of the package
        return None
    folder = Path(mkdocs_glightbox.__file__).parent / "glightbox"
    return folder if folder.is_dir() else None


def hash_assets(files: Files, config: MkDocsConfig) -> dict[str, str]:
    """Publish the theme's assets under hashed names; return source path → published path.

    Also points ``extra_css`` at the hashed stylesheet and stores the map in
    ``config.extra["yearbook_assets"]`` for the templates.
    """
    names: dict[str, str] = {}

    def rename(src_uri: str, data: bytes | None = None) -> None:
        old = files.get_file_from_path(src_uri)
        if old is None or old.abs_src_path is None:
            return
        body = data if data is not None else Path(old.abs_src_path).read_bytes()
        names[src_uri] = hashed_name(src_uri, body)
        files.remove(old)
        files.append(_static(old, names[src_uri]))

    for file in list(files):
        if file.src_uri.startswith("assets/fonts/") and file.src_uri.endswith(".woff2"):
            rename(file.src_uri)
    for src_uri in HASHED:
        rename(src_uri)
    fonts = files.get_file_from_path(FONTS_CSS)
    if fonts is not None and fonts.abs_src_path is not None:
        folder = FONTS_CSS.rpartition("/")[0] + "/"

        def font_url(m: re.Match[str]) -> str:
            target = names.get(folder + m.group(1))
            return f"url({target.rpartition('/')[2]})" if target else m.group(0)

        css = _FONT_URL.sub(font_url, Path(fonts.abs_src_path).read_text(encoding="utf-8"))
        names[FONTS_CSS] = hashed_name(FONTS_CSS, css.encode("utf-8"))
        files.remove(fonts)
        files.append(File.generated(config, names[FONTS_CSS], content=css))
    glightbox = _glightbox_dir()
    if glightbox is not None and "glightbox" in config.plugins:
        for src_uri, name in GLIGHTBOX.items():
            path = glightbox / name
            names[src_uri] = hashed_name(src_uri, path.read_bytes())
            file = File(
                names[src_uri], src_dir=None, dest_dir=config.site_dir, use_directory_urls=False
            )
            file.abs_src_path = str(path)
            files.append(file)
    config.extra_css[:] = [names.get(str(css), str(css)) for css in config.extra_css]
    config.extra[CONFIG_KEY] = names
    return names
