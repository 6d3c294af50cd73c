"""Benchmark ``yearbook serve``: time from saving a chapter to the changed page being served.

    .venv/bin/python benchmarks/serve_reload.py [--book DIR] [--edits 5]

Without ``--book`` a large book (about 300 PDF pages, 400 photos: the PDF benchmark's
generator) is written to a temporary folder. The server runs without the PDF (the
editors' default). Target (issue 10): median save-to-reload < 1 s for a text edit.
The first build's time is printed beside it as the baseline of the same run.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

TARGET_SECONDS = 1.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def until(url: str, text: str, timeout: float = 300) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if text in get(url):
            return time.perf_counter() - start
        time.sleep(0.02)
    raise SystemExit(f"timed out waiting for {text!r} at {url}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--book", type=Path)
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="yearbook-serve-bench-") as tmp:
        book = args.book
        if book is None:
            sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
            from samplebook import write_sample_book

            book = write_sample_book(
                Path(tmp) / "large", chapters=30, photos=400, photo_size=(640, 480)
            )
        chapter = sorted((book / "docs").rglob("*.md"))
        chapter = next(p for p in chapter if "start_year:" in p.read_text("utf-8"))
        rel = chapter.relative_to(book / "docs").with_suffix("")
        port = free_port()
        url = f"http://127.0.0.1:{port}/{rel.as_posix()}/"
        yearbook = Path(sys.executable).with_name("yearbook")
        proc = subprocess.Popen(
            [str(yearbook), "serve", "-a", f"127.0.0.1:{port}"],
            cwd=book,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            first = until(url, "</html>", timeout=900)
            times = []
            for n in range(args.edits):
                marker = f"Đoạn sửa số {n} lúc {time.time_ns()}"
                text = chapter.read_text("utf-8")
                start = time.perf_counter()
                chapter.write_text(text + f"\n\n{marker}.\n", "utf-8")
                until(url, marker)
                times.append(time.perf_counter() - start)
                time.sleep(0.5)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    median = statistics.median(times)
    print(f"first build (baseline): {first:.2f} s")
    print("save → reload: " + ", ".join(f"{t:.2f}" for t in times) + " s")
    print(f"median {median:.2f} s (target < {TARGET_SECONDS:.0f} s)")
    return 0 if median < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
