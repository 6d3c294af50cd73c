"""The release gate: the checklist the leadership signs off against before release.

Each check is a pure function from what was read or built (the book, the
photo manifest, the built site) to one ``Check``: a Vietnamese title, pass or
fail, and the exact reasons with ``path:line:`` where there is one. Nothing
here imports MkDocs; ``yearbook.release.build`` builds the site and calls in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..book import Book
from ..model import SAMPLE_MARKER, STATUS_LABELS
from ..text import fold
from .links import LinkReport

PASS, FAIL = "ĐẠT", "CHƯA ĐẠT"
MARK = {True: "✔", False: "✘"}
#: Markers that mean "not final text": the sample marker (either tone placement, any
#: case) and TODO / FIXME written in capitals as a word (not XXX: the Roman 30).
_SAMPLE_FOLDED = fold(SAMPLE_MARKER)
_TODO = re.compile(r"\b(TODO|FIXME)\b")
_SAMPLE_FLAG = re.compile(r"^\s*-?\s*sample\s*:\s*(true|yes|on)\s*(#.*)?$", re.IGNORECASE)
TEXT_SUFFIXES = (".md", ".yml", ".yaml", ".csv", ".txt")
#: Show at most this many reasons per item; the count of the rest follows.
MAX_DETAILS = 40


@dataclass
class Check:
    """One line of the checklist."""

    title: str
    ok: bool
    details: list[str] = field(default_factory=list)
    summary: str = ""

    def lines(self, number: int) -> list[str]:
        verdict = PASS if self.ok else FAIL
        head = f"{MARK[self.ok]} {verdict:<8}  {number}. {self.title}"
        if self.summary:
            head += f" — {self.summary}"
        out = [head]
        shown = self.details[:MAX_DETAILS]
        out += [f"      - {d}" for d in shown]
        if len(self.details) > len(shown):
            out.append(f"      … và {len(self.details) - len(shown)} mục khác")
        return out


@dataclass
class GateResult:
    title: str
    checks: list[Check]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    def render(self) -> str:
        lines = [f"KIỂM TRA TRƯỚC KHI PHÁT HÀNH — {self.title}", ""]
        for number, check in enumerate(self.checks, 1):
            lines += check.lines(number)
        failed = [c for c in self.checks if not c.ok]
        lines.append("")
        if failed:
            lines.append(
                f"Kết luận: {FAIL} — {len(failed)}/{len(self.checks)} mục chưa đạt; "
                "chưa được phát hành."
            )
        else:
            lines.append(f"Kết luận: {PASS} — đủ điều kiện phát hành.")
        return "\n".join(lines)


# -- 1. approvals -------------------------------------------------------------------------


def check_approvals(book: Book) -> Check:
    """Every page approved (default deny); every article also says by whom and when."""
    details: list[str] = []
    gated = [p for p in book.pages if p.gated]
    for page in sorted(gated, key=lambda p: p.src_uri):
        line, col = page.meta_pos.get("status", (1, 1))
        where = f"{book.problems.rel(page.path)}:{line}:{col}"
        if not page.is_approved:
            details.append(
                f"{where}: {STATUS_LABELS[page.status].lower()} (status: {page.status}), "
                "chưa phê duyệt"
            )
        elif page.kind != "page" and (
            page.approval is None or not page.approval.by or not str(page.approval.date)
        ):
            details.append(f"{where}: đã duyệt nhưng thiếu người phê duyệt hoặc ngày (approval)")
    for kind, ident in book.unreadable:
        if kind != "page":
            details.append(f"{ident}: không đọc được bài nên không xác định được phê duyệt")
    approved = sum(p.is_approved for p in gated)
    return Check(
        "Mọi bài đã được phê duyệt, có người phê duyệt và ngày",
        not details,
        details,
        f"{approved}/{len(gated)} bài đã duyệt",
    )


# -- 2. photos ----------------------------------------------------------------------------


def used_photo_ids(book: Book) -> set[str]:
    """Photos the book names: in page bodies, as covers, in the timeline, as portraits."""
    used: set[str] = set()
    for page in book.pages:
        used.update(page.photo_refs)
        if page.meta.get("cover"):
            used.add(str(page.meta["cover"]))
    for event in book.timeline:
        used.update(event.photos)
    for person in book.people.values():
        if person.photo:
            used.add(person.photo)
    return used


def check_photos(book: Book, manifest: dict[str, Any] | None, manifest_path: str) -> Check:
    """Every published photo (all of the manifest: the photo pages show them all) and
    every photo the text names has a caption, a credit and alt text."""
    title = "Mọi ảnh được dùng đều có chú thích, nguồn ảnh (credit) và mô tả thay thế (alt)"
    used = used_photo_ids(book)
    if manifest is None:
        if not used:
            return Check(title, True, [], "sách không dùng ảnh")
        return Check(
            title,
            False,
            [f"chưa có {manifest_path}: chạy 'yearbook photos' (hoặc dựng trang) trước"],
        )
    photos: dict[str, Any] = manifest.get("photos", {})
    details: list[str] = []
    labels = {"caption": "chú thích", "credit": "nguồn ảnh (credit)", "alt": "mô tả thay thế (alt)"}
    for pid in sorted(photos):
        entry = photos[pid]
        missing = [label for key, label in labels.items() if not str(entry.get(key) or "").strip()]
        if missing:
            source = entry.get("source") or pid
            details.append(f"{source}: ảnh '{pid}' thiếu {', '.join(missing)}")
    for pid in sorted(used - set(photos)):
        details.append(f"ảnh '{pid}' được dùng nhưng không có trong {manifest_path}")
    return Check(title, not details, details, f"{len(photos)} ảnh")


# -- 3. markers ---------------------------------------------------------------------------


def find_markers(paths: Iterable[Path], rel: Any) -> list[str]:
    """``path:line:col: …`` for every sample marker, TODO or ``sample: true`` flag."""
    found: list[str] = []
    for path in paths:
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for number, line in enumerate(text.splitlines(), 1):
            folded = fold(line)
            col = folded.find(_SAMPLE_FOLDED)
            if col >= 0:
                found.append(f"{rel(path)}:{number}:{col + 1}: còn '{SAMPLE_MARKER}'")
            todo = _TODO.search(line)
            if todo:
                found.append(f"{rel(path)}:{number}:{todo.start() + 1}: còn '{todo[1]}'")
            if _SAMPLE_FLAG.match(line):
                col = line.index("sample") + 1
                found.append(f"{rel(path)}:{number}:{col}: đánh dấu mẫu 'sample: true'")
    return found


def content_files(book: Book, extra: Iterable[Path] = ()) -> list[Path]:
    """Text the release publishes: everything under docs/, the caption sheet, extras."""
    docs = book.config.docs_dir
    files = [
        p
        for p in docs.rglob("*")
        if p.is_file()
        and p.suffix.lower() in TEXT_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(docs).parts)
    ]
    files += [p for p in extra if p.is_file()]
    return sorted(set(files))


def check_markers(book: Book, files: list[Path], allow: bool) -> Check:
    title = "Không còn đánh dấu 'Nội dung minh họa', TODO hay dữ liệu mẫu"
    found = find_markers(files, book.problems.rel)
    if allow and found:
        return Check(
            title, True, [], f"còn {len(found)} chỗ nhưng cấu hình cho phép (allow_markers)"
        )
    summary = f"còn {len(found)} chỗ" if found else f"đã rà {len(files)} tệp"
    return Check(title, not found, group_by_file(found), summary)


def group_by_file(found: list[str]) -> list[str]:
    """One line per file: the first spot (clickable ``path:line:col:``) and the other lines."""
    by_file: dict[str, list[str]] = {}
    for item in found:
        by_file.setdefault(item.split(":", 1)[0], []).append(item)
    lines: list[str] = []
    for items in by_file.values():
        first = items[0]
        if len(items) > 1:
            others = ", ".join(item.split(":")[1] for item in items[1:])
            first += f" — cùng tệp còn {len(items) - 1} chỗ khác, dòng {others}"
        lines.append(first)
    return lines


# -- 4. links -----------------------------------------------------------------------------


def check_links(report: LinkReport | None, build_error: str | None) -> Check:
    title = "Mọi liên kết và mục neo (#) nội bộ trong trang web đều tới đúng chỗ"
    if report is None:
        return Check(title, False, [f"không dựng được trang web: {build_error or 'không rõ'}"])
    return Check(
        title,
        report.ok,
        report.broken,
        f"{report.links} liên kết trên {report.pages} trang, {len(report.broken)} hỏng",
    )


# -- the tree matches the commit ----------------------------------------------------------


def check_clean_tree(changes: list[str] | None) -> Check:
    """A release must be rebuildable from its commit: nothing changed or left unadded in
    the content. ``changes``: ``git status`` lines; None outside a git checkout."""
    title = "Bản thảo khớp với commit (không có sửa đổi hay tệp chưa commit)"
    if changes is None:
        return Check(title, True, summary="không phải kho git, bỏ qua")
    details = [f"{line[3:]}: {'chưa thêm vào git' if line.startswith('??') else 'đã sửa, chưa commit'}"
               for line in changes]  # fmt: skip
    return Check(title, not details, details, "" if details else "sạch")


# -- 5. cross-references ------------------------------------------------------------------


def check_references(book: Book) -> Check:
    """Cross-references (people, units, photos, chapters) and every other content error."""
    errors = [str(p) for p in book.problems.sorted() if p.is_error]
    return Check(
        "Mọi tham chiếu chéo (người, đơn vị, ảnh, chương) đều có thật; nội dung không có lỗi",
        not errors,
        errors,
        f"{len(errors)} lỗi" if errors else "không có lỗi",
    )


# -- 6. PDFs ------------------------------------------------------------------------------


def pdf_problem(path: Path) -> str | None:
    """Why ``path`` is not a complete PDF, or None when it is one."""
    if not path.is_file():
        return "không được tạo ra"
    size = path.stat().st_size
    if size < 1024:
        return f"quá nhỏ ({size} byte)"
    with path.open("rb") as f:
        head = f.read(5)
        f.seek(max(0, size - 1024))
        tail = f.read()
    if head != b"%PDF-" or b"%%EOF" not in tail:
        return "không phải tệp PDF hoàn chỉnh"
    return None


def check_pdfs(site: Path | None, outputs: dict[str, str], build_error: str | None) -> Check:
    """``outputs``: Vietnamese edition name → path relative to the site."""
    title = "Cả hai bản PDF (bản đọc trên màn hình và bản in) đều dựng được"
    if not outputs:
        return Check(title, False, ["chưa cấu hình bản PDF (plugin 'with-pdf' trong mkdocs.yml)"])
    details: list[str] = []
    for label, rel in outputs.items():
        problem = "không dựng được" if site is None else pdf_problem(site / rel)
        if problem:
            details.append(f"{label} ({rel}): {problem}")
    if details and build_error:
        details.append(f"lỗi khi dựng: {build_error}")
    return Check(title, not details, details, ", ".join(outputs.values()))


# -- 7. prepress ---------------------------------------------------------------------------


PRINT_TITLE = "Bản in đạt kiểm tra trước in (PDF/X, CMYK, tràn lề, số trang, phông, ảnh ≥ 200 ppi)"


def check_print(reports: list[Any] | None, problem: str | None = None) -> Check:
    """The preflight of the print PDF and its cover (``yearbook.pdf.preflight.Report``)."""
    if problem or not reports:
        return Check(PRINT_TITLE, False, [problem or "không có bản in để kiểm tra"])
    details = [f"{r.path.name}: {f}" for r in reports for f in r.findings]
    errors = sum(len(r.errors) for r in reports)
    warnings = sum(len(r.warnings) for r in reports)
    pages = reports[0].pages
    summary = f"{pages} trang, {errors} lỗi, {warnings} cảnh báo"
    return Check(PRINT_TITLE, errors == 0, details, summary)


def gate(
    book: Book,
    *,
    manifest: dict[str, Any] | None,
    manifest_path: str,
    marker_files: list[Path],
    allow_markers: bool,
    links: LinkReport | None,
    site: Path | None,
    pdf_outputs: dict[str, str],
    build_error: str | None,
    foreign_identity: Iterable[str] = (),
    own_identity: Iterable[str] = (),
    tree_changes: list[str] | None = None,
    print_check: Check | None = None,
) -> GateResult:
    """All checks, in the order of the checklist (``tree_changes``: see
    :func:`check_clean_tree`; the prepress item when there is a print edition)."""
    extra = [print_check] if print_check is not None else []
    return GateResult(
        book.config.title,
        [
            check_approvals(book),
            check_photos(book, manifest, manifest_path),
            check_markers(book, marker_files, allow_markers),
            check_links(links, build_error),
            check_references(book),
            check_pdfs(site, pdf_outputs, build_error),
            check_identity(book, site, pdf_outputs, foreign_identity, own_identity),
            check_clean_tree(tree_changes),
            *extra,
        ],
    )


def check_identity(
    book: Book,
    site: Path | None,
    outputs: dict[str, str],
    extra: Iterable[str],
    own: Iterable[str],
) -> Check:
    """7. The site and PDFs hold no other book's identity (see ``identity.py``)."""
    from .identity import foreign_words, identity_hits

    title = "Trang web và PDF không còn danh tính của sách khác (sách mẫu)"
    if site is None:
        return Check(title, False, ["không dựng được trang web để kiểm tra"])
    hits = identity_hits(site, outputs.values(), foreign_words(book, extra, own))
    return Check(title, not hits, hits)
