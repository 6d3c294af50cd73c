"""Build Word documents the way unit staff write them, for the import tests.

python-docx cannot make footnotes or tracked changes, so this factory writes
those XML parts itself: a ``footnotes.xml`` part related from the document,
and ``w:ins`` / ``w:del`` runs inside a paragraph.
"""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.shared import Cm
from PIL import Image

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"

TITLE = "Phòng Kinh tế: ba mươi năm tham mưu"
#: Typed on a Mac: decomposed (NFD) Vietnamese.
NFD_SENTENCE = unicodedata.normalize("NFD", "Tham mưu tổng hợp về kinh tế – xã hội của tỉnh.")
CAPTIONS = ("Ảnh: Hội nghị tổng kết năm 1998", "Ảnh: Phòng Kinh tế làm việc với các sở, 2005")
ACCEPTED = "được bổ sung"
DELETED = "đã bị xóa"
FOOTNOTE = "Theo Quyết định thành lập phòng (tư liệu minh họa)."


def photo_bytes(colour: tuple[int, int, int], size: tuple[int, int] = (320, 240)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG", quality=90)
    return out.getvalue()


def _footnotes_part(document: docx.document.Document) -> None:
    xml = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="{W_NS}">
  <w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
  <w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
  <w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">{FOOTNOTE}</w:t></w:r></w:p></w:footnote>
</w:footnotes>"""
    part = Part(
        PackURI("/word/footnotes.xml"), FOOTNOTES_CT, xml.encode("utf-8"), document.part.package
    )
    document.part.relate_to(part, RT.FOOTNOTES)


def _tracked_change(paragraph: docx.text.paragraph.Paragraph) -> None:
    """A pending insertion and a pending deletion, as Word writes them."""
    ins = parse_xml(
        f'<w:ins xmlns:w="{W_NS}" w:id="91" w:author="Tổ Biên tập" w:date="2020-01-05T00:00:00Z">'
        f'<w:r><w:t xml:space="preserve"> {ACCEPTED}</w:t></w:r></w:ins>'
    )
    dele = parse_xml(
        f'<w:del xmlns:w="{W_NS}" w:id="92" w:author="Tổ Biên tập" w:date="2020-01-05T00:00:00Z">'
        f'<w:r><w:delText xml:space="preserve"> {DELETED}</w:delText></w:r></w:del>'
    )
    paragraph._p.append(ins)
    paragraph._p.append(dele)


def _footnote_reference(paragraph: docx.text.paragraph.Paragraph) -> None:
    paragraph._p.append(
        parse_xml(
            f'<w:r xmlns:w="{W_NS}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            '<w:footnoteReference w:id="1"/></w:r>'
        )
    )


def unit_article(
    path: Path,
    *,
    title: str = TITLE,
    author: str = "Nguyễn Thị Hoa",
    images: tuple[bytes, bytes] | None = None,
) -> Path:
    """A unit's article: heading, NFD text, bold/italic, numbering typed by hand, an empty
    paragraph, a bullet list, a table, a footnote, two photos with captions, a tracked change."""
    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.author = author
    document.add_heading(title, level=1)
    intro = document.add_paragraph(NFD_SENTENCE + " ")
    intro.add_run("Chức năng chính").bold = True
    intro.add_run(" và ")
    intro.add_run("nhiệm vụ").italic = True
    intro.add_run(".")
    _footnote_reference(intro)
    document.add_paragraph("")  # an empty paragraph pressed for spacing
    document.add_paragraph("   ")
    document.add_heading("1. Quá trình hình thành", level=2)
    changed = document.add_paragraph("Phòng được thành lập năm 1994,")
    _tracked_change(changed)
    document.add_paragraph("- Tham mưu chương trình công tác;")
    document.add_paragraph("- Theo dõi các dự án đầu tư.")
    document.add_paragraph("Tổng hợp báo cáo định kỳ", style="List Bullet")
    document.add_paragraph("Thẩm tra hồ sơ trình UBND tỉnh", style="List Bullet")
    document.add_heading("2. Kết quả nổi bật", level=2)
    table = document.add_table(rows=3, cols=2)
    for r, (a, b) in enumerate((("Năm", "Văn bản thẩm tra"), ("1998", "120"), ("2005", "340"))):
        table.cell(r, 0).text = a
        table.cell(r, 1).text = b
    first, second = images or (photo_bytes((180, 40, 40)), photo_bytes((40, 90, 180)))
    document.add_picture(io.BytesIO(first), width=Cm(8))
    document.add_paragraph(CAPTIONS[0], style="Caption")
    document.add_paragraph("Đoạn văn giữa hai ảnh.")
    document.add_picture(io.BytesIO(second), width=Cm(8))
    document.add_paragraph(CAPTIONS[1], style="Caption")
    _footnotes_part(document)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def awkward_article(path: Path) -> Path:
    """What Word users also send: a comment, a text box and a SmartArt diagram."""
    document = docx.Document()
    document.add_heading("Bài có hộp văn bản", level=1)
    commented = document.add_paragraph("Đoạn có nhận xét của người sửa.")
    document.add_comment(commented.runs, text="Kiểm tra lại số liệu", author="Tổ Biên tập")
    boxed = document.add_paragraph("Đoạn có hộp văn bản: ")
    boxed._p.append(
        parse_xml(
            f'<w:r xmlns:w="{W_NS}" xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape>'
            "<v:textbox><w:txbxContent><w:p><w:r><w:t>Chữ trong hộp</w:t></w:r></w:p>"
            "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        )
    )
    diagram = document.add_paragraph()
    diagram._p.append(
        parse_xml(
            f'<w:r xmlns:w="{W_NS}" '
            'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><w:drawing>'
            '<wp:inline><wp:extent cx="100" cy="100"/><wp:docPr id="9" name="Sơ đồ"/><a:graphic>'
            '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/diagram"/>'
            "</a:graphic></wp:inline></w:drawing></w:r>"
        )
    )
    document.add_paragraph("Đoạn cuối.")
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path
