"""The print edition as a print house receives it: read back with pikepdf, not trusted.

The session's sample-book build (``built`` in conftest) is checked independently of
our preflight (its own content-stream walk); the cover spread, the small-photo
check and the prepress pass are tested on small documents rendered here.
"""

from __future__ import annotations

import hashlib
import math
import re
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from PIL import Image
from weasyprint import CSS, HTML

from conftest import Built
from yearbook.pdf import prepress
from yearbook.pdf.colour import CmykConverter, output_profile
from yearbook.pdf.cover import render_cover, spine_width_mm
from yearbook.pdf.fetcher import BuildFetcher
from yearbook.pdf.images import PHOTO_URL
from yearbook.pdf.preflight import Expect, photo_names, preflight
from yearbook.pdf.render import TEMPLATE_DIR
from yearbook.pdf.settings import PdfSettings, PrintSpec

MM = 72 / 25.4
PROFILE = Path(__file__).parents[1] / "scripts/yearbook/pdf/profiles/FOGRA39-kyyeu.icc"


def rect(box: pikepdf.Array) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(v) for v in box)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


# -- the colour profile ------------------------------------------------------------------


def test_fogra39_profile_header_and_provenance():
    data = PROFILE.read_bytes()
    assert int.from_bytes(data[0:4], "big") == len(data)
    assert data[12:16] == b"prtr"  # an output (printer) profile
    assert data[16:20] == b"CMYK" and data[20:24] == b"Lab "
    assert data[36:40] == b"acsp"
    profile = output_profile("fogra39")
    assert "FOGRA39" in profile.description and "300%" in profile.description
    provenance = (PROFILE.parent / "PROVENANCE.md").read_text("utf-8")
    assert hashlib.sha256(data).hexdigest() in provenance  # the file is the one described
    assert "Zlib" in provenance and "colprof" in provenance and "FOGRA39L.ti3" in provenance


def test_css_colours_become_device_cmyk_with_black_text():
    converter = CmykConverter(output_profile("fogra39"))
    css = converter.convert_css(
        "p{color:#1d1d1b} h1{color:#8e1b14;border-bottom:1pt solid #e3bc5b} "
        "td{border-bottom:.5pt solid #bbb} x{color:rgb(0,90,200)} f{font-family: black}"
    )
    assert "#" not in css and "rgb(" not in css
    assert "p{color:device-cmyk(0 0 0 1)}" in css  # text: 100 % K, not a rich black
    grey = re.search(r"td\{border-bottom:.5pt solid device-cmyk\(([^)]*)\)", css)
    assert grey and grey[1].split()[:3] == ["0", "0", "0"]  # neutral grey: black only
    blue = re.search(r"x\{color:device-cmyk\(([^)]*)\)", css)
    assert blue and sum(float(v) for v in blue[1].split()) <= 3.0
    assert "font-family: black" in css


def test_photo_conversion_limits_total_ink():
    converter = CmykConverter(output_profile("fogra39"), tac_percent=260)
    dark = Image.linear_gradient("L").resize((300, 200)).convert("RGB").point(lambda v: v // 4)
    cmyk = converter.convert_image(dark)
    assert cmyk.mode == "CMYK"
    data = cmyk.tobytes()
    totals = [sum(data[i : i + 4]) / 2.55 for i in range(0, len(data), 4)]
    assert max(totals) <= 260 + 1.0
    assert converter.convert_image(Image.new("L", (4, 4), 100)).mode == "L"


# -- the sample book's print edition -------------------------------------------------------


def test_print_pdf_is_pdfx4_with_the_fogra39_output_intent(built: Built):
    with pikepdf.open(built.print) as pdf:
        xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
        assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp
        assert re.search(r"xmp\.did:[0-9a-f-]{36}", xmp)
        assert str(pdf.trailer.Info.Trapped) == "/False"
        (intent,) = list(pdf.Root.OutputIntents)
        assert str(intent.S) == "/GTS_PDFX"
        assert str(intent.OutputConditionIdentifier) == "FOGRA39"
        assert str(intent.RegistryName) == "http://www.color.org"
        assert intent.DestOutputProfile.read_bytes() == PROFILE.read_bytes()
        assert int(intent.DestOutputProfile.N) == 4


def _colour_spaces(pdf: pikepdf.Pdf) -> tuple[list[str], list[str]]:
    """Every RGB use (operator or space) and every K-heavy fill that is not pure black."""
    rgb: list[str] = []
    rich_black: list[str] = []

    def space_is_rgb(space: object, resources: pikepdf.Object) -> bool:
        if isinstance(space, pikepdf.Name):
            if str(space) in ("/DeviceRGB", "/CalRGB"):
                return True
            named = (resources.get("/ColorSpace") or {}).get(str(space))
            return named is not None and space_is_rgb(named, resources)
        if isinstance(space, pikepdf.Array):
            family = str(space[0])
            if family == "/ICCBased":
                return int(space[1].N) == 3
            if family == "/Indexed":
                return space_is_rgb(space[1], resources)
            if family in ("/Separation", "/DeviceN"):
                return space_is_rgb(space[2], resources)
        return False

    def walk(stream: object, resources: pikepdf.Object, where: str) -> None:
        for operands, operator in pikepdf.parse_content_stream(stream):
            op = str(operator)
            if op in ("rg", "RG"):
                rgb.append(f"{where}: {op}")
            elif op in ("cs", "CS") and space_is_rgb(operands[0], resources):
                rgb.append(f"{where}: {op} {operands[0]}")
            elif op == "k":
                c, m, y, k = (float(v) for v in operands)
                if k >= 0.8 and c + m + y > 0:
                    rich_black.append(f"{where}: {c} {m} {y} {k} k")
            elif op == "Do":
                xobject = resources.XObject[operands[0]]
                if str(xobject.Subtype) == "/Image":
                    if space_is_rgb(xobject.get("/ColorSpace"), resources):
                        rgb.append(f"{where}: image {operands[0]}")
                else:
                    walk(xobject, xobject.get("/Resources") or resources, where)

    for number, page in enumerate(pdf.pages, 1):
        walk(page, page.obj.Resources, f"page {number}")
    return rgb, rich_black


def test_print_pdf_has_no_rgb_and_no_rich_black(built: Built):
    with pikepdf.open(built.print) as pdf:
        rgb, rich_black = _colour_spaces(pdf)
        images = [
            x
            for page in pdf.pages
            for x in (page.obj.Resources.get("/XObject") or {}).values()
            if str(x.Subtype) == "/Image"
        ]
        assert images and {str(x.ColorSpace) for x in images} <= {"/DeviceCMYK", "/DeviceGray"}
    assert rgb == [], rgb[:10]
    assert rich_black == [], rich_black[:10]
    with pikepdf.open(built.screen) as screen:  # the screen edition stays sRGB
        assert _colour_spaces(screen)[0]


def test_print_pdf_boxes_bleed_and_slug_on_every_page(built: Built):
    bleed = 3 * MM
    with pikepdf.open(built.print) as pdf:
        assert len(pdf.pages) > 8
        for number, page in enumerate(pdf.pages, 1):
            trim, box, media = (rect(page.obj[k]) for k in ("/TrimBox", "/BleedBox", "/MediaBox"))
            assert trim[2] - trim[0] == pytest.approx(210 * MM, abs=0.05), number
            assert trim[3] - trim[1] == pytest.approx(297 * MM, abs=0.05), number
            for i, sign in ((0, -1), (1, -1), (2, 1), (3, 1)):
                assert (box[i] - trim[i]) * sign == pytest.approx(bleed, abs=0.05), number
                assert (media[i] - box[i]) * sign > 5 * MM, number  # the slug for the marks
            assert "/Annots" not in page.obj, number


def test_crop_marks_are_registration_colour_outside_the_bleed(built: Built):
    with pikepdf.open(built.print) as pdf:
        page = pdf.pages[4]
        trim, box = rect(page.obj.TrimBox), rect(page.obj.BleedBox)
        space = page.obj.Resources.ColorSpace[prepress.REGISTRATION]
        assert str(space[0]) == "/Separation" and str(space[1]) == "/All"
        points = []
        registration = False
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) == "CS":
                registration = str(operands[0]) == prepress.REGISTRATION
            if registration and str(operator) in ("m", "l"):
                points.append((float(operands[0]), float(operands[1])))
        assert len(points) >= 16
        for x, y in points:
            inside_bleed = box[0] < x < box[2] and box[1] < y < box[3]
            assert not inside_bleed, (x, y)
        assert any(abs(x - trim[0]) < 0.01 for x, _ in points)  # level with the trim


def test_page_count_is_padded_and_colophon_is_last_printed_page(built: Built):
    with pikepdf.open(built.print) as pdf:
        count = len(pdf.pages)
    assert count % PrintSpec.page_multiple == 0
    texts = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(built.print), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\f")[:-1]
    printed = [i for i, t in enumerate(texts) if t.strip()]
    assert "Thông tin xuất bản" in texts[printed[-1]]
    assert all(not t.strip() for t in texts[printed[-1] + 1 :])
    assert "Kỷ yếu" in texts[0]  # page 1: the title page, no cover in the text block


def test_every_print_font_is_embedded(built: Built):
    with pikepdf.open(built.print) as pdf:
        fonts = {}
        for page in pdf.pages:
            for font in (page.obj.Resources.get("/Font") or {}).values():
                fonts[font.objgen] = font
        assert fonts
        for font in fonts.values():
            target = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = target.FontDescriptor
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font


def test_cover_spread_matches_the_text_block(built: Built):
    with pikepdf.open(built.print) as pdf:
        pages = len(pdf.pages)
    spine = spine_width_mm(pages, PrintSpec.paper_caliper_mm)
    with pikepdf.open(built.cover) as cover:
        assert len(cover.pages) == 1
        trim, box = rect(cover.pages[0].obj.TrimBox), rect(cover.pages[0].obj.BleedBox)
        assert str(cover.Root.OutputIntents[0].OutputConditionIdentifier) == "FOGRA39"
    assert (trim[2] - trim[0]) / MM == pytest.approx(2 * 210 + spine, abs=0.05)
    assert (box[2] - box[0]) / MM == pytest.approx(2 * 210 + spine + 2 * 3, abs=0.05)


def test_preflight_passes_on_the_sample_and_writes_the_spec_sheet(built: Built):
    exe = Path(sys.executable).with_name("yearbook")
    done = subprocess.run(
        [str(exe), "preflight"], cwd=built.root, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Kết luận: ĐẠT (0 lỗi, 0 cảnh báo)" in done.stdout
    sheet = (built.root / "site" / "pdf" / "thong-so-ky-thuat-in.txt").read_text("utf-8")
    with pikepdf.open(built.print) as pdf:
        pages = len(pdf.pages)
    assert f"Số trang: {pages} trang" in sheet
    spine = f"{spine_width_mm(pages, PrintSpec.paper_caliper_mm):g}".replace(".", ",")
    assert f"Độ dày gáy: {spine} mm" in sheet
    for path in (built.print, built.cover):
        assert hashlib.sha256(path.read_bytes()).hexdigest() in sheet
    assert "FOGRA39" in sheet and "PDF/X-4" in sheet
    html = (built.root / "site" / "pdf" / "thong-so-ky-thuat-in.html").read_text("utf-8")
    assert "Thông số kỹ thuật in" in html and built.cover.name in html


# -- small documents -------------------------------------------------------------------------


def _settings(tmp_path: Path, **prepress: object) -> PdfSettings:
    return PdfSettings(
        trim_mm=(148.0, 210.0),
        photos_dir=tmp_path,
        title="Kỷ yếu 20 năm",
        organization="Sở Thử nghiệm",
        years="2000–2020",
        prepress=PrintSpec(**prepress),  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(("pages", "caliper"), [(96, 0.1), (250, 0.12)])
def test_cover_width_is_two_sides_plus_spine_plus_bleed(tmp_path: Path, pages, caliper):
    settings = _settings(tmp_path, paper_caliper_mm=caliper)
    converter = CmykConverter(output_profile("fogra39"))
    target = tmp_path / "bia.pdf"
    size = render_cover(
        settings,
        target,
        pages=pages,
        converter=converter,
        manifest={},
        base_url=TEMPLATE_DIR.as_uri() + "/",
        fetcher=BuildFetcher([TEMPLATE_DIR, PROFILE.parent], tmp_path),
        pdf_variant="pdf/x-4",
        bleed_mm=3.0,
        marks="crop",
    )
    spine = math.ceil(pages / 2) * caliper
    assert size.spine_mm == pytest.approx(spine, abs=0.05)
    with pikepdf.open(target) as pdf:
        page = pdf.pages[0]
        trim, box, media = (rect(page.obj[k]) for k in ("/TrimBox", "/BleedBox", "/MediaBox"))
    assert (box[2] - box[0]) / MM == pytest.approx(2 * 148 + spine + 2 * 3, abs=0.05)
    assert (trim[3] - trim[1]) / MM == pytest.approx(210, abs=0.05)
    assert media[2] - media[0] > box[2] - box[0]
    spine_text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    # The spine carries its text ("title · organisation · years") only when it is wide
    # enough (≥ 6 mm: 250 pages, not 96).
    assert ("·" in spine_text) == (spine >= PrintSpec.spine_text_min_mm)


def _render_with_photo(tmp_path: Path, photo: Image.Image, width_mm: float) -> tuple[Path, str]:
    """A two-page print PDF with ``photo`` placed ``width_mm`` wide on page 2."""
    converter = CmykConverter(output_profile("fogra39"))
    source = tmp_path / "print" / "anh-nho.jpg"
    source.parent.mkdir(parents=True, exist_ok=True)
    photo.save(source, dpi=(72, 72))
    rel = f"cmyk/{converter.key}/anh-nho.jpg"
    converter.convert_file(source, tmp_path / rel)
    url = PHOTO_URL + rel
    html = (
        "<html><head><title>Thử</title></head><body><p>Trang một</p>"
        f'<p style="break-before: page"><img src="{url}" style="width: {width_mm}mm"></p>'
        "</body></html>"
    )
    css = converter.profile_css(PROFILE.as_uri()) + (
        " @page { size: 148mm 210mm; bleed: 3mm; } body { color: device-cmyk(0 0 0 1); }"
    )
    raw = tmp_path / "raw.pdf"
    HTML(string=html, url_fetcher=BuildFetcher([PROFILE.parent], tmp_path)).write_pdf(
        raw, stylesheets=[CSS(string=css)], pdf_variant="pdf/x-4"
    )
    out = tmp_path / "in.pdf"
    geometry = prepress.Geometry(trim_mm=(148, 210), page_multiple=4)
    prepress.finish(raw, geometry, converter.profile, target=out)
    return out, url


def test_preflight_flags_a_small_photo_with_its_page(tmp_path: Path):
    small = Image.linear_gradient("L").resize((640, 480)).convert("RGB")
    out, url = _render_with_photo(tmp_path, small, 120)
    names = photo_names({url: "anh-nho"}, {"anh-nho": "archive/2001/anh-nho.jpg"})
    report = preflight(out, Expect(trim_mm=(148, 210), photo_names=names))
    assert report.pages == 4  # padded from 2 to a multiple of 4
    errors = [f for f in report.errors if "ppi" in f.message]
    assert len(errors) == 1, report.findings
    assert errors[0].page == 2
    assert "'anh-nho' (archive/2001/anh-nho.jpg)" in errors[0].message
    assert "135 ppi" in errors[0].message  # 640 px over 120 mm
    assert "ppi" in str(errors[0]) and "trang 2" in str(errors[0])
    # The same photo printed 60 mm wide is 271 ppi: a warning, no error.
    out, _ = _render_with_photo(tmp_path, small, 60)
    report = preflight(out, Expect(trim_mm=(148, 210), photo_names=names))
    assert report.ok, report.findings
    assert [f.page for f in report.warnings if "ppi" in f.message] == [2]


def test_prepress_is_deterministic_and_replaces_the_random_document_id(tmp_path: Path):
    dates = "".join(
        f'<meta name="dcterms.{k}" content="2020-08-28T07:00:00+07:00">'
        for k in ("created", "modified")
    )  # as the build sets them from SOURCE_DATE_EPOCH
    html = f"<html><head><title>Thử</title>{dates}</head><body><p>Một trang</p></body></html>"
    css = (
        f'@color-profile device-cmyk {{ src: url("{PROFILE.as_uri()}"); components: c, m, y, k; }}'
    )
    outputs = []
    for n in range(2):
        raw = tmp_path / f"raw{n}.pdf"
        HTML(string=html).write_pdf(raw, stylesheets=[CSS(string=css)], pdf_variant="pdf/x-4")
        out = tmp_path / f"out{n}.pdf"
        prepress.finish(
            raw, prepress.Geometry(trim_mm=(210, 297)), output_profile("fogra39"), target=out
        )
        outputs.append(out.read_bytes())
    raw0, raw1 = (tmp_path / f"raw{n}.pdf" for n in range(2))
    assert raw0.read_bytes() != raw1.read_bytes()  # WeasyPrint: a random uuid4 each time
    assert outputs[0] == outputs[1]
