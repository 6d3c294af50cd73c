"""The yearbook's content model: what editors write, as typed objects.

Kinds of page (chapter, unit article, essay, foreword) are told apart by the
folder they live in (see ``BookConfig``), so an editor never has to declare it.
Field names are English identifiers; every value editors see is Vietnamese.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import folders
from .dates import FuzzyDate
from .schema import Bool, Date, Enum, Int, ListOf, Record, RefTo, Spec, Str, Text

STATUSES = ("draft", "review", "approved")
STATUS_LABELS = {"draft": "Bản nháp", "review": "Đang thẩm định", "approved": "Đã phê duyệt"}
VERDICTS = ("approve", "revise", "reject")
VERDICT_LABELS = {"approve": "Đồng ý", "revise": "Cần chỉnh sửa", "reject": "Không đồng ý"}
KIND_LABELS = {
    "chapter": "Chương",
    "unit": "Bài viết đơn vị",
    "essay": "Bài viết của tuổi trẻ",
    "foreword": "Lời giới thiệu",
    "page": "Trang",
}
SAMPLE_MARKER = "Nội dung minh họa"


@dataclass(frozen=True)
class Phase:
    """One line of the plan's schedule ("Tiến độ"), from ``schedule:`` in the config."""

    phase: str
    title: str
    due: str
    track: str = "none"
    done: bool = False


@dataclass(frozen=True)
class BookConfig:
    """Where content lives and what the book covers; independent of MkDocs."""

    docs_dir: Path
    project_dir: Path
    start_year: int
    end_year: int
    title: str = ""
    organization: str = ""
    # The same defaults as the settings tree's (both read ``folders.py``).
    chapters_dir: str = folders.CHAPTERS_DIR
    units_dir: str = folders.UNITS_DIR
    essays_dir: str = folders.ESSAYS_DIR
    foreword: str = folders.FOREWORD
    data_dir: str = folders.DATA_DIR
    archive_dir: str = folders.ARCHIVE_DIR
    captions: str = folders.CAPTIONS
    edition: str = ""
    release_date: str = ""
    #: Offices listed first on the leaders page, in this order.
    leader_offices: tuple[str, ...] = ()
    #: Unit that essays belong to unless told otherwise ("" for none).
    youth_unit: str = ""
    #: mkdocs.yml's ``markdown_extensions`` (and their options), so that ``check`` reads
    #: page bodies exactly as the build renders them.
    markdown_extensions: tuple[Any, ...] = ()
    markdown_configs: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    schedule: tuple[Phase, ...] = ()
    #: The theme's template folders, in lookup order; empty: ``template:`` is not checked.
    template_dirs: tuple[Path, ...] = ()

    @property
    def span(self) -> tuple[int, int]:
        return (self.start_year, self.end_year)

    @property
    def data_path(self) -> Path:
        return self.docs_dir / self.data_dir

    @property
    def archive_path(self) -> Path:
        return self.project_dir / self.archive_dir

    @property
    def captions_path(self) -> Path:
        return self.project_dir / self.captions


# Keys Material for MkDocs understands; allowed on every page.
THEME_FIELDS: dict[str, Spec] = {
    "description": Text(),
    "template": Str(),
    "icon": Str(),
    "hide": ListOf(Enum("navigation", "toc", "footer", "path", "tags", "feedback")),
    "search": Record({"exclude": Bool(), "boost": Int()}),
}


def _reviewer() -> Record:
    return Record(
        {
            "name": Text(),
            "person": RefTo("person"),
            "role": Text(),
            "date": Date(),
            "verdict": Enum(*VERDICTS),
            "notes": Str(allow_empty=True),
        },
        required=("name", "role", "date", "verdict"),
    )


def _common() -> dict[str, Spec]:
    return {
        "title": Text(),
        "status": Enum(*STATUSES),
        "authors": ListOf(Text(), allow_scalar=True),
        "unit": RefTo("unit"),
        "reviewers": ListOf(_reviewer()),
        "approval": Record({"by": Text(), "role": Text(), "date": Date()}, required=("by", "date")),
        "sources": ListOf(Text(), allow_scalar=True),
        "summary": Text(),
        "cover": RefTo("photo"),
        "people": ListOf(RefTo("person")),
        "sample": Bool(),
        "order": Int(lo=0),
        **THEME_FIELDS,
    }


def page_spec(kind: str, span: tuple[int, int]) -> Record:
    """The front-matter schema of one kind of page."""
    common = _common()
    if kind == "chapter":
        year = Int(span[0], span[1], what="năm")
        fields = {**common, "start_year": year, "end_year": year}
        return Record(fields, required=("title", "status", "start_year", "end_year", "order"))
    if kind == "unit":
        return Record(common, required=("title", "status", "unit"))
    if kind in ("essay", "foreword"):
        return Record(common, required=("title", "status", "authors"))
    # Index pages and other pages: published only when approved, like every page.
    page_fields = ("title", "status", "reviewers", "approval", "sample", "people", "summary")
    return Record({**{k: common[k] for k in page_fields}, **THEME_FIELDS}, required=())


def data_specs(span: tuple[int, int]) -> dict[str, Spec]:
    """Schemas of the data files in ``docs/data/``, keyed by file stem."""
    person = Record(
        {
            "name": Text(),
            "sample": Bool(),
            "photo": RefTo("photo"),
            "note": Text(),
            "offices": ListOf(
                Record(
                    {
                        "title": Text(),
                        "unit": RefTo("unit"),
                        "from": Int(span[0] - 30, span[1] + 10, what="năm"),
                        "to": Int(span[0] - 30, span[1] + 10, what="năm"),
                    },
                    required=("title", "from"),
                )
            ),
        },
        required=("name",),
    )
    unit = Record(
        {
            "name": Text(),
            "abbr": Text(),
            "founded": Int(1900, span[1], what="năm thành lập"),
            "heads": ListOf(RefTo("person")),
            "description": Text(),
            "sample": Bool(),
            "order": Int(lo=0),
        },
        required=("name",),
    )
    event = Record(
        {
            "date": Date(span),
            "title": Text(),
            "text": Text(),
            "chapter": RefTo("chapter"),
            "photos": ListOf(RefTo("photo")),
            "people": ListOf(RefTo("person")),
            "sample": Bool(),
        },
        required=("date", "title"),
    )
    member = Record({"name": Text(), "role": Text(), "unit": RefTo("unit")}, required=("name",))
    board = Record(
        {
            "editorial_board": ListOf(member),
            "contributors": ListOf(member),
            "printer": Text(),
            "print_run": Text(),
            "copyright": Text(),
            "license": Text(),
            # The imprint of Vietnamese publishing practice (colophon), each only if given.
            "responsible": ListOf(member),
            "publishing_license": Text(),
            "printing_date": Text(),
            "isbn": Text(),
            "sample": Bool(),
        }
    )
    return {
        "people": MapOf(person),
        "units": MapOf(unit),
        "timeline": ListOf(event),
        "board": board,
    }


class MapOf(Spec):
    """A mapping from ids (ASCII slugs) to records."""

    label = "bảng 'mã: nội dung'"

    def __init__(self, item: Spec) -> None:
        self.item = item

    def check(self, value: Any, key: tuple, ctx: Any) -> Any:
        from .schema import INVALID
        from .text import slugify

        if value is None:
            return {}
        if not isinstance(value, dict):
            return self._type_error(value, key, ctx)
        out = {}
        for k, v in value.items():
            ident = str(k)
            if slugify(ident) != ident:
                ctx.error(
                    (*key, k),
                    f"mã '{ident}' phải viết thường, không dấu, nối bằng '-' "
                    f"(ví dụ '{slugify(ident)}')",
                    at_key=True,
                )
            checked = self.item.check(v, (*key, k), ctx)
            if checked is not INVALID:
                out[ident] = checked
        return out


@dataclass
class Reviewer:
    name: str
    role: str
    date: FuzzyDate
    verdict: str
    person: str | None = None
    # Private: kept for the editorial report, never rendered anywhere.
    notes: str = field(default="", repr=False)

    @property
    def verdict_label(self) -> str:
        return VERDICT_LABELS[self.verdict]


@dataclass
class Approval:
    by: str
    date: FuzzyDate
    role: str = ""


@dataclass
class Page:
    """One editor-written Markdown page and its validated front matter."""

    kind: str
    id: str
    src_uri: str  # path relative to docs_dir, POSIX
    path: Path
    title: str
    status: str
    meta: dict[str, Any]
    body: str
    body_line: int
    reviewers: list[Reviewer] = field(default_factory=list)
    approval: Approval | None = None
    photo_refs: list[str] = field(default_factory=list)
    person_refs: list[str] = field(default_factory=list)
    meta_pos: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def is_approved(self) -> bool:
        return self.status == "approved"

    @property
    def gated(self) -> bool:
        """Publication depends on approval for every kind of page (default deny)."""
        return True

    @property
    def authors(self) -> list[str]:
        return list(self.meta.get("authors", []))

    @property
    def unit(self) -> str | None:
        return self.meta.get("unit")

    @property
    def order(self) -> int:
        return int(self.meta.get("order", 0))

    @property
    def start_year(self) -> int | None:
        return self.meta.get("start_year")

    @property
    def end_year(self) -> int | None:
        return self.meta.get("end_year")

    @property
    def period(self) -> str:
        if self.start_year is None:
            return ""
        return f"{self.start_year}–{self.end_year}"

    @property
    def is_sample(self) -> bool:
        return bool(self.meta.get("sample")) or SAMPLE_MARKER in self.body

    @property
    def people(self) -> list[str]:
        """People named in front matter or linked in the body, without repeats."""
        return list(dict.fromkeys([*self.meta.get("people", []), *self.person_refs]))

    def word_count(self) -> int:
        return len([w for w in self.body.split() if any(ch.isalnum() for ch in w)])


@dataclass
class Office:
    title: str
    start: int
    end: int | None = None
    unit: str | None = None

    @property
    def term(self) -> str:
        return f"{self.start}–{self.end}" if self.end else f"{self.start}–nay"


@dataclass
class Person:
    id: str
    name: str
    offices: list[Office] = field(default_factory=list)
    photo: str | None = None
    sample: bool = False
    note: str = ""


@dataclass
class Unit:
    id: str
    name: str
    abbr: str = ""
    founded: int | None = None
    heads: list[str] = field(default_factory=list)
    description: str = ""
    sample: bool = False
    order: int = 0


@dataclass
class Event:
    date: FuzzyDate
    title: str
    text: str = ""
    chapter: str | None = None
    photos: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    sample: bool = False


@dataclass
class Member:
    name: str
    role: str = ""
    unit: str | None = None


@dataclass
class Board:
    editorial_board: list[Member] = field(default_factory=list)
    contributors: list[Member] = field(default_factory=list)
    printer: str = ""
    print_run: str = ""
    copyright: str = ""
    license: str = ""
    #: "Chịu trách nhiệm xuất bản / nội dung": the role is the label.
    responsible: list[Member] = field(default_factory=list)
    #: The publishing decision or licence ("Giấy phép xuất bản số … ngày …").
    publishing_license: str = ""
    printing_date: str = ""
    isbn: str = ""
    sample: bool = False
