"""``yearbook photos``: process the archive; ``yearbook photos sheet``: fill the caption sheet.

The main CLI adds this group with ``main.add_command(photos)``. Defaults come
from :class:`PhotoSettings`; the lead's config loader may pass a prepared
settings object through ``ctx.obj["photo_settings"]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..buildrun import BuildBusy, build_lock
from ..problems import Problems
from .ids import walk_archive
from .pipeline import match_rows, run
from .settings import PhotoSettings
from .sheet import read_sheet
from .sheet_dates import guess_date
from .sheet_rows import write_rows


def _base_settings(ctx: click.Context) -> PhotoSettings:
    obj = ctx.find_root().obj
    if isinstance(obj, dict) and isinstance(obj.get("photo_settings"), PhotoSettings):
        return obj["photo_settings"]
    return PhotoSettings()


def _print_problems(problems: Problems) -> None:
    for problem in problems.sorted():
        click.echo(str(problem), err=True)


@click.group(invoke_without_command=True)
@click.option("--archive", type=click.Path(path_type=Path), help="Thư mục kho ảnh gốc.")
@click.option("--output", type=click.Path(path_type=Path), help="Thư mục ảnh đã xử lý.")
@click.option("--jobs", type=click.IntRange(min=0), help="Số tiến trình (0: theo số nhân CPU).")
@click.option("--release", is_flag=True, help="Bản phát hành: ảnh thiếu chú thích là lỗi.")
@click.pass_context
def photos(
    ctx: click.Context,
    archive: Path | None,
    output: Path | None,
    jobs: int | None,
    release: bool,
) -> None:
    """Xử lý kho ảnh: tạo ảnh web, ảnh in và manifest.json."""
    settings = _base_settings(ctx)
    changes: dict[str, object] = {}
    if archive is not None:
        changes["archive"] = archive
    if output is not None:
        changes["output"] = output
    if jobs is not None:
        changes["jobs"] = jobs
    if release:
        changes["release"] = True
    settings = settings.with_(**changes)
    ctx.obj = {**(ctx.obj or {}), "photo_settings": settings}
    if ctx.invoked_subcommand is not None:
        return
    try:  # a build running now writes the same photo cache: wait for it
        lock = build_lock(settings.root, lambda message: click.echo(message, err=True))
        with lock, click.progressbar(length=0, label="Xử lý ảnh", file=sys.stderr) as bar:

            def progress(done: int, total: int) -> None:
                bar.length = total
                bar.update(done - bar.pos)

            report = run(settings, progress=progress)
    except BuildBusy as exc:
        raise click.ClickException(str(exc)) from None
    _print_problems(report.problems)
    click.echo(report.summary())
    ctx.exit(report.exit_code)


@photos.command("sheet")
@click.option(
    "--xlsx", "as_xlsx", is_flag=True, help="Tạo bảng chú thích dạng Excel (captions.xlsx)."
)
@click.pass_context
def sheet(ctx: click.Context, as_xlsx: bool) -> None:
    """Thêm vào bảng chú thích một dòng trống cho mỗi ảnh chưa có dòng."""
    settings: PhotoSettings = ctx.obj["photo_settings"]
    problems = Problems(root=settings.root)
    path = settings.captions_path
    if as_xlsx:
        from .sheet_xlsx import xlsx_target

        path = xlsx_target(path, settings.archive_dir, problems)
        if path is None:
            _print_problems(problems)
            ctx.exit(1)
    parsed = read_sheet(path, problems)
    if problems.errors:
        _print_problems(problems)
        click.echo(f"Không sửa {problems.rel(path)} vì bảng đang có lỗi.", err=True)
        ctx.exit(1)
    # The rows the build would match (backslashes, "./", NFC …): never a second row for them.
    files = [f for f in walk_archive(settings.archive_dir) if f.outside_target is None]
    matched = match_rows(parsed, files, Problems(root=settings.root))
    missing = [f.rel for f in files if f.rel not in matched]
    # New rows only: the date cell starts as a guess (EXIF, else a year in the file name).
    rows = [{"file": f.rel, "date": guess_date(f.path)} for f in files if f.rel not in matched]
    if path.suffix.lower() == ".xlsx":
        from .sheet_xlsx import append_rows as append_xlsx

        if not append_xlsx(path, rows, problems, create=True):
            _print_problems(problems)
            ctx.exit(1)
    elif not write_rows(parsed, rows, problems):
        _print_problems(problems)
        ctx.exit(1)
    _print_problems(problems)
    click.echo(f"Đã thêm {len(missing)} dòng vào {problems.rel(path)}.")
