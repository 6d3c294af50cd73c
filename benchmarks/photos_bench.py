"""Benchmark: the pipeline against a naive baseline on large synthetic photos.

Run ``python benchmarks/photos_bench.py [--count N]``. Every timed phase runs in
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
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from PIL import Image, ImageChops, ImageDraw

from yearbook.photos.imaging import fit, web_sizes
from yearbook.photos.pipeline import run
from yearbook.photos.settings import PhotoSettings


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


@dataclass
class Phase:
    seconds: float  # wall clock
    cpu: float  # CPU seconds of this process and its workers
    peak_mb: float  # largest peak resident memory of any process of the phase
    processed: int = 0
    skipped: int = 0


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _phase_pipeline(root: Path, jobs: int, fresh: bool = False) -> Phase:
    if fresh:
        shutil.rmtree(root / ".cache", ignore_errors=True)
    cpu, started = _cpu(), time.perf_counter()
    report = run(PhotoSettings(root=root, jobs=jobs))
    seconds = time.perf_counter() - started
    assert report.ok, [str(p) for p in report.problems.errors]
    peak = max(*_peak_mb(), report.peak_memory_mb)
    return Phase(seconds, _cpu() - cpu, peak, report.processed, report.skipped)


def _phase_naive(archive: Path, output: Path) -> Phase:
    shutil.rmtree(output, ignore_errors=True)
    output.mkdir(parents=True)
    cpu, started = _cpu(), time.perf_counter()
    naive(archive, output, PhotoSettings())
    return Phase(time.perf_counter() - started, _cpu() - cpu, max(_peak_mb()))


def _in_child(fn: Callable[..., Any], *args: object) -> Any:
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(fn, *args).result()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Đo tốc độ quy trình xử lý ảnh.")
    parser.add_argument("--count", type=int, default=20, help="số ảnh lớn (mặc định 20)")
    parser.add_argument("--size", default="6000x4000", help="kích thước ảnh (mặc định 6000x4000)")
    parser.add_argument("--noop-count", type=int, default=1000, help="số ảnh cho lần chạy lại")
    parser.add_argument("--jobs", type=int, default=2, help="số tiến trình khi chạy song song")
    parser.add_argument("--repeat", type=int, default=2, help="số lần đo, lấy lần nhanh nhất")
    args = parser.parse_args(argv)
    w, h = (int(x) for x in args.size.lower().split("x"))
    with tempfile.TemporaryDirectory(prefix="yearbook-bench-") as tmp:
        root = Path(tmp)
        print(f"Tạo {args.count} ảnh {w}×{h} …", flush=True)
        _in_child(make_archive, root / "archive", args.count, (w, h))
        mb = sum(p.stat().st_size for p in (root / "archive").iterdir()) / 1e6
        n = args.count

        # Best of --repeat rounds, phases interleaved: other load on the
        # machine then hits the pipeline and the baseline alike.
        ones, twos, bases = [], [], []
        for _ in range(args.repeat):
            ones.append(_in_child(_phase_pipeline, root, 1, True))
            twos.append(_in_child(_phase_pipeline, root, args.jobs, True))
            bases.append(_in_child(_phase_naive, root / "archive", root / "naive"))
        noop = _in_child(_phase_pipeline, root, 1)

        small = root / "small"
        _in_child(make_small_archive, small / "archive", args.noop_count)
        _in_child(_phase_pipeline, small, args.jobs)
        small_noop = min(
            (_in_child(_phase_pipeline, small, 1) for _ in range(args.repeat)),
            key=lambda p: p.seconds,
        )

    one = min(ones, key=lambda p: p.seconds)
    two = min(twos, key=lambda p: p.seconds)
    base = min(bases, key=lambda p: p.seconds)
    one_cpu = min(p.cpu for p in ones)
    base_cpu = min(p.cpu for p in bases)

    def rate(phase: Phase) -> str:
        return f"{phase.seconds:7.2f} s  {n / phase.seconds:6.2f} ảnh/s"

    print(f"\nKho thử: {n} ảnh JPEG {w}×{h}, {mb:.0f} MB; tốt nhất trong {args.repeat} lần đo")
    print(
        f"quy trình, 1 tiến trình      {rate(one)}  CPU {one_cpu:6.2f} s  đỉnh {one.peak_mb:.0f} MB"
    )
    print(
        f"quy trình, {args.jobs} tiến trình      {rate(two)}  "
        f"nhanh gấp {one.seconds / two.seconds:.2f} lần 1 tiến trình; đỉnh {two.peak_mb:.0f} MB"
    )
    print(
        f"cách làm thô (baseline)      {rate(base)}  CPU {base_cpu:6.2f} s  đỉnh {base.peak_mb:.0f} MB"
    )
    print(
        f"so với baseline (1 nhân)     {base.seconds / one.seconds:.2f}× theo thời gian, "
        f"{base_cpu / one_cpu:.2f}× theo CPU"
    )
    print(
        f"chạy lại không đổi           {noop.seconds:7.3f} s  ({noop.skipped} bỏ qua, {noop.processed} xử lý)"
    )
    print(
        f"chạy lại {args.noop_count} ảnh không đổi  {small_noop.seconds:7.3f} s  "
        f"({small_noop.skipped} bỏ qua, {small_noop.processed} xử lý)"
    )


if __name__ == "__main__":
    main()
