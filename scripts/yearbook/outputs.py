"""Where a build may write: output folders are checked before anything is deleted.

A site folder is emptied and replaced on every build, and the photo cache
deletes files it no longer needs. Pointed at the wrong folder (``-d archive``,
``-d .``), either would destroy originals. So every output folder is checked
first, by one function, from every entry point (``yearbook build``, the
release, the offline edition, ``yearbook photos`` and plain ``mkdocs build``):

- it must not be, contain or lie inside a source folder (``docs/``,
  ``archive/``, ``.git/``, the caption sheet's folder, the theme), and must
  not be or contain the project folder itself;
- if it already exists and holds anything, it must be a previous output,
  recognised by the marker file every build writes into it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

#: Written into every output folder; its presence means "a build made this folder".
MARKER = ".yearbook-output"
MARKER_TEXT = (
    "Thư mục này do Kỷ yếu số tạo ra. Mỗi lần dựng, toàn bộ nội dung sẽ bị thay thế.\n"
    "(Written by the yearbook build: the whole folder is replaced on every build.)\n"
)


class UnsafeOutput(Exception):
    """An output folder that a build must not write to; the message is for editors."""


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _show(path: Path, project: Path) -> str:
    try:
        rel = path.relative_to(project).as_posix()
    except ValueError:
        return path.as_posix()
    return "." if rel == "." else rel + "/"


def check_output_dir(
    target: Path,
    *,
    project: Path,
    sources: Iterable[Path],
    what: str = "thư mục xuất",
    markers: Iterable[str] = (MARKER,),
) -> Path:
    """Return ``target`` resolved if a build may replace it; raise :class:`UnsafeOutput` if not.

    ``sources`` are the folders that hold originals (relative to ``project`` or
    absolute); the project folder itself may hold outputs but never be one.
    ``markers``: names of files that prove the folder is a previous output.
    """
    root = _real(project)
    out = _real(target if target.is_absolute() else root / target)
    shown = _show(out, root)
    if _inside(root, out):
        raise UnsafeOutput(
            f"không dùng '{shown}' làm {what}: thư mục này chứa cả dự án "
            "(bản thảo, kho ảnh, .git) và sẽ bị xóa khi dựng; hãy chọn một thư mục riêng, "
            "ví dụ site/"
        )
    folders = [root / ".git", *(_real(s if s.is_absolute() else root / s) for s in sources)]
    for folder in folders:
        if folder == root:
            continue  # e.g. a caption sheet kept at the top of the project
        if _inside(out, folder) or _inside(folder, out):
            raise UnsafeOutput(
                f"không dùng '{shown}' làm {what}: thư mục này trùng, nằm trong hoặc chứa "
                f"thư mục nguồn '{_show(folder, root)}'; các tệp gốc ở đó sẽ bị xóa; "
                "hãy chọn một thư mục riêng, ví dụ site/"
            )
    if out.exists() and not out.is_dir():
        raise UnsafeOutput(f"không dùng '{shown}' làm {what}: đây là một tệp, không phải thư mục")
    if out.is_dir() and not is_previous_output(out, markers):
        raise UnsafeOutput(
            f"không dùng '{shown}' làm {what}: thư mục đã có nội dung nhưng không phải bản "
            f"dựng trước (thiếu tệp đánh dấu {MARKER}); toàn bộ nội dung sẽ bị xóa. Hãy chọn "
            "thư mục trống hoặc thư mục mới; nếu đó đúng là bản dựng cũ, hãy tự xóa nó trước"
        )
    return out


def is_previous_output(folder: Path, markers: Iterable[str] = (MARKER,)) -> bool:
    """True for an empty folder or one holding a marker file."""
    try:
        entries = os.listdir(folder)
    except OSError:
        return False
    return not entries or any(name in entries for name in markers)


def mark_output(folder: Path) -> None:
    """Create ``folder`` if needed and write the marker into it."""
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / MARKER
    if not marker.is_file():
        marker.write_text(MARKER_TEXT, encoding="utf-8")


def source_dirs(
    docs_dir: Path, archive_dir: Path, captions: Path, *extra: str | Path | None
) -> list[Path]:
    """The folders that hold originals: docs, the photo archive, the caption sheet's folder,
    and any ``extra`` (the theme folder); the project's ``.git`` is always added."""
    return [docs_dir, archive_dir, captions.parent, *(Path(e) for e in extra if e)]
