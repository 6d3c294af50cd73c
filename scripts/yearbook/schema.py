"""A small declarative schema for front matter and data files.

Every check reports at the YAML node's own line and column. Unknown keys are
errors so that a typo ("stauts") never passes silently. Values that name other
things (people, units, photos, chapters) are collected as references and
checked once everything is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .dates import DateError, FuzzyDate, parse_date
from .plaintext import markup_in, markup_message
from .problems import Problems
from .source import Key, YamlDoc

REF_KINDS = {
    "person": "người",
    "unit": "đơn vị",
    "photo": "ảnh",
    "chapter": "chương",
    "folder": "thư mục ảnh",
}


@dataclass(frozen=True)
class Ref:
    """A reference to be resolved once all content is loaded."""

    kind: str
    target: str
    path: str
    line: int
    col: int


@dataclass
class Ctx:
    doc: YamlDoc
    problems: Problems
    refs: list[Ref] = field(default_factory=list)

    def error(self, key: Key, message: str, at_key: bool = False) -> None:
        line, col = self.doc.kpos(key) if at_key else self.doc.pos(key)
        self.problems.error(self.doc.path, message, line, col)


def _name(key: Key) -> str:
    parts: list[str] = []
    for k in key:
        if isinstance(k, int):
            parts.append(f"[{k + 1}]")
        else:
            parts.append(("." if parts else "") + str(k))
    return "".join(parts) or "(gốc)"


class Spec:
    """Validate and convert one value; return ``INVALID`` on failure."""

    label = "giá trị"

    def check(self, value: Any, key: Key, ctx: Ctx) -> Any:
        raise NotImplementedError

    def _type_error(self, value: Any, key: Key, ctx: Ctx) -> Any:
        ctx.error(key, f"{_name(key)}: cần {self.label}, nhận được {_describe(value)}")
        return INVALID


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()


def _describe(value: Any) -> str:
    if value is None:
        return "giá trị rỗng"
    if isinstance(value, bool):
        return f"giá trị đúng/sai ({value!r})"
    if isinstance(value, int):
        return f"số {value}"
    if isinstance(value, str):
        return f"chuỗi {value!r}"
    if isinstance(value, list):
        return "danh sách"
    if isinstance(value, dict):
        return "bảng khóa-giá trị"
    return type(value).__name__


class Str(Spec):
    label = "chuỗi văn bản"

    def __init__(self, allow_empty: bool = False) -> None:
        self.allow_empty = allow_empty

    def check(self, value: Any, key: Key, ctx: Ctx) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            return self._type_error(value, key, ctx)
        if not self.allow_empty and not value.strip():
            ctx.error(key, f"{_name(key)}: không được để trống")
            return INVALID
        return value.strip()


class Text(Str):
    """Plain text shown to readers (titles, names, captions): markup is refused.

    Such values reach templates that print them unescaped (Material's nav and
    ``<title>``), so markup is stopped here, at the editor's line and column.
    """

    def check(self, value: Any, key: Key, ctx: Ctx) -> Any:
        value = super().check(value, key, ctx)
        if isinstance(value, str) and (found := markup_in(value)):
            ctx.error(key, markup_message(_name(key), found))
            return INVALID
        return value


class Int(Spec):
    label = "số nguyên"

    def __init__(self, lo: int | None = None, hi: int | None = None, what: str = "") -> None:
        self.lo, self.hi, self.what = lo, hi, what

    def check(self, value: Any, key: Key, ctx: Ctx) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            return self._type_error(value, key, ctx)
        if (self.lo is not None and value < self.lo) or (self.hi is not None and value > self.hi):
            what = self.what or _name(key)
            ctx.error(key, f"{what} {value} nằm ngoài khoảng {self.lo}–{self.hi}")
            return INVALID
        return value


class Bool(Spec):
    label = "true hoặc false"

    def check(self, value: Any, key: Key, ctx: Ctx) -> Any:
        if not isinstance(value, bool):
            return self._type_error(value, key, ctx)
        return value


class Enum(Spec):
    def __init__(self, *choices: str) -> None:
        self.choices = choices
        self.label = "một trong: " + ", ".join(choices)

    def check(self, value: Any, key: Key, ctx: Ctx) -> Any:
        if not isinstance(value, str) or value not in self.choices:
            shown = repr(value) if isinstance(value, str) else _describe(value)
            ctx.error(
                key,
                f"{_name(key)}: {shown} không hợp lệ ({', '.join(self.choices)})",
            )
            return INVALID
        return value


class Date(Spec):
    """A (possibly approximate) date; optionally bounded to the book's span."""

    label = "ngày tháng"

    def __init__(self, span: tuple[int, int] | None = None) -> None:
        self.span = span

    def check(self, value: Any, key: Key, ctx: Ctx) -> Any:
        try:
            d = parse_date(value)
        except DateError as exc:
            ctx.error(key, f"{_name(key)}: {exc}")
            return INVALID
        if self.span and not self.span[0] <= d.year <= self.span[1]:
            ctx.error(
                key,
                f"{_name(key)}: năm {d.year} nằm ngoài giai đoạn của kỷ yếu "
                f"({self.span[0]}–{self.span[1]})",
            )
            return INVALID
        return d


class RefTo(Spec):
    """An id naming a person, unit, photo or chapter."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.label = f"mã {REF_KINDS[kind]}"

    def check(self, value: Any, key: Key, ctx: Ctx) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            return self._type_error(value, key, ctx)
        line, col = ctx.doc.pos(key)
        ctx.refs.append(Ref(self.kind, value.strip(), str(ctx.doc.path), line, col))
        return value.strip()


class ListOf(Spec):
    def __init__(self, item: Spec, allow_scalar: bool = False) -> None:
        self.item = item
        self.allow_scalar = allow_scalar
        self.label = f"danh sách ({item.label})"

    def check(self, value: Any, key: Key, ctx: Ctx) -> Any:
        if value is None:
            return []
        if not isinstance(value, list):
            if self.allow_scalar and not isinstance(value, dict):
                checked = self.item.check(value, key, ctx)
                return [] if checked is INVALID else [checked]
            return self._type_error(value, key, ctx)
        out = []
        for i, item in enumerate(value):
            checked = self.item.check(item, (*key, i), ctx)
            if checked is not INVALID:
                out.append(checked)
        return out


class Record(Spec):
    """A mapping with known keys; unknown keys are errors."""

    label = "bảng khóa-giá trị"

    def __init__(self, fields: dict[str, Spec], required: tuple[str, ...] = ()) -> None:
        self.fields = fields
        self.required = required

    def check(self, value: Any, key: Key, ctx: Ctx) -> Any:
        if not isinstance(value, dict):
            return self._type_error(value, key, ctx)
        out: dict[str, Any] = {}
        for k, v in value.items():
            spec = self.fields.get(str(k))
            if spec is None:
                hint = _closest(str(k), self.fields)
                ctx.error(
                    (*key, k),
                    f"khóa không được phép: '{k}'" + (f" (có phải '{hint}'?)" if hint else ""),
                    at_key=True,
                )
                continue
            checked = spec.check(v, (*key, k), ctx)
            if checked is not INVALID:
                out[str(k)] = checked
        for name in self.required:
            if name not in value:
                ctx.error(key, f"thiếu khóa bắt buộc: '{name}'" + _where(key), at_key=True)
        return out


def _where(key: Key) -> str:
    return f" trong {_name(key)}" if key else ""


def _closest(word: str, choices: dict[str, Spec]) -> str | None:
    import difflib

    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.7)
    return match[0] if match else None


def validate(doc: YamlDoc, spec: Spec, problems: Problems) -> tuple[Any, list[Ref]]:
    ctx = Ctx(doc, problems)
    return spec.check(doc.data, (), ctx), ctx.refs


__all__ = [
    "INVALID",
    "Bool",
    "Ctx",
    "Date",
    "Enum",
    "FuzzyDate",
    "Int",
    "ListOf",
    "Record",
    "Ref",
    "RefTo",
    "Spec",
    "Str",
    "Text",
    "validate",
]
