"""Helpers for the website tests: a copy of the repository's sample book with a photo archive.

The archive is drawn with Pillow (no binary files in git): portraits for the
people in ``docs/data/people.yml``, the cover, and a few photos per period
folder, with a caption sheet that credits each one.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import yaml
from PIL import Image, ImageDraw

REPO = Path(__file__).resolve().parent.parent
PERIODS = ("1989-1994", "1994-1999", "1999-2004", "2004-2011", "2011-2016", "2016-2019")
PALETTE = (
    (150, 40, 40),
    (40, 90, 140),
    (60, 120, 70),
    (150, 110, 30),
    (90, 60, 130),
    (40, 110, 120),
)


def draw_photo(path: Path, size: tuple[int, int], color: tuple[int, int, int], seed: int) -> None:
    """A photo-like image: a gradient sky, a horizon and a few shapes."""
    w, h = size
    im = Image.new("RGB", size, color)
    d = ImageDraw.Draw(im)
    for y in range(0, h, 8):
        shade = tuple(min(255, c + y * 60 // h) for c in color)
        d.rectangle([0, y, w, y + 8], fill=shade)
    d.rectangle([0, int(h * 0.62), w, h], fill=tuple(c // 2 for c in color))
    for i in range(4):
        x = (seed * 97 + i * 211) % max(1, w - 120)
        d.ellipse([x, h // 3, x + 100 + i * 20, h // 3 + 100 + i * 20], fill=(230, 220, 200))
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path, quality=85)


def copy_sample_book(dest: Path) -> Path:
    """The repository's sample book (docs, overrides, mkdocs.yml) plus a drawn archive."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("docs", "overrides"):
        shutil.copytree(REPO / name, dest / name)
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    if (REPO / "archive").is_dir():
        shutil.copytree(REPO / "archive", dest / "archive")
    else:
        make_archive(dest)
    return dest


def make_archive(root: Path) -> None:
    archive = root / "archive"
    people = yaml.safe_load((root / "docs/data/people.yml").read_text(encoding="utf-8")) or {}
    rows: list[dict[str, str]] = []
    for i, (pid, person) in enumerate(people.items()):
        draw_photo(archive / "chan-dung" / f"{pid}.jpg", (600, 800), PALETTE[i % 6], i)
        rows.append(
            {
                "file": f"chan-dung/{pid}.jpg",
                "date": "2019",
                "caption": f"Đồng chí {person['name']} (minh họa)",
                "alt": f"Chân dung {person['name']}",
                "people": pid,
                "credit": "Tổ Biên tập",
            }
        )
    draw_photo(archive / "1989-1994" / "anh-bia.jpg", (1800, 1200), PALETTE[0], 99)
    rows.append(
        {
            "file": "1989-1994/anh-bia.jpg",
            "date": "khoảng 1990",
            "caption": "Trụ sở Văn phòng UBND tỉnh Quảng Ngãi những năm đầu tái lập tỉnh (minh họa)",
            "alt": "Toà nhà trụ sở hai tầng, phía trước là sân rộng",
            "event": "Tái lập tỉnh",
            "credit": "Lưu trữ Văn phòng",
        }
    )
    ids = list(people)
    for p, period in enumerate(PERIODS):
        start = int(period[:4])
        for k in range(3):
            name = f"{period}/hoat-dong-{start + k}-{k + 1}.jpg"
            draw_photo(archive / name, (1600, 1067), PALETTE[(p + k) % 6], p * 10 + k)
            rows.append(
                {
                    "file": name,
                    "date": f"{start + k}",
                    "caption": f"Hoạt động của Văn phòng năm {start + k} (ảnh minh họa số {k + 1})",
                    "alt": f"Cán bộ Văn phòng trong một buổi làm việc năm {start + k}",
                    "people": ids[p % len(ids)] if k == 0 and ids else "",
                    "credit": "Nguyễn Văn Chụp" if k % 2 else "Lưu trữ Văn phòng",
                }
            )
    with (archive / "captions.csv").open("w", encoding="utf-8", newline="") as fh:
        fields = ["file", "date", "caption", "alt", "people", "event", "credit"]
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in fields})
