"""Benchmark ``yearbook serve``: time from saving a file to the changed page being served.

    .venv/bin/python benchmarks/serve_reload.py [--book DIR] [--edits 5] [--timeout 120]

Without ``--book`` a large book (about 300 PDF pages, 400 photos: the PDF benchmark's
generator) is written to a temporary folder. The server runs without the PDF (the
editors' default). Target (issue 10): median save-to-reload < 1 s for a text edit.
The first build's time is printed beside it as the baseline of the same run; then one
edit of the timeline data, one of a chapter's title (a full build: every page's navigation
shows it) and one of the caption sheet are timed (all may take longer).

Each wait has a time limit and ends with a message naming what was awaited and the end
of the server's log; the server dying ends the run at once. (A run once "hung": its
marker "số 0" was typeset as ``số&nbsp;0`` in a span, so it never matched. Markers are
now one ASCII word, and the served text is compared with its tags stripped.)
"""

from __future__ import annotations

import argparse
import csv
import html
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

TARGET_SECONDS = 1.0
_TAG = re.compile(r"<[^>]+>")


class Failed(SystemExit):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def marker(kind: str, n: int = 0) -> str:
    """A unique word typography leaves alone (no spaces, no "số 0", no dashes)."""
    return f"yb{kind}{n}x{time.time_ns()}"


def text_of(page: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", page)).split())


class Server:
    def __init__(self, book: Path, log: Path) -> None:
        self.port = free_port()
        self.log = log
        yearbook = Path(sys.executable).with_name("yearbook")
        self.out = log.open("w", encoding="utf-8")
        self.proc = subprocess.Popen(
            [str(yearbook), "serve", "-a", f"127.0.0.1:{self.port}"],
            cwd=book,
            stdout=self.out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def until(self, path: str, text: str, timeout: float) -> float:
        """Seconds until the page at ``path`` shows ``text`` (or, without text, is served
        whole); a clear failure otherwise."""
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            if self.proc.poll() is not None:
                self.fail(f"the server exited (code {self.proc.returncode}) while waiting")
            page = get(self.url(path))
            if (text in text_of(page)) if text else page.rstrip().endswith("</html>"):
                return time.perf_counter() - start
            time.sleep(0.02)
        self.fail(f"gave up after {timeout:.0f} s waiting for {text or 'the page'!r} at /{path}")
        raise AssertionError  # unreachable

    def fail(self, why: str) -> None:
        self.out.flush()
        tail = self.log.read_text("utf-8", "replace").splitlines()[-30:]
        raise Failed(f"serve_reload: {why}\n--- server log (end) ---\n" + "\n".join(tail))

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.out.close()


def timed_edit(
    server: Server, path: Path, edit: str, page: str, marker: str, timeout: float
) -> float:
    start = time.perf_counter()
    path.write_text(edit, "utf-8")
    server.until(page, marker, timeout)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--book", type=Path)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=120, help="seconds per wait")
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
        page = chapter.relative_to(book / "docs").with_suffix("").as_posix() + "/"
        server = Server(book, Path(tmp) / "serve.log")
        try:
            first = server.until(page, "", timeout=max(args.timeout, 900))
            times = []
            for n in range(args.edits):
                mark = marker("edit", n)
                text = chapter.read_text("utf-8") + f"\n\nĐoạn sửa {mark}.\n"
                times.append(timed_edit(server, chapter, text, page, mark, args.timeout))
                time.sleep(0.5)
            extra = {}
            timeline = book / "docs" / "data" / "timeline.yml"
            if timeline.is_file():
                mark = marker("timeline")
                text = timeline.read_text("utf-8").replace("title: ", f"title: {mark} ", 1)
                extra["timeline data edit"] = timed_edit(
                    server, timeline, text, "dong-thoi-gian/", mark, args.timeout
                )
                time.sleep(0.5)
            mark = marker("title")
            text = re.sub(
                r"^title: ([\"']?)",
                lambda m: f"title: {m.group(1)}{mark} ",
                chapter.read_text("utf-8"),
                count=1,
                flags=re.M,
            )
            extra["title edit (full build)"] = timed_edit(
                server, chapter, text, "", mark, args.timeout
            )
            time.sleep(0.5)
            sheet = book / "archive" / "captions.csv"
            if sheet.is_file():
                with sheet.open(encoding="utf-8", newline="") as fh:
                    rows = list(csv.DictReader(fh))
                mark = marker("caption")
                text = sheet.read_text("utf-8").replace(rows[0]["caption"], mark, 1)
                folder = rows[0]["file"].rpartition("/")[0] or "anh"
                extra["caption sheet edit"] = timed_edit(
                    server, sheet, text, f"anh/{folder}/", mark, args.timeout
                )
        finally:
            server.stop()
        rebuilt = re.findall(
            r"Đã dựng lại .*? trong ([\d.]+) giây \((.*?)\)", server.log.read_text()
        )
    median = statistics.median(times)
    print(f"first build (baseline): {first:.2f} s")
    print("save → reload (text edit): " + ", ".join(f"{t:.2f}" for t in times) + " s")
    print(f"median {median:.2f} s (target < {TARGET_SECONDS:.0f} s)")
    for what, seconds in extra.items():
        print(f"{what}: {seconds:.2f} s")
    print("server's own rebuild times: " + ", ".join(f"{t} s ({how})" for t, how in rebuilt))
    return 0 if median < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
