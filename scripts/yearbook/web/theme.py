"""The package's theme: templates, CSS, fonts and scripts every book is built with.

A book folder holds only ``mkdocs.yml``, ``docs/`` and ``archive/``. The plugin
puts this folder into Material's template search path right after the book's
own ``custom_dir`` (so a book's ``overrides/`` still overrides any template, the
Material way) and before Material itself, and adds the theme's stylesheets.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

THEME_DIR = Path(__file__).resolve().parent.parent / "theme"

#: Render-blocking stylesheets of the theme, in the order the site loads them. (The fonts'
#: stylesheet is linked by ``main.html`` without blocking the first paint.)
THEME_CSS = ("assets/stylesheets/yearbook.css",)


def theme_dirs(config: Any) -> list[str]:
    """Material's template search path with the package theme in its place."""
    dirs = list(config.theme.dirs)
    theme = str(THEME_DIR)
    if theme not in dirs:
        custom = config.theme.custom_dir
        at = 1 if custom and dirs and Path(dirs[0]) == Path(custom) else 0
        dirs.insert(at, theme)
    return dirs


def use_package_theme(config: Any) -> None:
    """Insert ``THEME_DIR`` into ``config.theme.dirs`` and its CSS into ``extra_css`` (idempotent)."""
    config.theme.dirs[:] = theme_dirs(config)
    listed = [str(css) for css in config.extra_css]
    missing = [css for css in THEME_CSS if css not in listed]
    config.extra_css[:0] = missing
