"""Approximate dates as archives give them: "1990", "05/1990", "15/05/1990", "khoảng 1992".

Old photos and documents are rarely dated to the day; a yearbook must show
the precision it has ("khoảng 1992") and still sort events correctly.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .text import fold

_APPROX_WORDS = ("khoang", "khoang nam", "circa", "ca.", "~")
_RE_YEAR = re.compile(r"^(\d{4})$")
_RE_MONTH = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
_RE_DAY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_RE_ISO = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")


class DateError(ValueError):
    """Raised with a Vietnamese message when a date cannot be read."""


@dataclass(frozen=True, order=True)
class FuzzyDate:
    """A date known to the year, month or day, possibly approximate."""

    year: int
    month: int = 0
    day: int = 0
    approximate: bool = False

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def sort_key(self) -> tuple[int, int, int]:
        """Chronological order; a date known only to the year or month sorts after the
        precise dates inside it (an election "1989" is not before 30/6/1989)."""
        return (self.year, self.month or 13, self.day or 32)

    def iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def __str__(self) -> str:
        """Vietnamese display: "1/7/1989", "tháng 5/1990", "khoảng 1992"."""
        if self.day:
            text = f"{self.day}/{self.month}/{self.year}"
        elif self.month:
            text = f"tháng {self.month}/{self.year}"
        else:
            text = str(self.year)
        return f"khoảng {text}" if self.approximate else text


def parse_date(value: object) -> FuzzyDate:
    """Read a date from YAML (date object, int year or Vietnamese string)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return FuzzyDate(value.year, value.month, value.day)
    if isinstance(value, bool) or value is None:
        raise DateError(f"ngày tháng không hợp lệ: {value!r}")
    if isinstance(value, int):
        return FuzzyDate(value)
    if not isinstance(value, str):
        raise DateError(f"ngày tháng không hợp lệ: {value!r}")
    text = value.strip()
    folded = fold(text)
    approximate = False
    for word in sorted(_APPROX_WORDS, key=len, reverse=True):
        if folded.startswith(word):
            approximate = True
            text = text[len(word) :].strip()
            folded = folded[len(word) :].strip()
            break
    if folded.startswith("thang "):
        text = text[len("thang ") :].strip()
    if folded.startswith("nam "):
        text = text[len("nam ") :].strip()
    result: FuzzyDate | None = None
    if m := _RE_YEAR.match(text):
        result = FuzzyDate(int(m[1]), approximate=approximate)
    elif m := _RE_MONTH.match(text):
        result = FuzzyDate(int(m[2]), int(m[1]), approximate=approximate)
    elif m := _RE_DAY.match(text):
        result = FuzzyDate(int(m[3]), int(m[2]), int(m[1]), approximate=approximate)
    elif m := _RE_ISO.match(text):
        result = FuzzyDate(int(m[1]), int(m[2]), int(m[3] or 0), approximate=approximate)
    if result is None:
        raise DateError(
            f"ngày tháng không đọc được: {value!r} "
            "(dùng dạng 1990, 05/1990, 15/05/1990 hoặc 'khoảng 1992')"
        )
    _validate(result, value)
    return result


def _validate(d: FuzzyDate, raw: object) -> None:
    if d.month and not 1 <= d.month <= 12:
        raise DateError(f"tháng không hợp lệ trong {raw!r}")
    if d.day:
        try:
            dt.date(d.year, d.month, d.day)
        except ValueError as exc:
            raise DateError(f"ngày không tồn tại: {raw!r}") from exc
