"""One build at a time per project, and a site folder that is replaced only when complete.

Two builds of one project share the photo cache and usually the site folder;
run together they delete each other's files. A lock file in the project's
``.cache/`` makes the second build wait for the first (it says so), and stop
with a clear message after ``YEARBOOK_LOCK_WAIT`` seconds (default 15 minutes;
``0`` stops at once). The lock is an ``flock``: the system drops it when the
holding process dies, even by ``kill -9``, so a stale lock never blocks anyone.

A clean build writes into a hidden sibling of the site folder and swaps it in
at the very end (:class:`BuildRun`); a failed or killed build leaves the previous
site complete, with its search index and PDFs.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from .atomic import remove_stale, replace_dir, staging_dir
from .outputs import mark_output

LOCK_NAME = "yearbook-build.lock"
WAIT_ENV = "YEARBOOK_LOCK_WAIT"
DEFAULT_WAIT = 900.0
POLL_SECONDS = 0.2

Notify = Callable[[str], None]


def _try_lock(fd: int) -> bool:
    """Take an exclusive lock on ``fd`` without waiting; False if another process has it."""
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


class BuildBusy(Exception):
    """Another build of this project held the lock for too long; the message is for editors."""


_guard = threading.Lock()
#: Locks this process holds: lock file → [file descriptor, depth]. Re-entrant, so a
#: release (which runs several builds) can hold the lock around all of them.
_held: dict[str, list[int]] = {}


def lock_path(project: Path) -> Path:
    folder = project / ".cache"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / LOCK_NAME
        with open(probe, "a"):
            pass
        return probe
    except OSError:  # a read-only checkout: lock in the temporary folder instead
        digest = hashlib.sha1(str(project.resolve()).encode()).hexdigest()[:12]
        return Path(tempfile.gettempdir()) / f"yearbook-{digest}.lock"


def _wait_seconds() -> float:
    try:
        return max(0.0, float(os.environ.get(WAIT_ENV, DEFAULT_WAIT)))
    except ValueError:
        return DEFAULT_WAIT


def _holder(fd: int) -> str:
    with contextlib.suppress(OSError, ValueError):
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 64).decode("ascii", "replace").strip()
        if text.isdigit():
            return f" (tiến trình {text})"
    return ""


def acquire(project: Path, notify: Notify | None = None) -> None:
    """Take the project's build lock, waiting for another build; raise :class:`BuildBusy`."""
    path = str(lock_path(project.resolve()))
    with _guard:
        if path in _held:
            _held[path][1] += 1
            return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        deadline = time.monotonic() + _wait_seconds()
        told = False
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                raise BuildBusy(
                    f"một lần dựng khác của dự án này đang chạy{_holder(fd)}; "
                    "hãy đợi nó xong rồi chạy lại (hoặc đặt biến "
                    f"{WAIT_ENV} = số giây chờ)"
                )
            if not told and notify is not None:
                notify(f"Một lần dựng khác đang chạy{_holder(fd)}; đang chờ nó xong…")
                told = True
            time.sleep(POLL_SECONDS)
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, str(os.getpid()).encode("ascii"))
    except BaseException:
        os.close(fd)
        raise
    with _guard:
        _held[path] = [fd, 1]


def release(project: Path) -> None:
    path = str(lock_path(project.resolve()))
    with _guard:
        entry = _held.get(path)
        if entry is None:
            return
        entry[1] -= 1
        if entry[1] > 0:
            return
        del _held[path]
    with contextlib.suppress(OSError):
        os.ftruncate(entry[0], 0)
    os.close(entry[0])  # closing the descriptor drops the flock


@contextlib.contextmanager
def build_lock(project: Path, notify: Notify | None = None) -> Iterator[None]:
    acquire(project, notify)
    try:
        yield
    finally:
        release(project)


class BuildRun:
    """One build's claim on its output folder: the project lock and, if ``staged``, a
    hidden sibling folder to build into, swapped in place by :meth:`finish`."""

    def __init__(self, project: Path, target: Path, *, staged: bool) -> None:
        self.project = project
        self.target = target
        self.staged = staged
        self.folder = target
        self.active = False

    def start(self, notify: Notify | None = None) -> Path:
        """Lock, clear leftovers of killed builds, and return the folder to build into."""
        acquire(self.project, notify)
        self.active = True
        try:
            remove_stale(self.target)
            if self.staged:
                self.folder = staging_dir(self.target)
            mark_output(self.folder)
        except BaseException:
            self.abort()
            raise
        return self.folder

    def finish(self) -> None:
        """Publish the finished build, then let the next build in."""
        if not self.active:
            return
        try:
            if self.folder != self.target:
                replace_dir(self.folder, self.target)
        finally:
            self._done()

    def abort(self) -> None:
        """Throw the unfinished build away; the previous site stays as it was."""
        if not self.active:
            return
        try:
            if self.folder != self.target:
                shutil.rmtree(self.folder, ignore_errors=True)
        finally:
            self._done()

    def _done(self) -> None:
        self.active = False
        self.folder = self.target
        release(self.project)
