"""Load and check a whole yearbook: pages, data files and cross-references.

Nothing here imports MkDocs: the CLI's ``check`` and ``status`` and the MkDocs
plugin share this one loader, so the site can never disagree with the report.
Every problem is collected; one bad file never hides the others.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .markdown.refs import BodyRef, ReferenceReader, locate
from .markdown.sanitize import disallowed
from .model import (
    Approval,
    Board,
    BookConfig,
    Event,
    Member,
    Office,
    Page,
    Person,
    Reviewer,
    Unit,
    data_specs,
    page_spec,
)
from .photos.ids import ArchiveFile, archive_folders, walk_archive
from .plaintext import markup_in, markup_message
from .problems import Problems
from .publish import IMAGE, MISCASED, OTHER, OUTSIDE, PAGE, DocsFile, walk_docs
from .schema import REF_KINDS, Ref, validate
from .source import SourceDoc, read_markdown, read_yaml_file
from .text import slugify

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
    # The archive's photo files, walked once per load (ids, gallery folders, captions).
    archive: list[ArchiveFile] = field(default_factory=list)
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


def page_from_source(
    source: SourceDoc,
    src_uri: str,
    kind: str,
    config: BookConfig,
    problems: Problems,
    refs: list[Ref],
    reader: ReferenceReader | None = None,
) -> Page | None:
    path = source.path
    if kind != "page" and not source.has_front_matter:
        problems.error(path, "thiếu khối front matter '---' ở đầu tệp", 1, 1)
        return None
    meta, page_refs = validate(source.meta, page_spec(kind, config.span), problems)
    refs.extend(page_refs)
    if not isinstance(meta, dict):
        return None
    ident = slugify(Path(src_uri).stem if Path(src_uri).stem != "index" else src_uri)
    title = meta.get("title") or _heading_title(source, problems) or Path(src_uri).stem
    page = Page(
        kind=kind,
        id=ident,
        src_uri=src_uri,
        path=path,
        title=title,
        # Default deny: a page without ``status: approved`` is not public, whatever its kind.
        status=meta.get("status", "draft"),
        meta=meta,
        body=source.body,
        body_line=source.body_line,
        reviewers=[Reviewer(**r) for r in meta.get("reviewers", []) if _complete(r, Reviewer)],
        approval=Approval(**meta["approval"])
        if _complete(meta.get("approval"), Approval)
        else None,
    )
    page.meta_pos = {str(k): source.meta.kpos((k,)) for k in source.meta.data}
    if kind == "chapter" and page.start_year and page.end_year and page.start_year > page.end_year:
        line, col = source.meta.pos(("end_year",))
        problems.error(
            path, f"end_year {page.end_year} đứng trước start_year {page.start_year}", line, col
        )
    # The build's own Markdown (same extensions) decides what is a reference.
    found = body_references(source, config, problems, reader)
    for (number, col), ref in zip(locate(source.body, source.body_line, found), found, strict=True):
        if ref.kind == "photo":
            page.photo_refs.append(ref.target)
        elif ref.kind == "person":
            page.person_refs.append(ref.target)
        if ref.kind == "gallery":
            refs.extend(gallery_refs(ref.target, str(path), number, col, problems))
        else:
            refs.append(Ref(ref.kind, ref.target, str(path), number, col))
    return page


def body_references(
    source: SourceDoc,
    config: BookConfig,
    problems: Problems,
    reader: ReferenceReader | None = None,
) -> list[BodyRef]:
    """References in a page body, found by rendering it as the build does: code blocks,
    code spans, raw HTML and comments hold examples, never references."""
    try:
        reader = reader or ReferenceReader(
            list(config.markdown_extensions), config.markdown_configs
        )
        found, html = reader.read(source.body)
    except RecursionError:
        problems.error(
            source.path, "nội dung lồng nhau quá sâu, không đọc được", source.body_line, 1
        )
    except Exception as exc:  # a Markdown extension failing on odd input
        problems.error(
            source.path,
            f"không đọc được nội dung Markdown ({type(exc).__name__})",
            source.body_line,
            1,
        )
        return []
    if removed := disallowed(html):
        line, col = _first_line_of(source, removed)
        problems.warning(
            source.path,
            "mã HTML không được phép, sẽ bị bỏ khi xuất bản: " + ", ".join(removed),
            line,
            col,
        )
    return found


def _first_line_of(source: SourceDoc, pieces: list[str]) -> tuple[int, int]:
    """Line and column of the first of ``pieces`` written in the body (or its first line)."""
    body = source.body.lower()
    hits = [i for p in pieces if (i := body.find(p.rstrip(">=").lower())) >= 0]
    if not hits:
        return source.body_line, 1
    index = min(hits)
    return source.body_line + body.count("\n", 0, index), index - body.rfind("\n", 0, index)


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


def _complete(value: Any, cls: type) -> bool:
    """True when a validated record has every field its dataclass requires."""
    if not isinstance(value, dict):
        return False
    required = [
        name
        for name, f in cls.__dataclass_fields__.items()
        if f.default is f.default_factory  # both MISSING → required
    ]
    return all(name in value for name in required)


_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


def _heading_title(source: SourceDoc, problems: Problems) -> str | None:
    """The first ``# heading`` as the page title; it is shown raw in the nav, so it
    must be plain text like a ``title:`` in front matter."""
    m = _HEADING.search(source.body)
    if m is None:
        return None
    if found := markup_in(m[1]):
        line = source.body_line + source.body.count("\n", 0, m.start())
        problems.error(source.path, markup_message("tiêu đề (dòng '# …')", found), line, 1)
        return None
    return m[1]


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
        "folder": archive_folders(book.archive),
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


def check_captions(book: Book, refs: list[Ref]) -> None:
    """The caption sheet is data too: rows name real files and people, dates fit the book."""
    from .photos.pipeline import match_rows
    from .photos.sheet import read_sheet

    config, problems = book.config, book.problems
    if not config.captions_path.is_file():
        return
    sheet = read_sheet(config.captions_path, problems)
    match_rows(sheet, book.archive, problems)
    path = str(config.captions_path)
    start, end = config.span
    for row in sheet.rows:
        refs.extend(Ref("person", person, path, *row.where("people")) for person in row.people)
        year = int(row.date_iso[:4]) if row.date_iso[:4].isdigit() else None
        if year is not None and not start <= year <= end:
            problems.error(
                path,
                f"date: năm {year} nằm ngoài giai đoạn của kỷ yếu ({start}–{end})",
                *row.where("date"),
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


def load_book(config: BookConfig) -> Book:
    """Read everything, validate it, and resolve cross-references."""
    problems = Problems(config.project_dir)
    book = Book(config, problems)
    book.archive = [f for f in walk_archive(config.archive_path) if f.outside_target is None]
    book.photo_ids = {f.id for f in book.archive}
    refs: list[Ref] = []
    load_data(book, refs)
    check_captions(book, refs)
    book.docs_files = list(walk_docs(config.docs_dir, config.data_path))
    reader = ReferenceReader(list(config.markdown_extensions), config.markdown_configs)
    for path in (f.path for f in book.docs_files if f.kind == PAGE):
        src_uri = path.relative_to(config.docs_dir).as_posix()
        kind = page_kind(src_uri, config)
        source = read_markdown(path, problems)
        page = source and page_from_source(source, src_uri, kind, config, problems, refs, reader)
        if page:
            book.pages.append(page)
        else:
            book.unreadable.append((kind, slugify(path.stem)))
    check_duplicates(book)
    check_periods(book)
    check_refs(book, refs)
    check_approvals(book)
    check_docs_files(book)
    check_templates(book)
    if config.schedule:
        from .schedule import check_schedule

        check_schedule(config.schedule, str(config.project_dir / "mkdocs.yml"), problems)
    return book
