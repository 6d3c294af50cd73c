"""Vietnamese text helpers: slugs, folding, dates, collation."""

from __future__ import annotations

import unicodedata

import pytest

from yearbook.dates import DateError, parse_date
from yearbook.text import fold, person_sort_key, slugify


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Lễ kỷ niệm 1990", "le-ky-niem-1990"),
        ("Lãnh đạo qua các thời kỳ", "lanh-dao-qua-cac-thoi-ky"),
        ("ĐẠI HỘI Đảng bộ", "dai-hoi-dang-bo"),
        ("Giai đoạn 1989–1994: Tái lập tỉnh", "giai-doan-1989-1994-tai-lap-tinh"),
        (unicodedata.normalize("NFD", "Quảng Ngãi"), "quang-ngai"),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_fold_meets_old_and_new_tone_placement() -> None:
    assert fold("hoà") == fold("hòa") == "hoa"
    assert fold("Văn phòng UBND") == "van phong ubnd"
    assert fold("Lãnh Đạo") == "lanh dao"


def test_people_sort_by_given_name_in_vietnamese_order() -> None:
    # Hand-checked: given names An < Anh < Ánh < Ân < Bình < Đạo < Hùng < Ý.
    expected = [
        "Nguyễn Văn An",
        "Trần Anh",
        "Trần Thị Ánh",
        "Lê Văn Ân",
        "Lê Văn Bình",
        "Phạm Minh Đạo",
        "Nguyễn Hùng",
        "Võ Văn Hùng",
        "Hoàng Thị Ý",
    ]
    shuffled = [expected[i] for i in (8, 3, 6, 0, 5, 1, 7, 2, 4)]
    assert sorted(shuffled, key=person_sort_key) == expected


@pytest.mark.parametrize(
    ("raw", "shown", "iso"),
    [
        ("1990", "1990", "1990"),
        ("05/1990", "tháng 5/1990", "1990-05"),
        ("1/7/1989", "1/7/1989", "1989-07-01"),
        ("khoảng 1992", "khoảng 1992", "1992"),
        ("Khoảng tháng 3/1995", "khoảng tháng 3/1995", "1995-03"),
        (1994, "1994", "1994"),
    ],
)
def test_parse_date(raw: object, shown: str, iso: str) -> None:
    d = parse_date(raw)
    assert (str(d), d.iso()) == (shown, iso)


@pytest.mark.parametrize("raw", ["31/2/1990", "13/1990", "năm ngoái", "", True])
def test_parse_date_rejects(raw: object) -> None:
    with pytest.raises(DateError):
        parse_date(raw)
