"""Render the shared print document once per edition with WeasyPrint.

The document (HTML) is the same for every edition; each edition adds its page
box (trim size, bleed, crop marks), swaps in its photo derivatives and writes
with its own options (dpi, JPEG quality, PDF/A variant).
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sass
from bs4 import BeautifulSoup
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from .fetcher import BuildFetcher, refusal_error
from .images import load_manifest, resolve_images
from .settings import Edition, PdfSettings, margins_mm

DEBUG_ENV = "YEARBOOK_PDF_HTML"
TEMPLATE_DIR = Path(__file__).resolve().parent / "template"

log = logging.getLogger("mkdocs.plugins.yearbook.pdf")


@dataclass(frozen=True)
class Written:
    edition: Edition
    path: Path
    seconds: float
    size: int


def book_stylesheet(
    template_dir: Path = TEMPLATE_DIR, colours: dict[str, str] | None = None
) -> str:
    """``styles.scss`` compiled with the book's design tokens (its ``!default`` variables)."""
    prelude = "".join(f"${name}: {value};\n" for name, value in (colours or {}).items())
    source = (template_dir / "styles.scss").read_text("utf-8")
    return sass.compile(string=prelude + source, include_paths=[str(template_dir)])


def css_string(text: str) -> str:
    """A CSS string literal (for ``string-set``)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def page_css(settings: PdfSettings, edition: Edition) -> str:
    """The page box of one edition; the print edition adds bleed and printer's marks."""
    width, height = settings.trim_mm
    top, inside, bottom, outside = margins_mm(settings.trim_mm)
    css = [
        # The running head of left-hand pages: the book's own words (``pdf.running_head``).
        f"html {{ string-set: booktitle {css_string(settings.running_head or settings.title)}; }}",
        f"@page {{ size: {width}mm {height}mm; margin: {top}mm {outside}mm {bottom}mm {inside}mm; }}",
        f"@page :left {{ margin-left: {outside}mm; margin-right: {inside}mm; }}",
        f"@page :right {{ margin-left: {inside}mm; margin-right: {outside}mm; }}",
    ]
    if edition.bleed_mm:
        # WeasyPrint's own marks are RGB and inside the bleed: yearbook.pdf.prepress draws ours.
        css.append(f"@page {{ bleed: {edition.bleed_mm}mm; marks: none; }}")
        for name in ("cover", "title-page"):
            css.append(f"@page {name} {{ bleed: {edition.bleed_mm}mm; marks: none; }}")
    return "\n".join(css)


def edition_html(
    html: str,
    settings: PdfSettings,
    edition: Edition,
    manifest: dict[str, dict[str, Any]],
    prepare: Any = None,
) -> str:
    """The document of one edition; ``prepare(soup)`` adapts it further (the print edition)."""
    soup = BeautifulSoup(html, "html.parser")
    resolve_images(
        soup,
        manifest,
        settings.photos_dir,
        edition.images,
        text_width_mm=settings.text_width_mm,
        dpi=edition.dpi,
        print_dpi=next((e.dpi for e in settings.editions if e.images == "print"), 300),
    )
    for label in soup.select(".pdf-edition-label"):
        label.string = edition.label
    if prepare is not None:
        prepare(soup)
    return str(soup)


def render_editions(
    html: str,
    settings: PdfSettings,
    site_dir: Path,
    *,
    template_dir: Path = TEMPLATE_DIR,
    only: tuple[str, ...] = (),
    page_sources: dict[str, str] | None = None,
) -> list[Written]:
    font_config = FontConfiguration()
    base_url = template_dir.as_uri() + "/"
    book_text = book_stylesheet(template_dir, settings.colours)
    book_css = CSS(string=book_text, base_url=base_url, font_config=font_config)
    manifest = load_manifest(settings.photos_dir)  # the same for every edition
    written: list[Written] = []
    for edition in settings.editions:
        if only and edition.name not in only:
            continue
        start = time.perf_counter()
        target = site_dir / edition.output
        target.parent.mkdir(parents=True, exist_ok=True)
        options: dict[str, object] = {}
        if edition.images == "web":
            # Downsample what is still above the screen dpi; print derivatives stay untouched
            # (WeasyPrint re-saves downsampled JPEGs at quality 75).
            options["dpi"] = edition.dpi
        if edition.jpeg_quality:
            options["jpeg_quality"] = edition.jpeg_quality
        if edition.pdf_variant:
            options["pdf_variant"] = edition.pdf_variant
        job = None
        edition_css = book_css
        prepare = None
        if edition.name == "print":
            from .printjob import PrintJob

            job = PrintJob(settings, edition)
            edition_css = CSS(
                string=job.stylesheet(book_text), base_url=base_url, font_config=font_config
            )
            prepare = job.prepare
        document = edition_html(html, settings, edition, manifest, prepare)
        if os.environ.get(DEBUG_ENV):  # the exact HTML WeasyPrint lays out, for stylesheet work
            target.with_suffix(".html").write_text(document, encoding="utf-8")
        # Only this build's files: a page naming any other file or URL fails the build.
        roots = [template_dir, site_dir]
        if job is not None:  # the output profile (@color-profile)
            roots.append(job.converter.profile.path.parent)
        fetcher = BuildFetcher(roots, settings.photos_dir)
        out = target if job is None else target.with_name(f".{target.name}.weasy")
        HTML(string=document, base_url=base_url, url_fetcher=fetcher).write_pdf(
            out,
            stylesheets=[
                edition_css,
                CSS(string=page_css(settings, edition), font_config=font_config),
            ],
            font_config=font_config,
            **options,
        )
        if fetcher.refused:
            target.unlink(missing_ok=True)
            out.unlink(missing_ok=True)
            raise refusal_error(document, base_url, fetcher, edition.output, page_sources)
        if job is not None:
            job.finish(out, target, site_dir, base_url=base_url, fetcher=fetcher)
        seconds = time.perf_counter() - start
        written.append(Written(edition, target, seconds, target.stat().st_size))
        log.info(
            "PDF %s: %s (%.1f MB, %.1f s)",
            edition.label,
            target,
            target.stat().st_size / 1e6,
            seconds,
        )
    return written
