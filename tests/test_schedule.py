"""The plan's schedule in ``yearbook status``: due, done and overdue on a fixed "today"."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

from click.testing import CliRunner

from yearbook.cli import main
from yearbook.schedule import deadline

SCHEDULE = """\
      schedule:
        - phase: "I.3"
          title: "Các phòng, đơn vị viết bài"
          due: "01/2020"
          track: submissions
        - phase: "II"
          title: "Xin ý kiến lãnh đạo các thời kỳ"
          due: "Quý I/2020"
          track: review
        - phase: "III.1"
          title: "In ấn"
          due: "5/2020"
          track: approval
        - phase: "III.3"
          title: "Phát hành"
          due: "28/8/2020"
          done: true
"""
LEADER = """\
le-thi-hoa:
  name: Lê Thị Hoa
  offices:
    - title: Phó Chánh Văn phòng
      from: 2006
      to: 2015
"""


def with_schedule(book: Path) -> Path:
    mkdocs = book / "mkdocs.yml"
    text = mkdocs.read_text("utf-8")
    text = text.replace("      end_year: 2019\n", "      end_year: 2019\n" + SCHEDULE, 1)
    mkdocs.write_text(text, "utf-8")
    people = book / "docs/data/people.yml"
    people.write_text(people.read_text("utf-8") + LEADER, "utf-8")
    return book


def status(book: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["status", "-f", str(book / "mkdocs.yml"), *args])
    assert result.exit_code == 0, result.output
    return result.output


def phases(book: Path, today: str) -> dict[str, dict]:
    data = json.loads(status(book, "--format", "json", "--today", today))
    return {p["phase"]: p for p in data["phases"]}


def test_deadlines_fall_on_the_last_day_they_name() -> None:
    assert deadline("01/2020") == dt.date(2020, 1, 31)
    assert deadline("Quý I/2020") == deadline("Q1/2020") == dt.date(2020, 3, 31)
    assert deadline("5/2020") == dt.date(2020, 5, 31)
    assert deadline("28/8/2020") == dt.date(2020, 8, 28)


def test_before_and_after_the_submission_deadline(book_dir: Path) -> None:
    book = with_schedule(book_dir)
    before = phases(book, "15/01/2020")["I.3"]
    assert before["state"] == "due" and before["state_label"] == "Chưa đến hạn"
    assert before["days_left"] == 16
    assert before["outstanding"] == ["Phòng Quản trị – Tài vụ: chưa nộp bài"]
    after = phases(book, "01/02/2020")["I.3"]
    assert after["state"] == "overdue" and after["state_label"] == "Quá hạn"
    assert after["outstanding"] == before["outstanding"]


def test_review_phase_lists_drafts_and_leaders_without_a_verdict(book_dir: Path) -> None:
    book = with_schedule(book_dir)
    review = phases(book, "2020-04-01")["II"]
    assert review["state"] == "overdue"
    assert review["outstanding"] == [
        "tuoi-tre/tuoi-tre.md: còn là bản nháp",
        "Lê Thị Hoa: chưa có ý kiến về giai-doan/2004-2019.md",
    ]
    assert phases(book, "2020-03-31")["II"]["state"] == "due"
    chapter = book / "docs/giai-doan/2004-2019.md"
    chapter.write_text(
        chapter.read_text("utf-8").replace(
            "reviewers:\n",
            "reviewers:\n  - name: Lê Thị Hoa\n    person: le-thi-hoa\n    role: Nguyên Phó Chánh"
            " Văn phòng\n    date: 2020-03-02\n    verdict: approve\n",
            1,
        ),
        "utf-8",
    )
    review = phases(book, "2020-04-01")["II"]
    assert review["outstanding"] == ["tuoi-tre/tuoi-tre.md: còn là bản nháp"]


def test_done_phase_and_every_output(book_dir: Path) -> None:
    book = with_schedule(book_dir)
    assert phases(book, "2020-09-01")["III.3"]["state"] == "done"
    table = status(book, "--today", "01/02/2020")
    assert "Tiến độ theo Kế hoạch (tính đến ngày 1/2/2020):" in table
    assert "I.3" in table and "Quá hạn" in table and "Đã xong" in table
    # Page statuses in Vietnamese, not draft/approved.
    assert "Bản nháp" in table and "Đã phê duyệt" in table
    assert " draft " not in table and " approved " not in table
    rows = list(
        csv.reader(
            io.StringIO(status(book, "--format", "csv", "--schedule", "--today", "01/02/2020"))
        )
    )
    assert rows[0][:4] == ["Giai đoạn", "Nội dung", "Tiến độ", "Hạn cuối"]
    assert rows[1][:5] == ["I.3", "Các phòng, đơn vị viết bài", "01/2020", "2020-01-31", "Quá hạn"]
    pages = list(csv.reader(io.StringIO(status(book, "--format", "csv"))))
    assert {r[3] for r in pages[1:]} == {"Bản nháp", "Đã phê duyệt"}


def test_unreadable_deadline_is_a_check_error(book_dir: Path) -> None:
    book = with_schedule(book_dir)
    mkdocs = book / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text("utf-8").replace('"5/2020"', '"tháng năm"'), "utf-8")
    result = CliRunner().invoke(main, ["check", "-f", str(mkdocs)])
    assert result.exit_code == 1
    assert "schedule: giai đoạn III.1: hạn 'tháng năm' không đọc được" in result.output
