"""The PDF editions, built once per session from a generated book and read back with pypdf,
pdfplumber and poppler's pdftotext.

The build is started from a directory that is *not* the project, to prove that our
template folder and hook module are found from anywhere.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import unicodedata
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from conftest import PDF_CHAPTERS, Built
from samplebook import DRAFT_MARKER, DRAFT_TITLE, SENTENCES, periods

pytestmark = pytest.mark.pdf

MM = 72 / 25.4
CHAPTERS = PDF_CHAPTERS
BOOK_TITLE = "Kỷ yếu 30 năm xây dựng và phát triển"  # the left-hand running head


def page_texts(path: Path) -> list[str]:
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return out.split("\f")[:-1]


def flat(text: str) -> str:
    return " ".join(text.split())


def chapter_titles() -> list[str]:
    return [f"Giai đoạn {a}–{b}" for a, b in periods(CHAPTERS)]


def title_pages(path: Path, title: str, min_size: float = 18) -> list[int]:
    """1-based pages where ``title`` is set as a large heading."""
    found = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            big = [
                w["text"] for w in page.extract_words(extra_attrs=["size"]) if w["size"] >= min_size
            ]
            if title in " ".join(big):
                found.append(number)
    return found


def test_editions_are_written(built: Built) -> None:
    for path in (built.screen, built.print, built.archive):
        assert path.is_file() and path.stat().st_size > 10_000, path
    assert "Table of contents" not in built.log


def test_title_metadata_is_vietnamese(built: Built) -> None:
    expected = "Kỷ yếu 30 năm xây dựng và phát triển (1989–2019)"  # samplebook's mkdocs.yml
    for path in (built.screen, built.print):
        meta = PdfReader(path).metadata
        assert meta.title == expected
        assert unicodedata.is_normalized("NFC", meta.title)
        assert "Quảng Ngãi" in (meta.author or "")


def test_toc_lists_every_approved_chapter_with_its_start_page(built: Built) -> None:
    texts = page_texts(built.screen)
    toc_pages = [
        i
        for i, t in enumerate(texts, start=1)
        if "Mục lục" in t.split("\n")[:4] or t.lstrip().startswith("Mục lục")
    ]
    assert toc_pages, "no page starts with 'Mục lục'"
    toc = texts[toc_pages[0] - 1]
    assert DRAFT_TITLE not in toc
    for title in chapter_titles():
        match = re.search(re.escape(title) + r"[\s.]*?(\d+)\s*$", toc, re.M)
        assert match, f"{title!r} has no page number in the TOC:\n{toc}"
        starts = [p for p in title_pages(built.screen, title) if p > toc_pages[0]]
        assert starts, f"chapter {title!r} not found"
        assert int(match[1]) == starts[0], title


def test_period_chapters_open_on_right_hand_pages(built: Built) -> None:
    for title in chapter_titles():
        start = [p for p in title_pages(built.screen, title)][-1]
        assert start % 2 == 1, f"{title} opens on page {start}"


def test_running_heads_book_title_left_chapter_title_right(built: Built) -> None:
    title = chapter_titles()[0]
    start = title_pages(built.screen, title)[-1]
    with pdfplumber.open(built.screen) as pdf:

        def head(number: int) -> str:
            page = pdf.pages[number - 1]
            top = page.crop((0, 0, page.width, 22 * MM))
            return flat(top.extract_text() or "")

        assert head(start) == ""  # an opening page carries no running head
        assert head(start + 1) == BOOK_TITLE
        assert head(start + 2) == title


def test_every_font_is_embedded_and_vendored(built: Built) -> None:
    for path in (built.screen, built.print):
        reader = PdfReader(path)
        seen = set()
        for page in reader.pages:
            fonts = page["/Resources"].get_object().get("/Font", {})
            for ref in fonts.values():
                font = ref.get_object()
                seen.add(str(font["/BaseFont"]))
                descendants = font.get("/DescendantFonts")
                target = descendants[0].get_object() if descendants else font
                descriptor = target["/FontDescriptor"].get_object()
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font
        assert seen
        assert all(re.match(r"^/[A-Z]{6}\+Kyyeu-(Serif|Sans)", name) for name in seen), seen


def test_vietnamese_sentences_are_extracted_verbatim(built: Built) -> None:
    text = flat("\n".join(page_texts(built.screen)))
    assert unicodedata.is_normalized("NFC", text)
    body = [p.read_text("utf-8") for p in (built.root / "docs" / "giai-doan").glob("*.md")]
    used = [s for s in SENTENCES if any(s in b for b in body)]
    assert len(used) >= 5
    for sentence in used:
        assert sentence in text


def test_screen_edition_has_no_bleed(built: Built) -> None:
    # The print edition's boxes are checked in test_pdf_print.py.
    screen = PdfReader(built.screen).pages[0]
    assert float(screen.mediabox.width) == pytest.approx(210 * MM, abs=0.1)


def image_dpis(path: Path, min_width_mm: float = 0) -> list[float]:
    dpis = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for image in page.images:
                width_in = (image["x1"] - image["x0"]) / 72
                if width_in * 25.4 < min_width_mm:
                    continue
                height_in = (image["bottom"] - image["top"]) / 72
                px_w, px_h = image["srcsize"]
                dpis.append(min(px_w / width_in, px_h / height_in))
    return dpis


def test_print_images_are_at_least_300_dpi(built: Built) -> None:
    dpis = image_dpis(built.print)
    assert len(dpis) >= 9
    assert min(dpis) >= 299.5, sorted(dpis)[:5]


def test_screen_images_are_downsampled_jpegs(built: Built) -> None:
    dpis = image_dpis(built.screen)
    # One image stream serves every placement of a photo, sized for the largest one, so a
    # photo shown both large and small is above 150 dpi where it is small; and the smallest
    # web derivative (480 px) is above 200 dpi in a preview cell narrower than 60 mm.
    assert dpis and sorted(dpis)[len(dpis) // 2] <= 152, sorted(dpis)
    large = image_dpis(built.screen, min_width_mm=60)
    assert large and max(large) < 200, sorted(large)[-5:]
    with pdfplumber.open(built.screen) as pdf:
        filters = {str(i["stream"].get("Filter")) for p in pdf.pages for i in p.images}
    assert filters == {"/'DCTDecode'"} or all("DCT" in f for f in filters), filters
    assert built.screen.stat().st_size < built.print.stat().st_size / 3


def test_drafts_and_english_labels_are_absent(built: Built) -> None:
    for path in (built.screen, built.print):
        text = "\n".join(page_texts(path))
        assert DRAFT_MARKER not in text
        assert DRAFT_TITLE not in text
        assert "Table of contents" not in text
        assert "download PDF" not in text
        assert not re.search(r"\bNone\b", text)
        assert "Ghi chú riêng của người thẩm định" not in text  # reviewers' private notes


def test_screen_edition_has_outline_and_internal_links(built: Built) -> None:
    reader = PdfReader(built.screen)
    titles = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(flat(item.title))  # typography binds "Giai đoạn 1989" (nbsp)

    walk(reader.outline)
    for title in chapter_titles():
        assert title in titles
    assert "Mục lục" in titles
    internal = 0
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            action = annot.get("/A")
            if "/Dest" in annot or (action and action.get("/S") == "/GoTo"):
                internal += 1
    assert internal >= len(chapter_titles())


def test_people_index_gives_page_numbers(built: Built) -> None:
    texts = page_texts(built.screen)
    index = [t for t in texts if t.lstrip().startswith("Danh mục nhân vật")]
    assert index, "no people index page"
    text = flat(index[0])
    assert "Nguyễn Văn An" in text
    for title in chapter_titles():
        start = title_pages(built.screen, title)[-1]
        assert f"{title}, tr. {start}" in text


def test_colophon_names_edition_printer_and_build(built: Built) -> None:
    for path, label in ((built.screen, "Bản điện tử"), (built.print, "Bản in")):
        text = flat("\n".join(page_texts(path)[-20:]))
        assert label in text
        assert "Nhà in thử nghiệm" in text
        assert "Tổ Biên tập" in text


def test_archive_copy_is_pdf_a_3b(built: Built) -> None:
    reader = PdfReader(built.archive)
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r"pdfaid:part[^0-9]*3", xmp)
    assert re.search(r"pdfaid:conformance[^A-Z]*B", xmp)


# --- the designed book (issue 11 §5) ---------------------------------------------------


def text_lines(path: Path) -> list[list[dict]]:
    """Every text line of every page with its box, as pdfplumber groups characters."""
    with pdfplumber.open(path) as pdf:
        return [page.extract_text_lines(return_chars=False) for page in pdf.pages]


def overlapping(lines: list[dict], tolerance: float = 0.5) -> list[tuple[str, str]]:
    found = []
    for i, a in enumerate(lines):
        for b in lines[i + 1 :]:
            apart_x = a["x1"] <= b["x0"] + tolerance or b["x1"] <= a["x0"] + tolerance
            apart_y = a["bottom"] <= b["top"] + tolerance or b["bottom"] <= a["top"] + tolerance
            if not (apart_x or apart_y) and a["text"] != b["text"]:
                found.append((a["text"], b["text"]))
    return found


def test_no_two_text_lines_overlap_on_any_page(built: Built) -> None:
    for path in (built.screen, built.print):
        collisions = [
            (number, pair)
            for number, lines in enumerate(text_lines(path), start=1)
            for pair in overlapping(lines)
        ]
        assert not collisions, f"{path.name}: {collisions[:5]}"


def test_no_reviewer_verdict_or_commit_id_in_either_pdf(built: Built) -> None:
    from yearbook.buildinfo import commit_label
    from yearbook.model import VERDICT_LABELS

    commit = commit_label(built.root)
    assert len(commit) >= 7
    for path in (built.screen, built.print):
        text = flat("\n".join(page_texts(path)))
        assert commit not in text and commit[:7] not in text
        for label in VERDICT_LABELS.values():
            assert label.lower() not in text.lower(), (path.name, label)
        assert "Phạm Thị Góp Ý" in text  # the reviewer is named in the colophon, once
        assert text.count("Phạm Thị Góp Ý") == 1
    meta = (built.root / "site" / "xuat-ban" / "index.html").read_text("utf-8")
    assert commit in meta  # the website's colophon keeps the build's commit


def opening_pages(path: Path, titles: list[str]) -> dict[str, int]:
    found = {}
    for title in titles:
        pages = title_pages(path, title)
        assert pages, f"{title!r} is not set as a title"
        found[title] = pages[-1]
    return found


def test_every_chapter_unit_and_essay_opens_on_a_right_page_without_running_head(
    built: Built,
) -> None:
    titles = [*chapter_titles(), "Phòng Hành chính – Tổ chức", "Tiếp lửa truyền thống"]
    with pdfplumber.open(built.screen) as pdf:
        for title, number in opening_pages(built.screen, titles).items():
            assert number % 2 == 1, f"{title} opens on page {number}"
            page = pdf.pages[number - 1]
            head = page.crop((0, 0, page.width, 22 * MM)).extract_text() or ""
            assert head.strip() == "", (title, head)
            sizes = {
                round(w["size"])
                for w in page.extract_words(extra_attrs=["size"])
                if w["text"] in title.split()
            }
            assert max(sizes) >= 20, (title, sizes)  # one title style, the same size
            text = page.extract_text() or ""
            byline = text.find("Biên soạn:")
            assert byline > text.find(title.split()[-1]), f"{title}: byline before the title"


def test_body_measure_is_about_60_to_70_characters(built: Built) -> None:
    widths = []
    with pdfplumber.open(built.screen) as pdf:
        for page in pdf.pages:
            for line in page.extract_text_lines():
                size = line["chars"][0]["size"]
                if 11 <= size <= 12 and line["x1"] - line["x0"] > 120 * MM:
                    widths.append(len(line["text"]))
    assert len(widths) > 50
    average = sum(widths) / len(widths)
    assert 58 <= average <= 72, average


def test_blank_pages_only_where_a_right_hand_opening_needs_one(built: Built) -> None:
    texts = page_texts(built.screen)
    with pdfplumber.open(built.screen) as pdf:
        images = [len(p.images) for p in pdf.pages]
    # The back cover and the page that makes it a left-hand page belong to the covers.
    for number, text in enumerate(texts[:-2], start=1):
        lines = [ln for ln in text.splitlines() if ln.strip()]
        if number == 2:  # the inside of the front cover
            continue
        if not lines and not images[number - 1]:
            assert number % 2 == 0, f"blank right-hand page {number}"
        else:
            body = [ln for ln in lines if not re.fullmatch(r"\s*\d+\s*", ln)]
            body = [ln for ln in body if flat(ln) not in (BOOK_TITLE, *chapter_titles())]
            assert len(body) > 1 or images[number - 1], f"page {number} carries only {body}"


def test_a_photo_is_printed_once_per_chapter(built: Built) -> None:
    with pdfplumber.open(built.print) as pdf:
        streams = [
            [(i["srcsize"], i["stream"].get("Length")) for i in page.images] for page in pdf.pages
        ]
    starts = sorted(opening_pages(built.print, chapter_titles()).values())
    bounds = [*starts, title_pages(built.print, "Dòng thời gian")[-1]]
    for first, after in itertools.pairwise(bounds):
        placed = [img for page in streams[first - 1 : after - 1] for img in page]
        assert len(placed) == len(set(placed)), f"a photo repeats in pages {first}–{after - 1}"
