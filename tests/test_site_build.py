"""The website built from the sample book: photos, generated pages, gating, fonts, search assets."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from site_support import REPO


def read(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


class Tags(HTMLParser):
    """Collect start tags with their attributes, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def tags(html: str, name: str) -> list[dict[str, str]]:
    parser = Tags()
    parser.feed(html)
    return [a for t, a in parser.tags if t == name]


def article(html: str) -> str:
    """The main content only (not the header, nav or footer)."""
    start = html.index('<article class="md-content__inner')
    return html[start : html.index("</article>", start)]


def all_text_outputs(site: Path) -> dict[Path, str]:
    return {
        p: p.read_text(encoding="utf-8")
        for p in site.rglob("*")
        if p.suffix in (".html", ".json", ".xml", ".js", ".css") and p.is_file()
    }


# -- photos ---------------------------------------------------------------------------------


def test_chapter_figure_has_srcset_size_caption_and_credit(public_site: Path) -> None:
    html = article(read(public_site, "giai-doan/1989-1994"))
    imgs = tags(html, "img")
    assert imgs, "the chapter shows photos"
    for img in imgs:
        assert img["alt"].strip(), img
        assert re.search(r"\s\d+w(,|$)", img["srcset"]), img
        assert img["sizes"]
        assert int(img["width"]) > 0 and int(img["height"]) > 0
        assert (public_site / "giai-doan/1989-1994" / img["src"]).resolve().is_file(), img["src"]
    assert "loading" not in imgs[0], "the first image loads eagerly"
    assert all(img.get("loading") == "lazy" for img in imgs[1:])
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", html, re.S)
    assert captions
    for caption in captions:
        text = re.sub(r"<[^>]+>", "", caption).strip()
        assert re.search(r"Ảnh: \S.*$", text), text
    # Every lightbox link points at a published derivative.
    for a in tags(html, "a"):
        if "glightbox" in a.get("class", ""):
            assert (public_site / "giai-doan/1989-1994" / a["href"]).resolve().is_file()
            assert a["data-description"].startswith("Ảnh: ")


def test_caption_ends_with_credit_from_caption_sheet(public_site: Path) -> None:
    manifest = json.loads((public_site.parent / ".cache/photos/manifest.json").read_text())
    photo = manifest["photos"]["nguyen-van-an"]
    html = article(read(public_site, "giai-doan/1989-1994"))
    figure = re.search(r'<figure[^>]*data-photo="nguyen-van-an".*?</figure>', html, re.S)
    assert figure, "the portrait placed with ![…](photo:nguyen-van-an) is a figure"
    text = " ".join(re.sub(r"<[^>]+>", " ", figure[0]).split())
    assert text.endswith(f"Ảnh: {photo['credit']}"), text


def test_gallery_renders_folder_as_grid(public_site: Path) -> None:
    """ "Ảnh tư liệu" links each folder's own page, which shows the folder as a grid."""
    manifest = json.loads((public_site.parent / ".cache/photos/manifest.json").read_text())
    folder = sorted({p["folder"] for p in manifest["photos"].values() if p.get("folder")})[0]
    assert f'href="{folder}/"' in article(read(public_site, "anh"))
    html = article(read(public_site, f"anh/{folder}"))
    expected = {pid for pid, p in manifest["photos"].items() if p.get("folder") == folder}
    grids = re.findall(r'<div class="yb-gallery__grid">(.*?)</div>\s*</div>', html, re.S)
    assert grids
    shown = set(re.findall(r'data-photo="([^"]+)"', html))
    assert expected <= shown


def _project_copy(sample_project: Path, dest: Path) -> Path:
    shutil.copytree(sample_project, dest, ignore=shutil.ignore_patterns("site-*", ".git", "site"))
    return dest


def _build(project: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    yearbook = str(Path(sys.executable).parent / "yearbook")
    return subprocess.run(
        [yearbook, "build", "--no-pdf", "--strict", "-d", str(project / "out"), *extra],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


def test_unknown_photo_and_empty_gallery_are_errors_with_file_and_line(
    sample_project: Path, tmp_path: Path
) -> None:
    project = _project_copy(sample_project, tmp_path / "book")
    chapter = project / "docs/giai-doan/1989-1994.md"
    lines = chapter.read_text(encoding="utf-8").split("\n")
    lines.append("")
    lines.append("![Ảnh không có](photo:khong-co-anh-nay)")
    lines.append("")
    lines.append("![Bộ ảnh trống](gallery:year:1850)")
    chapter.write_text("\n".join(lines), encoding="utf-8")
    result = _build(project)
    assert result.returncode != 0
    out = result.stdout + result.stderr
    assert f"docs/giai-doan/1989-1994.md:{len(lines) - 2}:" in out, out
    assert "khong-co-anh-nay" in out
    # The checker stops the build before rendering; fix the photo, the gallery still fails.
    lines[-3] = ""
    chapter.write_text("\n".join(lines), encoding="utf-8")
    result = _build(project)
    assert result.returncode != 0
    out = " ".join((result.stdout + result.stderr).split())
    assert f"giai-doan/1989-1994.md:{len(lines)}: lỗi: bộ ảnh theo năm '1850'" in out, out


# -- generated pages ------------------------------------------------------------------------


def test_timeline_groups_by_period_and_shows_approximate_dates(public_site: Path) -> None:
    """An overview of the periods, then one page per period with all its events."""
    overview = article(read(public_site, "dong-thoi-gian"))
    headings = re.findall(r"<h2 id=\"(giai-doan-\d{4}-\d{4})\"", overview)
    assert headings == sorted(headings) and len(headings) >= 3
    for anchor in headings:
        period = anchor.removeprefix("giai-doan-")
        assert f'href="{period}/"' in overview, "each period links its own page"
    periods = {a: article(read(public_site, f"dong-thoi-gian/{a.removeprefix('giai-doan-')}"))
               for a in headings}  # fmt: skip
    html = "\n".join(periods.values())
    timeline = yaml.safe_load((REPO / "docs/data/timeline.yml").read_text(encoding="utf-8"))
    shown = re.findall(r'<div class="yb-event[^"]*" id="([^"]+)"', html)
    assert len(shown) == len(set(shown)) == len(timeline), "every event on one period page"
    approx = [e for e in timeline if str(e["date"]).lower().startswith("khoảng")]
    assert approx, "the sample timeline has approximate dates"
    for event in approx:
        year = re.search(r"\d{4}", str(event["date"]))[0]
        # "khoảng" stays on the line of its year (yearbook.typography).
        assert f'<span class="yb-nobr">khoảng {year}' in html
    first = periods[headings[0]]
    assert 'href="../../giai-doan/1989-1994/"' in first
    assert 'href="../../nhan-vat/#' in html
    last = periods[headings[-1]]
    assert "yb-periods-nav__next" in first and "yb-periods-nav__prev" not in first
    assert "yb-periods-nav__prev" in last and "yb-periods-nav__next" not in last
    assert "<span>Giai đoạn sau →</span>" in first
    # Out of the navigation, a period page still shows where the reader is: the timeline tab.
    full = " ".join(read(public_site, "dong-thoi-gian/1989-1994").split())
    tab = re.search(r'md-tabs__item--active"> <a href="([^"]+)"', full)
    assert tab and tab[1] == "../", tab
    manifest = json.loads((public_site.parent / ".cache/photos/manifest.json").read_text())
    event_photos = {p for e in timeline for p in e.get("photos", []) if p in manifest["photos"]}
    assert event_photos, "the sample timeline illustrates events with public photos"
    for photo in event_photos:
        assert f'data-photo="{photo}"' in html


def test_people_index_lists_people_in_vietnamese_order_with_pages(public_site: Path) -> None:
    from yearbook.text import person_sort_key

    html = article(read(public_site, "nhan-vat"))
    people = yaml.safe_load((REPO / "docs/data/people.yml").read_text(encoding="utf-8"))
    order = re.findall(r'<div class="yb-person" id="([^"]+)"', html)
    assert set(order) == set(people)
    assert order == sorted(people, key=lambda pid: person_sort_key(people[pid]["name"]))
    entry = re.search(r'id="nguyen-van-an".*?</div>\s*</div>', html, re.S)[0]
    assert 'href="../giai-doan/1989-1994/"' in entry
    # Invented names stay marked as samples wherever they are listed.
    marked = html.count('class="yb-sample-mark"')
    assert marked == sum(1 for p in people.values() if p.get("sample")) > 0


def test_leaders_page_by_office_with_portraits(public_site: Path) -> None:
    html = article(read(public_site, "lanh-dao"))
    h2 = re.findall(r"<h2[^>]*>(.*?)<", html)
    assert h2[0] == "Chánh Văn phòng"
    chanh = html[html.index(">Chánh Văn phòng<") : html.index(f">{h2[1]}<")]
    terms = [int(y) for y in re.findall(r'yb-leader__term">(\d{4})–', chanh)]
    assert terms == sorted(terms) and len(terms) >= 3
    assert "yb-figure--portrait" in chanh


def test_colophon_has_board_edition_build_date_and_commit(
    sample_project: Path, public_site: Path
) -> None:
    html = article(read(public_site, "xuat-ban"))
    commit = subprocess.run(
        ["git", "rev-parse", "--short=12", "HEAD"], cwd=sample_project, capture_output=True,
        text=True, check=True,
    ).stdout.strip()  # fmt: skip
    assert commit in html
    assert "Tổ Biên tập" in html and "Bản mẫu" in html
    assert re.search(r"Ngày tạo bản này</dt>\s*<dd[^>]*>\d{1,2}/\d{1,2}/\d{4}", html)
    assert "<th></th>" not in html  # no table with an empty header
    # The review board and the approval, each person once and without verdicts.
    assert html.count("Lê Văn Bình (minh họa)") == 1
    assert "Phê duyệt nội dung" in html
    assert "cần chỉnh sửa" not in html.lower() and "đồng ý" not in html.lower()


def test_chapter_page_has_period_review_box_sources_neighbours_and_git_date(
    public_site: Path,
) -> None:
    html = read(public_site, "giai-doan/1994-1999")
    assert 'yb-period__years">1994–1999<' in html
    # Reviewers and their verdicts are internal: the colophon names the board.
    assert "Thẩm định và phê duyệt" not in html and "cần chỉnh sửa" not in html
    assert "Lê Văn Bình (minh họa)" not in html
    assert '<section class="yb-sources"' in html
    assert 'href="../1989-1994/" rel="prev"' in html
    assert 'href="../1999-2004/" rel="next"' in html
    updated = re.search(r"Cập nhật lần cuối:(.*?)</aside>", html, re.S)
    assert updated and re.search(r">\d{2}/\d{2}/\d{4}<", updated[1]), updated


# -- gating -----------------------------------------------------------------------------------


def _notes() -> list[str]:
    notes = []
    for path in (REPO / "docs").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---"):
            meta = yaml.safe_load(text.split("\n---", 1)[0][3:]) or {}
            notes += [r["notes"] for r in meta.get("reviewers", []) if r.get("notes")]
    return notes


@pytest.mark.parametrize("which", ["public_site", "preview_site"])
def test_reviewer_notes_never_reach_any_output(which: str, request: pytest.FixtureRequest) -> None:
    site = request.getfixturevalue(which)
    notes = _notes()
    assert notes, "the sample book has private reviewer notes"
    outputs = all_text_outputs(site)
    for note in notes:
        fragment = " ".join(note.split())[:40]
        for path, text in outputs.items():
            assert fragment not in " ".join(text.split()), path


def test_public_site_never_mentions_unapproved_pages(public_site: Path) -> None:
    outputs = all_text_outputs(public_site)
    assert not (public_site / "tuoi-tre/que-huong-trong-tim").exists()
    assert not (public_site / "don-vi/phong-kinh-te").exists()
    for path, text in outputs.items():
        assert "Quê hương trong tim" not in text, path
        assert "que-huong-trong-tim" not in text, path
        assert "don-vi/phong-kinh-te" not in text, path
        assert "yb-banner" not in text or path.suffix == ".css", path
        assert 'content="noindex' not in text, path


def test_preview_shows_banners_and_noindex_everywhere(preview_site: Path) -> None:
    review = read(preview_site, "tuoi-tre/que-huong-trong-tim")
    draft = read(preview_site, "don-vi/phong-kinh-te")
    assert "ĐANG THẨM ĐỊNH" in review and "yb-banner--review" in review
    assert "BẢN NHÁP" in draft and "yb-banner--draft" in draft
    for page in preview_site.rglob("index.html"):
        assert '<meta name="robots" content="noindex, nofollow">' in page.read_text(), page
    # In preview, generated pages may link pages under review.
    assert (
        "que-huong-trong-tim"
        in read(preview_site, "nhan-vat")
        + (preview_site / "index.html").read_text(encoding="utf-8")
        + (preview_site / "search/yb-index.js").read_text()
    )


# -- fonts, anchors, search, offline ----------------------------------------------------------


def test_fonts_are_vendored_with_licences_and_nothing_loads_from_outside(public_site: Path) -> None:
    (fonts_css,) = (public_site / "assets/fonts").glob("fonts.*.css")
    css = fonts_css.read_text()
    files = re.findall(r"url\(([^)]+\.woff2)\)", css)
    assert any("vietnamese" in f for f in files)
    for f in files:
        assert (public_site / "assets/fonts" / f).is_file()
    assert list((public_site / "assets/fonts").glob("LICENSE-*.txt"))
    for path, text in all_text_outputs(public_site).items():
        if path.suffix == ".html":
            assert "fonts.googleapis" not in text and "unpkg.com" not in text, path
            for tag in ("script", "link", "img", "source"):
                for attrs in tags(text, tag):
                    url = attrs.get("src") or attrs.get("href") or ""
                    assert not url.startswith(("http://", "https://", "//")), (path, url)
            if path.name == "index.html":
                assert '<html lang="vi"' in text, path


def test_heading_anchors_keep_d(public_site: Path) -> None:
    html = read(public_site, "lanh-dao")
    assert "Lãnh đạo" in html
    ids = re.findall(r'<h[1-3] id="([^"]+)"', html)
    assert "lanh-dao-qua-cac-thoi-ky" in ids, ids
    assert "chanh-van-phong" in ids


def test_search_is_the_yearbooks_own(public_site: Path) -> None:
    """Material's lunr index is not written; the page names no search form Material mounts."""
    assert (public_site / "search/yb-index.js").is_file()
    assert not (public_site / "search/search_index.json").exists()
    html = (public_site / "index.html").read_text(encoding="utf-8")
    assert 'name="search"' not in html
    assert re.search(r'<script src="assets/javascripts/yb-search\.[0-9a-f]{8}\.js" defer>', html)


def test_home_page_cover_title_foreword_and_entry_points(public_site: Path) -> None:
    html = (public_site / "index.html").read_text(encoding="utf-8")
    main = article(html)
    assert "<h1" in main and "Kỷ yếu 30 năm xây dựng và phát triển (1989–2019)" in main
    assert "Văn phòng UBND tỉnh Quảng Ngãi" in main
    imgs = tags(main, "img")
    assert imgs and "loading" not in imgs[0] and imgs[0].get("fetchpriority") == "high"
    hrefs = {a.get("href") for a in tags(main, "a")}
    for target in ("dong-thoi-gian/", "anh/", "lanh-dao/", "nhan-vat/", "loi-gioi-thieu/"):
        assert target in hrefs, target
    chapters = sorted(p.parent.name for p in (public_site / "giai-doan").glob("*/index.html"))
    assert chapters and all(f"giai-doan/{c}/" in hrefs for c in chapters)
    assert any(h and h.startswith("don-vi/") for h in hrefs)
    # A build without the PDF plugin offers no PDF to download (no dead links).
    assert ".pdf" not in main


def test_preview_keeps_the_review_box_for_editors(preview_site: Path) -> None:
    html = read(preview_site, "giai-doan/1994-1999")
    assert "Thẩm định và phê duyệt" in html and "cần chỉnh sửa" in html
