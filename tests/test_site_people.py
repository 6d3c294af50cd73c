"""People index order, initials and leaders by office (pure functions, no MkDocs)."""

from __future__ import annotations

import random

from yearbook.model import Office, Person
from yearbook.people_index import given_initial, group_by_initial, leaders
from yearbook.text import person_sort_key

# Hand-checked Vietnamese order: by given name (a, á, b, đ after d, h, y), then the rest.
HAND_ORDER = [
    "Nguyễn Văn An",
    "Trần Thị Ánh",
    "Lê Văn Bình",
    "Đỗ Văn Dũng",
    "Phạm Minh Đạo",
    "Võ Văn Hùng",
    "Hoàng Thị Ý",
]


def test_people_sort_the_vietnamese_way() -> None:
    shuffled = HAND_ORDER[:]
    random.Random(4).shuffle(shuffled)
    assert sorted(shuffled, key=person_sort_key) == HAND_ORDER


def test_same_given_name_orders_by_family_name() -> None:
    names = ["Trần Văn An", "Lê Thị An", "Đặng An", "Nguyễn An"]
    assert sorted(names, key=person_sort_key) == [
        "Đặng An",
        "Lê Thị An",
        "Nguyễn An",
        "Trần Văn An",
    ]


def test_initials_keep_letters_but_drop_tones() -> None:
    assert [given_initial(n) for n in HAND_ORDER] == ["A", "A", "B", "D", "Đ", "H", "Y"]
    assert given_initial("Lê Thị Ân") == "Â"
    assert given_initial("Ngô Ước") == "Ư"


def test_group_by_initial_keeps_order() -> None:
    class E:
        def __init__(self, name: str) -> None:
            self.name = name

    groups = group_by_initial([E(n) for n in HAND_ORDER])
    assert [g for g, _ in groups] == ["A", "B", "D", "Đ", "H", "Y"]
    assert [e.name for e in groups[0][1]] == ["Nguyễn Văn An", "Trần Thị Ánh"]


def test_leaders_by_office_then_term() -> None:
    people = [
        Person("b", "Lê Văn Bình", [Office("Phó Chánh Văn phòng", 1989, 1994),
                                    Office("Chánh Văn phòng", 1994, 2004)]),
        Person("a", "Nguyễn Văn An", [Office("Chánh Văn phòng", 1989, 1994)]),
        Person("h", "Võ Văn Hùng", [Office("Trưởng phòng Kinh tế", 1995, None, "kt")]),
    ]  # fmt: skip
    groups = leaders(people)
    assert [g.title for g in groups] == [
        "Chánh Văn phòng",
        "Phó Chánh Văn phòng",
        "Trưởng phòng Kinh tế",
    ]
    assert [(p.id, o.term) for p, o in groups[0].terms] == [("a", "1989–1994"), ("b", "1994–2004")]
    assert groups[2].terms[0][1].term == "1995–nay"
