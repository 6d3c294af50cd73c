"""The live preview reloads the book after every save through a page cache: only pages
whose bytes changed are parsed again, and a cached page reports what a fresh read does."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import copy_second_book
from yearbook.cli import load_book, load_book_config
from yearbook.pagecache import PageCache

CHAPTER = "docs/chang-duong/1995-2002.md"


def summary(book) -> tuple[list[str], list[tuple[str, str, str]]]:
    problems = [str(p) for p in book.problems.sorted()]
    return problems, [(p.src_uri, p.title, p.body) for p in book.pages]


def test_cached_loads_match_fresh_loads_through_edits(tmp_path: Path) -> None:
    project = copy_second_book(tmp_path / "book")
    config = load_book_config(str(project / "mkdocs.yml"))
    cache = PageCache()
    assert summary(load_book(config, cache)) == summary(load_book(config))

    # A broken front matter is reported by every load until it is fixed, cached or not.
    chapter = project / CHAPTER
    good = chapter.read_text("utf-8")
    chapter.write_text(good.replace("status: approved", "status: aproved", 1), "utf-8")
    broken = summary(load_book(config, cache))
    assert any("aproved" in p for p in broken[0])
    assert summary(load_book(config, cache)) == broken == summary(load_book(config))

    chapter.write_text(good, "utf-8")
    fixed = summary(load_book(config, cache))
    assert fixed == summary(load_book(config))
    assert not any("aproved" in p for p in fixed[0])

    # Same size, same modification time, other bytes: read again (the cache is by content).
    stat = chapter.stat()
    edited = good.replace("Bối cảnh", "Bối cảnb", 1)
    assert len(edited.encode()) == len(good.encode())
    chapter.write_text(edited, "utf-8")
    os.utime(chapter, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    again = summary(load_book(config, cache))
    assert any("Bối cảnb" in body for _, _, body in again[1])
    assert again == summary(load_book(config))
