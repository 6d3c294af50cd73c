"""Read a whole yearbook from disk into the content model, and check it.

The one loader the CLI's ``check`` and ``status``, the MkDocs plugin and the
release build share, so the site can never disagree with the report. It sits
above the model (``book``), the Markdown reference grammar (``markdown/``) and
the photo archive (``photos/``): page bodies are read as the build renders them,
with the book's own Markdown extensions, and the caption sheet is checked
against the archive's files. Nothing here imports MkDocs.
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path
from typing import Any

from .book import (
    Book,
    check_approvals,
    check_docs_files,
    check_duplicates,
    check_periods,
    check_refs,
    check_templates,
    gallery_refs,
    load_data,
    page_kind,
)
from .markdown.refs import BodyRef, ReferenceReader, locate
from .markdown.sanitize import disallowed
from .model import Approval, BookConfig, Page, Reviewer, page_spec
from .pagecache import PageCache
from .photos.ids import ArchiveFile, archive_folders, walk_archive
from .photos.pipeline import match_rows
from .photos.sheet import read_sheet
from .plaintext import markup_in, markup_message
from .problems import Problems
from .publish import PAGE, walk_docs
from .schedule import check_schedule
from .schema import Ref, validate
from .source import SourceDoc, read_markdown
from .text import slugify


def read_page(
    path: Path,
    src_uri: str,
    kind: str,
    config: BookConfig,
    reader: ReferenceReader,
    problems: Problems,
    refs: list[Ref],
) -> Page | None:
    source = read_markdown(path, problems)
    return (
        page_from_source(source, src_uri, kind, config, problems, refs, reader) if source else None
    )


def load_book(config: BookConfig, cache: PageCache | None = None) -> Book:
    """Read everything, validate it, and resolve cross-references (pages through
    ``cache`` when given: the live preview reads only the pages a save changed)."""
    problems = Problems(config.project_dir)
    book = Book(config, problems)
    # The archive's photo files, walked once per load (ids, gallery folders, captions).
    archive = [f for f in walk_archive(config.archive_path) if f.outside_target is None]
    book.photo_ids = {f.id for f in archive}
    book.photo_folders = archive_folders(archive)
    refs: list[Ref] = []
    load_data(book, refs)
    check_captions(book, archive, refs)
    book.docs_files = list(walk_docs(config.docs_dir, config.data_path))
    reader = ReferenceReader(list(config.markdown_extensions), config.markdown_configs)
    for path in (f.path for f in book.docs_files if f.kind == PAGE):
        src_uri = path.relative_to(config.docs_dir).as_posix()
        kind = page_kind(src_uri, config)
        parse = partial(read_page, path, src_uri, kind, config, reader)
        if cache is None:
            page = parse(problems, refs)
        else:
            page = cache.read(path, (src_uri, kind), parse, problems, refs)
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
        check_schedule(config.schedule, str(config.project_dir / "mkdocs.yml"), problems)
    return book


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


def check_captions(book: Book, archive: list[ArchiveFile], refs: list[Ref]) -> None:
    """The caption sheet is data too: rows name real files and people, dates fit the book."""
    config, problems = book.config, book.problems
    if not config.captions_path.is_file():
        return
    sheet = read_sheet(config.captions_path, problems)
    match_rows(sheet, archive, problems)
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
