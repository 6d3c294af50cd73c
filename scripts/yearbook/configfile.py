"""The book's ``mkdocs.yml`` as written: its plugin list, read fresh for every build.

MkDocs validates a ``plugins=`` override *in place*: a list passed to
``load_config`` once is not a valid plugin list the second time. Every caller
(``build --no-pdf``, ``serve``, the release build) therefore asks here for a new
list, made from the file, each time it loads the configuration.
"""

from __future__ import annotations

import copy
from typing import Any

YEARBOOK_PLUGIN = "yearbook"
PDF_PLUGIN = "with-pdf"


def plugin_name(entry: Any) -> str:
    """The name of a ``plugins:`` entry in mkdocs.yml (a string or a one-key mapping)."""
    return entry if isinstance(entry, str) else next(iter(entry))


def raw_config(config_file: str) -> dict[str, Any]:
    from mkdocs.utils.yaml import yaml_load

    with open(config_file, encoding="utf-8") as f:
        return yaml_load(f) or {}


def plugin_options(entry: Any) -> dict[str, Any]:
    """The options of one entry, as a new mapping (``- search`` has none)."""
    if isinstance(entry, dict):
        return copy.deepcopy(dict(entry[plugin_name(entry)] or {}))
    return {}


def plugins(
    config_file: str, *, drop: tuple[str, ...] = (), yearbook: dict[str, Any] | None = None
) -> list[Any]:
    """A fresh plugin list from ``config_file``: ``drop`` left out, ``yearbook`` options merged."""
    out: list[Any] = []
    for entry in raw_config(config_file).get("plugins") or []:
        name = plugin_name(entry)
        if name in drop:
            continue
        if name == YEARBOOK_PLUGIN and yearbook:
            entry = {name: {**plugin_options(entry), **yearbook}}
        out.append(copy.deepcopy(entry))
    return out
