"""Photo ids: the ASCII slug of an archive file's name, stable across NFC/NFD names."""

from __future__ import annotations

from pathlib import Path

from ..text import nfc, slugify

IMAGE_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp", ".gif", ".heic", ".heif", ".bmp"}
)


def photo_id(path: Path) -> str:
    """"Lễ kỷ niệm 1990.jpg" → "le-ky-niem-1990"."""
    return slugify(nfc(path.stem))


def archive_photo_ids(archive: Path) -> set[str]:
    """Ids of every image in the archive (public or not), without decoding any image."""
    if not archive.is_dir():
        return set()
    return {
        photo_id(p)
        for p in archive.rglob("*")
        if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file() and not p.name.startswith(".")
    }
