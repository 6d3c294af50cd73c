"""Editors' commit hooks (see ``.pre-commit-config.yaml``).

``python -m yearbook.release.precommit FILE…`` refuses original photos
committed outside ``archive/``: a 12 MB camera file in ``docs/`` would bloat
the repository forever and bypass the captions sheet. The size limit is
``release.max_photo_kb`` of the ``yearbook`` plugin in ``mkdocs.yml``
(``--max-kb`` overrides it). Messages use the ``path: lỗi: …`` format.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any

IMAGE_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".heic", ".heif", ".webp", ".gif", ".bmp"}
    | {".cr2", ".cr3", ".nef", ".arw", ".dng", ".orf", ".rw2", ".raw", ".psd"}
)
DEFAULT_MAX_KB = 1024


def configured_max_kb(config_file: Path) -> int:
    """``release.max_photo_kb`` from ``mkdocs.yml``, or the default when absent."""
    if not config_file.is_file():
        return DEFAULT_MAX_KB
    from mkdocs.utils.yaml import yaml_load

    with config_file.open(encoding="utf-8") as f:
        raw: dict[str, Any] = yaml_load(f) or {}
    for entry in raw.get("plugins") or []:
        if isinstance(entry, dict) and "yearbook" in entry:
            release = (entry["yearbook"] or {}).get("release") or {}
            return int(release.get("max_photo_kb", DEFAULT_MAX_KB))
    return DEFAULT_MAX_KB


def oversized_photos(
    files: Sequence[str], max_kb: int, archive: str = "archive"
) -> list[tuple[str, int]]:
    """(path, size in KiB) of every image over ``max_kb`` that is not under ``archive/``."""
    found: list[tuple[str, int]] = []
    for name in files:
        path = Path(name)
        if path.suffix.lower() not in IMAGE_SUFFIXES or not path.is_file():
            continue
        if PurePosixPath(path.as_posix()).parts[:1] == (archive,):
            continue
        size_kb = (path.stat().st_size + 1023) // 1024
        if size_kb > max_kb:
            found.append((path.as_posix(), size_kb))
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m yearbook.release.precommit",
        description="Không cho commit ảnh gốc dung lượng lớn ngoài thư mục archive/.",
    )
    parser.add_argument("files", nargs="*")
    parser.add_argument("--max-kb", type=int, help="giới hạn (KiB); mặc định theo mkdocs.yml")
    parser.add_argument("--config-file", default="mkdocs.yml")
    parser.add_argument("--archive", default="archive")
    args = parser.parse_args(argv)
    max_kb = args.max_kb if args.max_kb is not None else configured_max_kb(Path(args.config_file))
    found = oversized_photos(args.files, max_kb, args.archive)
    for path, size_kb in found:
        print(
            f"{path}: lỗi: ảnh {size_kb} KiB vượt giới hạn {max_kb} KiB ngoài thư mục "
            f"{args.archive}/ — ảnh gốc đặt trong {args.archive}/<giai-đoạn>/ và ghi chú thích "
            f"trong {args.archive}/captions.csv; trang web tự tạo bản thu nhỏ"
        )
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
