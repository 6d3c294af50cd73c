"""``release.json``: what was released, from which commit, with which tools, which bytes.

Written last, into the site folder, listing the SHA-256 and size of every
other file there. It holds no build-clock time and no absolute path, so two
builds of one commit write the same manifest; comparing two manifests is the
quickest way to see what changed between releases.
"""

from __future__ import annotations

import json
import platform
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

from ..atomic import write_text_atomic
from ..buildinfo import build_datetime, git_commit, git_dirty, source_date_epoch
from ..photos.worker import file_sha256

NAME = "release.json"
FORMAT = 1
#: Distributions whose versions decide the output; recorded so the book rebuilds in ten years.
TOOLS = (
    "kyyeu-so",
    "mkdocs",
    "mkdocs-material",
    "mkdocs-with-pdf",
    "weasyprint",
    "pydyf",
    "tinycss2",
    "cssselect2",
    "markdown",
    "pymdown-extensions",
    "jinja2",
    "pillow",
    "pillow-heif",
    "python-frontmatter",
    "pyyaml",
    "beautifulsoup4",
    "mkdocs-glightbox",
)


def file_hashes(site: Path, skip: tuple[str, ...] = (NAME,)) -> dict[str, dict[str, Any]]:
    """``{"path/in/site": {"sha256": …, "size": …}}`` for every file, sorted by path."""
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        if rel in skip:
            continue
        out[rel] = {"sha256": file_sha256(path), "size": path.stat().st_size}
    return out


def tool_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in TOOLS:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions


def build_manifest(
    site: Path,
    *,
    title: str,
    edition: str,
    release_date: str,
    project_dir: Path,
    outputs: dict[str, str],
    content: Iterable[Path] = (),
) -> dict[str, Any]:
    """The manifest as a dict; ``outputs`` names the main files (PDFs, offline zip);
    ``content``: the source folders whose untracked files make the tree dirty."""
    epoch = source_date_epoch()
    commit = git_commit(project_dir)
    return {
        "format": FORMAT,
        "title": title,
        "edition": edition,
        "release_date": release_date,
        "source_date_epoch": epoch,
        "build_date": build_datetime().isoformat() if epoch is not None else None,
        "git": {"commit": commit, "dirty": git_dirty(project_dir, content) if commit else None},
        "tools": tool_versions(),
        "outputs": dict(sorted(outputs.items())),
        "files": file_hashes(site),
    }


def write_manifest(site: Path, manifest: dict[str, Any]) -> Path:
    path = site / NAME
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    write_text_atomic(path, text)
    return path
