"""``yearbook proof``: review packets for former leaders of each period (plan II.1)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest

pytestmark = pytest.mark.pdf
REPO = Path(__file__).resolve().parent.parent
YEARBOOK = str(Path(sys.executable).parent / "yearbook")
HEADER = "BẢN XIN Ý KIẾN — không phát hành"


def chapter_titles(folder: Path = REPO / "docs/giai-doan") -> dict[str, str]:
    import yaml

    out = {}
    for path in sorted(folder.glob("[0-9]*.md")):
        meta = yaml.safe_load(path.read_text("utf-8").split("---\n", 2)[1])
        out[path.stem] = meta["title"]
    return out


def all_notes() -> list[str]:
    """Every reviewer note recorded anywhere in the sample book (private by design)."""
    import yaml

    notes = []
    for path in sorted((REPO / "docs").rglob("*.md")):
        text = path.read_text("utf-8")
        if text.startswith("---\n"):
            meta = yaml.safe_load(text.split("---\n", 2)[1]) or {}
            notes += [r["notes"] for r in meta.get("reviewers") or [] if r.get("notes")]
    return notes


@pytest.fixture(scope="module")
def packet(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("proof")
    result = subprocess.run(
        [YEARBOOK, "proof", "--reviewer", "nguyen-van-an", "-d", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out / "nguyen-van-an.pdf", result.stdout


def texts(pdf: Path) -> list[str]:
    with pdfplumber.open(pdf) as doc:
        return [page.extract_text() or "" for page in doc.pages]


def flat(text: str) -> str:
    return " ".join(text.split())


def test_packet_holds_only_the_reviewers_periods(packet: tuple[Path, str]) -> None:
    pdf, stdout = packet
    assert "nguyen-van-an.pdf" in stdout
    whole = flat(" ".join(texts(pdf)))
    titles = chapter_titles()
    # Nguyễn Văn An was Chánh Văn phòng 1989–1994: that chapter, and no other.
    assert flat(titles["1989-1994"]) in whole
    for chapter, title in titles.items():
        if chapter != "1989-1994":
            assert flat(title) not in whole, chapter
    assert "Kính gửi: đồng chí Nguyễn Văn An" in whole
    assert "Chánh Văn phòng (1989–1994)" in whole
    assert "Phiếu góp ý" in whole and "Trang:dòng" in whole
    for verdict in ("Đồng ý", "Cần chỉnh sửa", "Không đồng ý"):
        assert verdict in whole


def test_header_on_every_page(packet: tuple[Path, str]) -> None:
    pdf, _ = packet
    pages = texts(pdf)
    assert len(pages) >= 4
    for number, text in enumerate(pages, 1):
        assert HEADER in text, number
        assert re.search(r"Ngày \d{1,2}/\d{1,2}/\d{4} · phiên bản \S+", text), number


def test_lines_are_numbered_per_page_in_the_margin(packet: tuple[Path, str]) -> None:
    pdf, _ = packet
    numbered_pages = 0
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            words = page.extract_words(extra_attrs=["size"])
            body = [w for w in words if w["size"] > 8.5]
            if not body:
                continue
            text_left = min(w["x0"] for w in body)
            numbers = [
                int(w["text"])
                for w in sorted(words, key=lambda w: w["top"])
                if w["text"].isdigit() and w["x1"] < text_left and w["size"] < 7
            ]
            if numbers:
                numbered_pages += 1
                assert numbers == list(range(1, len(numbers) + 1))
                assert len(numbers) >= 5
            # Each number sits on the line it counts.
            for w in words:
                if w["text"].isdigit() and w["x1"] < text_left and w["size"] < 7:
                    assert any(abs((b["top"] + b["bottom"]) / 2 - (w["top"] + w["bottom"]) / 2) < 6
                               for b in body)  # fmt: skip
    assert numbered_pages >= 2  # the chapter pages; letter and form carry no numbers


def test_no_reviewer_notes_are_printed(packet: tuple[Path, str]) -> None:
    pdf, _ = packet
    whole = flat(" ".join(texts(pdf)))
    notes = all_notes()
    assert notes
    for note in notes:
        assert flat(note)[:40] not in whole


def test_unknown_reviewer_and_all(tmp_path: Path) -> None:
    bad = subprocess.run(
        [YEARBOOK, "proof", "--reviewer", "khong-co", "-d", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True,
    )  # fmt: skip
    assert bad.returncode == 1 and "không có người mã 'khong-co'" in bad.stderr
    assert "Traceback" not in bad.stderr
    both = subprocess.run(
        [YEARBOOK, "proof", "--reviewer", "a", "--all"], cwd=REPO, capture_output=True, text=True
    )
    assert both.returncode == 2 and "chọn đúng một" in both.stderr


def test_second_book_all_packets_follow_its_people(tmp_path: Path) -> None:
    """Two books, always: another agency's periods, folders and leaders."""
    from conftest import copy_second_book

    book = copy_second_book(tmp_path / "book")
    result = subprocess.run(
        [YEARBOOK, "proof", "--all", "-d", str(tmp_path / "out")],
        cwd=book, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Tổng cộng: 3 tập." in result.stdout
    # Nguyễn Quốc Bảo led the office only from 2018: the 2010–2020 chapter alone.
    whole = flat(" ".join(texts(tmp_path / "out" / "nguyen-quoc-bao.pdf")))
    assert "Sở Tư pháp tỉnh Bình Định" in whole
    titles = chapter_titles(book / "docs" / "chang-duong")
    assert flat(titles["2010-2020"]) in whole
    assert flat(titles["1995-2002"]) not in whole and flat(titles["2002-2010"]) not in whole
    assert "Văn phòng UBND tỉnh Quảng Ngãi" not in whole


def test_chapter_packet(tmp_path: Path) -> None:
    result = subprocess.run(
        [YEARBOOK, "proof", "--chapter", "1994-1999", "-d", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    whole = flat(" ".join(texts(tmp_path / "1994-1999.pdf")))
    titles = chapter_titles()
    assert flat(titles["1994-1999"]) in whole and flat(titles["1989-1994"]) not in whole
    assert "Kính gửi: các đồng chí lãnh đạo qua các thời kỳ" in whole
