"""The book a command works on: its ``mkdocs.yml``, the content settings read from it,
and how its problems are printed.

Shared by ``cli.py`` and the sub-commands it registers (``import``, ``proof``), so that
none of them imports ``cli.py`` back: ``cli.py`` holds the command group and imports
the sub-CLIs, never the other way round.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .model import BookConfig
from .problems import Problems

DEFAULT_CONFIG = "mkdocs.yml"


def config_option(func: Any) -> Any:
    return click.option(
        "-f",
        "--config-file",
        type=click.Path(dir_okay=False),
        default=DEFAULT_CONFIG,
        show_default=True,
        help="Tệp cấu hình MkDocs của kỷ yếu.",
    )(func)


def load_mkdocs_config(config_file: str, **overrides: Any) -> Any:
    from mkdocs.config import load_config

    if not Path(config_file).is_file():
        raise click.ClickException(f"không tìm thấy tệp cấu hình '{config_file}'")
    return load_config(config_file, **overrides)


def load_book_config(config_file: str) -> BookConfig:
    from .web.bookconfig import book_config

    mk = load_mkdocs_config(config_file)
    plugin = mk.plugins.get("yearbook")
    if plugin is None:
        raise click.ClickException(f"'{config_file}' chưa khai báo plugin 'yearbook'")
    return book_config(plugin.config, mk)


def print_problems(problems: Problems) -> None:
    for problem in problems.sorted():
        click.echo(str(problem))
    errors, warnings = len(problems.errors), len(problems.warnings)
    if errors or warnings:
        click.echo(f"Tổng cộng: {errors} lỗi, {warnings} cảnh báo.", err=True)
    else:
        click.echo("Không có lỗi.", err=True)
