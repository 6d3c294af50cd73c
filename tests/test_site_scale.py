"""The website at archive scale (issue 12): generated books, small images, one build each.

* The generated 300-page, 400-photo book: no print derivative is published, and the
  search index stays under 500 KB before compression.
* A generated 4,000-photo archive (30 period folders, 1,500 timeline events and 1,200
  people, tagged on photos and events): no HTML page over 150 KB, no page that makes
  the browser fetch more than 60 thumbnails before the reader scrolls, and nothing
  lost: every event and every person of the data files is on some page.
"""

from __future__ import annotations

import csv
import functools
import http.server
import re
import socketserver
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

from samplebook import write_sample_book

MAX_HTML = 150 * 1024
MAX_INDEX = 500 * 1024
MAX_EAGER_THUMBS = 60


def build(root: Path) -> Path:
    exe = str(Path(sys.executable).parent / "yearbook")
    done = subprocess.run(
        [exe, "build", "--no-pdf", "-d", str(root / "site")],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return root / "site"


@pytest.fixture(scope="module")
def large_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_sample_book(
        tmp_path_factory.mktemp("large") / "book",
        chapters=30,
        photos=400,
        paragraphs_per_section=8,
        photo_size=(480, 320),
    )
    return build(root)


def test_large_book_publishes_no_print_derivative(large_site: Path):
    photos = large_site / "assets" / "photos"
    assert list(photos.glob("web/*")), "the web derivatives are published"
    assert not (photos / "print").exists()
    for html in large_site.rglob("*.html"):
        assert "/print/" not in html.read_text("utf-8"), html


def test_large_book_search_index_is_small(large_site: Path):
    index = large_site / "search" / "yb-index.js"
    size = index.stat().st_size
    print(f"search index of the generated 300-page book: {size / 1024:.0f} KB")
    assert size < MAX_INDEX, f"{size} bytes"
    assert not (large_site / "search" / "search_index.json").exists()


@pytest.fixture(scope="module")
def archive_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_sample_book(
        tmp_path_factory.mktemp("archive") / "book",
        chapters=30,
        photos=4000,
        paragraphs_per_section=1,
        photo_size=(72, 48),
    )
    sheet = root / "archive" / "captions.csv"
    with sheet.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    people = generated_people(PEOPLE_COUNT)
    pids = list(people)
    for i, row in enumerate(rows):
        row["people"] = ";".join(pids[(i * 7 + k) % len(pids)] for k in range(2))
    with sheet.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    data = root / "docs" / "data"
    known = yaml.safe_load((data / "people.yml").read_text("utf-8"))
    (data / "people.yml").write_text(
        yaml.safe_dump({**known, **people}, allow_unicode=True), "utf-8"
    )
    chapters = [
        (p.stem, *map(int, p.stem.split("-"))) for p in (root / "docs/giai-doan").glob("*.md")
    ]
    ids = [Path(r["file"]).stem for r in rows]
    events = []
    for n in range(EVENT_COUNT):
        chapter, start, end = chapters[n % len(chapters)]
        events.append({
            "date": f"{1 + n % 28:02d}/{1 + n % 12:02d}/{start + n % (end - start + 1)}",
            "title": f"Sự kiện thứ {n + 1} của giai đoạn {start}–{end}",
            "text": "Hội nghị tổng kết đánh giá cao sự đóng góp của từng phòng, ban, đơn vị. " * 2,
            "chapter": chapter,
            "people": pids[n % len(pids) : n % len(pids) + 2],
            "photos": ids[n * 2 : n * 2 + 6],
        })  # fmt: skip
    (data / "timeline.yml").write_text(yaml.safe_dump(events, allow_unicode=True), "utf-8")
    return build(root)


#: The generated archive's data files: hundreds of events and people per period.
EVENT_COUNT = 1500
PEOPLE_COUNT = 1200
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi")
MIDDLE = ("Văn", "Thị", "Minh", "Ngọc", "Quang", "Thanh", "Hữu", "Đức")
GIVEN = ("An", "Bình", "Châu", "Dũng", "Đạo", "Giang", "Hà", "Khoa", "Lâm", "Mai", "Ngân",
         "Oanh", "Phúc", "Quân", "Sơn", "Tâm", "Uyên", "Vinh", "Xuân", "Yến", "Ánh", "Ân",
         "Ơn", "Ưng", "Ê", "Ô")  # fmt: skip


def generated_people(count: int) -> dict[str, dict]:
    """``count`` distinct people, filed under every letter of the Vietnamese alphabet."""
    from yearbook.text import slugify

    out: dict[str, dict] = {}
    for n in range(count):
        name = f"{FAMILY[n % 10]} {MIDDLE[n // 10 % 8]} {GIVEN[n % 26]}"
        pid = f"{slugify(name)}-{n}"
        out[pid] = {"name": name, "sample": True}
        if n % 10 == 0:  # office holders are few; most people are on photos and events
            out[pid]["offices"] = [{"title": f"Trưởng phòng {n % 9 + 1}", "from": 1989 + n % 30}]
    return out


def timeline_pages(site: Path) -> list[Path]:
    return [site / "dong-thoi-gian" / "index.html", *(site / "dong-thoi-gian").glob("*/index.html")]


def people_pages(site: Path) -> list[Path]:
    return [site / "nhan-vat" / "index.html", *(site / "nhan-vat").glob("*/index.html")]


def test_archive_timeline_loses_no_event(archive_site: Path):
    """Every event of the data file is on some timeline page, once."""
    shown = []
    for page in timeline_pages(archive_site):
        shown += re.findall(r'<div class="yb-event[^"]*" id="([^"]+)"', page.read_text("utf-8"))
    assert len(shown) == EVENT_COUNT, len(shown)
    assert len(set(shown)) == EVENT_COUNT


def test_archive_people_index_loses_no_person(archive_site: Path):
    """Every person of the data file is on some page of the people index, once."""
    shown = []
    for page in people_pages(archive_site):
        shown += re.findall(r'<div class="yb-person" id="([^"]+)"', page.read_text("utf-8"))
    assert len(shown) == len(set(shown)) and len(shown) >= PEOPLE_COUNT, len(shown)


def test_archive_pages_stay_small(archive_site: Path):
    sizes = {p: p.stat().st_size for p in archive_site.rglob("*.html")}
    photo_pages = [p for p in sizes if p.relative_to(archive_site).parts[0] == "anh"]
    assert len(photo_pages) > 60, "4,000 photos are split into pages"
    too_big = {str(p.relative_to(archive_site)): s for p, s in sizes.items() if s > MAX_HTML}
    assert not too_big, too_big
    for part in ("dong-thoi-gian", "nhan-vat", "anh", None):
        chosen = [p for p in sizes if part is None or p.relative_to(archive_site).parts[0] == part]
        largest = max(chosen, key=sizes.get)
        print(f"largest {part or 'page'}: {largest.relative_to(archive_site)} "
              f"{sizes[largest] / 1024:.0f} KB ({len(chosen)} pages)")  # fmt: skip


def test_archive_pages_are_paginated_with_a_pager(archive_site: Path):
    first = (archive_site / "anh" / "1989-1990" / "index.html").read_text("utf-8")
    assert 'class="yb-pager"' in first
    assert 'href="../1989-1990-2/"' in first
    assert (archive_site / "anh" / "1989-1990-2" / "index.html").is_file()
    index = (archive_site / "anh" / "index.html").read_text("utf-8")
    assert 'href="1989-1990/"' in index


@pytest.mark.browser
def test_archive_pages_fetch_few_thumbnails_before_scrolling(archive_site: Path):
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Debian's chromium is not installed")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = socketserver.ThreadingTCPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(archive_site))
    )
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    pages = ["", "anh/", "anh/1989-1990/", "anh/1989-1990-2/", "dong-thoi-gian/", "nhan-vat/",
             "giai-doan/1989-1990/", "dong-thoi-gian/1989-1990/", "dong-thoi-gian/1989-1990-2/",
             "nhan-vat/chu-a/", "nhan-vat/chu-a-2/", "lanh-dao/"]  # fmt: skip
    fetched = {}
    try:
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
            )
            for path in pages:
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                images: list[str] = []
                page.on("request", lambda r, images=images: r.resource_type == "image"
                        and "/assets/photos/" in r.url and images.append(r.url))  # fmt: skip
                page.goto(base + path, wait_until="networkidle")
                fetched[path] = len(images)
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    print("photos fetched before scrolling:", fetched)
    assert all(n <= MAX_EAGER_THUMBS for n in fetched.values()), fetched
    assert fetched["anh/1989-1990/"] > 0 and fetched["dong-thoi-gian/1989-1990/"] > 0
