"""Build time and commit for reproducible outputs: ``SOURCE_DATE_EPOCH``, never the wall clock.

The reproducible-builds convention: when ``SOURCE_DATE_EPOCH`` is set, every
date a build writes comes from it. A release build defaults it to the time of
the git commit being built, so two builds of one commit agree to the byte.
Dates shown to readers are in Vietnam time (UTC+7, no daylight saving), a fixed
offset so that the build machine's time zone cannot change the output.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Iterable
from pathlib import Path

ENV = "SOURCE_DATE_EPOCH"
VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")


def source_date_epoch() -> int | None:
    """The epoch from the environment, or None when unset or not an integer."""
    value = os.environ.get(ENV, "").strip()
    return int(value) if value.isdigit() else None


def build_datetime() -> dt.datetime:
    """The build's date and time in Vietnam time: from ``SOURCE_DATE_EPOCH`` when set."""
    epoch = source_date_epoch()
    if epoch is None:
        return dt.datetime.now(VIETNAM)
    return dt.datetime.fromtimestamp(epoch, VIETNAM)


def vietnamese_date(when: dt.date) -> str:
    """``28/8/2020``: the way the book writes dates."""
    return f"{when.day}/{when.month}/{when.year}"


def _git(project_dir: Path, *args: str, strip: bool = True) -> str:
    try:
        out = subprocess.run(
            ["git", *args],
            cwd=project_dir,
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    if out.returncode != 0:
        return ""
    return out.stdout.strip() if strip else out.stdout


def git_commit(project_dir: Path) -> str:
    """Full hash of HEAD, or "" outside a git checkout."""
    return _git(project_dir, "rev-parse", "HEAD")


def git_changes(project_dir: Path, content: Iterable[Path] = ()) -> list[str]:
    """What makes the tree differ from HEAD: changed tracked files anywhere, and files
    not yet added under the ``content`` paths (docs/, archive/, mkdocs.yml…), which a
    build would publish although no commit holds them. ``git status`` lines, sorted."""
    tracked = _git(project_dir, "status", "--porcelain", "--untracked-files=no", strip=False)
    lines = set(tracked.splitlines())
    root = project_dir.resolve()
    paths = []
    for path in content:
        resolved = (root / path).resolve()
        if resolved.exists() and resolved.is_relative_to(root):
            paths.append(resolved.relative_to(root).as_posix() or ".")
    if paths:
        untracked = _git(
            project_dir, "status", "--porcelain", "--untracked-files=all", "--", *paths, strip=False
        )
        lines |= {line for line in untracked.splitlines() if line.startswith("??")}
    return sorted(line for line in lines if line.strip())


def git_dirty(project_dir: Path, content: Iterable[Path] = ()) -> bool:
    """True when the release would not match the commit (see :func:`git_changes`)."""
    return bool(git_changes(project_dir, content))


def commit_label(project_dir: Path) -> str:
    """Short commit of the content, noting uncommitted changes; "" outside git.

    The one label the site's colophon and the PDFs' colophon both print.
    """
    commit = git_commit(project_dir)[:12]
    if commit and git_dirty(project_dir):
        commit += " (có sửa đổi chưa commit)"
    return commit


def git_commit_time(project_dir: Path) -> int | None:
    """Committer time of HEAD in seconds since the epoch, or None outside git."""
    value = _git(project_dir, "log", "-1", "--format=%ct")
    return int(value) if value.isdigit() else None


def pin_source_date_epoch(project_dir: Path) -> int | None:
    """Set ``SOURCE_DATE_EPOCH`` to the commit time unless it is set already; return it."""
    epoch = source_date_epoch()
    if epoch is None:
        epoch = git_commit_time(project_dir)
        if epoch is not None:
            os.environ[ENV] = str(epoch)
    return epoch
