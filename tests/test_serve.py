"""``yearbook serve`` keeps rebuilding after every save, shows an error page, recovers.

Regression: MkDocs validated the ``plugins=`` override in place, so the second
rebuild failed with "Invalid Plugins configuration" and the browser hung.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import copy_second_book

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
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [yearbook, "serve", "-a", f"127.0.0.1:{port}"], cwd=project, stdout=log, stderr=log
    )
    try:
        yield project, f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
    text = (tmp_path / "serve.log").read_text("utf-8")
    assert "Traceback" not in text, text[-4000:]
    assert "Invalid Plugins configuration" not in text, text[-4000:]


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
def test_serve_builds_the_pdf_on_request(served: tuple[Path, str]) -> None:
    project, base = served
    wait_for(base + "/", lambda status, body: status == 200)
    assert not list(project.rglob("*.pdf"))  # no PDF on save, only on request
    with urllib.request.urlopen(base + "/_yearbook/pdf", timeout=300) as response:
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.read(5) == b"%PDF-"
