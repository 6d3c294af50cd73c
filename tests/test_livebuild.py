"""The live preview's page-by-page rebuild gives the site a full build gives, on both books.

A save of a page's text, of the timeline and people data and of the caption sheet is
re-rendered on top of the kept build (``yearbook.livebuild``); a broken front matter in between shows the error
page and its fix is again a page-only rebuild. The site is then compared, file by file,
with a full build of the same sources (times of day aside: pages stamp them).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import copy_second_book
from site_support import copy_sample_book
from yearbook.serve import Preview

_TIME = re.compile(r"\d\d:\d\d:\d\d")


class Watcher:
    """Stands for the server: hands the preview the paths "saved" by the test."""

    error_html: Any = None

    def __init__(self) -> None:
        self.changed: set[str] = set()

    def take_changes(self) -> set[str]:
        changed, self.changed = self.changed, set()
        return changed


def sample_book(dest: Path) -> Path:
    return copy_sample_book(dest)


BOOKS = {
    "second": (
        copy_second_book,
        "docs/chang-duong/1995-2002.md",
        ("docs/data/timeline.yml", "Hộ tịch điện tử", "Hộ tịch số"),
        ("docs/data/people.yml", "name: ", "name: Ông "),
        ("archive/captions.csv", "trụ sở Sở Tư pháp năm 2020", "trụ sở ybcaption"),
    ),
    "sample": (
        sample_book,
        "docs/giai-doan/1999-2004.md",
        ("docs/data/timeline.yml", "\n  title: ", "\n  title: Mốc "),
        ("docs/data/people.yml", "name: Lê Văn Bình", "name: Lê Văn Bính"),
        ("archive/captions.csv", "trụ sở làm việc những ngày đầu", "trụ sở ybcaption"),
    ),
}


def site_files(site: Path) -> dict[str, str]:
    return {
        str(f.relative_to(site)): _TIME.sub("T", f.read_text("utf-8", "replace"))
        for f in sorted(site.rglob("*"))
        if f.is_file()
    }


@pytest.mark.parametrize("name", BOOKS)
def test_page_rebuilds_give_the_full_build_site(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make, chapter_path, *data_edits = BOOKS[name]
    project = make(tmp_path / "book")
    monkeypatch.chdir(project)
    live, fresh = Preview("mkdocs.yml", "127.0.0.1:8000"), Preview("mkdocs.yml", "127.0.0.1:8000")
    try:
        live.serve_url = fresh.serve_url = "http://127.0.0.1:8000/"
        assert live.build() is not None
        watcher = live.server = Watcher()  # type: ignore[assignment]

        def save(path: Path, old: str, new: str) -> None:
            text = path.read_text("utf-8")
            assert old in text
            path.write_text(text.replace(old, new, 1), "utf-8")
            watcher.changed.add(str(path.resolve()))
            live.build()

        chapter = project / chapter_path
        save(chapter, "## Bối cảnh\n", "## Bối cảnh\n\nĐoạn thêm ybliveedit.\n")
        assert (live.last_kind, watcher.error_html) == ("pages", None)
        for path, old, new in data_edits:
            save(project / path, old, new)
            assert (live.last_kind, watcher.error_html) == ("pages", None)
        save(chapter, "status: approved", "status: aproved")
        assert b"aproved" in watcher.error_html
        save(chapter, "status: aproved", "status: approved")
        assert (live.last_kind, watcher.error_html) == ("pages", None)

        assert fresh.build() is not None
        built, expected = site_files(Path(live.site_dir)), site_files(Path(fresh.site_dir))
        assert built.keys() == expected.keys()
        assert [k for k in built if built[k] != expected[k]] == []
        assert any("ybliveedit" in text for text in built.values())
        assert any("ybcaption" in text for text in built.values())
        # The derivatives carry their caption too: the copies served are the new ones.
        photos = [k for k in built if k.startswith("assets/photos/") or "/photos/" in k]
        assert photos
        for rel in photos:
            assert (Path(live.site_dir) / rel).read_bytes() == (
                Path(fresh.site_dir) / rel
            ).read_bytes(), rel
    finally:
        shutil.rmtree(live.site_dir, ignore_errors=True)
        shutil.rmtree(fresh.site_dir, ignore_errors=True)
