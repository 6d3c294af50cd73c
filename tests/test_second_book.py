"""The second fixture book (another agency) carries its own identity, never the sample's.

Built once per session (``second_full`` in conftest): the website, both PDF editions
and the offline zip. Every text output is searched for the sample book's identity.
"""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pdfplumber
import pytest
import yaml

from conftest import SECOND_BOOK

pytestmark = pytest.mark.pdf

#: What identifies the repository's sample book (Quảng Ngãi, 1989–2019, 75th anniversary).
SAMPLE_IDENTITY = ("Quảng Ngãi", "30 năm", "1989", "Văn phòng UBND", "75 năm")
TEXT_SUFFIXES = {".html", ".json", ".xml", ".txt", ".js"}
MM = 72 / 25.4


def _settings() -> dict:
    text = (SECOND_BOOK / "mkdocs.yml").read_text("utf-8")
    text = text.replace("!!python/name:yearbook.text.slugify", "slugify")
    config = yaml.safe_load(text)
    for entry in config["plugins"]:
        if isinstance(entry, dict) and "yearbook" in entry:
            return {"site": config, "yearbook": entry["yearbook"]}
    raise AssertionError("the second book declares no yearbook plugin")


def _pdfs(site: Path, *, cover: bool = True) -> list[Path]:
    """The screen and print editions, and (unless ``cover`` is off) the print cover spread."""
    pdfs = sorted((site / "pdf").glob("*.pdf"))
    spreads = [p for p in pdfs if p.stem.endswith("-bia")]
    assert len(pdfs) == 3 and len(spreads) == 1, pdfs
    return pdfs if cover else [p for p in pdfs if p not in spreads]


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _own_text_files(site: Path) -> list[Path]:
    """Text the book produced (pages, search index, sitemap), not Material's own bundles."""
    out = []
    for path in site.rglob("*"):
        if path.suffix not in TEXT_SUFFIXES or not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        if rel.startswith("assets/") and not rel.startswith("assets/yearbook"):
            continue
        out.append(path)
    return out


def _hits(text: str) -> list[str]:
    return [s for s in SAMPLE_IDENTITY if s in text]


def test_outputs_hold_none_of_the_sample_books_identity(second_full: Path) -> None:
    found: dict[str, list[str]] = {}
    files = _own_text_files(second_full)
    assert any(p.name == "yb-index.js" for p in files)
    for path in files:
        hits = _hits(path.read_text("utf-8", errors="replace"))
        if hits:
            found[path.relative_to(second_full).as_posix()] = hits
    for pdf in _pdfs(second_full):
        hits = _hits(pdf_text(pdf))
        if hits:
            found[pdf.name] = hits
    zips = list(second_full.glob("*.zip"))
    assert len(zips) == 1, zips
    with zipfile.ZipFile(zips[0]) as archive:
        for name in archive.namelist():
            inside = name.split("/", 1)[-1]
            if Path(name).suffix not in TEXT_SUFFIXES:
                continue
            if inside.startswith("assets/") and not inside.startswith("assets/yearbook"):
                continue
            hits = _hits(archive.read(name).decode("utf-8", errors="replace"))
            if hits:
                found[f"{zips[0].name}:{name}"] = hits
    assert not found, found


def test_own_organisation_on_the_cover_and_in_the_running_heads(second_full: Path) -> None:
    organization = _settings()["yearbook"]["organization"]
    for pdf in _pdfs(second_full, cover=False):
        cover = " ".join(pdf_text(pdf).split("\f")[0].split())
        assert organization.casefold() in cover.casefold(), (pdf.name, cover)
        with pdfplumber.open(pdf) as doc:
            heads = []
            for page in doc.pages[2:]:
                box = page.trimbox if hasattr(page, "trimbox") else page.bbox
                top = page.crop((box[0], box[1], box[2], box[1] + 24 * MM))
                heads.append(" ".join((top.extract_text() or "").split()))
        assert sum(organization.casefold() in h.casefold() for h in heads) >= 2, (
            pdf.name,
            heads[:8],
        )


def test_second_book_builds_in_its_own_section_folders(second_site: Path) -> None:
    """The fixture itself: its own folders and titles reach the site (not the sample's)."""
    for folder in ("chang-duong/1995-2002", "phong-ban/phong-hanh-chinh-tu-phap",
                   "cam-nhan/nghe-tu-phap", "loi-noi-dau"):  # fmt: skip
        assert (second_site / folder / "index.html").is_file(), folder
    assert not (second_site / "giai-doan").exists()
    home = (second_site / "index.html").read_text("utf-8")
    assert "Sở Tư pháp tỉnh Bình Định" in home


def test_second_book_labels_office_order_and_colours(second_site: Path) -> None:
    """Nav labels, the leaders page's office order and the design tokens come from its settings."""
    home = (second_site / "index.html").read_text("utf-8")
    for label in ("Các chặng đường", "Các phòng chuyên môn", "Cảm nhận của công chức trẻ"):
        assert label in home, label
    assert "--md-primary-fg-color:#0b5d5e" in home
    leaders = (second_site / "lanh-dao" / "index.html").read_text("utf-8")
    director, youth = leaders.find("Giám đốc Sở"), leaders.find("Bí thư Chi đoàn")
    assert 0 <= director < youth, (director, youth)


def test_gate_item_finds_the_sample_identity_only_in_another_book(
    second_full: Path, tmp_path: Path
) -> None:
    from yearbook.model import BookConfig
    from yearbook.release.identity import foreign_words, identity_hits

    book = _FakeBook(
        BookConfig(tmp_path, tmp_path, 1995, 2020, organization="Sở Tư pháp tỉnh Bình Định")
    )
    pdfs = [p.relative_to(second_full).as_posix() for p in _pdfs(second_full)]
    assert identity_hits(second_full, pdfs, foreign_words(book)) == []
    page = tmp_path / "site" / "index.html"
    page.parent.mkdir()
    page.write_text("<p>Kỷ niệm <b>75 năm Ngày truyền thống</b> — Quảng Ngãi</p>", "utf-8")
    hits = identity_hits(page.parent, [], foreign_words(book))
    assert hits == ["index.html: Quảng Ngãi, 75 năm Ngày truyền thống"]
    sample = _FakeBook(
        BookConfig(tmp_path, tmp_path, 1989, 2019, organization="Văn phòng UBND tỉnh Quảng Ngãi")
    )
    assert (
        identity_hits(
            page.parent, [], foreign_words(sample, own=["Kỷ niệm 75 năm Ngày truyền thống"])
        )
        == []
    )


class _FakeBook:
    def __init__(self, config: object) -> None:
        self.config = config


def test_second_book_timeline_has_a_page_per_own_period(second_site: Path) -> None:
    """The timeline is cut by this book's periods (its chapters), and loses no event."""
    import re

    overview = (second_site / "dong-thoi-gian" / "index.html").read_text("utf-8")
    events = yaml.safe_load((SECOND_BOOK / "docs/data/timeline.yml").read_text("utf-8"))
    shown = []
    for period in ("1995-2002", "2002-2010", "2010-2020"):
        assert f'href="{period}/"' in overview, period
        page = (second_site / "dong-thoi-gian" / period / "index.html").read_text("utf-8")
        assert "../../chang-duong/" in page, "the period page links its chapter"
        shown += re.findall(r'<div class="yb-event[^"]*" id="([^"]+)"', page)
    assert len(shown) == len(set(shown)) == len(events)
    assert not (second_site / "dong-thoi-gian" / "1989-1994").exists()
