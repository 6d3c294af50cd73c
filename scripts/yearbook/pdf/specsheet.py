"""The printer's specification sheet (thông số kỹ thuật in), for quotes and for the press.

A print house quotes from a handful of facts: trim, pages (and how many in
colour), paper, binding, quantity, the cover with its spine, the colour
profile and the files. The sheet states them as plain Vietnamese text and as
an HTML page, next to the PDFs in ``site/pdf/``. Everything comes from the
configuration and the preflight of the finished files (never the build clock),
so a release writes the same sheet twice.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .print_edition import template_env
from .settings import PdfSettings

TEMPLATE = "spec_sheet.html"


@dataclass(frozen=True)
class SheetFile:
    name: str
    role: str
    size: str
    sha256: str


@dataclass
class Sheet:
    title: str
    organization: str
    sections: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    files: list[SheetFile] = field(default_factory=list)
    preflight_ok: bool = True
    preflight_summary: str = ""


def _mm(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",") + " mm"


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1e6:.1f} MB".replace(".", ",") if size >= 1e5 else f"{size / 1e3:.0f} kB"


def file_entry(path: Path, role: str) -> SheetFile:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return SheetFile(path.name, role, _size(path), digest)


def build_sheet(
    settings: PdfSettings,
    *,
    pages: int,
    colour_pages: int,
    blank_pages: int,
    padded_pages: int | None,
    spine_mm: float,
    cover_mm: tuple[float, float] | None,
    profile_info: str,
    profile_sha256: str,
    files: list[SheetFile],
    preflight_ok: bool,
    preflight_summary: str,
    bleed_mm: float,
    marks: bool,
) -> Sheet:
    spec = settings.prepress
    width, height = settings.trim_mm
    mono = pages - colour_pages
    quantity = f"{spec.quantity:,} cuốn".replace(",", ".") if spec.quantity else ""
    sheet = Sheet(settings.title, settings.organization, files=files)
    sheet.sections.append(
        (
            "Ấn phẩm",
            [
                ("Tên sách", settings.title),
                ("Đơn vị đặt in", settings.organization),
                ("Ấn bản", settings.edition or "—"),
                ("Số lượng", quantity or "chưa xác định (cấu hình pdf.quantity)"),
            ],
        )
    )
    sheet.sections.append(
        (
            "Ruột sách",
            [
                ("Khổ thành phẩm", f"{_mm(width)} × {_mm(height)}"),
                (
                    "Số trang",
                    f"{pages} trang (bội số của {spec.page_multiple}); {colour_pages} trang màu "
                    f"(4 màu CMYK), {mono} trang đen trắng"
                    + (f"; {blank_pages} trang để trắng" if blank_pages else "")
                    + (
                        f" (có {padded_pages} trang thêm ở cuối cho đủ bội số)"
                        if padded_pages
                        else ""
                    ),
                ),
                ("Giấy ruột", f"{spec.paper}, độ dày {_mm(spec.paper_caliper_mm)}/tờ"),
                ("Tràn lề (bleed)", f"{_mm(bleed_mm)} mỗi cạnh"),
                ("Dấu cắt", "có, ngoài vùng tràn lề" if marks else "không (nhà in tự thêm)"),
            ],
        )
    )
    cover_rows = [
        ("Giấy bìa", spec.cover_paper),
        ("Độ dày gáy", f"{_mm(spine_mm)} ({pages} trang × {_mm(spec.paper_caliper_mm)} / 2)"),
    ]
    if cover_mm is not None:
        cover_rows.append(
            ("Khổ bìa trải (chưa tính tràn lề)", f"{_mm(cover_mm[0])} × {_mm(cover_mm[1])}")
        )
    cover_rows.append(("Đóng xén", spec.binding))
    sheet.sections.append(("Bìa và đóng xén", cover_rows))
    sheet.sections.append(
        (
            "Màu và tệp in",
            [
                ("Chuẩn tệp", spec.variant_label),
                ("Hồ sơ màu (output intent)", profile_info),
                ("SHA-256 hồ sơ màu", profile_sha256),
                ("Tổng lượng mực tối đa (TAC)", f"{spec.tac_percent:g}%"),
                ("Cách chuyển màu ảnh", spec.rendering_intent),
                ("Chữ và nét", "100% K (đen một màu)"),
            ],
        )
    )
    sheet.preflight_ok = preflight_ok
    sheet.preflight_summary = preflight_summary
    return sheet


def sheet_text(sheet: Sheet) -> str:
    lines = ["THÔNG SỐ KỸ THUẬT IN", sheet.title, sheet.organization, ""]
    for section, rows in sheet.sections:
        lines.append(section.upper())
        lines += [f"  {label}: {value}" for label, value in rows]
        lines.append("")
    lines.append("TỆP GỬI NHÀ IN")
    for file in sheet.files:
        lines.append(f"  {file.name} ({file.role}, {file.size})")
        lines.append(f"    SHA-256: {file.sha256}")
    lines += ["", "KIỂM TRA TRƯỚC IN", f"  {sheet.preflight_summary}", ""]
    return "\n".join(lines)


def write_sheet(sheet: Sheet, base: Path) -> tuple[Path, Path]:
    """Write ``base``.txt and ``base``.html atomically; return both paths."""
    base.parent.mkdir(parents=True, exist_ok=True)
    text = base.with_suffix(".txt")
    html = base.with_suffix(".html")
    page = template_env().get_template(TEMPLATE).render(sheet=sheet)
    for path, content in ((text, sheet_text(sheet)), (html, page)):
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(content, encoding="utf-8")
        tmp.replace(path)
    return text, html
