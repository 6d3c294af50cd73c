"""Attach our editions, template folder and hook module to the with-pdf plugin.

with-pdf 0.9.3 finds ``templates/`` and ``pdf_event_hook.py`` relative to the
working directory, so a build started elsewhere silently loses the cover and
the hooks. ``install`` is called by the yearbook plugin once every plugin is
configured (``on_pre_build``) and points with-pdf at absolute locations in
this package. It is idempotent: ``mkdocs serve`` rebuilds call it again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..buildinfo import build_datetime, commit_label, vietnamese_date
from ..settings import book_title, cover_subtitle, running_head
from . import hook
from .generator import EditionGenerator
from .render import TEMPLATE_DIR
from .settings import PdfSettings, PrintSpec, default_editions, parse_trim


def settings_from_config(
    yearbook: Any, output_path: str, project_dir: Path, commit: str | None = None
) -> PdfSettings:
    """Map the ``yearbook`` plugin config (with its ``pdf`` subconfig) onto PdfSettings."""
    pdf = yearbook.pdf
    return PdfSettings(
        trim_mm=parse_trim(pdf.trim),
        editions=default_editions(
            output=output_path,
            screen_dpi=pdf.screen_dpi,
            screen_jpeg_quality=pdf.screen_jpeg_quality,
            print_output=pdf.print_output if pdf.print_edition else None,
            print_dpi=pdf.print_dpi,
            bleed_mm=float(pdf.bleed_mm),
            marks=pdf.marks,
            archive_output=pdf.archive_output if pdf.archive else None,
            print_variant=pdf.pdf_variant,
        ),
        prepress=print_spec(pdf, project_dir),
        photos_dir=(project_dir / yearbook.photos.output).resolve(),
        chapters_dir=yearbook.chapters_dir,
        units_dir=yearbook.units_dir,
        essays_dir=yearbook.essays_dir,
        foreword=yearbook.foreword,
        cover_photo=pdf.cover_photo,
        title=book_title(yearbook),
        organization=yearbook.organization,
        cover_title=yearbook.cover.title,
        cover_subtitle=cover_subtitle(yearbook),
        cover_place=yearbook.cover.place,
        back_note=yearbook.cover.back_note,
        running_head=running_head(yearbook),
        colours={
            "red": yearbook.design.pdf_primary or yearbook.design.primary,
            "gold": yearbook.design.pdf_accent or yearbook.design.accent,
        },
        years=f"{yearbook.start_year}–{yearbook.end_year}",
        edition=yearbook.edition,
        release_date=yearbook.release_date,
        printer=pdf.printer,
        commit=commit_label(project_dir) if commit is None else commit,
        build_date=vietnamese_date(build_datetime()),
        build_iso=build_datetime().isoformat(timespec="seconds"),
    )


def print_spec(pdf: Any, project_dir: Path) -> PrintSpec:
    """The ``pdf:`` options of the print edition's prepress."""
    return PrintSpec(
        pdf_variant=pdf.pdf_variant,
        colour_profile=pdf.colour_profile,
        rendering_intent=pdf.rendering_intent,
        tac_percent=float(pdf.tac_percent),
        page_multiple=int(pdf.page_multiple),
        crop_marks=pdf.crop_marks and pdf.marks.strip().lower() not in ("", "none"),
        slug_mm=float(pdf.slug_mm),
        cover_output=pdf.cover_output,
        paper=pdf.paper,
        paper_caliper_mm=float(pdf.paper_caliper_mm),
        cover_paper=pdf.cover_paper,
        binding=pdf.binding,
        quantity=pdf.quantity,
        spec_sheet=pdf.spec_sheet,
        project_dir=project_dir,
    )


def install(pdf_plugin: Any, settings: PdfSettings, enabled: bool = True) -> bool:
    """Point a configured with-pdf plugin at our template, hook and editions."""
    if not getattr(pdf_plugin, "enabled", False) or pdf_plugin.generator is None:
        return False
    if not enabled:
        pdf_plugin.enabled = False
        return False
    options = pdf_plugin._options
    options.custom_template_path = str(TEMPLATE_DIR)
    options.toc_title = "Mục lục"
    options.ordered_chapter_level = 0
    options._hook._module = hook
    generator = pdf_plugin.generator
    if not isinstance(generator, EditionGenerator):
        generator.__class__ = EditionGenerator
    generator.yearbook_settings = settings
    return True
