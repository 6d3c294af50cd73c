"""Lighthouse (mobile) on the website, five pages, compared with a plain Material build.

A benchmark, not a test: it needs npm's ``lighthouse`` (``npm install lighthouse`` in
some folder, passed with ``--lighthouse``) and Debian's chromium.

    .venv/bin/python benchmarks/web_bench.py --lighthouse /tmp/lh [--runs 2] [--project DIR]

It builds the book (the repository's sample book by default) twice in the same run —
as the yearbook website, and as a plain Material for MkDocs site of the same Markdown
(no theme, no plugin: the baseline) — serves each with gzip like a real host, and runs
Lighthouse ``--runs`` times on the home page, a chapter, the timeline, the photos page
and the people index. It prints every run, the medians, the baseline's medians and the
bytes transferred.

Targets (issue 12): performance ≥ 98 in every run on all five pages; accessibility,
best practices and SEO 100; home page under 200 KiB transferred, photos page under
350 KiB. Exit status 1 when a target is missed.

Chromium runs with ``--disable-features=PaintHolding``, for our site and the baseline
alike. Lighthouse scores the *simulated* (Lantern) timings, but builds their graphs from
the observed first paints; in headless Chromium the observed first contentful paint is
bimodal (about 250 ms, or a whole 1–2 s later) because viz throttles BeginFrames to a
client it considers unresponsive while paint holding defers the first frame
(GoogleChrome/lighthouse#17148, ``ThrottleUnresponsiveClient``). A late observed paint
pulls every request that finished before it into the simulated FCP/LCP graphs, so scores
jumped by several points between identical runs. Without paint holding the first frame is
produced when ready, as on a phone's screen.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import re
import shutil
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
#: The five pages; the chapter is the book's first chapter page (found in the built site).
PAGES = {
    "home": "",
    "chapter": None,
    "timeline": "dong-thoi-gian/",
    "photos": "anh/",
    "people": "nhan-vat/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {"fcp": "first-contentful-paint", "lcp": "largest-contentful-paint",
           "tbt": "total-blocking-time", "cls": "cumulative-layout-shift", "si": "speed-index"}  # fmt: skip
MIN_PERFORMANCE = 98
MAX_KIB = {"home": 200, "photos": 350}

PLAIN_MKDOCS = """\
site_name: "{site_name}"
docs_dir: docs
theme:
  name: material
  language: vi
  font: false
  features: [{features}]
markdown_extensions: [toc, admonition, attr_list, md_in_html, tables, footnotes]
plugins: [search]
"""


class _Gzip(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed and on kept-alive connections, as any real host serves them.

    Python's default HTTP/1.0 opens a new connection per file; Lighthouse's simulated slow
    4G then charges a handshake for every stylesheet, font and script, which no real host
    (HTTP/1.1 keep-alive or HTTP/2) does.
    """

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        compress = path.suffix in (".html", ".css", ".js", ".json", ".svg", ".xml")
        if not compress or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        if not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return io.BytesIO(body)


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """Chromium drops kept-alive connections when Lighthouse ends a run: not an error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def build_sites(project: Path, work: Path) -> tuple[Path, Path]:
    """The yearbook site and the plain Material site of the same Markdown."""
    book = work / "book"
    shutil.copytree(project / "docs", book / "docs")
    shutil.copy2(project / "mkdocs.yml", book / "mkdocs.yml")
    for folder in ("archive", "overrides"):
        if (project / folder).is_dir():
            shutil.copytree(project / folder, book / folder)
    exe = Path(sys.executable).with_name("yearbook")
    done = subprocess.run(
        [str(exe), "build", "--no-pdf", "-d", str(work / "yearbook")],
        cwd=book,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(done.stdout + done.stderr)
    plain = work / "plain"
    shutil.copytree(project / "docs", plain / "docs", ignore=shutil.ignore_patterns("data"))
    for md in (plain / "docs").rglob("*.md"):  # the body only: no template, no yearbook fields
        text = md.read_text("utf-8")
        if text.startswith("---\n") and "\n---\n" in text[4:]:
            md.write_text(text[4:].split("\n---\n", 1)[1], "utf-8")
    site_name = "Kỷ yếu"
    features = ", ".join(theme_features(project / "mkdocs.yml"))  # the same tabs, toc, footer
    plain_yml = PLAIN_MKDOCS.format(site_name=site_name, features=features)
    (plain / "mkdocs.yml").write_text(plain_yml, "utf-8")
    done = subprocess.run(
        [str(Path(sys.executable).with_name("mkdocs")), "build", "-q", "-d", str(work / "m")],
        cwd=plain,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    if done.returncode:
        raise SystemExit(done.stdout + done.stderr)
    return work / "yearbook", work / "m"


def theme_features(config: Path) -> list[str]:
    """``theme: features:`` of a mkdocs.yml, read as text (its ``!!python`` tags need MkDocs)."""
    features, inside = [], False
    for line in config.read_text("utf-8").splitlines():
        if line.strip() == "features:":
            inside = True
        elif inside and line.strip().startswith("- "):
            features.append(line.strip()[2:].strip())
        elif inside and line.strip():
            break
    return features


def pages_of(site: Path) -> dict[str, str]:
    """The five pages of this book: any book (``--project``), not only the sample.

    The chapter is the first period card of the home page (the book's first chapter)."""
    home = (site / "index.html").read_text(encoding="utf-8")
    cards = home.partition('class="yb-cards yb-cards--periods"')[2]
    first = re.search(r'<a href="([^"#?]+)"', cards)
    found = {name: path for name, path in PAGES.items() if path is not None}
    if first:
        found = {"home": "", "chapter": first.group(1).removeprefix("./"), **found}
    return found


def lighthouse(binary: Path, chrome: str, url: str, out: Path) -> dict[str, float]:
    subprocess.run(
        [
            str(binary), url, "--quiet", "--output=json", f"--output-path={out}",
            "--form-factor=mobile", f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-features=PaintHolding",
        ],
        env={**os.environ, "CHROME_PATH": chrome},
        check=True,
    )  # fmt: skip
    data = json.loads(out.read_text())
    scores: dict[str, float] = {c: round(data["categories"][c]["score"] * 100) for c in CATEGORIES}
    scores["kib"] = data["audits"]["total-byte-weight"]["numericValue"] / 1024
    for metric, key in METRICS.items():
        scores[metric] = data["audits"][key]["numericValue"]
    weak = [
        f"{a['id']} ({a.get('displayValue', '')})"
        for a in data["audits"].values()
        if a.get("score") is not None and a["score"] < 0.9 and a.get("scoreDisplayMode") == "binary"
    ]
    if weak:
        print(f"      failing audits: {', '.join(weak[:6])}")
    return scores


def measure(
    site: Path, pages: dict[str, str], binary: Path, chrome: str, runs: int, label: str
) -> dict[str, list]:
    server = _Server(("127.0.0.1", 0), functools.partial(_Gzip, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    results: dict[str, list] = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for name, path in pages.items():
                if not (site / path / "index.html").is_file():
                    continue
                results[name] = []
                for run in range(runs):
                    scores = lighthouse(binary, chrome, base + path, Path(tmp) / "r.json")
                    results[name].append(scores)
                    line = " ".join(f"{c[:4]}={int(scores[c])}" for c in CATEGORIES)
                    timing = (
                        f"FCP {scores['fcp'] / 1000:.1f}s LCP {scores['lcp'] / 1000:.1f}s "
                        f"TBT {scores['tbt']:.0f}ms CLS {scores['cls']:.3f} SI {scores['si'] / 1000:.1f}s"
                    )
                    print(
                        f"  {label:8} {name:9} run {run + 1}: {line} {scores['kib']:.0f} KiB; {timing}",
                        flush=True,
                    )
    finally:
        server.shutdown()
        server.server_close()
    return results


def median(values: list[dict], key: str) -> float:
    return statistics.median(v[key] for v in values)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--project", type=Path, default=REPO, help="book folder (mkdocs.yml)")
    parser.add_argument("--lighthouse", type=Path, default=Path("/tmp/lh"))
    parser.add_argument("--chrome", default="/usr/bin/chromium")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="keep the built sites here")
    args = parser.parse_args(argv)
    binary = args.lighthouse / "node_modules/.bin/lighthouse"
    if not binary.exists():
        raise SystemExit(
            f"không thấy Lighthouse: chạy 'npm install lighthouse' trong {args.lighthouse}"
        )
    work = args.keep or Path(tempfile.mkdtemp(prefix="yearbook-web-bench-"))
    try:
        ours, plain = build_sites(args.project, work)
        print(f"Lighthouse mobile, {args.runs} runs per page, gzip server")
        pages = pages_of(ours)
        mine = measure(ours, pages, binary, args.chrome, args.runs, "yearbook")
        base = measure(plain, pages, binary, args.chrome, args.runs, "material")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    failed = []
    print("\npage       perf (runs)   median  a11y bp  seo  KiB  | plain Material: perf  KiB")
    for name, runs in mine.items():
        perf = [int(r["performance"]) for r in runs]
        others = [int(min(r[c] for r in runs)) for c in CATEGORIES[1:]]
        kib = median(runs, "kib")
        plain_runs = base.get(name)
        plain_txt = (
            f"{median(plain_runs, 'performance'):4.0f} {median(plain_runs, 'kib'):5.0f}"
            if plain_runs
            else "   —     —"
        )
        print(
            f"{name:10} {'/'.join(map(str, perf)):13} {median(runs, 'performance'):6.0f}"
            f"  {others[0]:4} {others[1]:3} {others[2]:4} {kib:4.0f}  | {plain_txt}"
        )
        if min(perf) < MIN_PERFORMANCE:
            failed.append(f"{name}: performance {min(perf)} < {MIN_PERFORMANCE}")
        if min(others) < 100:
            failed.append(f"{name}: accessibility/best practices/SEO {others}")
        if name in MAX_KIB and kib >= MAX_KIB[name]:
            failed.append(f"{name}: {kib:.0f} KiB ≥ {MAX_KIB[name]} KiB")
    for line in failed:
        print("CHƯA ĐẠT:", line)
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
