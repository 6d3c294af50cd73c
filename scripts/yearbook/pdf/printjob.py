"""One print edition from start to finish: CMYK document, prepress, cover, preflight, sheet.

``render.render_editions`` asks a ``PrintJob`` for the print edition's
stylesheet and document changes, writes the PDF with WeasyPrint, then hands
the file back to ``finish``: the prepress pass (boxes, marks, page count,
PDF/X metadata), the cover spread, the preflight of both files (its findings
go to the build log, so a small photo is reported at build time) and the
printer's specification sheet.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup

from . import prepress
from .colour import CmykConverter, output_profile
from .cover import CoverSize, render_cover, spine_width_mm
from .images import PHOTO_URL, load_manifest, needed_pixels
from .preflight import Expect, Report, photo_names, preflight
from .print_edition import CMYK_DIR, PrintPhotos, print_document, print_stylesheet
from .settings import Edition, PdfSettings, cover_output_for
from .specsheet import build_sheet, file_entry, write_sheet

log = logging.getLogger("mkdocs.plugins.yearbook.pdf")


def converter_for(settings: PdfSettings) -> CmykConverter:
    spec = settings.prepress
    profile = output_profile(spec.colour_profile, spec.project_dir)
    return CmykConverter(profile, spec.rendering_intent, spec.tac_percent)


def geometry_for(settings: PdfSettings, edition: Edition) -> prepress.Geometry:
    spec = settings.prepress
    return prepress.Geometry(
        trim_mm=settings.trim_mm,
        bleed_mm=edition.bleed_mm,
        slug_mm=spec.slug_mm,
        crop_marks=spec.crop_marks and "crop" in edition.marks,
        registration_marks=spec.crop_marks and "cross" in edition.marks,
        page_multiple=spec.page_multiple,
    )


def expect_for(
    settings: PdfSettings, edition: Edition, names: dict[str, str] | None = None
) -> Expect:
    spec = settings.prepress
    geometry = geometry_for(settings, edition)
    return Expect(
        trim_mm=settings.trim_mm,
        bleed_mm=edition.bleed_mm,
        page_multiple=spec.page_multiple,
        pdf_variant=edition.pdf_variant or "",
        tac_percent=spec.tac_percent,
        warn_ppi=spec.warn_ppi,
        error_ppi=spec.error_ppi,
        marks=geometry.has_marks,
        photo_names=names or {},
    )


def manifest_photo_names(settings: PdfSettings, converter: CmykConverter) -> dict[str, str]:
    """Image-name hashes of every photo's print and CMYK derivative (for a standalone check)."""
    manifest = load_manifest(settings.photos_dir)
    urls: dict[str, str] = {}
    sources: dict[str, str] = {}
    for pid, entry in manifest.items():
        rel = (entry.get("print") or {}).get("file")
        if not rel:
            continue
        sources[pid] = str(entry.get("source") or "")
        urls[PHOTO_URL + rel] = pid
        urls[f"{PHOTO_URL}{CMYK_DIR}/{converter.key}/{Path(rel).name}"] = pid
    return photo_names(urls, sources)


class PrintJob:
    def __init__(self, settings: PdfSettings, edition: Edition) -> None:
        self.settings = settings
        self.edition = edition
        self.converter = converter_for(settings)
        self.photos = PrintPhotos()
        self.report: Report | None = None
        self.cover_report: Report | None = None

    def stylesheet(self, book_css: str) -> str:
        return print_stylesheet(book_css, self.converter, self.settings.trim_mm)

    def prepare(self, soup: BeautifulSoup) -> None:
        warn_small_photos(soup, self.settings)
        self.photos = print_document(soup, self.settings, self.converter)

    def finish(
        self, written: Path, target: Path, site_dir: Path, *, base_url: str, fetcher: Any
    ) -> None:
        settings, edition, spec = self.settings, self.edition, self.settings.prepress
        counts = prepress.finish(
            written, geometry_for(settings, edition), self.converter.profile, target=target
        )
        written.unlink(missing_ok=True)
        if counts["links_removed"]:
            log.info("Bản in: bỏ %d liên kết (PDF/X không cho phép)", counts["links_removed"])
        manifest = load_manifest(settings.photos_dir)
        cover_path = site_dir / cover_output_for(edition.output, spec.cover_output)
        render_cover(
            settings,
            cover_path,
            pages=counts["pages"],
            converter=self.converter,
            manifest=manifest,
            base_url=base_url,
            fetcher=fetcher,
            pdf_variant=edition.pdf_variant,
            bleed_mm=edition.bleed_mm,
            marks=edition.marks if spec.crop_marks else "",
            photos=self.photos,
        )
        sources = {pid: str(e.get("source") or "") for pid, e in manifest.items()}
        names = photo_names(self.photos.by_url, sources)
        self.report, self.cover_report = check_print_files(
            settings,
            edition,
            site_dir,
            names=names,
            converter=self.converter,
            padded_pages=counts["blank_pages"],
        )
        for report in (self.report, self.cover_report):
            for finding in report.findings:
                log.warning("Kiểm tra trước in %s: %s", report.path.name, finding)


def warn_small_photos(soup: BeautifulSoup, settings: PdfSettings) -> int:
    """Warn (build log) about photos too small for half the text width at ``warn_ppi``.

    The stylesheet prints such a photo smaller rather than blurred (a 640 × 480 px
    snapshot becomes 54 mm wide); the editor should know, and find a larger original.
    """
    manifest = load_manifest(settings.photos_dir)
    spec = settings.prepress
    needed = needed_pixels(settings.text_width_mm / 2, spec.warn_ppi)
    warned: set[str] = set()
    for img in soup.find_all("img", attrs={"data-photo": True}):
        pid = str(img["data-photo"])
        entry = manifest.get(pid)
        if not entry or pid in warned:
            continue
        width = int((entry.get("print") or {}).get("width") or entry.get("width") or 0)
        height = int((entry.get("print") or {}).get("height") or entry.get("height") or 0)
        if width and max(width, height) < needed:
            warned.add(pid)
            most = width / spec.warn_ppi * 25.4
            log.warning(
                "Bản in: ảnh '%s' (%s) chỉ %d × %d px: ở %d ppi in rộng tối đa %.0f mm "
                "(nửa khổ chữ %.0f mm cần %d px); nên tìm bản gốc lớn hơn",
                pid,
                entry.get("source") or pid,
                width,
                height,
                spec.warn_ppi,
                most,
                settings.text_width_mm / 2,
                needed,
            )
    return len(warned)


def print_edition_of(settings: PdfSettings) -> Edition | None:
    return next((e for e in settings.editions if e.name == "print"), None)


def check_print_files(
    settings: PdfSettings,
    edition: Edition,
    site_dir: Path,
    *,
    names: dict[str, str] | None = None,
    converter: CmykConverter | None = None,
    padded_pages: int | None = None,
    write: bool = True,
) -> tuple[Report, Report]:
    """Preflight the print PDF and its cover spread in ``site_dir``; write the spec sheet.

    The cover is checked against the spread the text block needs (its page count and
    the paper's caliper), so a stale cover from another page count is an error.
    """
    spec = settings.prepress
    converter = converter or converter_for(settings)
    if names is None:
        names = manifest_photo_names(settings, converter)
    target = site_dir / edition.output
    cover_path = site_dir / cover_output_for(edition.output, spec.cover_output)
    report = preflight(target, expect_for(settings, edition, names))
    size = CoverSize(
        settings.trim_mm, spine_width_mm(report.pages, spec.paper_caliper_mm), edition.bleed_mm
    )
    cover_expect = Expect(
        trim_mm=size.spread_mm,
        bleed_mm=edition.bleed_mm,
        page_multiple=1,
        pdf_variant=edition.pdf_variant or "",
        tac_percent=spec.tac_percent,
        warn_ppi=spec.warn_ppi,
        error_ppi=spec.error_ppi,
        marks=geometry_for(settings, edition).has_marks,
        photo_names=names,
    )
    cover_report = preflight(cover_path, cover_expect)
    if write and target.is_file() and cover_path.is_file():
        write_spec_sheet(
            settings, edition, site_dir, report, cover_report, size, converter, padded_pages
        )
    return report, cover_report


def write_spec_sheet(
    settings: PdfSettings,
    edition: Edition,
    site_dir: Path,
    report: Report,
    cover_report: Report,
    size: CoverSize,
    converter: CmykConverter,
    padded_pages: int | None,
) -> tuple[Path, Path]:
    errors = len(report.errors) + len(cover_report.errors)
    warnings = len(report.warnings) + len(cover_report.warnings)
    summary = (
        "ĐẠT" if errors == 0 else "CHƯA ĐẠT"
    ) + f" — {errors} lỗi, {warnings} cảnh báo (chạy 'yearbook preflight' để xem chi tiết)"
    profile = converter.profile
    sheet = build_sheet(
        settings,
        pages=report.pages,
        colour_pages=len(report.colour_pages),
        blank_pages=report.blank_pages,
        padded_pages=padded_pages,
        spine_mm=size.spine_mm,
        cover_mm=size.spread_mm,
        profile_info=f"{profile.condition} — {profile.info} ({profile.path.name})",
        profile_sha256=profile.sha256,
        files=[
            file_entry(report.path, "ruột sách"),
            file_entry(cover_report.path, "bìa trải: bìa sau, gáy, bìa trước"),
        ],
        preflight_ok=errors == 0,
        preflight_summary=summary,
        bleed_mm=edition.bleed_mm,
        marks=geometry_for(settings, edition).has_marks,
    )
    return write_sheet(sheet, site_dir / settings.prepress.spec_sheet)
