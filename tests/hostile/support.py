"""Helpers for the hostile tests: run the real console scripts and snapshot a folder."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.org",
}


def run(cwd: Path, *args: str, timeout: float = 600, **env: str) -> subprocess.CompletedProcess:
    """Run ``yearbook …`` (or ``mkdocs …`` when args[0] == "mkdocs") as an editor would."""
    tool, rest = (args[0], args[1:]) if args and args[0] == "mkdocs" else ("yearbook", args)
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    return subprocess.run(
        [str(BIN / tool), *rest],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def git_init(root: Path) -> None:
    env = {**os.environ, **GIT_ENV}
    for cmd in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "book"]):
        subprocess.run(cmd, cwd=root, env=env, check=True, capture_output=True)


def snapshot(root: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """``{relative path: sha256}`` of every file under ``root`` (``skip``: top-level names)."""
    out: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if rel.parts[0] in skip or not path.is_file():
            continue
        out[rel.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def no_traceback(result: subprocess.CompletedProcess) -> None:
    text = result.stdout + result.stderr
    assert "Traceback" not in text, text
