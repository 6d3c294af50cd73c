"""Outputs never touch sources: every entry point refuses a dangerous output folder.

Each case runs the real command in a temporary copy of a book and checks both the
refusal (Vietnamese message, exit 1) and that not one source file changed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import git_init, no_traceback, run, snapshot

from bookfactory import write_book

SOURCES = ("docs", "archive", "mkdocs.yml", "overrides", ".git")


def sources(root: Path) -> dict[str, str]:
    return {k: v for k, v in snapshot(root).items() if k.split("/")[0] in SOURCES}


def refused(result, root: Path, before: dict[str, str]) -> None:
    no_traceback(result)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "không dùng" in result.stdout + result.stderr, result.stdout + result.stderr
    assert sources(root) == before, "a source file was changed or deleted"


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_book(tmp_path_factory.mktemp("guard") / "book", release_ready=True)
    (root / "ghi-chu").mkdir()
    (root / "ghi-chu" / "bien-ban.txt").write_text("Biên bản họp\n", "utf-8")
    git_init(root)
    return root


@pytest.mark.parametrize(
    "site_dir",
    ["archive", "archive/1989-2004", "docs", "docs/x", ".", "..", ".git", "overrides", "ghi-chu"],
)
def test_build_refuses_a_source_or_foreign_folder(book: Path, site_dir: str) -> None:
    before = sources(book)
    extra = snapshot(book / "ghi-chu")
    result = run(book, "build", "--no-pdf", "-d", site_dir)
    refused(result, book, before)
    assert snapshot(book / "ghi-chu") == extra


def test_release_into_the_project_is_refused_before_anything_is_deleted(book: Path) -> None:
    before = sources(book)
    result = run(book, "build", "--release", "-d", ".")
    refused(result, book, before)
    result = run(book, "build", "--release", "-d", "archive")
    refused(result, book, before)


def test_offline_into_the_archive_is_refused(book: Path) -> None:
    before = sources(book)
    refused(run(book, "build", "--offline", "-d", "archive"), book, before)


@pytest.mark.parametrize("output", ["archive", "docs", ".", "archive/out", "ghi-chu"])
def test_photos_output_refuses_a_source_folder(book: Path, output: str) -> None:
    before = sources(book)
    result = run(book, "photos", "--output", output)
    refused(result, book, before)
    assert (book / "ghi-chu" / "bien-ban.txt").is_file()


def test_plain_mkdocs_build_is_refused_in_on_config(book: Path) -> None:
    before = sources(book)
    result = run(book, "mkdocs", "build", "-d", "archive")
    refused(result, book, before)


def test_caption_sheet_folder_is_protected(tmp_path: Path) -> None:
    root = write_book(tmp_path / "book", release_ready=True)
    sheets = root / "bang"
    sheets.mkdir()
    (root / "archive" / "captions.csv").rename(sheets / "captions.csv")
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8").replace(
        "      end_year: 2019\n",
        "      end_year: 2019\n      photos:\n        captions: bang/captions.csv\n",
    )
    config.write_text(text, "utf-8")
    before = snapshot(sheets)
    for args in (["build", "--no-pdf", "-d", "bang/site"], ["photos", "--output", "bang/anh"]):
        result = run(root, *args)
        no_traceback(result)
        assert result.returncode == 1, result.stdout + result.stderr
        assert "bang/" in result.stdout + result.stderr
    assert snapshot(sheets) == before


def test_previous_output_is_rebuilt_and_marked(tmp_path: Path) -> None:
    """The marker is what lets the next build replace the folder."""
    root = write_book(tmp_path / "book")
    out = tmp_path / "xuat"
    for _ in range(2):
        result = run(root, "build", "--no-pdf", "-d", str(out))
        assert result.returncode == 0, result.stdout + result.stderr
        assert (out / "index.html").is_file() and (out / ".yearbook-output").is_file()
    assert (root / ".cache" / "photos" / ".yearbook-output").is_file()


def test_photo_output_in_mkdocs_yml_is_checked_by_the_build(tmp_path: Path) -> None:
    root = write_book(tmp_path / "book")
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8").replace(
        "      end_year: 2019\n", "      end_year: 2019\n      photos:\n        output: archive\n"
    )
    config.write_text(text, "utf-8")
    before = sources(root)
    result = run(root, "build", "--no-pdf")
    refused(result, root, before)


@pytest.mark.parametrize(
    "args",
    [
        ["build", "--no-pdf", "-d", "archive"],
        ["build", "--release", "-d", "."],
        ["build", "--offline", "-d", "docs/chang-duong"],
        ["photos", "--output", "archive/2010-2020"],
        ["mkdocs", "build", "-d", "archive"],
    ],
)
def test_the_second_book_is_guarded_too(second_guarded: Path, args: list[str]) -> None:
    before = sources(second_guarded)
    refused(run(second_guarded, *args), second_guarded, before)


@pytest.fixture(scope="module")
def second_guarded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import copy_second_book

    root = copy_second_book(tmp_path_factory.mktemp("guard2") / "book")
    git_init(root)
    return root
