"""Benchmark the PDF editions: build time, peak memory and file size per edition.

    .venv/bin/python benchmarks/pdf_bench.py [--skip-sample] [--skip-large] [--keep DIR]

Books: the repository's sample book (built from its own mkdocs.yml into a temporary
site dir) and a generated large book (about 300 pages, 400 photos). Each book is
built twice with ``mkdocs build`` in a child process: screen edition only, then
screen + print. Photos are derived once beforehand (the photo pipeline has its own
benchmark), so the figures are the site + PDF build. Peak memory is the child's
maximum resident set size (``wait4``). Targets (issue 5, on 2 cores): large screen
edition < 3 min, < 2 GB peak, < 60 MB; sample screen edition < 25 MB.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# The sample-book generators live with the tests (tests/samplebook.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from samplebook import write_sample_book  # noqa: E402

MB = 1024 * 1024
TARGETS = {  # book -> (seconds, peak bytes, screen file bytes)
    "large": (180.0, 2 * 1024 * MB, 60 * MB),
    "sample": (None, 2 * 1024 * MB, 25 * MB),
}
LOG_LINE = re.compile(r"PDF (?P<label>.+?): (?P<path>\S+) \((?P<mb>[\d.]+) MB, (?P<s>[\d.]+) s\)")


@dataclass
class Run:
    seconds: float
    peak: int
    renders: dict[str, float]  # edition label -> seconds spent rendering it
    sizes: dict[str, int]
    pages: dict[str, int]


def pdf_pages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=False)
    match = re.search(r"^Pages:\s+(\d+)", out.stdout, re.M)
    return int(match[1]) if match else 0


def config_with(project: Path, *, print_edition: bool) -> Path:
    """A copy of the project's mkdocs.yml with the print edition switched on or off."""
    text = (project / "mkdocs.yml").read_text("utf-8")
    flag = "true" if print_edition else "false"
    anchor = "\n      pdf:\n" if "\n      pdf:\n" in text else "\n  - yearbook:\n"
    extra = f"        print_edition: {flag}\n"
    if anchor.endswith("yearbook:\n"):
        extra = "      pdf:\n" + extra
    text = text.replace(anchor, anchor + extra, 1)
    path = project / f".bench-mkdocs-{flag}.yml"
    path.write_text(text, "utf-8")
    return path


def build(project: Path, config: Path, site: Path) -> Run:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = Path(sys.executable).with_name("mkdocs")
    start = time.perf_counter()
    proc = subprocess.Popen(
        [str(mkdocs), "build", "-f", str(config), "-d", str(site)],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"build failed ({config}):\n{output[-3000:]}")
    renders, sizes, pages = {}, {}, {}
    for match in LOG_LINE.finditer(output):
        label, path = match["label"], Path(match["path"])
        renders[label] = float(match["s"])
        sizes[label] = path.stat().st_size
        pages[label] = pdf_pages(path)
    return Run(seconds, usage.ru_maxrss * 1024, renders, sizes, pages)


def derive_photos(project: Path) -> float:
    from yearbook.photos.pipeline import run
    from yearbook.photos.settings import PhotoSettings

    start = time.perf_counter()
    report = run(PhotoSettings(root=project))
    if not report.ok:
        print(f"  (photo pipeline reported problems: {len(report.problems.errors)} errors)")
    return time.perf_counter() - start


def verdict(value: float, limit: float | None) -> str:
    if limit is None:
        return ""
    return "  OK" if value < limit else "  OVER TARGET"


def bench_book(name: str, project: Path, work: Path) -> None:
    print(f"\n== {name}: {project}")
    print(f"  photos derived in {derive_photos(project):.1f} s")
    seconds_target, peak_target, size_target = TARGETS[name]
    screen_only = build(project, config_with(project, print_edition=False), work / f"{name}-s")
    both = build(project, config_with(project, print_edition=True), work / f"{name}-sp")
    for label, size in screen_only.sizes.items():
        print(
            f"  {label:<24} build {screen_only.seconds:6.1f} s (render {screen_only.renders[label]:5.1f} s)"
            f"{verdict(screen_only.seconds, seconds_target)}"
        )
        print(
            f"  {'':<24} peak  {screen_only.peak / MB:6.0f} MB{verdict(screen_only.peak, peak_target)}"
        )
        print(
            f"  {'':<24} size  {size / MB:6.1f} MB, {screen_only.pages[label]} pages"
            f"{verdict(size, size_target)}"
        )
    for label, size in both.sizes.items():
        if label in screen_only.sizes:
            continue
        print(
            f"  {label:<24} render {both.renders[label]:5.1f} s; screen+print build "
            f"{both.seconds:.1f} s, peak {both.peak / MB:.0f} MB; size {size / MB:.1f} MB, "
            f"{both.pages[label]} pages"
        )
    for config in project.glob(".bench-mkdocs-*.yml"):
        config.unlink()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-sample", action="store_true")
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--chapters", type=int, default=30)
    parser.add_argument("--photos", type=int, default=400)
    parser.add_argument("--paragraphs", type=int, default=8, help="per section (4 per chapter)")
    parser.add_argument("--keep", type=Path, help="keep the generated books and sites here")
    args = parser.parse_args(argv)
    print(f"CPU cores: {os.cpu_count()}, Python {sys.version.split()[0]}")
    work = args.keep or Path(tempfile.mkdtemp(prefix="yearbook-pdf-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        if not args.skip_sample:
            sample = work / "sample"
            sample.mkdir(exist_ok=True)
            shutil.copy2(REPO / "mkdocs.yml", sample / "mkdocs.yml")
            for folder in ("docs", "overrides", "archive"):
                if (REPO / folder).is_dir():
                    shutil.copytree(REPO / folder, sample / folder, dirs_exist_ok=True)
            bench_book("sample", sample, work)
        if not args.skip_large:
            large = write_sample_book(
                work / "large",
                chapters=args.chapters,
                photos=args.photos,
                paragraphs_per_section=args.paragraphs,
            )
            bench_book("large", large, work)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
