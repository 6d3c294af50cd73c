"""Account for every file of an image corpus run through the photo pipeline (issue 9 §5).

    python benchmarks/photo_corpus.py                 # a generated corpus (every format
                                                      # Pillow writes: intact, cut, damaged)
    python benchmarks/photo_corpus.py DIR [DIR …]     # real corpora, e.g. Pillow's Tests/images

Prints how many files were processed, refused with a named (Vietnamese) error,
listed as skipped, and — the number that must stay 0 — passed over silently or
ending in a traceback.
"""

from __future__ import annotations

import io
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

from yearbook.photos.pipeline import run
from yearbook.photos.settings import PhotoSettings


def generate(archive: Path, seed: int = 7) -> None:
    rng = random.Random(seed)
    im = Image.effect_noise((120, 90), 40).convert("RGB")
    Image.init()
    for ext, fmt in sorted(Image.registered_extensions().items()):
        if fmt not in Image.SAVE:
            continue
        for mode in ("RGB", "L", "RGBA", "P", "1", "CMYK", "I;16"):
            try:
                buf = io.BytesIO()
                im.convert(mode).save(buf, fmt)
            except Exception:
                continue
            data = buf.getvalue()
            stem = f"{fmt.lower()}-{ext[1:]}"
            (archive / f"{stem}{ext}").write_bytes(data)
            (archive / f"{stem}-cut{ext}").write_bytes(data[: max(8, len(data) // 2)])
            flipped = bytearray(data)
            for _ in range(20):
                flipped[rng.randrange(len(flipped))] = rng.randrange(256)
            (archive / f"{stem}-flip{ext}").write_bytes(bytes(flipped))
            break
    (archive / "rac.jpg").write_bytes(b"not an image")
    (archive / "rong.png").write_bytes(b"")
    (archive / "ghi-chu.docx").write_bytes(b"PK\x03\x04")


def account(archive: Path) -> dict[str, float]:
    root = archive.parent
    files = [p for p in archive.rglob("*") if p.is_file() or p.is_symlink()]
    started = time.perf_counter()
    try:
        report = run(PhotoSettings(root=root, jobs=0))
    except Exception as exc:  # the number that must be 0
        print(f"TRACEBACK: {exc!r}")
        return {"files": len(files), "tracebacks": 1}
    named = {p.path for p in report.problems}
    errors = {p.path for p in report.problems.errors}
    published = {
        "archive/" + photo["source"]
        for photo in json.loads(report.manifest.read_text())["photos"].values()
    }
    silent = [
        p
        for p in files
        if (rel := p.relative_to(root).as_posix()) not in named
        and rel not in published
        and p.suffix.lower() not in (".csv", ".yml", ".yaml", ".xlsx")
        and p.stem.lower() != "readme"
    ]
    return {
        "files": len(files),
        "processed": len(published),
        "named errors": len(errors),
        "listed skipped": report.ignored,
        "excluded (not public)": report.excluded,
        "silent": len(silent) - report.excluded,
        "tracebacks": 0,
        "seconds": round(time.perf_counter() - started, 2),
    }


def main(argv: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "archive"
        if argv:
            archive.mkdir()
            for i, source in enumerate(argv):
                shutil.copytree(source, archive / f"corpus-{i}", symlinks=True)
        else:
            archive.mkdir()
            generate(archive)
        for key, value in account(archive).items():
            print(f"{key:>22}: {value}")


if __name__ == "__main__":
    main(sys.argv[1:])
