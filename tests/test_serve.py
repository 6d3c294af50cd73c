"""``yearbook serve`` keeps rebuilding after every save, shows an error page, recovers.

Regressions: MkDocs validated the ``plugins=`` override in place, so the second
rebuild failed with "Invalid Plugins configuration" and the browser hung; the fast
rebuild of a text edit wrote a search index of the rebuilt pages only; a server
stopped by SIGTERM left its temporary site folders behind; the reload benchmark
waited forever for a marker our typography had rewritten.

Every kind of save goes through the running server: text (re-rendered page by
page), data and the caption sheet, a new photo, a changed title, a deleted page.
"""

from __future__ import annotations

import csv
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image

from conftest import copy_second_book
from yearbook import typography
from yearbook.web.search import decode

CHAPTER = "docs/chang-duong/1995-2002.md"
URL_PATH = "/chang-duong/1995-2002/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8", "replace")
    except OSError:
        return 0, ""


def wait_for(url: str, ok: Callable[[int, str], bool], timeout: float = 60) -> tuple[int, str]:
    deadline = time.monotonic() + timeout
    status, body = 0, ""
    while time.monotonic() < deadline:
        status, body = fetch(url)
        if ok(status, body):
            return status, body
        time.sleep(0.2)
    raise AssertionError(f"{url}: gave up waiting; last answer {status}: {body[:2000]}")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    project = copy_second_book(tmp_path / "book")
    port = free_port()
    yearbook = str(Path(sys.executable).parent / "yearbook")
    temp = tmp_path / "tmp"  # the server's own temporary folders, checked after it stops
    temp.mkdir()
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [yearbook, "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=log,
        stderr=log,
        env={**os.environ, "TMPDIR": str(temp)},
    )
    try:
        yield project, f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
    text = (tmp_path / "serve.log").read_text("utf-8")
    assert "Traceback" not in text, text[-4000:]
    assert "Invalid Plugins configuration" not in text, text[-4000:]
    assert not [p.name for p in temp.glob("yearbook-serve-*")]  # SIGTERM cleans up too


def test_serve_rebuilds_after_every_save_and_recovers_from_errors(
    served: tuple[Path, str],
) -> None:
    project, base = served
    chapter = project / CHAPTER
    url = base + URL_PATH
    wait_for(url, lambda status, body: status == 200 and "Những năm đầu" in body)
    for n in (1, 2, 3):
        marker = f"Dòng sửa lần thứ {n}"
        text = chapter.read_text("utf-8")
        chapter.write_text(text.replace("## Bối cảnh\n", f"## Bối cảnh\n\n{marker}.\n", 1), "utf-8")
        wait_for(url, lambda status, body, m=marker: status == 200 and m in body)

    good = chapter.read_text("utf-8")
    chapter.write_text(good.replace("status: approved", "status: aproved", 1), "utf-8")
    status, body = wait_for(url, lambda status, body: "yb-serve-error" in body)
    assert status == 500
    assert f"{CHAPTER}:3:9: lỗi: status: &#39;aproved&#39; không hợp lệ" in body
    assert 'lang="vi"' in body and "livereload" in body  # reloads by itself once fixed
    # Any page of the book shows the same list while it is broken.
    assert "yb-serve-error" in fetch(base + "/")[1]

    chapter.write_text(good.replace("## Bối cảnh\n", "## Bối cảnh\n\nĐã sửa xong.\n", 1), "utf-8")
    wait_for(url, lambda status, body: status == 200 and "Đã sửa xong." in body)
    assert "yb-serve-error" not in fetch(base + "/")[1]


@pytest.mark.pdf
def test_serve_builds_the_pdf_on_request(served: tuple[Path, str], tmp_path: Path) -> None:
    project, base = served
    wait_for(base + "/", lambda status, body: status == 200)
    chapter = project / CHAPTER
    chapter.write_text(chapter.read_text("utf-8") + "\nĐoạn ybpdfedit.\n", "utf-8")
    wait_for(base + URL_PATH, lambda status, body: "ybpdfedit" in body)
    # No PDF is made on save: the site the preview serves has none.
    assert fetch(base + "/pdf/ky-yeu-25-nam-stp.pdf")[0] == 404
    with urllib.request.urlopen(base + "/_yearbook/pdf", timeout=300) as response:
        assert response.headers["Content-Type"] == "application/pdf"
        data = response.read()
    assert data.startswith(b"%PDF-")
    (tmp_path / "preview.pdf").write_bytes(data)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "preview.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "ybpdfedit" in text  # the text as it is now
    # The preview goes on re-rendering single pages after the PDF was made.
    chapter.write_text(chapter.read_text("utf-8") + "\nĐoạn ybafterpdf.\n", "utf-8")
    wait_for(base + URL_PATH, lambda status, body: "ybafterpdf" in body)
    assert rebuilds(project)[-1] == "chỉ các trang đã sửa)."


def search_text(base: str) -> str:
    """Every title and text in the served search index, decoded."""
    script = fetch(base + "/search/yb-index.js")[1]
    data = json.loads(script[script.index("=") + 1 : script.rindex(";")])
    return "\n".join(d[1] + " " + decode(d[3], data["vocab"]) for d in data["docs"])


def rebuilds(project: Path) -> list[str]:
    """How each rebuild was made, from the server's log (oldest first)."""
    log = (project.parent / "serve.log").read_text("utf-8")
    return [line.rpartition("(")[2] for line in log.splitlines() if "Đã dựng lại" in line]


def test_serve_rebuilds_what_each_kind_of_save_changed(served: tuple[Path, str]) -> None:
    project, base = served
    essay_url = base + "/cam-nhan/nghe-tu-phap/"
    wait_for(base + "/", lambda status, body: status == 200)
    assert "Nghề tư pháp trong mắt người trẻ" in search_text(base)

    # A text edit, saved the way many editors do (a temporary file renamed over the page):
    # the page shows it, and the search index keeps every other page.
    chapter = project / CHAPTER
    temporary = chapter.with_name("." + chapter.name + ".tmp")
    temporary.write_text(chapter.read_text("utf-8") + "\nĐoạn mới ybtextedit.\n", "utf-8")
    os.replace(temporary, chapter)
    wait_for(base + URL_PATH, lambda status, body: "ybtextedit" in body)
    index = search_text(base)
    assert "ybtextedit" in index and "Nghề tư pháp trong mắt người trẻ" in index

    # Timeline data: its generated page.
    timeline = project / "docs/data/timeline.yml"
    timeline.write_text(
        timeline.read_text("utf-8").replace("Hộ tịch điện tử", "Hộ tịch ybtimeline"), "utf-8"
    )
    wait_for(base + "/dong-thoi-gian/", lambda status, body: "Hộ tịch ybtimeline" in body)
    # Both re-rendered only what they changed (an atomic save is no deletion).
    assert rebuilds(project)[-2:] == ["chỉ các trang đã sửa).", "chỉ các trang đã sửa)."]

    # The caption sheet: the photo page.
    sheet = project / "archive/captions.csv"
    text = sheet.read_text("utf-8")
    sheet.write_text(text.replace("trụ sở Sở Tư pháp năm 2020", "trụ sở ybcaption"), "utf-8")
    wait_for(base + "/anh/2010-2020/", lambda status, body: "trụ sở ybcaption" in body)

    # A new photo dropped into the archive, with its caption row.
    Image.new("RGB", (1600, 1200), (90, 120, 150)).save(project / "archive/2010-2020/moi.jpg")
    with sheet.open(encoding="utf-8", newline="") as fh:
        row = dict(next(r for r in csv.DictReader(fh) if r["file"].startswith("2010-2020/")))
    row.update(file="2010-2020/moi.jpg", caption="Ảnh minh họa: ybnewphoto", people="")
    with sheet.open("a", encoding="utf-8", newline="") as fh:
        csv.DictWriter(fh, fieldnames=list(row)).writerow(row)
    wait_for(base + "/anh/2010-2020/", lambda status, body: "ybnewphoto" in body)

    # A new title shows in every page's navigation (a front matter others show).
    old_title = "Những năm đầu kiện toàn"
    chapter.write_text(chapter.read_text("utf-8").replace(old_title, "Tên mới ybtitle", 1), "utf-8")
    wait_for(essay_url, lambda status, body: "Tên mới ybtitle" in body)
    assert old_title not in fetch(essay_url)[1]

    # A new page: in the navigation of the others.
    unit = project / "docs/phong-ban/phong-hanh-chinh-tu-phap.md"
    new_page = unit.with_name("phong-moi.md")
    new_page.write_text(
        unit.read_text("utf-8").replace("Phòng Hành chính tư pháp", "Phòng ybnewpage", 1), "utf-8"
    )
    wait_for(essay_url, lambda status, body: "Phòng ybnewpage" in body)
    assert "ybnewpage" in fetch(base + "/phong-ban/phong-moi/")[1]

    # A deleted page: gone from the site and from the other pages.
    (project / "docs/cam-nhan/nghe-tu-phap.md").unlink()
    wait_for(essay_url, lambda status, body: status == 404)
    home = fetch(base + "/")[1]
    assert "yb-serve-error" not in home and "nghe-tu-phap" not in home
    assert "Nghề tư pháp trong mắt người trẻ" not in search_text(base)


def test_benchmark_markers_survive_typography() -> None:
    """The reload benchmark waited forever: "số 0" in its marker became a no-break span."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from serve_reload import marker, text_of

    mark = marker("edit", 0)
    page = typography.apply_html(f"<p>Đoạn sửa {mark} lúc 10 giờ, số 3.</p>")
    assert mark in text_of(page)
