"""``yearbook import FILE.docx``: a unit's or the youth union's Word article into a draft page."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..cli_book import config_option
from ..problems import Problems


@click.command("import")
@config_option
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--kind",
    type=click.Choice(["unit", "essay", "chapter"]),
    required=True,
    help="Loại bài: unit (bài đơn vị), essay (bài viết của tuổi trẻ), chapter (chương giai đoạn).",
)
@click.option("--unit", default="", help="Mã đơn vị (trong docs/data/units.yml).")
@click.option("--period", default="", help="Giai đoạn, ví dụ 1994-1999 (bắt buộc với chapter).")
@click.option("--author", default="", help="Tác giả (mặc định: theo thuộc tính của tệp Word).")
@click.option("--title", default="", help="Tiêu đề (mặc định: đề mục đầu tiên của tài liệu).")
def import_command(
    config_file: str, source: Path, kind: str, unit: str, period: str, author: str, title: str
) -> None:
    """Nhập bài viết Word (.docx) thành bản nháp: nội dung, ảnh vào kho, chú thích vào bảng."""
    from ..cli_book import load_book_config, print_problems
    from ..loader import load_book
    from .pages import ImportError_, Request, import_docx

    if not source.is_file():
        raise click.ClickException(f"không tìm thấy tệp '{source}'")
    if source.suffix.lower() != ".docx":
        raise click.ClickException(
            f"'{source.name}' không phải .docx — trong Word hãy chọn Lưu thành 'Word Document (.docx)'"
        )
    config = load_book_config(config_file)
    book = load_book(config)
    problems = Problems(config.project_dir)
    request = Request(source, kind, unit=unit, period=period, author=author, title=title)
    try:
        result = import_docx(request, book, problems)
    except ImportError_ as exc:
        raise click.ClickException(str(exc)) from exc
    for problem in problems.sorted():
        click.echo(str(problem))
    click.echo(f"Đã tạo {problems.rel(result.page)} (bản nháp).")
    new = [p for p in result.photos if p.new]
    if new:
        click.echo(f"Đã lưu {len(new)} ảnh vào kho ảnh: " + ", ".join(p.rel for p in new))
    if result.caption_rows:
        click.echo(f"Đã thêm {result.caption_rows} dòng vào {problems.rel(config.captions_path)}.")
    click.echo("Kiểm tra lại toàn bộ nội dung (yearbook check):")
    after = load_book(config)
    print_problems(after.problems)
    sys.exit(1 if after.problems.errors or problems.errors else 0)
