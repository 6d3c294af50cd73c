"""What of ``docs/`` may reach the website: default deny.

Pages are published only through the content model and its gate (``status:
approved``). Every other file in ``docs/`` is copied only when it is a web asset
type the theme needs (stylesheets, scripts, fonts). Images are refused — they
belong in ``archive/``, where the photo pipeline strips camera metadata — and
anything else (backups, editor files, text, office and data files, a
``*.MD`` copy MkDocs would copy raw) is never copied, with a warning.

Nothing here imports MkDocs: ``yearbook check`` and the plugin decide alike. These
are the file rules; ``book.publisher`` applies them, with the pages' status, to a book.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

#: The suffixes MkDocs renders as pages (``mkdocs.utils.markdown_extensions``). MkDocs
#: compares them case-sensitively, so ``x.MD`` would be copied as a raw file.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
#: Files in docs/ that are copied to the site as they are.
ASSET_SUFFIXES = frozenset({".css", ".js", ".woff", ".woff2", ".ttf", ".otf"})
#: Refused with a pointer to archive/: they would be published with their metadata.
IMAGE_SUFFIXES = frozenset(
    {
        ".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".gif", ".webp", ".avif", ".svg", ".svgz",
        ".tif", ".tiff", ".bmp", ".heic", ".heif", ".ico", ".jp2", ".j2k", ".jpx", ".psd",
        ".tga", ".dng", ".cr2", ".nef", ".arw",
    }
)  # fmt: skip

PAGE = "page"
ASSET = "asset"
IMAGE = "image"
OTHER = "other"
MISCASED = "miscased"  # a Markdown file whose suffix is not lower case
OUTSIDE = "outside"  # a symlink to a file outside docs/


@dataclass(frozen=True)
class DocsFile:
    """A file found in docs/: its path, MkDocs' ``src_uri`` and what it is."""

    path: Path
    src_uri: str
    kind: str


def classify(name: str) -> str:
    """PAGE, ASSET, IMAGE, MISCASED or OTHER, from a file name alone."""
    if name.endswith(MARKDOWN_SUFFIXES):
        return PAGE
    lower = name.lower()
    if lower.endswith(MARKDOWN_SUFFIXES):
        return MISCASED
    suffix = os.path.splitext(lower)[1]
    if suffix in ASSET_SUFFIXES:
        return ASSET
    if suffix in IMAGE_SUFFIXES:
        return IMAGE
    return OTHER


def walk_docs(docs_dir: Path, skip: Path | None = None) -> Iterator[DocsFile]:
    """Every file under docs/ that MkDocs would see, sorted; hidden ones are skipped
    (MkDocs excludes them too), and so is the ``skip`` folder (the data files)."""
    if not docs_dir.is_dir():
        return
    skip_resolved = skip.resolve() if skip is not None else None
    root = os.path.realpath(docs_dir)
    for dirpath, dirnames, filenames in os.walk(docs_dir):
        here = Path(dirpath)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".")
            and (skip_resolved is None or (here / d).resolve() != skip_resolved)
        )
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = here / name
            kind = classify(name)
            if path.is_symlink() and not os.path.realpath(path).startswith(root + os.sep):
                kind = OUTSIDE  # never copy a file from elsewhere on the machine
            yield DocsFile(path, path.relative_to(docs_dir).as_posix(), kind)


def asset_folders(hidden_pages: list[str]) -> tuple[str, ...]:
    """Folders named after unpublished pages (``don-vi/x.markdown`` → ``don-vi/x/``):
    their files are the page's own assets and stay private with it."""
    return tuple(os.path.splitext(uri)[0] + "/" for uri in hidden_pages)


def publish_asset(src_uri: str, private_folders: tuple[str, ...]) -> bool:
    """True when a non-page file of docs/ may be copied to the site."""
    name = src_uri.rsplit("/", 1)[-1]
    return classify(name) == ASSET and not src_uri.startswith(private_folders)
