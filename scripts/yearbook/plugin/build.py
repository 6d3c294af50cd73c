"""Build-wide glue the plugin's hooks call: the site folder guard, Material's search
switched off, which files come from docs/, and problems written to MkDocs' log.

Kept out of ``plugin.py`` so that it holds the hooks only.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from ..model import BookConfig
from ..outputs import UnsafeOutput, check_output_dir, source_dirs
from ..problems import Problems

log = get_plugin_logger(__name__)


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


def from_docs(file: Any, config: MkDocsConfig) -> bool:
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
