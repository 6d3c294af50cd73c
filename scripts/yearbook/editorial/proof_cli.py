"""``yearbook proof``: review packets for former leaders (plan II.1)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from ..cli_book import config_option


def _reply_by(book: object) -> str:
    from ..schedule import deadline

    for phase in book.config.schedule:  # type: ignore[attr-defined]
        if phase.track == "review":
            last = deadline(phase.due)
            return f"{last.day}/{last.month}/{last.year}"
    return ""


@click.command("proof")
@config_option
@click.option("--reviewer", help="Mã người (trong docs/data/people.yml) được xin ý kiến.")
@click.option("--chapter", help="Mã chương (tên tệp của chương, bỏ .md).")
@click.option("--all", "every", is_flag=True, help="Mỗi lãnh đạo của từng giai đoạn một tập.")
@click.option(
    "-d", "--out-dir", type=click.Path(file_okay=False, path_type=Path),
    help="Thư mục ghi tệp (mặc định: <site_dir>/proof).",
)  # fmt: skip
def proof(
    config_file: str, reviewer: str | None, chapter: str | None, every: bool, out_dir: Path | None
) -> None:
    """Dựng bản xin ý kiến (PDF có đánh số dòng, thư mời và phiếu góp ý) cho lãnh đạo các thời kỳ."""
    from ..buildinfo import build_datetime, commit_label
    from ..cli_book import load_book_config, load_mkdocs_config
    from ..loader import load_book
    from ..reviewers import reviewers_due
    from .proof import (
        ProofError,
        Written,
        packet_file,
        packet_for_chapter,
        packet_for_reviewer,
        packet_html,
        render_packet,
    )

    if sum(bool(x) for x in (reviewer, chapter, every)) != 1:
        raise click.UsageError("chọn đúng một trong --reviewer, --chapter hoặc --all")
    config = load_book_config(config_file)
    book = load_book(config)
    if book.problems.errors:
        raise click.ClickException(
            f"nội dung có {len(book.problems.errors)} lỗi; chạy 'yearbook check' rồi sửa trước"
        )
    target = out_dir or Path(load_mkdocs_config(config_file).site_dir) / "proof"
    when: dt.date = build_datetime().date()
    version = commit_label(config.project_dir) or "chưa có mã (ngoài git)"
    reply_by = _reply_by(book)
    try:
        if every:
            due = reviewers_due(book)
            if not due:
                raise ProofError("không có lãnh đạo nào có nhiệm kỳ trùng các giai đoạn")
            packets = [packet_for_reviewer(book, pid) for pid in due]
        elif reviewer:
            packets = [packet_for_reviewer(book, reviewer)]
        else:
            packets = [packet_for_chapter(book, chapter or "")]
    except ProofError as exc:
        raise click.ClickException(str(exc)) from exc
    written: list[Written] = []
    for packet in packets:
        html = packet_html(packet, book, when=when, version=version, reply_by=reply_by)
        path = packet_file(target, packet)
        written.append(Written(packet, path, render_packet(html, path)))
        click.echo(f"Đã dựng {_rel(path)} ({written[-1].pages} trang).")
    if every:
        click.echo("")
        click.echo(_summary(written))
    sys.exit(0)


def _summary(written: list) -> str:
    rows = [["Người được xin ý kiến", "Chức vụ, nhiệm kỳ", "Chương", "Số trang", "Tệp"]]
    for w in written:
        rows.append(
            [
                w.packet.title,
                "; ".join(w.packet.offices),
                ", ".join(w.packet.chapter_ids),
                str(w.pages),
                _rel(w.path),
            ]
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append(f"Tổng cộng: {len(written)} tập.")
    return "\n".join(lines)


def _rel(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()
