"""The release build: reproducible to the byte, stamped, with release.json and an offline zip.

Two release builds of the same fixture book run in separate temporary folders,
at different times (the build clock moves; ``SOURCE_DATE_EPOCH`` does not),
as separate processes; their outputs must hash the same. The offline zip is
then unpacked and opened over ``file://`` in Chromium.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from bookfactory import write_book
from browser_support import CHROMIUM, CHROMIUM_ARGS

EPOCH = "1598572800"  # 28/8/2020 07:00 in Vietnam
EDITION = "Ấn bản thứ nhất"
SITE_URL = "https://ky-yeu.example.vn/30-nam/"

pytestmark = pytest.mark.pdf


def yearbook(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("YEARBOOK_PREVIEW", None)
    exe = Path(sys.executable).with_name("yearbook")
    return subprocess.run(
        [str(exe), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The same book released twice, in two folders, a moment apart: the two site folders."""
    sites = []
    for name in ("first", "second-folder/deeper"):
        root = write_book(tmp_path_factory.mktemp("rel") / name, pdf=True, release_ready=True)
        config = root / "mkdocs.yml"  # a sitemap lists pages only when the site has a URL
        text = re.sub(r"(?m)^site_url:.*\n", "", config.read_text("utf-8"))
        config.write_text(f"site_url: {SITE_URL}\n" + text, "utf-8")
        done = yearbook(
            "build", "--release", "--edition", EDITION, "--release-date", "28/8/2020", cwd=root
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert "Kết luận: ĐẠT" in done.stdout
        sites.append(root / "site")
        time.sleep(1.2)
    return sites


def test_two_release_builds_are_byte_identical(releases: list[Path]):
    first, second = releases
    manifest = json.loads((first / "release.json").read_text("utf-8"))
    files = manifest["files"]
    for required in (
        "index.html",
        "xuat-ban/index.html",
        "search/yb-index.js",
        "sitemap.xml",
        "sitemap.xml.gz",
        "pdf/ky-yeu.pdf",
        "pdf/ky-yeu-ban-in.pdf",
        "pdf/ky-yeu-ban-in-bia.pdf",
        "pdf/thong-so-ky-thuat-in.txt",
        "pdf/thong-so-ky-thuat-in.html",
        "ky-yeu-offline.zip",
    ):
        assert required in files, required
    on_disk = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert sorted([*files, "release.json"]) == on_disk
    for rel, entry in files.items():
        assert sha256(first / rel) == entry["sha256"], rel
        assert sha256(second / rel) == entry["sha256"], f"{rel} differs between the builds"
    assert sha256(first / "release.json") == sha256(second / "release.json")


def test_release_manifest_records_edition_date_and_tools(releases: list[Path]):
    manifest = json.loads((releases[0] / "release.json").read_text("utf-8"))
    assert manifest["edition"] == EDITION
    assert manifest["release_date"] == "28/8/2020"
    assert manifest["source_date_epoch"] == int(EPOCH)
    assert manifest["build_date"] == "2020-08-28T07:00:00+07:00"
    assert manifest["tools"]["weasyprint"] == "70.0"
    assert manifest["tools"]["mkdocs"] == "1.6.1"
    assert manifest["outputs"]["Bản ngoại tuyến (USB)"] == "ky-yeu-offline.zip"
    assert "git" in manifest and "commit" in manifest["git"]
    sitemap = (releases[0] / "sitemap.xml").read_text("utf-8")
    assert f"<loc>{SITE_URL}giai-doan/1989-2004/</loc>" in sitemap
    assert "<lastmod>2020-08-28</lastmod>" in sitemap


def test_edition_and_date_are_stamped_on_site_and_pdfs(releases: list[Path]):
    colophon = (releases[0] / "xuat-ban" / "index.html").read_text("utf-8")
    assert EDITION in colophon and "28/8/2020" in colophon
    assert "Bản mẫu" not in colophon
    for pdf in ("pdf/ky-yeu.pdf", "pdf/ky-yeu-ban-in.pdf"):
        text = subprocess.run(
            ["pdftotext", str(releases[0] / pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert EDITION in text and "28/8/2020" in text, pdf


def test_a_failing_gate_publishes_nothing(tmp_path: Path):
    root = write_book(tmp_path / "book", pdf=True, essay_status="review")
    done = yearbook("build", "--release", cwd=root)
    assert done.returncode == 1
    assert "docs/tuoi-tre/tuoi-tre.md" in done.stdout and "chưa phê duyệt" in done.stdout
    assert not (root / "site").exists()


# -- the offline edition in a browser -----------------------------------------------------


@pytest.fixture(scope="module")
def offline_root(releases: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("usb")
    with zipfile.ZipFile(releases[0] / "ky-yeu-offline.zip") as zf:
        names = zf.namelist()
        assert all(n.startswith("ky-yeu-offline/") for n in names)
        assert len({i.date_time for i in zf.infolist()}) == 1
        zf.extractall(target)
    return target / "ky-yeu-offline"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.mark.browser
def test_offline_zip_works_from_disk(offline_root: Path, browser):
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((offline_root / "index.html").as_uri())
    # Navigation: the links are files, not folders.
    page.locator("nav.md-nav--primary a[href$='loi-gioi-thieu.html']").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/loi-gioi-thieu.html")
    assert "Kỷ yếu ghi lại chặng đường 30 năm" in page.inner_text("article")
    # Search without tone marks, from the index loaded as a script (works from disk).
    page.locator("input[data-yb-search-input]").click()
    page.keyboard.type("tuoi tre", delay=30)
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    titles = page.locator(".md-search-result__item h1").all_inner_texts()
    assert any("Tuổi trẻ và Văn phòng" in t for t in titles), titles
    # Photos load from disk.
    page.goto((offline_root / "giai-doan" / "1989-2004.html").as_uri())
    page.wait_for_load_state("load")
    photos = page.eval_on_selector_all(
        "article img", "els => els.map(e => [e.currentSrc, e.complete && e.naturalWidth])"
    )
    assert photos and all(src.startswith("file://") and width > 0 for src, width in photos)
    page.screenshot(path=str(offline_root.parent / "offline-chapter.png"))
    # Nothing came from the network.
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    page.close()


def test_offline_zip_holds_the_pdfs_and_a_reader_note(offline_root: Path, releases: list[Path]):
    for pdf in ("pdf/ky-yeu.pdf", "pdf/ky-yeu-ban-in.pdf"):
        assert sha256(offline_root / pdf) == sha256(releases[0] / pdf)
    assert "index.html" in (offline_root / "DOC-TRUOC.txt").read_text("utf-8")
    assert (offline_root / "search" / "yb-index.js").read_text("utf-8").startswith("window.")
    html = (offline_root / "index.html").read_text("utf-8")
    assert "unpkg.com" not in html and "iframe-worker-shim.js" in html
    assert not (offline_root / "sitemap.xml").exists()
    shutil.rmtree(offline_root / "search")  # the test folder is module-scoped: leave no doubt
