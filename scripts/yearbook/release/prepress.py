"""MkDocs glue of the print checks: the gate's prepress item and ``yearbook preflight``.

The checks themselves read PDFs only (``yearbook.pdf.preflight``); this module
maps the book's ``mkdocs.yml`` onto what they expect and where the files are.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from .gate import Check, check_print

PDF_PLUGIN = "with-pdf"


def _print_settings(config: Any) -> tuple[Any, Any] | None:
    """(PdfSettings, print Edition) of a loaded MkDocs config, or None without a print edition."""
    from ..pdf.printjob import print_edition_of
    from ..pdf.wiring import settings_from_config

    pdf_plugin = config.plugins.get(PDF_PLUGIN)
    yearbook = config.plugins.get("yearbook")
    if pdf_plugin is None or yearbook is None or not yearbook.config.pdf.print_edition:
        return None
    project = Path(config.config_file_path).resolve().parent
    settings = settings_from_config(
        yearbook.config, str(pdf_plugin.config["output_path"]), project, commit=""
    )
    edition = print_edition_of(settings)
    return (settings, edition) if edition is not None else None


def print_preflight(config: Any, site: Path | None) -> Check | None:
    """The gate's prepress item: preflight of the print PDF and cover in the built ``site``."""
    from ..pdf.printjob import check_print_files

    try:
        found = _print_settings(config)
    except ValueError as exc:
        return check_print(None, str(exc))
    if found is None:
        return None
    if site is None:
        return check_print(None, "không dựng được trang web nên không có bản in")
    settings, edition = found
    reports = check_print_files(settings, edition, site, write=False)
    return check_print(list(reports))


def preflight_command(config_file: str, site_dir: str | None, echo: Callable[[str], None]) -> int:
    """``yearbook preflight``: check the built print files, rewrite the spec sheet; exit code."""
    from mkdocs.config import load_config

    from ..pdf.printjob import check_print_files

    config = load_config(config_file)
    try:
        found = _print_settings(config)
    except ValueError as exc:
        echo(f"lỗi: {exc}")
        return 1
    if found is None:
        echo("lỗi: sách chưa bật bản in (pdf.print_edition và plugin 'with-pdf' trong mkdocs.yml)")
        return 1
    settings, edition = found
    site = Path(site_dir or config.site_dir).resolve()
    if not (site / edition.output).is_file():
        echo(f"lỗi: chưa có {edition.output} trong {site}: chạy 'yearbook build' trước")
        return 1
    reports = check_print_files(settings, edition, site)
    for report in reports:
        for line in report.lines():
            echo(line)
        echo("")
    sheet = site / settings.prepress.spec_sheet
    echo(f"Thông số kỹ thuật in: {sheet.with_suffix('.txt')} và {sheet.with_suffix('.html')}")
    return 0 if all(r.ok for r in reports) else 1
