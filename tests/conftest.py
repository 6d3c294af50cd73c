"""Shared fixtures. Add yours below; keep fixtures that build sites module- or session-scoped."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from bookfactory import write_book

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@pytest.fixture
def book_dir(tmp_path: Path) -> Path:
    """A small valid yearbook (no PDF plugin) in a temporary folder."""
    return write_book(tmp_path / "book")


# --- website (tests/test_site_*.py) -----------------------------------------------------


def _build_site(project: Path, out: Path, *, preview: bool = False) -> Path:
    import subprocess
    import sys

    yearbook = str(Path(sys.executable).parent / "yearbook")
    args = [yearbook, "build", "--no-pdf", "--strict", "-d", str(out)]
    if preview:
        args.append("--preview")
    result = subprocess.run(args, cwd=project, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="session")
def sample_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's sample book with a photo archive, committed in its own git repo."""
    import subprocess

    from site_support import copy_sample_book

    project = copy_sample_book(tmp_path_factory.mktemp("sample") / "book")
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}  # fmt: skip
    for cmd in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "sample"]):
        subprocess.run(cmd, cwd=project, env=env, check=True, capture_output=True)
    return project


@pytest.fixture(scope="session")
def public_site(sample_project: Path) -> Path:
    """The sample book built as the public website (strict, no PDF)."""
    return _build_site(sample_project, sample_project / "site-public")


@pytest.fixture(scope="session")
def preview_site(sample_project: Path) -> Path:
    return _build_site(sample_project, sample_project / "site-preview", preview=True)


# --- PDF editions (tests/test_pdf_*.py) ------------------------------------------------

PDF_CHAPTERS = 3


@dataclass
class Built:
    root: Path
    screen: Path
    print: Path
    archive: Path
    log: str

    @property
    def cover(self) -> Path:
        return self.print.with_name(self.print.stem + "-bia.pdf")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The generated sample book with its three PDF editions (and the print cover spread).

    Built from a directory that is *not* the project, to prove that our template
    folder and hook module are found from anywhere. Shared by every PDF test module.
    """
    import subprocess
    import sys

    from samplebook import write_sample_book

    root = write_sample_book(
        tmp_path_factory.mktemp("pdfbook"), chapters=PDF_CHAPTERS, photos=9, archive=True
    )
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    git = {**env, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}  # fmt: skip
    for cmd in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "book"]):
        subprocess.run(cmd, cwd=root, env=git, check=True, capture_output=True)
    mkdocs = Path(sys.executable).with_name("mkdocs")
    run = subprocess.run(
        [str(mkdocs), "build", "--strict", "-f", str(root / "mkdocs.yml")],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stderr[-4000:]
    pdf = root / "site" / "pdf"
    return Built(
        root,
        pdf / "ky-yeu-30-nam.pdf",
        pdf / "ky-yeu-30-nam-ban-in.pdf",
        pdf / "ky-yeu-30-nam-luu-tru.pdf",
        run.stderr,
    )


# --- the second fixture book (tests/books/so-tu-phap) -----------------------------------

#: Another agency's book: other years, periods, section folders, trim and colours.
SECOND_BOOK = Path(__file__).parent / "books" / "so-tu-phap"


def copy_second_book(dest: Path) -> Path:
    """A fresh copy of the second fixture book at ``dest`` (for tests that edit it)."""
    import shutil

    shutil.copytree(SECOND_BOOK, dest)
    return dest


def _git_commit_all(project: Path) -> None:
    import subprocess

    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}  # fmt: skip
    for cmd in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "book"]):
        subprocess.run(cmd, cwd=project, env=env, check=True, capture_output=True)


@pytest.fixture(scope="session")
def second_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the second fixture book, committed in its own git repository."""
    project = copy_second_book(tmp_path_factory.mktemp("second") / "book")
    _git_commit_all(project)
    return project


@pytest.fixture(scope="session")
def second_site(second_project: Path) -> Path:
    """The second book built as the public website (strict, no PDF)."""
    return _build_site(second_project, second_project / "site-public")


@pytest.fixture(scope="session")
def second_full(second_project: Path) -> Path:
    """The second book with both PDF editions and the offline zip (strict)."""
    import subprocess
    import sys

    out = second_project / "site-full"
    yearbook = str(Path(sys.executable).parent / "yearbook")
    args = [yearbook, "build", "--strict", "--offline", "-d", str(out)]
    result = subprocess.run(args, cwd=second_project, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr[-4000:]
    return out
