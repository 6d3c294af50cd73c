"""The editorial status report: where every chapter, article and essay stands.

It answers the questions the Tổ Biên tập asks in its meetings: what is
approved, who reviewed what, which units have not submitted, and what still
blocks the release.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import Counter
from dataclasses import asdict, dataclass, field

from .book import Book
from .model import KIND_LABELS, SAMPLE_MARKER, STATUS_LABELS, STATUSES
from .schedule import PhaseStatus, schedule_status

REPORT_KINDS = ("foreword", "chapter", "unit", "essay")


@dataclass
class Row:
    file: str
    kind: str
    title: str
    status: str
    authors: str
    unit: str
    words: int
    photos: int
    reviewers: str
    approved_by: str
    approved_on: str


@dataclass
class Report:
    rows: list[Row]
    counts: dict[str, int]
    missing_units: list[str]
    blockers: list[str]
    today: str = ""
    phases: list[PhaseStatus] = field(default_factory=list)


def build_report(book: Book, today: dt.date | None = None) -> Report:
    """Where every page stands; with a schedule, where every phase stands on ``today``."""
    today = today or dt.date.today()
    pages = [p for kind in REPORT_KINDS for p in book.by_kind(kind)]
    rows = [
        Row(
            file=p.src_uri,
            kind=KIND_LABELS[p.kind],
            title=p.title,
            status=p.status,
            authors=", ".join(p.authors),
            unit=book.units[p.unit].abbr or p.unit if p.unit in book.units else (p.unit or ""),
            words=p.word_count(),
            photos=len(set(p.photo_refs) | ({p.meta["cover"]} if p.meta.get("cover") else set())),
            reviewers="; ".join(f"{r.name} ({r.verdict_label})" for r in p.reviewers),
            approved_by=p.approval.by if p.approval else "",
            approved_on=str(p.approval.date) if p.approval else "",
        )
        for p in pages
    ]
    counts = Counter(p.status for p in pages)
    # A unit has submitted once it has any article or essay, whatever its status.
    submitted = {p.unit for p in pages if p.kind in ("unit", "essay")}
    missing = [u.name for uid, u in book.units.items() if uid not in submitted]
    blockers: list[str] = []
    for p in pages:
        if not p.is_approved:
            blockers.append(f"{p.src_uri}: {STATUS_LABELS[p.status].lower()}, chưa phê duyệt")
        elif p.approval is None:
            blockers.append(f"{p.src_uri}: đã duyệt nhưng thiếu người phê duyệt và ngày")
        if SAMPLE_MARKER in p.body or p.meta.get("sample"):
            blockers.append(f"{p.src_uri}: còn '{SAMPLE_MARKER}'")
    errors = len(book.problems.errors)
    if errors:
        blockers.insert(0, f"{errors} lỗi nội dung (chạy 'yearbook check')")
    return Report(
        rows,
        {s: counts.get(s, 0) for s in STATUSES},
        missing,
        blockers,
        today=today.isoformat(),
        phases=schedule_status(book, today),
    )


HEADERS = {
    "file": "Tệp",
    "kind": "Loại",
    "title": "Tiêu đề",
    "status": "Trạng thái",
    "authors": "Tác giả",
    "unit": "Đơn vị",
    "words": "Số từ",
    "photos": "Số ảnh",
    "reviewers": "Thẩm định",
    "approved_by": "Người phê duyệt",
    "approved_on": "Ngày phê duyệt",
}


PHASE_HEADERS = {
    "phase": "Giai đoạn",
    "title": "Nội dung",
    "due": "Tiến độ",
    "deadline": "Hạn cuối",
    "state_label": "Tình trạng",
    "days_left": "Số ngày còn lại",
    "outstanding": "Việc còn lại",
}


def to_json(report: Report) -> str:
    data = asdict(report)
    for row in data["rows"]:
        row["status_label"] = STATUS_LABELS[row["status"]]
    return json.dumps(data, ensure_ascii=False, indent=2)


def _label(values: dict[str, object]) -> dict[str, object]:
    """The status as editors read it: "Bản nháp", not ``draft``."""
    return {**values, "status": STATUS_LABELS[str(values["status"])]}


def to_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADERS.values())
    for row in report.rows:
        writer.writerow(_label(asdict(row)).values())
    return out.getvalue()


def schedule_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PHASE_HEADERS.values())
    for phase in report.phases:
        values = asdict(phase)
        values["outstanding"] = "; ".join(phase.outstanding)
        writer.writerow([values[k] for k in PHASE_HEADERS])
    return out.getvalue()


def schedule_lines(report: Report, limit: int = 8) -> list[str]:
    if not report.phases:
        return []
    today = dt.date.fromisoformat(report.today)
    lines = ["", f"Tiến độ theo Kế hoạch (tính đến ngày {today.day}/{today.month}/{today.year}):"]
    cells = [["Giai đoạn", "Nội dung", "Tiến độ", "Tình trạng", "Còn lại"]]
    for p in report.phases:
        left = "" if p.state == "done" else f"{len(p.outstanding)} việc"
        if p.state == "overdue":
            left += f", trễ {-p.days_left} ngày"
        elif p.state == "due":
            left += f", còn {p.days_left} ngày"
        cells.append([p.phase, _clip(p.title, 44), p.due, p.state_label, left])
    widths = [max(len(r[i]) for r in cells) for i in range(len(cells[0]))]
    table = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cells]
    table.insert(1, "  ".join("-" * w for w in widths))
    lines += table
    for p in report.phases:
        if p.state == "done" or not p.outstanding:
            continue
        lines.append(f"Giai đoạn {p.phase} — {p.state_label.lower()}:")
        lines += [f"  - {item}" for item in p.outstanding[:limit]]
        if len(p.outstanding) > limit:
            lines.append(f"  … và {len(p.outstanding) - limit} việc khác")
    return lines


def to_table(report: Report) -> str:
    cols = ["kind", "title", "status", "authors", "unit", "words", "photos", "reviewers"]
    cols += ["approved_by", "approved_on"]
    cells = [[HEADERS[c] for c in cols]]
    for row in report.rows:
        values = _label(asdict(row))
        cells.append([_clip(str(values[c]), 38) for c in cols])
    widths = [max(len(r[i]) for r in cells) for i in range(len(cols))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)) for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    counts = ", ".join(f"{STATUS_LABELS[s]}: {n}" for s, n in report.counts.items())
    lines += ["", f"Tổng số: {len(report.rows)} bài — {counts}"]
    lines.append("Đơn vị chưa nộp bài: " + (", ".join(report.missing_units) or "không có"))
    if report.blockers:
        lines.append("Còn vướng trước khi phát hành:")
        lines += [f"  - {b}" for b in report.blockers]
    else:
        lines.append("Không còn vướng mắc trước khi phát hành.")
    lines += schedule_lines(report)
    return "\n".join(lines)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
