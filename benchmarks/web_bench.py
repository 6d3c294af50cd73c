"""Lighthouse (mobile) on the built website: prints scores and the home page's transfer size.

A benchmark, not a test: it needs npm's ``lighthouse`` (``npm install lighthouse``
somewhere, pass its folder with ``--lighthouse``) and Debian's chromium.

    .venv/bin/yearbook build --no-pdf -d /tmp/site
    .venv/bin/python benchmarks/web_bench.py /tmp/site --lighthouse /tmp/lh

Targets (issue 4): performance, accessibility and best practices ≥ 95 on the
home page and a gallery page; home page first view under 600 KB transferred.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import socketserver
import subprocess
import tempfile
import threading
from pathlib import Path

PAGES = {"home": "", "gallery": "anh/", "chapter": "giai-doan/1989-1994/"}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed like any real web server would send them."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):
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


def run(site: Path, lighthouse_dir: Path, chrome: str) -> int:
    server = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    binary = lighthouse_dir / "node_modules/.bin/lighthouse"
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, path in PAGES.items():
            report = Path(tmp) / f"{name}.json"
            subprocess.run(
                [
                    str(binary), base + path, "--quiet", "--output=json",
                    f"--output-path={report}", "--form-factor=mobile",
                    f"--only-categories={','.join(CATEGORIES)}",
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                ],
                env={**os.environ, "CHROME_PATH": chrome},
                check=True,
            )  # fmt: skip
            data = json.loads(report.read_text())
            scores = {c: round(data["categories"][c]["score"] * 100) for c in CATEGORIES}
            total = data["audits"]["total-byte-weight"]["numericValue"] / 1024
            line = " ".join(f"{c}={s}" for c, s in scores.items())
            print(f"{name:8} {line} transfer={total:.0f}KB")
            below = [c for c in CATEGORIES[:3] if scores[c] < 95]
            if below or (name == "home" and total >= 600):
                failed += 1
                for c in below:
                    for audit in data["categories"][c]["auditRefs"]:
                        a = data["audits"][audit["id"]]
                        if a.get("score") is not None and a["score"] < 0.9 and audit["weight"]:
                            print(f"    {c}: {a['id']}: {a['title']}")
                            for item in (a.get("details") or {}).get("items", [])[:3]:
                                node = item.get("node") or {}
                                print(f"        {node.get('snippet', '')[:120]}")
                if name == "home":
                    items = data["audits"]["network-requests"]["details"]["items"]
                    for item in sorted(items, key=lambda i: -i.get("transferSize", 0))[:8]:
                        print(
                            f"    {item.get('transferSize', 0) / 1024:6.0f}KB {item['url'][-70:]}"
                        )
    server.shutdown()
    return 1 if failed else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--lighthouse", type=Path, default=Path("/tmp/lh"))
    parser.add_argument("--chrome", default="/usr/bin/chromium")
    args = parser.parse_args()
    raise SystemExit(run(args.site, args.lighthouse, args.chrome))


if __name__ == "__main__":
    main()
