"""Vietnamese typography of rendered text: quotes, dashes and unbreakable spaces."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from yearbook.typography import NBSP, apply, apply_html, bind_spaces, curly_quotes, fix_text


@pytest.mark.parametrize(
    ("typed", "set_as"),
    [
        ('trích dẫn "Kỷ yếu 30 năm"', "trích dẫn “Kỷ yếu 30 năm”"),
        ('"Lửa" và "khói".', "“Lửa” và “khói”."),
        ("('tạm')", "(‘tạm’)"),
        ("Chi đoàn 'Tuổi trẻ'", "Chi đoàn ‘Tuổi trẻ’"),
        ("“đã cong”", "“đã cong”"),
    ],
)
def test_straight_quotes_become_curly(typed: str, set_as: str) -> None:
    assert curly_quotes(typed) == set_as


@pytest.mark.parametrize(
    ("typed", "set_as"),
    [
        ("ngày 1/7/1989", f"ngày{NBSP}1/7/1989"),
        ("Ngày 30/6/1989, Quốc hội", f"Ngày{NBSP}30/6/1989, Quốc hội"),
        ("tháng 3/2020", f"tháng{NBSP}3/2020"),
        ("in 500 bản", f"in 500{NBSP}bản"),
        ("khổ 21 × 29,7 cm", f"khổ 21{NBSP}×{NBSP}29,7{NBSP}cm"),
        ("30 năm xây dựng", f"30{NBSP}năm xây dựng"),
        ("tăng 15 %", f"tăng 15{NBSP}%"),
        ("Hành chính – Tổ chức", f"Hành chính{NBSP}– Tổ chức"),
        ("HĐND - UBND", f"HĐND{NBSP}– UBND"),
        ("Chánh Văn phòng — nhiệm kỳ", f"Chánh Văn phòng{NBSP}— nhiệm kỳ"),
    ],
)
def test_no_break_before_dash_in_dates_and_quantities(typed: str, set_as: str) -> None:
    assert bind_spaces(typed) == set_as


@pytest.mark.parametrize(
    "untouched",
    ["1989–1994", "mã-số", "2019 mới", "số-hóa", "năm nay", "x -5", "30 mẫu"],
)
def test_what_is_not_a_rule_is_left_alone(untouched: str) -> None:
    assert fix_text(untouched) == untouched


def test_rules_are_idempotent() -> None:
    once = fix_text('"Ngày 1/7/1989" – 500 bản')
    assert fix_text(once) == once


def test_html_text_only_never_code_or_attributes() -> None:
    html = (
        '<p title="a &quot;b&quot;">Ông nói: "<em>Lửa</em>" ngày 1/7/1989</p>'
        '<pre>x = "y" - 1 ngày 2</pre><p><code>"k"</code></p>'
    )
    soup = BeautifulSoup(html, "html.parser")
    assert apply(soup) > 0
    p = soup.find("p")
    assert p["title"] == 'a "b"'
    assert p.get_text() == "Ông nói: “Lửa” ngày 1/7/1989"  # searchable with a plain space
    assert [s.get_text() for s in p.select("span.yb-nobr")] == ["ngày 1/7/1989"]
    assert soup.find("pre").get_text() == 'x = "y" - 1 ngày 2'
    assert soup.find("code").get_text() == '"k"'


def test_html_without_anything_to_fix_is_returned_unchanged() -> None:
    html = "<p>Văn phòng</p>\n<p>Tổ&nbsp;Biên tập</p>"
    assert apply_html(html) == html


def test_html_binds_runs_with_a_nowrap_span_once() -> None:
    html = apply_html("<p>Thành lập ngày 1/7/1989, in 500 bản – khổ A4</p>")
    assert html == (
        '<p>Thành lập <span class="yb-nobr">ngày 1/7/1989,</span> in '
        '<span class="yb-nobr">500 bản –</span> khổ A4</p>'
    )
    assert apply_html(html) == html
