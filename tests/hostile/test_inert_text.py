"""Front matter and data text are plain text: markup in them is refused at its line.

Material prints titles raw in the nav and passes them through ``striptags`` (which
decodes ``&lt;``) into ``<title>``, so markup in any of these fields used to run in
the reader's browser on every page. Each case below plants markup in one field
and expects ``yearbook check`` to name the file, line and column.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bookfactory import write_book

PAYLOAD = "<img src=x onerror=alert(1)>"
CHAPTER = "docs/giai-doan/1989-2004.md"


def check(root: Path) -> subprocess.CompletedProcess[str]:
    yearbook = str(Path(sys.executable).parent / "yearbook")
    return subprocess.run(
        [yearbook, "check"], cwd=root, capture_output=True, text=True, check=False, timeout=300
    )


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text("utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


# (file, text to replace, replacement with the payload): one plain-text field each.
FIELDS = {
    "title": (CHAPTER, 'title: "Giai đoạn 1989–2004"', f'title: "A {PAYLOAD}"'),
    "summary": (CHAPTER, 'summary: "Tóm tắt', f'summary: "{PAYLOAD} Tóm tắt'),
    "sources": (
        CHAPTER,
        '  - "Hồ sơ lưu trữ số 1"',
        '  - \'<link rel="attachment" href="file:///etc/passwd">\'',
    ),
    "authors": (CHAPTER, "  - Tổ Biên tập", f'  - "Tổ {PAYLOAD}"'),
    "reviewer name": (CHAPTER, "  - name: Trần Văn Thẩm", f'  - name: "{PAYLOAD}"'),
    "approval.by": (CHAPTER, "  by: Lê Văn Duyệt", "  by: 'Lê <script>alert(1)</script>'"),
    "description": (CHAPTER, "order: 1", 'order: 1\ndescription: "&lt;/title&gt;&lt;script&gt;"'),
    "unit name": ("docs/data/units.yml", "  name: Phòng Quản trị – Tài vụ", f'  name: "{PAYLOAD}"'),
    "person name": ("docs/data/people.yml", "  name: Nguyễn Văn An", f'  name: "An {PAYLOAD}"'),
    "office title": (
        "docs/data/people.yml",
        "    - title: Chánh Văn phòng",
        "    - title: '<svg onload=alert(1)>'",
    ),
    "timeline title": (
        "docs/data/timeline.yml",
        "  title: Sự kiện minh họa",
        "  title: '<a href=\"javascript:alert(1)\">x</a>'",
    ),
    "timeline text": (
        "docs/data/timeline.yml",
        "  title: Sự kiện minh họa",
        f"  title: Sự kiện minh họa\n  text: '{PAYLOAD}'",
    ),
    "board printer": ("docs/data/board.yml", 'printer: "Nhà in minh họa"', f"printer: '{PAYLOAD}'"),
}


@pytest.mark.parametrize("field", FIELDS)
def test_markup_in_a_text_field_is_an_error_at_its_line(tmp_path: Path, field: str) -> None:
    root = write_book(tmp_path / "book")
    rel, old, new = FIELDS[field]
    path = root / rel
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    line = line_of(path, new.split("\n")[-1].strip())
    run = check(root)
    assert run.returncode == 1, run.stdout + run.stderr
    pattern = rf"^{re.escape(rel)}:{line}:\d+: lỗi: .*mã HTML"
    assert re.search(pattern, run.stdout, re.M), run.stdout


def test_heading_title_with_markup_is_an_error(tmp_path: Path) -> None:
    """A page without ``title:`` takes its first heading as the title shown in the nav."""
    root = write_book(tmp_path / "book")
    (root / "docs" / "trang.md").write_text(f"Mở đầu.\n\n# Trang {PAYLOAD}\n\nNội dung.\n", "utf-8")
    run = check(root)
    assert run.returncode == 1
    assert re.search(r"^docs/trang\.md:3:1: lỗi: .*mã HTML", run.stdout, re.M), run.stdout


def test_ordinary_punctuation_stays_allowed(tmp_path: Path) -> None:
    """ "R&D", "a < b" and quotes are text, not markup: no false alarms."""
    root = write_book(tmp_path / "book")
    path = root / CHAPTER
    text = path.read_text("utf-8").replace(
        'title: "Giai đoạn 1989–2004"', "title: 'Giai đoạn \"R&D\": 1 < 2, Kinh tế & Xã hội'"
    )
    path.write_text(text, "utf-8")
    run = check(root)
    assert "mã HTML" not in run.stdout, run.stdout


def test_check_reads_references_as_the_build_does(tmp_path: Path) -> None:
    """Code blocks, code spans and comments hold examples, not references (the build
    never links them); a reference-style link is a reference for both."""
    root = write_book(tmp_path / "book")
    path = root / CHAPTER
    path.write_text(
        path.read_text("utf-8")
        + "\nVí dụ: `[Tên](person:vi-du-trong-ma)`.\n\n"
        + "    [Tên](person:vi-du-trong-khoi-ma)\n\n"
        + "<!-- [Tên](person:vi-du-trong-chu-thich) -->\n\n"
        + "Xem [Tên][1].\n\n[1]: person:sai-ma-tham-chieu\n",
        "utf-8",
    )
    run = check(root)
    assert "vi-du-trong" not in run.stdout, run.stdout
    line = line_of(path, "[1]: person:sai-ma-tham-chieu")
    assert re.search(
        rf"^{re.escape(CHAPTER)}:{line}:6: lỗi: không có người mã 'sai-ma-tham-chieu'",
        run.stdout,
        re.M,
    ), run.stdout


def test_second_book_title_with_markup_is_an_error(tmp_path: Path) -> None:
    """The other fixture book (other folders and years) is checked the same way."""
    from conftest import copy_second_book

    root = copy_second_book(tmp_path / "second")
    rel = "docs/chang-duong/1995-2002.md"
    path = root / rel
    path.write_text(
        path.read_text("utf-8").replace(
            'title: "Giai đoạn 1995–2002: Những năm đầu kiện toàn"',
            'title: "Giai đoạn &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"',
            1,
        ),
        "utf-8",
    )
    run = check(root)
    assert run.returncode == 1
    assert re.search(rf"^{re.escape(rel)}:2:\d+: lỗi: .*mã HTML", run.stdout, re.M), run.stdout


def test_check_warns_about_body_html_the_build_removes(tmp_path: Path) -> None:
    """The allow-list drops scripts, handlers and javascript: links; check says so, at the
    first of them, instead of the page silently losing them."""
    root = write_book(tmp_path / "book")
    path = root / CHAPTER
    path.write_text(
        path.read_text("utf-8")
        + '\nĐoạn văn.\n\n<div onclick="alert(1)">x</div>\n\n[a](javascript:alert(1))\n',
        "utf-8",
    )
    line = line_of(path, '<div onclick="alert(1)">')
    run = check(root)
    assert run.returncode == 0, run.stdout  # a warning: the build is safe either way
    assert re.search(
        rf"^{re.escape(CHAPTER)}:{line}:6: cảnh báo: mã HTML không được phép.*onclick=, javascript:",
        run.stdout,
        re.M,
    ), run.stdout
