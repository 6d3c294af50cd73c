"""Benchmark: the pipeline against a naive baseline on large synthetic photos.

Run ``python -m yearbook.photos.bench [--count N]``. Every timed phase runs in
a fresh child process, so each phase's peak memory is its own and no phase
profits from another's warm caches of decoded images.

The naive baseline produces the same files (same sizes, formats and quality
settings) the way gallery tools do: decode the full image, LANCZOS-resize it
once per size, save with the encoders' defaults.
"""

from __future__ import annotations

import argparse
import contextlib
import resource
import shutil
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from PIL import Image, ImageChops, ImageDraw

from .imaging import fit, web_sizes
from .pipeline import run
from .settings import PhotoSettings


def make_archive(archive: Path, count: int, size: tuple[int, int]) -> None:
    """``count`` photo-like JPEGs: gradients, shapes and sensor-like noise, each different."""
    w, h = size
    base = Image.merge(
        "RGB",
        (
            Image.linear_gradient("L").resize(size),
            Image.linear_gradient("L").rotate(90).resize(size),
            Image.effect_noise((max(1, w // 8), max(1, h // 8)), 60).resize(size, Image.BICUBIC),
        ),
    )
    draw = ImageDraw.Draw(base)
    for i in range(40):
        x, y = (i * w // 40), (i * 97 * h // 4000) % max(1, h - h // 10)
        draw.ellipse((x, y, x + w // 12, y + h // 10), fill=(i * 37 % 255, i * 91 % 255, 90))
    base = Image.blend(base, Image.effect_noise(size, 20).convert("RGB"), 0.1)
    archive.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        im = ImageChops.offset(base, i * 997 % w, i * 613 % h)
        ImageDraw.Draw(im).text((w // 20, h // 20), f"Anh {i}", fill=(255, 255, 255))
        im.save(archive / f"anh-{i:04d}.jpg", quality=90)


def make_small_archive(archive: Path, count: int) -> None:
    archive.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        Image.new("RGB", (64, 48), (i % 256, i * 7 % 256, 90)).save(archive / f"nho-{i:04d}.jpg")


def naive(archive: Path, output: Path, settings: PhotoSettings) -> None:
    """The gallery-tool way: full decode, one LANCZOS resize per output, default encoders."""
    for path in sorted(archive.glob("*.jpg")):
        with Image.open(path) as im:
            im.load()
            for w, h in web_sizes(im.size, settings.widths):
                small = im.resize((w, h), Image.Resampling.LANCZOS)
                small.save(output / f"{path.stem}-{w}.jpg", quality=settings.jpeg_quality)
                small.save(output / f"{path.stem}-{w}.webp", quality=settings.webp_quality)
            size = fit(im.size, (settings.print_width, settings.print_height))
            big = im.resize(size, Image.Resampling.LANCZOS)
            big.save(output / f"{path.stem}.jpg", quality=settings.print_quality)


def _peak_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest child, in MB.

    ``ru_maxrss`` survives ``exec`` (a spawned child would report its parent's
    peak), so this process's own peak is read from ``VmHWM`` where Linux has it.
    """
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                own = int(line.split()[1]) / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def _phase_pipeline(root: Path, jobs: int) -> tuple[float, float, float, int, int]:
    started = time.perf_counter()
    report = run(PhotoSettings(root=root, jobs=jobs))
    seconds = time.perf_counter() - started
    assert report.ok, [str(p) for p in report.problems.errors]
    return (seconds, *_peak_mb(), report.processed, report.skipped)


def _phase_naive(archive: Path, output: Path) -> tuple[float, float, float]:
    output.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    naive(archive, output, PhotoSettings())
    return (time.perf_counter() - started, *_peak_mb())


def _in_child(fn: Callable[..., Any], *args: object) -> Any:
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(fn, *args).result()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Đo tốc độ quy trình xử lý ảnh.")
    parser.add_argument("--count", type=int, default=20, help="số ảnh lớn (mặc định 20)")
    parser.add_argument("--size", default="6000x4000", help="kích thước ảnh (mặc định 6000x4000)")
    parser.add_argument("--noop-count", type=int, default=1000, help="số ảnh cho lần chạy lại")
    parser.add_argument("--jobs", type=int, default=2, help="số tiến trình khi chạy song song")
    args = parser.parse_args(argv)
    w, h = (int(x) for x in args.size.lower().split("x"))
    with tempfile.TemporaryDirectory(prefix="yearbook-bench-") as tmp:
        root = Path(tmp)
        print(f"Tạo {args.count} ảnh {w}×{h} …", flush=True)
        _in_child(make_archive, root / "archive", args.count, (w, h))
        mb = sum(p.stat().st_size for p in (root / "archive").iterdir()) / 1e6
        n = args.count

        one = _in_child(_phase_pipeline, root, 1)
        noop = _in_child(_phase_pipeline, root, 1)
        shutil.rmtree(root / ".cache")
        two = _in_child(_phase_pipeline, root, args.jobs)
        base = _in_child(_phase_naive, root / "archive", root / "naive")

        small = root / "small"
        _in_child(make_small_archive, small / "archive", args.noop_count)
        _in_child(_phase_pipeline, small, args.jobs)
        small_noop = _in_child(_phase_pipeline, small, 1)

    def rate(seconds: float) -> str:
        return f"{seconds:7.2f} s  {n / seconds:6.2f} ảnh/s"

    print(f"\nKho thử: {n} ảnh JPEG {w}×{h}, {mb:.0f} MB")
    print(f"quy trình, 1 tiến trình   {rate(one[0])}  (bộ nhớ đỉnh {one[1]:.0f} MB)")
    print(
        f"quy trình, {args.jobs} tiến trình   {rate(two[0])}  "
        f"(nhanh gấp {one[0] / two[0]:.2f} lần 1 tiến trình; "
        f"bộ nhớ đỉnh mỗi tiến trình {max(two[1], two[2]):.0f} MB)"
    )
    print(f"cách làm thô (baseline)   {rate(base[0])}  (bộ nhớ đỉnh {base[1]:.0f} MB)")
    print(f"tỉ lệ so với baseline     {base[0] / one[0]:.2f}× (cùng đầu ra, 1 nhân)")
    print(f"chạy lại không đổi        {noop[0]:7.3f} s  ({noop[4]} ảnh bỏ qua, {noop[3]} xử lý)")
    print(
        f"chạy lại {args.noop_count} ảnh không đổi {small_noop[0]:7.3f} s  "
        f"({small_noop[4]} ảnh bỏ qua, {small_noop[3]} xử lý)"
    )


if __name__ == "__main__":
    main()
