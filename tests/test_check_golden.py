"""Golden-file tests: each editor mistake gives one exact Vietnamese message.

Regenerate after an intended wording change with ``UPDATE_GOLDEN=1 pytest
tests/test_check_golden.py`` and review the diff.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from yearbook.cli import main

GOLDEN = Path(__file__).parent / "golden" / "check"
CH1 = "docs/giai-doan/1989-2004.md"
CH2 = "docs/giai-doan/2004-2019.md"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def broken_yaml(root: Path) -> None:
    edit(root / CH1, "authors:\n  - Tổ Biên tập", "authors: [Tổ Biên tập")


def unclosed_front_matter(root: Path) -> None:
    path = root / CH1
    text = path.read_text("utf-8")
    head, _, body = text.partition("\n---\n\n")
    path.write_text(head + "\n\n" + body, "utf-8")


def front_matter_list(root: Path) -> None:
    (root / "docs/don-vi/hctc.md").write_text(
        "---\n- title: Phòng Hành chính\n- status: approved\n---\n\n# Phòng\n", "utf-8"
    )


def wrong_type(root: Path) -> None:
    edit(root / CH1, "order: 1", "order: một")


def unknown_key(root: Path) -> None:
    edit(root / CH1, "summary:", "sumary:")


def unknown_status(root: Path) -> None:
    edit(root / CH2, "status: approved", "status: aproved")


def year_outside(root: Path) -> None:
    edit(root / CH2, "end_year: 2019", "end_year: 2025")


def overlapping_periods(root: Path) -> None:
    edit(root / CH2, "start_year: 2004", "start_year: 1999")


def unknown_references(root: Path) -> None:
    edit(root / CH1, "people: [nguyen-van-an]", "people: [nguyen-van-ann]")
    edit(root / CH1, "unit: hctc", "unit: phong-khong-co")
    edit(root / CH2, "photo:le-ky-niem-1990", "photo:le-ky-niem-1999")


def duplicate_slugs(root: Path) -> None:
    (root / "docs/don-vi/Hctc.md").write_text(
        (root / "docs/don-vi/hctc.md").read_text("utf-8"), "utf-8"
    )


def not_utf8(root: Path) -> None:
    text = (root / CH1).read_text("utf-8").replace("Bối cảnh", "Boi canh \u00e9")
    (root / CH1).write_bytes(text.encode("utf-8").replace("é".encode(), b"\xe9"))


def decomposed_text(root: Path) -> None:
    path = root / CH1
    path.write_text(unicodedata.normalize("NFD", path.read_text("utf-8")), "utf-8")


def caption_sheet(root: Path) -> None:
    (root / "archive/captions.csv").write_text(
        "file,date,caption,alt,people,credit,public\n"
        "1989-2004/Lễ kỷ niệm 1990.jpg,1990,Lễ kỷ niệm,Ảnh lễ,nguyen-van-ann,Tổ Biên tập,có\n"
        "anh-bia.jpg,1975,Ảnh bìa,Ảnh bìa,,Tổ Biên tập,có\n"
        "khong-co.jpg,1995,Ảnh không có,Không có,,Tổ Biên tập,có\n",
        "utf-8",
    )


def many_at_once(root: Path) -> None:
    for case in (broken_yaml, unknown_status, unknown_references, not_utf8):
        case(root)


CASES: dict[str, Callable[[Path], None]] = {
    f.__name__: f
    for f in (
        broken_yaml,
        unclosed_front_matter,
        front_matter_list,
        wrong_type,
        unknown_key,
        unknown_status,
        year_outside,
        overlapping_periods,
        unknown_references,
        duplicate_slugs,
        not_utf8,
        decomposed_text,
        caption_sheet,
        many_at_once,
    )
}


def run_check(root: Path) -> tuple[int, str]:
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(main, ["check"])
    finally:
        os.chdir(cwd)
    return result.exit_code, result.stdout


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_golden(case: str, book_dir: Path) -> None:
    sources = {p: p.read_bytes() for p in (book_dir / "docs").rglob("*") if p.is_file()}
    CASES[case](book_dir)
    edited = {p: p.read_bytes() for p in (book_dir / "docs").rglob("*") if p.is_file()}
    code, out = run_check(book_dir)
    golden = GOLDEN / f"{case}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(out, "utf-8")
    assert out == golden.read_text("utf-8")
    # Warnings alone (NFD) pass; any error fails the run.
    assert code == (0 if case == "decomposed_text" else 1)
    # Checking never rewrites a source file.
    assert {p: p.read_bytes() for p in edited} == edited
    assert set(sources) <= set(edited)


def test_valid_book_has_no_problems(book_dir: Path) -> None:
    code, out = run_check(book_dir)
    assert (code, out) == (0, "")


def test_references_in_code_and_comments_are_ignored(book_dir: Path) -> None:
    chapter = book_dir / CH1
    chapter.write_text(
        chapter.read_text("utf-8")
        + "\n```markdown\n![x](photo:khong-co)\n```\n\n"
        + "Ví dụ `![x](photo:khong-co-2)`.\n\n<!--\n![x](photo:khong-co-3)\n-->\n"
        + '\n![Ảnh có tiêu đề](photo:khong-co-4 "Tiêu đề")\n'
        + "\n![Bộ ảnh](gallery:folder:1989-20044)\n\n![Bộ ảnh](gallery:folder:1989-2004)\n",
        "utf-8",
    )
    code, out = run_check(book_dir)
    assert code == 1
    assert "khong-co'" not in out and "khong-co-2" not in out and "khong-co-3" not in out
    lines = chapter.read_text("utf-8").split("\n")
    line4 = next(i for i, t in enumerate(lines, 1) if "khong-co-4" in t)
    line_gallery = next(i for i, t in enumerate(lines, 1) if "1989-20044" in t)
    assert out.splitlines() == [
        f"{CH1}:{line4}:19: lỗi: không có ảnh mã 'khong-co-4'",
        f"{CH1}:{line_gallery}:11: lỗi: không có thư mục ảnh mã '1989-20044' (có phải '1989-2004'?)",
    ]
