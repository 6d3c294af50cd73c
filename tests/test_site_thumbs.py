"""Thumbnails keep their photo's shape; a focal point from the caption sheet places a crop.

Issue 12: gallery and timeline thumbnails cropped 3:2 photos to 4:3 and cut the
photo's own text label. A generated book with 3:2 and 2:3 photos is built once; in
Chromium every thumbnail and gallery tile must show the whole photo (rendered box
ratio = natural ratio), and the photo given ``Tiêu điểm: 30% 70%`` in the caption
sheet is placed by that point where a layout crops (the leaders' 3:4 portraits).
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from browser_support import chromium, serve_dir
from samplebook import write_sample_book

FOCUS_PHOTO = 3  # the third photo of the sheet
FOCUS = "30% 70%"


@pytest.fixture(scope="module")
def thumbs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_sample_book(
        tmp_path_factory.mktemp("thumbs") / "book", chapters=2, photos=10, photo_size=(600, 400)
    )
    sheet = root / "archive" / "captions.csv"
    with sheet.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for i, row in enumerate(rows, start=1):
        row["Tiêu điểm"] = FOCUS if i == FOCUS_PHOTO else ""
        row["people"] = "nguyen-van-an"
    with sheet.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    ids = [Path(r["file"]).stem for r in rows]
    data = root / "docs" / "data"
    people = yaml.safe_load((data / "people.yml").read_text("utf-8"))
    people["nguyen-van-an"]["photo"] = ids[FOCUS_PHOTO - 1]
    (data / "people.yml").write_text(yaml.safe_dump(people, allow_unicode=True), "utf-8")
    events = yaml.safe_load((data / "timeline.yml").read_text("utf-8"))
    for n, event in enumerate(events):
        event["photos"] = ids[n * 5 : n * 5 + 3]
    (data / "timeline.yml").write_text(yaml.safe_dump(events, allow_unicode=True), "utf-8")
    exe = str(Path(sys.executable).parent / "yearbook")
    done = subprocess.run(
        [exe, "build", "--no-pdf", "-d", str(root / "site")],
        cwd=root, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return root / "site"


def focus_id(site: Path) -> str:
    rows = list(csv.DictReader((site.parent / "archive/captions.csv").open(encoding="utf-8")))
    return Path(rows[FOCUS_PHOTO - 1]["file"]).stem


def test_focus_reaches_the_style_of_that_photo_only(thumbs_site: Path) -> None:
    pid = focus_id(thumbs_site)
    html = (thumbs_site / "lanh-dao" / "index.html").read_text("utf-8")
    portrait = re.search(rf'<figure class="yb-figure yb-figure--portrait[^"]*" data-photo="{pid}">.*?</figure>', html, re.S)  # fmt: skip
    assert portrait, "the leader's portrait is on the leaders page"
    assert f"--yb-focus: {FOCUS}" in portrait[0]
    for page in thumbs_site.rglob("*.html"):
        text = page.read_text("utf-8")
        assert text.count("--yb-focus:") == text.count(f"--yb-focus: {FOCUS}"), page


PAGES = ("dong-thoi-gian/1989-2004/", "anh/1989-2004/", "nhan-vat/", "giai-doan/1989-2004/", "anh/")
MEASURE = """() => [...document.querySelectorAll('article img.yb-photo')].map(img => {
  const fig = img.closest('figure'); const box = img.getBoundingClientRect();
  return {variant: fig.className, photo: fig.dataset.photo, w: box.width, h: box.height,
          nw: img.naturalWidth, nh: img.naturalHeight, pos: getComputedStyle(img).objectPosition};
})"""


@pytest.mark.browser
def test_thumbnails_are_not_cropped_and_the_focal_point_places_a_crop(thumbs_site: Path) -> None:
    pid = focus_id(thumbs_site)
    measured: dict[str, list[dict]] = {}
    with serve_dir(thumbs_site) as base, chromium() as browser:
        for width in (1280, 390):
            context = browser.new_context(viewport={"width": width, "height": 900})
            page = context.new_page()
            for path in (*PAGES, "lanh-dao/"):
                page.goto(base + path, wait_until="load")
                page.evaluate("document.querySelectorAll('img').forEach(i => i.loading = 'eager')")
                page.wait_for_function("[...document.images].every(i => i.complete)")
                measured[f"{path}@{width}"] = page.evaluate(MEASURE)
            context.close()
    crops = []
    for where, images in measured.items():
        for im in images:
            if "portrait" in im["variant"] or not im["nw"]:
                continue
            if abs(im["w"] / im["h"] - im["nw"] / im["nh"]) > 0.03:
                crops.append((where, im))
    counted = {
        k: len([i for i in v if "portrait" not in i["variant"]]) for k, v in measured.items()
    }
    assert all(counted[f"{p}@1280"] for p in PAGES), counted
    assert not crops, crops[:5]
    portraits = [i for i in measured["lanh-dao/@1280"] if i["photo"] == pid]
    assert portraits and portraits[0]["pos"] == FOCUS, portraits
    assert abs(portraits[0]["w"] / portraits[0]["h"] - 3 / 4) < 0.03, "portraits crop to 3:4"
    others = [i for v in measured.values() for i in v if i["photo"] != pid]
    assert others and all(i["pos"] in ("50% 50%", "50% 30%") for i in others)
