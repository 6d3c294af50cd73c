"""Preflight: read the print PDF back (pikepdf) and check what a print house checks.

WeasyPrint validates nothing; this reads the finished file, never our intent:

- page boxes: TrimBox at the trim size, BleedBox = trim + bleed, MediaBox around both;
- the page count is a multiple of the signature;
- PDF/X identification (XMP / Info) and a CMYK output intent;
- no RGB colour anywhere: DeviceRGB / CalRGB / ICC-based RGB in content streams,
  images, shadings, form XObjects (the registration colour is allowed);
- no annotation on a page (links are forbidden on PDF/X pages);
- every font embedded;
- the effective resolution of every placed image at its printed size (below
  ``warn_ppi`` a warning, below ``error_ppi`` an error, naming photo and page);
- total ink (TAC) of every CMYK image.

It also counts colour pages, for the printer's quote (``specsheet``).
"""

from __future__ import annotations

import hashlib
import io
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf
from PIL import Image

from .colour import ink_extrema

PT_PER_MM = 72 / 25.4
BOX_TOLERANCE_PT = 0.3
#: JPEG rounding lets a few pixels pass the limit: allowed overshoot, in % ink.
TAC_TOLERANCE = 4.0
ERROR, WARNING = "lỗi", "cảnh báo"
_RGB_NAMES = {"/DeviceRGB", "/CalRGB", "/RGB"}
_FILL_OPS = {"f", "F", "f*", "B", "B*", "b", "b*", "Tj", "TJ", "'", '"'}
_STROKE_OPS = {"S", "s"}
_PAINT_OPS = _FILL_OPS | _STROKE_OPS
_XMP_VERSION = re.compile(rb"GTS_PDFXVersion(?:>|=\")([^<\"]+)")


@dataclass(frozen=True)
class Expect:
    """What the print file must be (from the book's config)."""

    trim_mm: tuple[float, float]
    bleed_mm: float = 3.0
    page_multiple: int = 4
    pdf_variant: str = "pdf/x-4"
    tac_percent: float = 300.0
    warn_ppi: int = 300
    error_ppi: int = 200
    marks: bool = True
    #: WeasyPrint image name hash (md5 of the image URL) → the photo's name for people.
    photo_names: dict[str, str] = field(default_factory=dict)

    @property
    def variant_label(self) -> str:
        return {
            "pdf/x-4": "PDF/X-4",
            "pdf/x-1a": "PDF/X-1a:2003",
            "pdf/x-3": "PDF/X-3:2003",
            "pdf/x-5g": "PDF/X-5g",
        }.get(self.pdf_variant.lower(), "")


@dataclass(frozen=True)
class Finding:
    severity: str
    message: str
    page: int = 0  # 1-based; 0 = the whole file

    def __str__(self) -> str:
        where = f"trang {self.page}: " if self.page else ""
        return f"{self.severity}: {where}{self.message}"


@dataclass
class PlacedImage:
    page: int
    name: str
    width_px: int
    height_px: int
    width_mm: float
    height_mm: float

    @property
    def ppi(self) -> float:
        if self.width_mm <= 0 or self.height_mm <= 0:
            return math.inf
        return min(self.width_px / (self.width_mm / 25.4), self.height_px / (self.height_mm / 25.4))


@dataclass
class Report:
    path: Path
    pages: int = 0
    colour_pages: set[int] = field(default_factory=set)
    blank_pages: int = 0
    findings: list[Finding] = field(default_factory=list)
    images: list[PlacedImage] = field(default_factory=list)
    max_image_tac: float = 0.0
    pdfx_version: str = ""
    output_condition: str = ""
    output_profile: str = ""
    fonts: int = 0
    checks: list[tuple[str, bool]] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, message: str, page: int = 0) -> None:
        self.findings.append(Finding(ERROR, message, page))

    def warning(self, message: str, page: int = 0) -> None:
        self.findings.append(Finding(WARNING, message, page))

    def lines(self) -> list[str]:
        out = [f"Kiểm tra trước in: {self.path.name} — {self.pages} trang"]
        for title, ok in self.checks:
            out.append(f"  {'✔' if ok else '✘'} {title}")
        out += [f"  - {f}" for f in self.findings]
        verdict = "ĐẠT" if self.ok else "CHƯA ĐẠT"
        out.append(f"Kết luận: {verdict} ({len(self.errors)} lỗi, {len(self.warnings)} cảnh báo)")
        return out


def photo_names(urls: dict[str, str], sources: dict[str, str] | None = None) -> dict[str, str]:
    """WeasyPrint names an image ``i<md5(url)><interpolate>``: map those hashes to photos."""
    names = {}
    for url, pid in urls.items():
        source = (sources or {}).get(pid)
        label = f"'{pid}'" + (f" ({source})" if source else "")
        names[hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()] = label
    return names


# -- colour -------------------------------------------------------------------------------


def _space_name(space: Any) -> str:
    """'rgb', 'cmyk', 'gray', 'lab', 'separation', 'pattern' or 'other' for a colour space."""
    if isinstance(space, pikepdf.Name):
        name = str(space)
        return {
            "/DeviceRGB": "rgb",
            "/CalRGB": "rgb",
            "/DeviceCMYK": "cmyk",
            "/DeviceGray": "gray",
            "/CalGray": "gray",
            "/Pattern": "pattern",
            "/G": "gray",
            "/RGB": "rgb",
            "/CMYK": "cmyk",
        }.get(name, "other")
    if isinstance(space, pikepdf.Array) and len(space) > 0:
        family = str(space[0])
        if family == "/ICCBased":
            n = int(space[1].get("/N", 0))
            return {1: "gray", 3: "rgb", 4: "cmyk"}.get(n, "other")
        if family in ("/Indexed", "/I"):
            return _space_name(space[1])
        if family == "/Separation" and str(space[1]) == "/All":
            return "registration"
        if family in ("/Separation", "/DeviceN"):
            alternate = _space_name(space[2])
            return "rgb" if alternate == "rgb" else "separation"
        if family == "/Lab":
            return "lab"
        if family == "/Pattern":
            return _space_name(space[1]) if len(space) > 1 else "pattern"
        return _space_name(space[0])
    return "other"


def _lookup(resources: Any, kind: str, name: Any) -> Any:
    if isinstance(name, pikepdf.Array):
        return name
    if str(name) in ("/DeviceRGB", "/DeviceCMYK", "/DeviceGray", "/Pattern"):
        return name
    table = resources.get(kind) if resources is not None else None
    if table is None:
        return None
    return table.get(str(name))


def _multiply(a: list[float], b: list[float]) -> list[float]:
    """Matrix product a × b of PDF matrices [a b c d e f]."""
    return [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]


class _Walker:
    """Walks one page's content (and its form XObjects) for colours and image placements."""

    def __init__(self, report: Report, expect: Expect, page_number: int) -> None:
        self.report = report
        self.expect = expect
        self.page = page_number
        self.rgb: set[str] = set()
        self.colour = False
        self.painted = False  # anything but printer's marks (registration colour)

    def walk(self, stream: Any, resources: Any, ctm: list[float], depth: int = 0) -> None:
        if depth > 8:
            return
        stack: list[list[float]] = []
        fill_space = stroke_space = "gray"
        try:
            instructions = pikepdf.parse_content_stream(stream)
        except pikepdf.PdfError:
            self.report.error("không đọc được nội dung trang", self.page)
            return
        for item in instructions:
            if isinstance(item, pikepdf.ContentStreamInlineImage):
                image = item.iimage
                space = _space_name(image.obj.get("/CS", image.obj.get("/ColorSpace")))
                if space == "rgb":
                    self.rgb.add("ảnh nhúng (inline) RGB")
                continue
            operands, operator = item.operands, str(item.operator)
            if operator == "q":
                stack.append(ctm)
            elif operator == "Q":
                ctm = stack.pop() if stack else ctm
            elif operator == "cm":
                ctm = _multiply([float(v) for v in operands], ctm)
            elif operator in ("rg", "RG"):
                self.rgb.add(f"màu RGB ({operator})")
            elif operator in ("k", "K"):
                if any(float(v) > 0.001 for v in operands[:3]):
                    self.colour = True
            elif operator in ("cs", "CS"):
                space = _space_name(_lookup(resources, "/ColorSpace", operands[0]))
                if space == "rgb":
                    self.rgb.add(f"không gian màu RGB {operands[0]}")
                if operator == "cs":
                    fill_space = space
                else:
                    stroke_space = space
            elif operator in ("sc", "scn", "SC", "SCN"):
                space = fill_space if operator in ("sc", "scn") else stroke_space
                numbers = [float(v) for v in operands if isinstance(v, (int, float, pikepdf.Object))
                           and not isinstance(v, pikepdf.Name)]  # fmt: skip
                if space == "cmyk" and any(v > 0.001 for v in numbers[:3]):
                    self.colour = True
            elif operator == "sh":
                self.painted = True
                shading = _lookup(resources, "/Shading", operands[0])
                if shading is not None:
                    space = _space_name(shading.get("/ColorSpace"))
                    if space == "rgb":
                        self.rgb.add(f"chuyển màu (shading) RGB {operands[0]}")
                    elif space == "cmyk":
                        self.colour = True
            elif operator in _PAINT_OPS:
                space = fill_space if operator in _FILL_OPS else stroke_space
                self.painted = self.painted or space != "registration"
            elif operator == "Do":
                self.painted = True
                xobject = _lookup(resources, "/XObject", operands[0])
                if xobject is not None:
                    self.xobject(str(operands[0]), xobject, ctm, depth)

    def xobject(self, name: str, xobject: Any, ctm: list[float], depth: int) -> None:
        subtype = str(xobject.get("/Subtype"))
        if subtype == "/Form":
            matrix = [float(v) for v in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0])]
            self.walk(xobject, xobject.get("/Resources"), _multiply(matrix, ctm), depth + 1)
            return
        if subtype != "/Image":
            return
        space = _space_name(xobject.get("/ColorSpace"))
        label = self.expect.photo_names.get(name[2:-1] if name.startswith("/i") else "", "")
        label = label or f"ảnh {name}"
        if space == "rgb":
            self.rgb.add(f"{label}: ảnh RGB")
        width_pt = math.hypot(ctm[0], ctm[1])
        height_pt = math.hypot(ctm[2], ctm[3])
        placed = PlacedImage(
            self.page,
            label,
            int(xobject.get("/Width", 0)),
            int(xobject.get("/Height", 0)),
            width_pt / PT_PER_MM,
            height_pt / PT_PER_MM,
        )
        self.report.images.append(placed)
        if space == "cmyk" and _image_is_colour(xobject):
            self.colour = True


_IMAGE_CACHE: dict[tuple[int, int, str], tuple[float, bool]] = {}


def _decode(xobject: Any) -> Image.Image | None:
    try:
        filters = xobject.get("/Filter")
        if str(filters) == "/DCTDecode":
            return Image.open(io.BytesIO(xobject.read_raw_bytes()))
        return pikepdf.PdfImage(xobject).as_pil_image()
    except Exception:
        return None


def _image_stats(xobject: Any) -> tuple[float, bool]:
    """(highest total ink %, has colour) of a CMYK image, cached per object."""
    key = (*xobject.objgen, hashlib.sha1(xobject.read_raw_bytes()[:4096]).hexdigest())
    if key in _IMAGE_CACHE:
        return _IMAGE_CACHE[key]
    image = _decode(xobject)
    stats = (0.0, False)
    if image is not None and image.mode == "CMYK":
        image.load()
        small = image.reduce(4) if min(image.size) > 64 else image
        high = ink_extrema(small)[1]
        colour = any(band.getextrema()[1] > 5 for band in small.split()[:3])
        stats = (high, colour)
    _IMAGE_CACHE[key] = stats
    return stats


def _image_is_colour(xobject: Any) -> bool:
    return _image_stats(xobject)[1]


# -- the checks ---------------------------------------------------------------------------


def _rect(box: Iterable[Any]) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(v) for v in box)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _check_boxes(report: Report, pdf: pikepdf.Pdf, expect: Expect) -> bool:
    ok = True
    bleed = expect.bleed_mm * PT_PER_MM
    width, height = (v * PT_PER_MM for v in expect.trim_mm)
    for number, page in enumerate(pdf.pages, 1):
        obj = page.obj
        if "/TrimBox" not in obj or "/BleedBox" not in obj:
            report.error("thiếu TrimBox hoặc BleedBox", number)
            ok = False
            continue
        trim, box, media = _rect(obj.TrimBox), _rect(obj.BleedBox), _rect(obj.MediaBox)
        if abs(trim[2] - trim[0] - width) > 1 or abs(trim[3] - trim[1] - height) > 1:
            report.error(
                f"khổ thành phẩm {(trim[2] - trim[0]) / PT_PER_MM:.1f} × "
                f"{(trim[3] - trim[1]) / PT_PER_MM:.1f} mm, cần {expect.trim_mm[0]:g} × "
                f"{expect.trim_mm[1]:g} mm",
                number,
            )
            ok = False
        sides = (trim[0] - box[0], trim[1] - box[1], box[2] - trim[2], box[3] - trim[3])
        if any(abs(s - bleed) > BOX_TOLERANCE_PT for s in sides):
            report.error(
                f"tràn lề (bleed) {min(sides) / PT_PER_MM:.1f} mm, cần {expect.bleed_mm:g} mm",
                number,
            )
            ok = False
        inside = all(media[i] <= box[i] + 0.01 for i in (0, 1)) and all(
            media[i] >= box[i] - 0.01 for i in (2, 3)
        )
        if not inside:
            report.error("MediaBox nhỏ hơn BleedBox", number)
            ok = False
        elif expect.marks and min(box[0] - media[0], media[2] - box[2]) < 1:
            report.error("không có lề ngoài tràn lề (slug) cho dấu cắt", number)
            ok = False
    return ok


def _check_pdfx(report: Report, pdf: pikepdf.Pdf, expect: Expect) -> bool:
    ok = True
    xmp = b""
    if "/Metadata" in pdf.Root:
        xmp = pdf.Root.Metadata.read_bytes()
    match = _XMP_VERSION.search(xmp)
    info = pdf.trailer.get("/Info")
    info_version = str(info.get("/GTS_PDFXVersion", "")) if info is not None else ""
    report.pdfx_version = match[1].decode() if match else info_version
    wanted = expect.variant_label
    if wanted and report.pdfx_version != wanted:
        report.error(f"không nhận diện là {wanted} (thấy: {report.pdfx_version or 'không có'})")
        ok = False
    if wanted and wanted.startswith("PDF/X-1a") and info_version != wanted:
        report.error(f"thiếu GTS_PDFXVersion = {wanted} trong Info")
        ok = False
    if wanted and (info is None or "/Trapped" not in info):
        report.error("thiếu khóa Trapped (PDF/X bắt buộc)")
        ok = False
    intents = [i for i in (pdf.Root.get("/OutputIntents") or []) if str(i.get("/S")) == "/GTS_PDFX"]
    if not intents:
        report.error("không có output intent PDF/X (hồ sơ màu của nhà in)")
        return False
    intent = intents[0]
    report.output_condition = str(intent.get("/OutputConditionIdentifier", ""))
    profile = intent.get("/DestOutputProfile")
    if profile is None:
        report.error("output intent không kèm hồ sơ màu (DestOutputProfile)")
        return False
    data = profile.read_bytes()
    if data[16:20] != b"CMYK":
        report.error(f"hồ sơ màu của output intent không phải CMYK ({data[16:20]!r})")
        ok = False
    report.output_profile = hashlib.sha256(data).hexdigest()
    if not report.output_condition:
        report.error("output intent thiếu OutputConditionIdentifier")
        ok = False
    return ok


def _check_fonts(report: Report, pdf: pikepdf.Pdf) -> bool:
    ok = True
    seen: set[tuple[int, int]] = set()
    for number, page in enumerate(pdf.pages, 1):
        fonts = (page.obj.get("/Resources") or {}).get("/Font") or {}
        for name, font in fonts.items():
            key = font.objgen
            if key in seen:
                continue
            seen.add(key)
            subtype = str(font.get("/Subtype"))
            if subtype == "/Type3":
                continue
            target = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = target.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            if not embedded:
                report.error(f"phông {font.get('/BaseFont', name)} không được nhúng", number)
                ok = False
    report.fonts = len(seen)
    return ok


def _check_images(report: Report, expect: Expect) -> tuple[bool, bool]:
    ppi_ok = tac_ok = True
    for image in report.images:
        ppi = image.ppi
        where = (
            f"{image.name}: {ppi:.0f} ppi ở cỡ in {image.width_mm:.0f} × {image.height_mm:.0f} mm "
            f"({image.width_px} × {image.height_px} px)"
        )
        if ppi < expect.error_ppi:
            report.error(f"{where}, dưới {expect.error_ppi} ppi: ảnh sẽ bị vỡ hạt", image.page)
            ppi_ok = False
        elif ppi < expect.warn_ppi - 0.5:
            report.warning(f"{where}, dưới {expect.warn_ppi} ppi", image.page)
    return ppi_ok, tac_ok


def preflight(path: Path, expect: Expect) -> Report:
    """Check the print PDF at ``path``; never raises on a bad file (it becomes an error)."""
    report = Report(path)
    try:
        pdf = pikepdf.Pdf.open(path)
    except (OSError, pikepdf.PdfError) as exc:
        report.error(f"không mở được tệp PDF: {exc}")
        report.checks.append(("Đọc được tệp PDF", False))
        return report
    with pdf:
        report.pages = len(pdf.pages)
        report.checks.append(
            (
                f"Khổ {expect.trim_mm[0]:g} × {expect.trim_mm[1]:g} mm, tràn lề "
                f"{expect.bleed_mm:g} mm (TrimBox, BleedBox, MediaBox) trên mọi trang",
                _check_boxes(report, pdf, expect),
            )
        )
        multiple = max(1, expect.page_multiple)
        pages_ok = report.pages % multiple == 0
        if not pages_ok:
            report.error(
                f"{report.pages} trang, không chia hết cho {multiple} (số trang một tay sách)"
            )
        report.checks.append((f"Số trang ({report.pages}) chia hết cho {multiple}", pages_ok))
        pdfx_ok = _check_pdfx(report, pdf, expect)
        report.checks.append(
            (
                f"Nhận diện {expect.variant_label or 'PDF/X'} và output intent CMYK "
                f"({report.output_condition or '—'})",
                pdfx_ok,
            )
        )
        colour_ok = annots_ok = True
        tac_worst: tuple[float, str, int] = (0.0, "", 0)
        for number, page in enumerate(pdf.pages, 1):
            walker = _Walker(report, expect, number)
            walker.walk(page, page.obj.get("/Resources"), [1, 0, 0, 1, 0, 0])
            for what in sorted(walker.rgb):
                report.error(f"{what} (bản in chỉ được dùng CMYK)", number)
                colour_ok = False
            if walker.colour:
                report.colour_pages.add(number)
            annots = [
                a for a in (page.obj.get("/Annots") or [])
                if str(a.get("/Subtype")) not in ("/PrinterMark", "/TrapNet")
            ]  # fmt: skip
            if annots:
                report.error(f"{len(annots)} chú thích/liên kết (annotation) trên trang", number)
                annots_ok = False
            if not walker.painted:
                report.blank_pages += 1
            for name, xobject in ((page.obj.get("/Resources") or {}).get("/XObject") or {}).items():
                if str(xobject.get("/Subtype")) == "/Image":
                    high = _image_stats(xobject)[0]
                    if high > tac_worst[0]:
                        label = expect.photo_names.get(str(name)[2:-1], f"ảnh {name}")
                        tac_worst = (high, label, number)
        report.checks.append(("Không có màu RGB hay ICC-RGB (chữ, nét, ảnh)", colour_ok))
        report.checks.append(("Không có liên kết/annotation trên trang in", annots_ok))
        fonts_ok = _check_fonts(report, pdf)
        report.checks.append((f"Mọi phông chữ đều được nhúng ({report.fonts} phông)", fonts_ok))
        report.max_image_tac = round(tac_worst[0], 1)
        tac_ok = tac_worst[0] <= expect.tac_percent + TAC_TOLERANCE
        if not tac_ok:
            report.error(
                f"{tac_worst[1]}: tổng lượng mực {tac_worst[0]:.0f}% vượt {expect.tac_percent:g}%",
                tac_worst[2],
            )
        ppi_ok, _ = _check_images(report, expect)
        low = min((i.ppi for i in report.images), default=math.inf)
        low_text = f"thấp nhất {low:.0f} ppi" if report.images else "không có ảnh"
        report.checks.append(
            (
                f"Độ phân giải ảnh ở cỡ in ≥ {expect.error_ppi} ppi (nên ≥ {expect.warn_ppi}); "
                f"{len(report.images)} ảnh, {low_text}",
                ppi_ok,
            )
        )
        report.checks.append(
            (
                f"Tổng lượng mực trên ảnh ≤ {expect.tac_percent:g}% "
                f"(cao nhất {report.max_image_tac:g}%)",
                tac_ok,
            )
        )
    return report
