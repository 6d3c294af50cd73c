"""Photo ids: the ASCII slug of an archive file's name, stable across NFC/NFD names.

Also the archive walk shared by the pipeline and the content checker, so that
both agree on which files are photos and which ids exist — and so that every
other file in the archive is accounted for (skipped with a reason, or an error).
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from PIL import Image

from ..text import nfc, slugify

HEIF_SUFFIXES = frozenset({".heic", ".heif"})
#: Read by Pillow's JPEG plugin without a registered suffix of their own.
EXTRA_SUFFIXES = frozenset({".mpo"})
#: Pillow formats never opened: EPS runs Ghostscript on the file; the rest are stubs or
#: write-only. Anything else Pillow reads is a photo (JPEG 2000, PSD, AVIF, BMP, TGA …).
REFUSED_FORMATS = frozenset({"EPS", "PDF", "MPEG", "BUFR", "GRIB", "HDF5", "WMF", "FITS"})
#: Files that belong in the archive without being photos: not reported as skipped.
QUIET_NAMES = re.compile(r"^(readme|captions|chu-thich)(\.[a-z0-9]+)?$", re.I)
#: Longest photo id: derivatives are named ``<id>-1600.webp`` and file names stop at 255 bytes.
MAX_ID = 120
_SAFE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@cache
def pillow_formats() -> tuple[str, ...]:
    """The formats ``Image.open`` may try on an archive file (EPS and stubs left out)."""
    Image.init()
    return tuple(sorted(f for f in Image.OPEN if f not in REFUSED_FORMATS))


@cache
def image_suffixes() -> frozenset[str]:
    """Suffixes of every format Pillow can read here, plus HEIC/HEIF (pillow-heif)."""
    Image.init()
    readable = set(pillow_formats())
    found = {ext for ext, fmt in Image.registered_extensions().items() if fmt in readable}
    return frozenset(found | HEIF_SUFFIXES | EXTRA_SUFFIXES)


def photo_id(path: Path) -> str:
    """ "Lễ kỷ niệm 1990.jpg" → "le-ky-niem-1990"."""
    return slugify(nfc(path.stem))


def id_problem(ident: str, name: str) -> str | None:
    """Why ``ident`` cannot name a photo (None when it can)."""
    if not ident:
        return (
            f"tên tệp '{name}' không tạo được mã ảnh (không có chữ hoặc số): hãy đặt tên có "
            "chữ, ví dụ 'le-ky-niem-1990.jpg'"
        )
    if len(ident) > MAX_ID:
        return f"tên tệp quá dài ({len(ident)} ký tự, tối đa {MAX_ID}): hãy đặt tên ngắn hơn"
    if not _SAFE_ID.match(ident):
        return f"mã ảnh '{ident}' không hợp lệ: hãy đổi tên tệp"
    return None


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
    #: The file it resolves to (``os.stat``'s device and inode): links share it, and a
    #: photo's privacy follows the file, not the name.
    identity: tuple[int, int] = (0, 0)

    @property
    def folder(self) -> str:
        return self.rel.rsplit("/", 1)[0] if "/" in self.rel else ""


@dataclass
class ArchiveScan:
    """Everything in the archive: photos, files skipped (with why) and unreadable ones."""

    photos: list[ArchiveFile] = field(default_factory=list)
    #: (path, Vietnamese reason): not a photo format, a symlinked folder …
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    #: (path, Vietnamese message): a loop, an over-long name, no permission, a bad id …
    errors: list[tuple[Path, str]] = field(default_factory=list)


def _inside(target: str, root: str) -> bool:
    return target == root or target.startswith(root.rstrip(os.sep) + os.sep)


def os_error_message(exc: OSError) -> str:
    """A Vietnamese sentence for the ways a file can fail to open."""
    code = exc.errno
    if code == errno.ELOOP:
        return "liên kết tượng trưng tạo thành vòng lặp (trỏ về chính nó): không đọc được"
    if code == errno.ENAMETOOLONG:
        return "tên tệp hoặc đường dẫn quá dài: hãy đặt tên ngắn hơn"
    if code == errno.ENOENT:
        return "liên kết tượng trưng hỏng (tệp đích không còn)"
    if code in (errno.EACCES, errno.EPERM):
        return "không có quyền đọc tệp"
    return f"không đọc được tệp ({exc.strerror or exc})"


def scan_archive(archive: Path) -> ArchiveScan:
    """Walk ``archive`` once, in a stable order, without decoding any image.

    Hidden files and folders (``.git``, editors' ``.~lock`` files, our own
    temporary files) are left out. Symlinked folders are not followed (listed as
    skipped); a symlinked file that points outside the archive is reported through
    ``outside_target`` so the caller can refuse it.
    """
    scan = ArchiveScan()
    if not archive.is_dir():
        return scan
    root = os.path.realpath(archive)
    suffixes = image_suffixes()
    for dirpath, dirnames, filenames in os.walk(archive):
        here = Path(dirpath)
        for d in sorted(dirnames):
            if not d.startswith(".") and (here / d).is_symlink():
                scan.skipped.append(
                    (
                        here / d,
                        "thư mục là liên kết tượng trưng: không xử lý, hãy chép thư mục thật",
                    )
                )
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = here / name
            if os.path.splitext(name)[1].lower() not in suffixes:
                if not QUIET_NAMES.match(name):
                    scan.skipped.append((path, "không phải định dạng ảnh đọc được: bỏ qua"))
                continue
            try:
                st = path.stat()
            except OSError as exc:
                scan.errors.append((path, os_error_message(exc)))
                continue
            rel = nfc(path.relative_to(archive).as_posix())
            ident = photo_id(path)
            if problem := id_problem(ident, name):
                scan.errors.append((path, problem))
                continue
            outside = None
            if path.is_symlink():
                target = os.path.realpath(path)
                if not _inside(target, root):
                    outside = Path(target)
            scan.photos.append(ArchiveFile(path, rel, ident, outside, (st.st_dev, st.st_ino)))
    return scan


def walk_archive(archive: Path) -> Iterator[ArchiveFile]:
    """Every image file under ``archive`` with a usable id (see :func:`scan_archive`)."""
    yield from scan_archive(archive).photos


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
