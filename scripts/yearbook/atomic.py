"""Atomic writes: a reader (or a killed build) sees the old file or the whole new one.

Every output file (PDF, zip, manifest, caption sheet, cache state) and every
output folder goes through here: write to a hidden temporary name in the same
folder, then rename over the target. A rename within one file system is atomic;
a crash leaves only a hidden temporary, never a truncated target.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import secrets
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

#: Marks temporary names, so that leftovers of killed runs can be recognised.
TMP_TAG = ".tmp-"


def temp_name(path: Path, kind: str = "tmp") -> Path:
    """A hidden, unique sibling of ``path`` that names the process that made it."""
    token = secrets.token_hex(4)
    return path.parent / f".{path.name}{TMP_TAG}{kind}-{os.getpid()}-{token}"


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``path``, on error it goes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_name(path)
    try:
        yield tmp
        _fsync(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` so that ``path`` is either the old file or the whole new one.

    ``durable=False`` skips the fsync: for derivatives that a later run can make again
    (thousands of photo sizes), where a sync per file costs more than it protects.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_name(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_text_atomic(path: Path, text: str, encoding: str = "utf-8") -> None:
    write_atomic(path, text.encode(encoding))


def _fsync(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# -- folders ------------------------------------------------------------------------------

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2``); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def replace_dir(new: Path, target: Path) -> None:
    """Put the finished folder ``new`` in place of ``target``, then delete the old one.

    Where the system can swap two folders in one step, readers never see a
    missing or half-filled ``target``; elsewhere the gap is two renames long.
    """
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        os.rename(new, target)
        return
    if _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # ``new`` now holds the old folder
        return
    old = temp_name(target, "old")
    os.rename(target, old)
    os.rename(new, target)
    shutil.rmtree(old, ignore_errors=True)


def staging_dir(target: Path) -> Path:
    """A new empty hidden sibling of ``target`` to build into (same file system)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    path = temp_name(target, "build")
    path.mkdir()
    return path


def remove_stale(target: Path) -> int:
    """Delete temporaries next to ``target`` left by processes that no longer run."""
    removed = 0
    prefix = f".{target.name}{TMP_TAG}"
    with contextlib.suppress(OSError):
        for entry in os.scandir(target.parent):
            if not entry.name.startswith(prefix):
                continue
            parts = entry.name[len(prefix) :].split("-")
            pid = int(parts[1]) if len(parts) == 3 and parts[1].isdigit() else 0
            if pid and _alive(pid):
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
            removed += 1
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
