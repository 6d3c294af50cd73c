"""The release gate: pure checks on small inputs, then the whole gate on real builds.

The sample book must fail for exactly its known reasons (sample markers, the
draft and the under-review page); an all-approved fixture book must pass.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from bookfactory import write_book
from site_support import copy_sample_book
from yearbook.cli import main
from yearbook.loader import load_book
from yearbook.model import BookConfig
from yearbook.release.gate import check_markers, content_files, find_markers
from yearbook.release.links import check_site

EPOCH = "1598572800"  # 28/8/2020 00:00 UTC


def gate_output(book: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.chdir(book)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    result = CliRunner().invoke(main, ["check", "--release"], catch_exceptions=False)
    return result.exit_code, result.output


def items(output: str) -> dict[int, str]:
    """Checklist item number → 'ĐẠT' / 'CHƯA ĐẠT'."""
    out: dict[int, str] = {}
    for line in output.splitlines():
        for verdict in ("CHƯA ĐẠT", "ĐẠT"):
            head = f"{'✘' if verdict == 'CHƯA ĐẠT' else '✔'} {verdict}"
            if line.startswith(head):
                number = int(line[len(head) :].strip().split(".")[0])
                out[number] = verdict
                break
    return out


# -- pure checks --------------------------------------------------------------------------


def test_markers_found_with_position_in_any_spelling(tmp_path: Path):
    page = tmp_path / "a.md"
    page.write_text(
        "# Tiêu đề\n\nĐoạn này là NỘI DUNG MINH HOẠ.\nTODO: bổ sung số liệu\n"
        "Kỷ niệm XXX năm, todo viết thường không tính.\n",
        "utf-8",
    )
    data = tmp_path / "people.yml"
    data.write_text("an:\n  name: An\n  sample: true\n", "utf-8")
    found = find_markers([page, data], lambda p: Path(p).name)
    assert found == [
        "a.md:3:13: còn 'Nội dung minh họa'",
        "a.md:4:1: còn 'TODO'",
        "people.yml:3:3: đánh dấu mẫu 'sample: true'",
    ]


def test_allow_markers_config_lets_markers_pass(tmp_path: Path):
    root = write_book(tmp_path / "b", release_ready=True)
    (root / "docs" / "index.md").write_text("# Trang chủ\n\nNội dung minh họa.\n", "utf-8")
    book = load_book(
        BookConfig(docs_dir=root / "docs", project_dir=root, start_year=1989, end_year=2019)
    )
    files = content_files(book)
    strict = check_markers(book, files, allow=False)
    assert not strict.ok
    assert strict.details == ["docs/index.md:3:1: còn 'Nội dung minh họa'"]
    assert check_markers(book, files, allow=True).ok


def test_link_checker_finds_broken_links_anchors_and_disk_problems(tmp_path: Path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "img").mkdir()
    (site / "img" / "x.jpg").write_bytes(b"jpg")
    (site / "index.html").write_text(
        '<a href="a/">ok</a> <a href="a/#muc-1">ok</a> <a href="a/#khong-co">bad anchor</a>\n'
        '<img src="img/x.jpg" srcset="img/x.jpg 1x, img/y.jpg 2x">\n'
        '<a href="thieu.html">missing</a> <a href="https://example.org/">web</a>\n'
        '<script src="https://unpkg.com/lib.js"></script> <a href="#tren">top</a>'
        '<h1 id="tren">T</h1>',
        "utf-8",
    )
    (site / "a" / "index.html").write_text('<h2 id="muc-1">Mục</h2><a href="../">up</a>', "utf-8")
    web = check_site(site)
    assert web.broken == [
        "index.html:1: không có mục '#khong-co' trong a/index.html ('a/#khong-co')",
        "index.html:2: liên kết hỏng 'img/y.jpg' (không có img/y.jpg)",
        "index.html:3: liên kết hỏng 'thieu.html' (không có thieu.html)",
    ]
    disk = check_site(site, from_disk=True)
    assert "index.html:1: liên kết 'a/' không mở được từ đĩa" in disk.broken
    assert "a/index.html:1: liên kết '../' không mở được từ đĩa" in disk.broken
    assert any("tải 'https://unpkg.com/lib.js' từ mạng" in b for b in disk.broken)
    assert not any("example.org" in b for b in disk.broken)  # a link to follow, not a load


# -- whole gate on real builds ------------------------------------------------------------


@pytest.mark.pdf
def test_gate_fails_on_the_sample_and_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    book = copy_sample_book(tmp_path / "sample")
    code, out = gate_output(book, monkeypatch)
    assert code == 1, out
    verdicts = items(out)
    assert len(verdicts) == 9, out
    # Exactly the known reasons: the pages not yet approved and the sample markers.
    assert verdicts[1] == "CHƯA ĐẠT"
    assert "docs/don-vi/phong-kinh-te.md:3:1: bản nháp (status: draft), chưa phê duyệt" in out
    assert "docs/tuoi-tre/que-huong-trong-tim.md:3:1: đang thẩm định (status: review)" in out
    assert verdicts[3] == "CHƯA ĐẠT"
    assert "còn 'Nội dung minh họa'" in out
    assert "docs/giai-doan/1989-1994.md:" in out
    # Links, cross-references, both PDFs and the book's own identity are fine in the sample.
    assert verdicts[4] == verdicts[5] == verdicts[6] == verdicts[7] == verdicts[8] == "ĐẠT", out
    assert verdicts[9] == "ĐẠT", out  # the print edition passes preflight
    assert "Kết luận: CHƯA ĐẠT" in out


@pytest.mark.pdf
def test_gate_passes_on_an_all_approved_book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    book = write_book(tmp_path / "book", pdf=True, release_ready=True)
    code, out = gate_output(book, monkeypatch)
    assert code == 0, out
    assert set(items(out).values()) == {"ĐẠT"}, out
    assert "Kết luận: ĐẠT — đủ điều kiện phát hành." in out


@pytest.mark.pdf
def test_gate_catches_a_broken_anchor_and_a_missing_credit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    book = write_book(tmp_path / "book", pdf=True, release_ready=True)
    chapter = book / "docs" / "giai-doan" / "1989-2004.md"
    text = chapter.read_text("utf-8") + "\nXem [giai đoạn sau](2004-2019.md#khong-co-muc-nay).\n"
    chapter.write_text(text, "utf-8")
    captions = book / "archive" / "captions.csv"
    captions.write_text(captions.read_text("utf-8").replace(",Lưu trữ Văn phòng,", ",,"), "utf-8")
    code, out = gate_output(book, monkeypatch)
    assert code == 1, out
    verdicts = items(out)
    assert verdicts[2] == "CHƯA ĐẠT" and verdicts[4] == "CHƯA ĐẠT", out
    assert "ảnh 'anh-bia' thiếu nguồn ảnh (credit)" in out
    assert "không có mục '#khong-co-muc-nay' trong giai-doan/2004-2019/index.html" in out
    assert verdicts[1] == verdicts[3] == verdicts[5] == verdicts[6] == "ĐẠT", out


def test_gate_fails_when_the_pdf_edition_is_not_configured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    book = write_book(tmp_path / "book", pdf=False, release_ready=True)
    code, out = gate_output(book, monkeypatch)
    assert code == 1
    assert items(out)[6] == "CHƯA ĐẠT"
    assert "chưa cấu hình bản PDF" in out
    assert os.environ.get("YEARBOOK_PREVIEW") in (None, "", "0")
