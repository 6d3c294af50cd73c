"""The content model of a whole yearbook: the ``Book`` and the checks made on it.

Pages, data files and cross-references, checked together; every problem is
collected and one bad file never hides the others. Reading a book from disk
(page bodies through the build's Markdown, the photo archive and its caption
sheet) is ``loader.load_book``, a layer up: this module knows neither Markdown
rendering nor photos, and nothing here imports MkDocs, so the CLI's ``check``
and ``status`` and the MkDocs plugin share one model.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .model import (
    Board,
    BookConfig,
    Event,
    Member,
    Office,
    Page,
    Person,
    Unit,
    data_specs,
)
from .problems import Problems
from .publish import (
    ASSET,
    IMAGE,
    MISCASED,
    OTHER,
    OUTSIDE,
    PAGE,
    DocsFile,
    asset_folders,
    classify,
    publish_asset,
    walk_docs,
)
from .schema import REF_KINDS, Ref, validate
from .source import read_yaml_file

DATA_FILES = ("people", "units", "timeline", "board")


@dataclass
class Book:
    config: BookConfig
    problems: Problems
    pages: list[Page] = field(default_factory=list)
    people: dict[str, Person] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    timeline: list[Event] = field(default_factory=list)
    board: Board = field(default_factory=Board)
    photo_ids: set[str] = field(default_factory=set)
    #: The archive's folders holding photos, for ``gallery:folder:…`` references.
    photo_folders: set[str] = field(default_factory=set)
    # Pages that could not be read; other checks must not pile errors on them.
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (kind, id)
    #: Every file MkDocs would see in docs/ (data files aside), classified.
    docs_files: list[DocsFile] = field(default_factory=list)

    def by_kind(self, kind: str) -> list[Page]:
        pages = [p for p in self.pages if p.kind == kind]
        return sorted(pages, key=lambda p: (p.order, p.start_year or 0, p.id))

    @property
    def chapters(self) -> list[Page]:
        return self.by_kind("chapter")

    def page(self, src_uri: str) -> Page | None:
        return next((p for p in self.pages if p.src_uri == src_uri), None)

    def chapter(self, chapter_id: str) -> Page | None:
        return next((p for p in self.chapters if p.id == chapter_id), None)

    def visible(self, preview: bool) -> list[Page]:
        """Pages this build publishes: all in a preview, else only approved ones."""
        return [p for p in self.pages if preview or p.is_approved]


def page_kind(src_uri: str, config: BookConfig) -> str:
    parts = src_uri.split("/")
    if src_uri == config.foreword:
        return "foreword"
    if len(parts) > 1 and Path(parts[-1]).stem.lower() not in ("index", "readme"):
        return {
            config.chapters_dir: "chapter",
            config.units_dir: "unit",
            config.essays_dir: "essay",
        }.get(parts[0], "page")
    return "page"


def iter_markdown(docs_dir: Path, config: BookConfig) -> Iterable[Path]:
    """Every file MkDocs renders as a page (any Markdown suffix), data folder aside."""
    for f in walk_docs(docs_dir, config.data_path):
        if f.kind == PAGE:
            yield f.path


def gallery_refs(target: str, path: str, line: int, col: int, problems: Problems) -> list[Ref]:
    """``gallery:folder:NAME`` / ``gallery:year:YYYY`` / ``gallery:event:NAME``."""
    kind, _, value = target.partition(":")
    if kind not in ("folder", "year", "event") or not value:
        problems.error(
            path,
            f"bộ ảnh '{target}' không hợp lệ: dùng gallery:folder:…, gallery:year:… "
            "hoặc gallery:event:…",
            line,
            col,
        )
        return []
    if kind == "year" and not (value.isdigit() and len(value) == 4):
        problems.error(path, f"bộ ảnh theo năm cần năm 4 chữ số, không phải '{value}'", line, col)
        return []
    return [Ref("folder", value, path, line, col)] if kind == "folder" else []


def load_data(book: Book, refs: list[Ref]) -> None:
    config, problems = book.config, book.problems
    specs = data_specs(config.span)
    for name in DATA_FILES:
        path = _data_file(config.data_path, name)
        if path is None:
            problems.warning(config.data_path / f"{name}.yml", "chưa có tệp dữ liệu này", 0, 0)
            continue
        doc = read_yaml_file(path, problems)
        if doc is None:
            continue
        data, data_refs = validate(doc, specs[name], problems)
        refs.extend(data_refs)
        # Records the schema rejected in part (``from: "1989"``, ``name: ""``) are
        # already reported; skip them instead of failing on the missing field.
        if name == "people" and isinstance(data, dict):
            for pid, p in data.items():
                if "name" not in p:
                    continue
                offices = [
                    Office(o["title"], o["from"], o.get("to"), o.get("unit"))
                    for o in p.get("offices", [])
                    if "title" in o and "from" in o
                ]
                for i, office in enumerate(offices):
                    if office.end is not None and office.end < office.start:
                        line, col = doc.pos((pid, "offices", i, "to"))
                        problems.error(
                            path,
                            f"nhiệm kỳ kết thúc ({office.end}) trước khi bắt đầu ({office.start})",
                            line,
                            col,
                        )
                book.people[pid] = Person(
                    pid, p["name"], offices, p.get("photo"), p.get("sample", False),
                    p.get("note", ""),
                )  # fmt: skip
        elif name == "units" and isinstance(data, dict):
            for uid, u in data.items():
                if "name" in u:
                    book.units[uid] = Unit(uid, **u)
        elif name == "timeline" and isinstance(data, list):
            book.timeline = sorted(
                (Event(**e) for e in data if "date" in e and "title" in e),
                key=lambda e: e.date.sort_key(),
            )
        elif name == "board" and isinstance(data, dict):
            book.board = Board(
                editorial_board=[
                    Member(**m) for m in data.get("editorial_board", []) if "name" in m
                ],
                contributors=[Member(**m) for m in data.get("contributors", []) if "name" in m],
                responsible=[Member(**m) for m in data.get("responsible", []) if "name" in m],
                **{
                    k: v
                    for k, v in data.items()
                    if k not in ("editorial_board", "contributors", "responsible")
                },
            )


def _data_file(data_dir: Path, name: str) -> Path | None:
    for suffix in (".yml", ".yaml"):
        if (data_dir / f"{name}{suffix}").is_file():
            return data_dir / f"{name}{suffix}"
    return None


def check_periods(book: Book) -> None:
    """Chapters cover the span with no gap; neighbours share at most a boundary year."""
    all_chapters = [p for p in book.pages if p.kind == "chapter"]
    chapters = [p for p in all_chapters if p.start_year and p.end_year]
    chapters.sort(key=lambda p: (p.start_year, p.end_year))
    start, end = book.config.span
    problems = book.problems
    # With a chapter unreadable, coverage gaps would only repeat that error.
    complete = len(chapters) == len(all_chapters) and not any(
        kind == "chapter" for kind, _ in book.unreadable
    )
    if not chapters:
        return
    first, last = chapters[0], chapters[-1]
    if complete and first.start_year != start:
        problems.error(
            first.path,
            f"các chương phải bắt đầu từ năm {start}, chương sớm nhất bắt đầu năm "
            f"{first.start_year}",
            *_meta_pos(first, "start_year"),
        )
    if complete and max(p.end_year or 0 for p in chapters) != end:
        problems.error(
            last.path,
            f"các chương phải kết thúc ở năm {end}, chương muộn nhất kết thúc năm {last.end_year}",
            *_meta_pos(last, "end_year"),
        )
    for prev, cur in itertools.pairwise(chapters):
        assert prev.end_year and cur.start_year
        if cur.start_year < prev.end_year:
            problems.error(
                cur.path,
                f"giai đoạn {cur.period} chồng lấn với {problems.rel(prev.path)} ({prev.period}); "
                "hai giai đoạn liền nhau chỉ được chung năm ranh giới",
                *_meta_pos(cur, "start_year"),
            )
        elif complete and cur.start_year > prev.end_year + 1:
            problems.error(
                cur.path,
                f"khoảng trống {prev.end_year + 1}–{cur.start_year - 1} giữa "
                f"{problems.rel(prev.path)} ({prev.period}) và giai đoạn {cur.period}",
                *_meta_pos(cur, "start_year"),
            )


def _meta_pos(page: Page, key: str) -> tuple[int, int]:
    return page.meta_pos.get(key, (1, 1))


def check_refs(book: Book, refs: list[Ref]) -> None:
    known: dict[str, set[str]] = {
        "person": set(book.people),
        "unit": set(book.units),
        "photo": book.photo_ids,
        "chapter": {p.id for p in book.chapters},
        "folder": book.photo_folders,
    }
    for kind, ident in book.unreadable:
        if kind == "chapter":
            known["chapter"].add(ident)
    for ref in refs:
        if ref.target not in known[ref.kind]:
            what = REF_KINDS[ref.kind]
            hint = _suggest(ref.target, known[ref.kind])
            book.problems.error(
                ref.path,
                f"không có {what} mã '{ref.target}'" + (f" (có phải '{hint}'?)" if hint else ""),
                ref.line,
                ref.col,
            )


def _suggest(word: str, choices: set[str]) -> str | None:
    import difflib

    match = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.75)
    return match[0] if match else None


def check_duplicates(book: Book) -> None:
    seen: dict[tuple[str, str], Page] = {}
    for page in book.pages:
        key = (str(Path(page.src_uri).parent), page.id)
        if key in seen:
            book.problems.error(
                page.path,
                f"trùng đường dẫn '{page.id}' với {book.problems.rel(seen[key].path)}; "
                "hãy đổi tên một tệp",
                1,
                1,
            )
        else:
            seen[key] = page


def check_approvals(book: Book) -> None:
    for page in book.pages:
        if page.kind != "page" and page.is_approved and page.approval is None:
            book.problems.warning(
                page.path,
                "status: approved nhưng chưa ghi 'approval' (người phê duyệt và ngày)",
                *_meta_pos(page, "status"),
            )


def check_templates(book: Book) -> None:
    """``template:`` names a page template of the theme (else Jinja's TemplateNotFound)."""
    dirs = book.config.template_dirs
    if not dirs:
        return
    for page in book.pages:
        name = page.meta.get("template")
        if not name:
            continue
        safe = not name.startswith("/") and ".." not in name.split("/")
        if not (safe and any((Path(d) / name).is_file() for d in dirs)):
            book.problems.error(
                page.path,
                f"không có mẫu trang '{name}' trong giao diện (bỏ khóa 'template' để dùng "
                "mẫu mặc định)",
                *_meta_pos(page, "template"),
            )


def check_docs_files(book: Book) -> None:
    """Default deny for docs/: say what will not be published, and why."""
    problems = book.problems
    for f in book.docs_files:
        if f.kind == IMAGE:
            problems.error(
                f.path,
                "ảnh đặt trong docs/ không được xuất bản (có thể còn GPS, số máy): hãy chuyển "
                f"vào thư mục {book.config.archive_dir}/ và chèn bằng ![mô tả](photo:mã-ảnh)",
            )
        elif f.kind == MISCASED:
            suffix = f.src_uri.rsplit(".", 1)[-1]
            problems.warning(
                f.path,
                f"đuôi tệp '.{suffix}' không viết thường nên tệp không được xuất bản; "
                f"nếu là một trang, hãy đổi thành '.{suffix.lower()}'",
            )
        elif f.kind == OUTSIDE:
            problems.warning(
                f.path,
                "liên kết tượng trưng trỏ ra ngoài docs/ nên không được xuất bản",
            )
        elif f.kind == OTHER:
            problems.warning(
                f.path,
                "tệp này không được xuất bản (chỉ sao chép trang Markdown, CSS, JS và phông "
                "chữ); tệp sao lưu, văn bản, bảng tính hãy để ngoài docs/",
            )
    for page in book.pages:
        if page.kind == "page" and not page.is_approved:
            problems.warning(
                page.path,
                f"trang chưa có 'status: approved' (đang là {page.status}) nên không được "
                "xuất bản công khai",
                *_meta_pos(page, "status"),
            )


def publisher(book: Book, preview: bool) -> Callable[[str], bool]:
    """Whether the build copies or renders a file of docs/, by its MkDocs ``src_uri``.

    Pages: only those of the content model this build shows. Data files: never.
    Other files: only allow-listed assets the walk saw, outside an unpublished page's
    folder. Built once per build: a book has thousands of files.
    """
    data_prefix = book.config.data_dir.rstrip("/") + "/"
    visible = {p.src_uri for p in book.visible(preview)}
    kinds = {f.src_uri: f.kind for f in book.docs_files}
    private = asset_folders([p.src_uri for p in book.pages if p.src_uri not in visible])

    def publishes(src_uri: str) -> bool:
        if src_uri.startswith(data_prefix):
            return False
        if classify(src_uri.rsplit("/", 1)[-1]) == PAGE:
            return src_uri in visible
        # Not seen by the walk (a symlinked folder …) or not an asset: denied.
        return kinds.get(src_uri) == ASSET and publish_asset(src_uri, private)

    return publishes
