"""Pages already read, for a book that is loaded again after every save (the live preview).

Reading a page means parsing its YAML front matter and its Markdown (to find the
references): most of the time of loading a large book. The live preview reloads
the whole book after each save, to validate it; with a cache, only the files whose
bytes changed are parsed again. An entry is found by the file's content (a digest),
not its modification time, so two saves within one tick of a coarse clock are
never confused. Each entry keeps the problems and references the page produced,
so a cached page reports exactly what a fresh read would.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .model import Page
from .problems import Problem, Problems
from .schema import Ref

#: Reads one page into the given problems and references (the loader's own function).
Parse = Callable[[Problems, list[Ref]], Page | None]


@dataclass
class _Entry:
    digest: bytes
    page: Page | None
    refs: list[Ref]
    problems: list[Problem]


class PageCache:
    def __init__(self) -> None:
        self._entries: dict[tuple[str, str, str], _Entry] = {}

    def read(
        self,
        path: Path,
        key: tuple[str, str],
        parse: Parse,
        problems: Problems,
        refs: list[Ref],
    ) -> Page | None:
        """``parse`` the page at ``path`` unless its bytes were already read under ``key``
        (its ``src_uri`` and kind); either way its problems and references are added."""
        try:
            digest = hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
        except OSError:
            return parse(problems, refs)  # the loader reports it
        slot = (str(path), *key)
        entry = self._entries.get(slot)
        if entry is None or entry.digest != digest:
            own, found = Problems(problems.root), []
            page = parse(own, found)
            entry = self._entries[slot] = _Entry(digest, page, found, list(own))
        problems.extend(entry.problems)
        refs.extend(entry.refs)
        return entry.page
