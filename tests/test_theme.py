"""The package carries the theme; a book's own ``overrides/`` still wins, the Material way."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from bookfactory import write_book


def build(project: Path) -> Path:
    yearbook = str(Path(sys.executable).parent / "yearbook")
    out = project / "site"
    run = subprocess.run(
        [yearbook, "build", "--no-pdf", "-d", str(out)],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return out


def test_book_without_overrides_gets_the_package_theme(tmp_path: Path) -> None:
    project = write_book(tmp_path / "book")
    text = (project / "mkdocs.yml").read_text("utf-8").replace("  custom_dir: overrides\n", "")
    (project / "mkdocs.yml").write_text(text, "utf-8")
    for path in sorted((project / "overrides").rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    (project / "overrides").rmdir()
    site = build(project)
    chapter = (site / "giai-doan" / "1989-2004" / "index.html").read_text("utf-8")
    assert re.search(r"assets/stylesheets/yearbook\.[0-9a-f]{8}\.css", chapter), "no stylesheet"
    assert "yb-byline" in chapter
    assert list((site / "assets/fonts").glob("fonts.*.css"))


def test_a_books_own_override_wins(tmp_path: Path) -> None:
    project = write_book(tmp_path / "book")
    own = project / "overrides" / "partials" / "yb-byline.html"
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_text('<p class="own-byline">BYLINE-CỦA-SÁCH</p>\n', "utf-8")
    site = build(project)
    chapter = (site / "giai-doan" / "1989-2004" / "index.html").read_text("utf-8")
    assert "BYLINE-CỦA-SÁCH" in chapter
