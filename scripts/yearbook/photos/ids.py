"""Photo ids: the ASCII slug of an archive file's name, stable across NFC/NFD names.

Also the archive walk shared by the pipeline and the content checker, so that
both agree on which files are photos and which ids exist.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..text import nfc, slugify

IMAGE_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp", ".gif", ".heic", ".heif", ".bmp"}
)


def photo_id(path: Path) -> str:
    """ "Lễ kỷ niệm 1990.jpg" → "le-ky-niem-1990"."""
    return slugify(nfc(path.stem))


@dataclass(frozen=True)
class ArchiveFile:
    """An image file found in the archive.

    ``rel`` is the archive-relative POSIX path in NFC — the form used in the
    caption sheet and the manifest — while ``path`` is the name as it is on
    disk (macOS and some zip tools store NFD).
    """

    path: Path
    rel: str
    id: str
    #: Set when the file is a symlink that resolves outside the archive.
    outside_target: Path | None = None

    @property
    def folder(self) -> str:
        return self.rel.rsplit("/", 1)[0] if "/" in self.rel else ""


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except (ValueError, OSError):
        return False
    return True


def walk_archive(archive: Path) -> Iterator[ArchiveFile]:
    """Every image file under ``archive``, in a stable order, without decoding any.

    Hidden files and folders (``.git``, editors' ``.~lock`` files, our own
    temporary files) are skipped. Symlinked folders are not followed; a
    symlinked file that points outside the archive is reported through
    ``outside_target`` so the caller can refuse it.
    """
    if not archive.is_dir():
        return
    root = archive.resolve()
    for dirpath, dirnames, filenames in os.walk(archive):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            if path.suffix.lower() not in IMAGE_SUFFIXES:
                continue
            rel = nfc(path.relative_to(archive).as_posix())
            outside = None
            if path.is_symlink() and not _inside(path, root):
                outside = Path(os.path.realpath(path))
            yield ArchiveFile(path, rel, photo_id(path), outside)


def archive_photo_ids(archive: Path) -> set[str]:
    """Ids of every image in the archive (public or not), without decoding any image."""
    return {f.id for f in walk_archive(archive) if f.outside_target is None}


def archive_folders(files: Iterable[ArchiveFile]) -> set[str]:
    """Folders that hold photos, by archive-relative path and by last component,
    the two ways a ``gallery:folder:…`` reference may name them."""
    folders: set[str] = set()
    for f in files:
        if f.folder and f.outside_target is None:
            folders.update({f.folder, f.folder.rsplit("/", 1)[-1]})
    return folders
