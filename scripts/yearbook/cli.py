"""The ``yearbook`` command: build, serve, check, status, new, photos.

Built with click, as MkDocs is. Every subcommand reads the same
``mkdocs.yml``, so ``mkdocs build`` and ``yearbook build`` give the same site.
"""

from __future__ import annotations

import logging
import os
import string
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import click

from .book import Book
from .cli_book import (
    DEFAULT_CONFIG,
    config_option,
    load_book_config,
    load_mkdocs_config,
    print_problems,
)
from .loader import load_book
from .text import slugify


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    package_name="kyyeu-so", message="yearbook %(version)s", help="Hiện phiên bản rồi thoát."
)
@click.pass_context
def main(ctx: click.Context) -> None:
    """Kỷ yếu số: dựng trang web và bản PDF của kỷ yếu từ Markdown."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")
    if ctx.invoked_subcommand == "photos" and Path(DEFAULT_CONFIG).is_file():
        # `yearbook photos` takes its defaults from mkdocs.yml's `photos:`, as the build does.
        from .photos.settings import photo_settings

        mk = load_mkdocs_config(DEFAULT_CONFIG)
        plugin = mk.plugins.get("yearbook")
        if plugin is not None:
            project = Path(DEFAULT_CONFIG).resolve().parent
            ctx.obj = {"photo_settings": photo_settings(plugin.config, project)}


@main.command()
@config_option
@click.option(
    "--release",
    is_flag=True,
    help="Kiểm tra trước khi phát hành: phê duyệt, ảnh, đánh dấu mẫu, liên kết, PDF.",
)
def check(config_file: str, release: bool) -> None:
    """Kiểm tra toàn bộ nội dung và dữ liệu; in mọi lỗi theo dạng tệp:dòng:cột."""
    if release:
        from .release.build import check_release

        _setup_logging(logging.WARNING)
        load_mkdocs_config(config_file)
        sys.exit(check_release(config_file, click.echo))
    book = load_book(load_book_config(config_file))
    print_problems(book.problems)
    sys.exit(1 if book.problems.errors else 0)


@main.command()
@config_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="Định dạng báo cáo.",
)
@click.option(
    "--today", help="Tính tiến độ như vào ngày này, ví dụ 15/02/2020 (mặc định: hôm nay)."
)
@click.option("--schedule", "only_schedule", is_flag=True, help="Chỉ in tiến độ theo Kế hoạch.")
def status(config_file: str, fmt: str, today: str | None, only_schedule: bool) -> None:
    """Báo cáo tiến độ biên tập: trạng thái, tác giả, thẩm định, phê duyệt, hạn theo Kế hoạch."""
    from .dates import DateError
    from .schedule import parse_today
    from .status import build_report, schedule_csv, schedule_lines, to_csv, to_json, to_table

    try:
        when = parse_today(today) if today else None
    except DateError as exc:
        raise click.BadParameter(str(exc), param_hint="--today") from exc
    book: Book = load_book(load_book_config(config_file))
    report = build_report(book, when)
    if only_schedule:
        writers = {
            "table": lambda r: "\n".join(schedule_lines(r)[1:]) or "Chưa khai báo 'schedule:'.",
            "json": lambda r: to_json(r),
            "csv": schedule_csv,
        }
        click.echo(writers[fmt](report).rstrip("\n"))
        return
    click.echo({"table": to_table, "json": to_json, "csv": to_csv}[fmt](report).rstrip("\n"))


@main.command()
@config_option
@click.option("-d", "--site-dir", type=click.Path(file_okay=False), help="Thư mục đã dựng.")
def preflight(config_file: str, site_dir: str | None) -> None:
    """Kiểm tra bản in PDF trước khi gửi nhà in và ghi thông số kỹ thuật in."""
    from .release.prepress import preflight_command

    load_mkdocs_config(config_file)
    sys.exit(preflight_command(config_file, site_dir, click.echo))


def _setup_logging(level: int = logging.INFO) -> None:
    """Show MkDocs' log as ``mkdocs`` does, on the current stderr (it may be redirected)."""
    from mkdocs.__main__ import ColorFormatter

    root = logging.getLogger("mkdocs")
    handler = next((h for h in root.handlers if getattr(h, "yearbook", False)), None)
    if not isinstance(handler, logging.StreamHandler):
        handler = logging.StreamHandler()
        handler.yearbook = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    handler.setStream(sys.stderr)
    # Colours for a terminal; plain text for logs and files, where escape codes are noise.
    tty = hasattr(sys.stderr, "isatty") and sys.stderr.isatty()
    handler.setFormatter(
        ColorFormatter() if tty else logging.Formatter("%(levelname)-8s-  %(message)s")
    )
    root.setLevel(level)


@main.command()
@config_option
@click.option(
    "--preview", is_flag=True, help="Bản xem trước: gồm cả bản nháp và bài đang thẩm định."
)
@click.option("--no-pdf", is_flag=True, help="Không dựng bản PDF (nhanh hơn).")
@click.option("--strict", is_flag=True, help="Coi mọi cảnh báo của MkDocs là lỗi.")
@click.option("-d", "--site-dir", type=click.Path(file_okay=False), help="Thư mục xuất.")
@click.option(
    "--release",
    is_flag=True,
    help="Bản phát hành: kiểm tra trước khi phát hành, rồi dựng trang web, PDF, bản ngoại "
    "tuyến và release.json (tái lập được theo SOURCE_DATE_EPOCH).",
)
@click.option("--offline", is_flag=True, help="Dựng thêm bản ngoại tuyến (.zip, mở từ đĩa).")
@click.option("--edition", help="Tên ấn bản in trên trang xuất bản (với --release).")
@click.option("--release-date", help="Ngày phát hành, ví dụ 28/8/2020 (với --release).")
def build(
    config_file: str,
    preview: bool,
    no_pdf: bool,
    strict: bool,
    site_dir: str | None,
    release: bool,
    offline: bool,
    edition: str | None,
    release_date: str | None,
) -> None:
    """Dựng trang web (và bản PDF) vào thư mục site/."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort, MkDocsException

    from .configfile import PDF_PLUGIN, plugins

    if site_dir:
        _guard_site_dir(config_file, site_dir)
    if release or offline:
        if preview or (release and no_pdf):
            raise click.UsageError("--release/--offline không dùng cùng --preview, --no-pdf")
        load_mkdocs_config(config_file)
    if release:
        from .release.build import release as release_build

        _setup_logging(logging.WARNING)
        target = Path(site_dir) if site_dir else None
        sys.exit(
            release_build(
                config_file,
                target,
                click.echo,
                edition=edition,
                release_date=release_date,
                offline=True,
            )
        )
    _setup_logging()
    overrides: dict[str, Any] = {"strict": strict}
    if no_pdf or preview:
        # A fresh list: MkDocs changes a ``plugins=`` override in place.
        drop = (PDF_PLUGIN,) if no_pdf else ()
        yearbook = {"preview": True} if preview else None
        overrides["plugins"] = plugins(config_file, drop=drop, yearbook=yearbook)
    if site_dir:
        overrides["site_dir"] = site_dir
    try:
        config = load_mkdocs_config(config_file, **overrides)
        mkdocs_build(config)
    except Abort as exc:
        # MkDocs' own words ("Aborted with a BuildError!"); the reasons are logged above.
        raise click.ClickException("dựng thất bại — xem các dòng LỖI/ERROR ở trên") from exc
    except MkDocsException as exc:
        raise click.ClickException(str(exc)) from exc
    if offline:
        from .release.build import offline_only

        sys.exit(offline_only(config_file, Path(site_dir) if site_dir else None, click.echo))


def _guard_site_dir(config_file: str, site_dir: str) -> None:
    """Refuse ``-d`` at a source folder in Vietnamese, before MkDocs' own English check."""
    from .outputs import UnsafeOutput
    from .release.build import guard_target

    try:
        # MkDocs takes a relative site_dir from the config file's folder; so does this check.
        target = Path(config_file).resolve().parent / site_dir
        guard_target(load_mkdocs_config(config_file), target.resolve())
    except UnsafeOutput as exc:
        raise click.ClickException(str(exc)) from None


@main.command()
@config_option
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True)
@click.option("--pdf", is_flag=True, help="Dựng cả bản PDF mỗi lần thay đổi (chậm).")
def serve(config_file: str, dev_addr: str, pdf: bool) -> None:
    """Xem trước trực tiếp (gồm bản nháp), tự tải lại khi sửa nội dung.

    Bản PDF được dựng khi mở địa chỉ /_yearbook/pdf trên máy chủ xem trước.
    """
    from mkdocs.exceptions import MkDocsException

    from .serve import Preview

    _setup_logging()
    if not Path(config_file).is_file():
        raise click.ClickException(f"không tìm thấy tệp cấu hình '{config_file}'")
    _check_port(dev_addr)
    try:
        Preview(config_file, dev_addr, pdf=pdf).run()
    except MkDocsException as exc:
        raise click.ClickException(str(exc)) from exc


def _check_port(dev_addr: str) -> None:
    """A busy port is a Vietnamese message before anything is built, not an OSError."""
    import socket

    host, _, port = dev_addr.rpartition(":")
    if not port.isdigit():
        raise click.BadParameter(f"'{dev_addr}' phải có dạng máy:cổng, ví dụ 127.0.0.1:8000")
    host = host.strip("[]") or "127.0.0.1"
    try:
        family = socket.getaddrinfo(host, int(port), type=socket.SOCK_STREAM)[0][0]
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
            probe.bind((host, int(port)))
    except OSError as exc:
        raise click.ClickException(
            f"không mở được máy chủ xem trước ở {dev_addr}: cổng {port} đang được dùng hoặc "
            f"không dùng được ({exc.strerror or exc}); có thể một 'yearbook serve' khác đang "
            f"chạy — hãy tắt nó hoặc chọn cổng khác, ví dụ: yearbook serve -a {host}:"
            f"{int(port) + 1}"
        ) from None


KIND_DIRS = {"chapter": "chapters_dir", "unit": "units_dir", "essay": "essays_dir"}


@main.command()
@config_option
@click.argument("kind", type=click.Choice(["chapter", "unit", "essay"]))
@click.argument("title")
@click.option("--start", "start_year", type=int, help="Năm bắt đầu giai đoạn (chương).")
@click.option("--end", "end_year", type=int, help="Năm kết thúc giai đoạn (chương).")
@click.option("--order", type=int, help="Thứ tự chương trong sách.")
@click.option("--unit", default="", help="Mã đơn vị (trong docs/data/units.yml).")
@click.option("--author", default="Tổ Biên tập", show_default=True, help="Tác giả.")
def new(
    config_file: str,
    kind: str,
    title: str,
    start_year: int | None,
    end_year: int | None,
    order: int | None,
    unit: str,
    author: str,
) -> None:
    """Tạo bài mới từ khung thu thập thông tin (chương, bài đơn vị, bài viết của tuổi trẻ)."""
    from .text import nfc

    config = load_book_config(config_file)
    title = nfc(title.strip())
    slug = slugify(title)
    if not slug:
        raise click.ClickException("tiêu đề phải có ít nhất một chữ hoặc số")
    if kind == "chapter" and (start_year is None or end_year is None):
        raise click.ClickException("chương cần --start và --end (năm bắt đầu, kết thúc)")
    if kind == "unit" and not unit:
        raise click.ClickException("bài đơn vị cần --unit (mã đơn vị trong units.yml)")
    youth = config.youth_unit
    if kind == "essay" and not unit and youth and youth in load_book(config).units:
        unit = youth  # essays come from the youth unit (``youth_unit``) unless told otherwise
    folder = config.docs_dir / getattr(config, KIND_DIRS[kind])
    target = folder / f"{slug}.md"
    if target.exists():
        raise click.ClickException(f"{_rel(target)} đã có; không ghi đè")
    if kind == "chapter" and order is None:
        order = len(list(folder.glob("*.md"))) if folder.is_dir() else 1
    template = resources.files("yearbook").joinpath(f"templates/new/{kind}.md").read_text("utf-8")
    text = string.Template(template).substitute(
        title=title.replace('"', "'"),
        start_year=start_year or "",
        end_year=end_year or "",
        order=order if order is not None else "",
        unit=unit,
        author=author.replace('"', "'"),
    )
    if not unit:
        text = "\n".join(line for line in text.split("\n") if line != "unit: ")
    folder.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".md.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)
    click.echo(f"Đã tạo {_rel(target)}")


@main.command()
@click.argument("directory", type=click.Path(file_okay=False))
@click.option(
    "--organization", required=True, help="Tên đơn vị, ví dụ 'Sở Tư pháp tỉnh Bình Định'."
)
@click.option(
    "--title", required=True, help="Tên sách, ví dụ 'Kỷ yếu 25 năm xây dựng và trưởng thành'."
)
@click.option("--years", required=True, help="Khoảng năm của sách, ví dụ 1995-2020.")
@click.option(
    "--periods", help="Các giai đoạn, ví dụ 1995-2000,2000-2010,2010-2020 (mặc định: 5 năm)."
)
@click.option(
    "--trim", default="A4", show_default=True, help="Khổ sách: A4, A5, B5 hoặc 'rộngxcao' mm."
)
def init(
    directory: str, organization: str, title: str, years: str, periods: str | None, trim: str
) -> None:
    """Tạo một cuốn kỷ yếu mới (trống) trong thư mục DIRECTORY."""
    from .newbook import InitError, make_book, write_book

    try:
        book = make_book(organization, title, years, periods, trim)
        written = write_book(Path(directory), book)
    except InitError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Đã tạo kỷ yếu mới trong {directory} ({len(written)} tệp).")
    click.echo(f"Tiếp theo: cd {directory} && yearbook check && yearbook serve")


def _rel(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _register_photos() -> None:
    try:
        from .photos.cli import photos
    except ImportError:  # the photo pipeline is optional while it is being built
        return
    main.add_command(photos)


_register_photos()


def _register_editorial() -> None:
    """Editorial workflow commands: import (plan I.3), proof (plan II.1)."""
    from .editorial.proof_cli import proof
    from .importer.cli import import_command

    main.add_command(import_command)
    main.add_command(proof)


_register_editorial()


def run() -> None:
    """Console entry point: click's own messages in Vietnamese, then the command.

    The last resort against tracebacks: any unexpected error prints "lỗi nội bộ" with
    the path of a log file holding the traceback, and exits 2.
    """
    from .cli_vi import install

    install()
    try:
        main()
    except Exception as exc:  # click has already handled its own errors and exits
        from .crash import report_internal_error

        sys.exit(report_internal_error(exc))
