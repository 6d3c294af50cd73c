"""Read a .docx with mammoth, plus what mammoth does not tell: properties and lost features.

mammoth converts the body (it reads the document *as accepted*: insertions
kept, deletions dropped) and hands us each embedded image. It silently drops
SmartArt and comments and inlines text boxes, so a light scan of
``word/document.xml`` finds those, with the number of the paragraph they sit
in, to warn the editor; the scan never produces text.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import mammoth
from lxml import etree

from ..text import nfc

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {
    "w": W,
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
}
_DIAGRAM_URI = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
_CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"

#: Word styles mapped to our HTML (mammoth's defaults cover Heading 1–6 and lists).
STYLE_MAP = """
p[style-name='Title'] => h1:fresh
p[style-name='Caption'] => p.caption:fresh
p[style-name='caption'] => p.caption:fresh
p[style-name='Chú thích'] => p.caption:fresh
"""

#: What the image placeholders look like in mammoth's HTML until the writer replaces them.
IMAGE_SCHEME = "yb-image:"

# Word fills "Author" with the account name on many office PCs; such names are no author.
_JUNK_AUTHORS = frozenset(
    {"admin", "administrator", "user", "windows user", "microsoft office user", "author", "pc"}
)


@dataclass
class EmbeddedImage:
    index: int  # 1-based, in document order
    content_type: str
    data: bytes
    alt: str = ""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class Lost:
    """A feature the import cannot carry over, at a paragraph (1-based, 0 unknown)."""

    paragraph: int
    message: str


@dataclass
class DocxContent:
    html: str
    images: list[EmbeddedImage] = field(default_factory=list)
    title: str = ""
    authors: list[str] = field(default_factory=list)
    lost: list[Lost] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


class DocxError(Exception):
    """A file that is not a readable Word document; the message is Vietnamese."""


def read_docx(path: Path) -> DocxContent:
    images: list[EmbeddedImage] = []

    def convert(image: mammoth.documents.Image) -> dict[str, str]:
        with image.open() as stream:
            data = stream.read()
        images.append(
            EmbeddedImage(
                len(images) + 1, image.content_type or "", data, nfc(image.alt_text or "")
            )
        )
        return {"src": f"{IMAGE_SCHEME}{len(images)}"}

    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "word/document.xml" not in names:
                raise DocxError("không phải tệp Word .docx (thiếu word/document.xml)")
            core = archive.read("docProps/core.xml") if "docProps/core.xml" in names else b""
            document_xml = archive.read("word/document.xml")
        with path.open("rb") as stream:
            result = mammoth.convert_to_html(
                stream,
                style_map=STYLE_MAP,
                convert_image=mammoth.images.img_element(convert),
                ignore_empty_paragraphs=True,
            )
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, ValueError) as exc:
        raise DocxError(f"không đọc được tệp Word: {exc}") from exc
    content = DocxContent(html=nfc(result.value), images=images)
    content.messages = [m.message for m in result.messages]
    content.title, content.authors = _properties(core)
    content.lost = list(_lost_features(document_xml))
    return content


def _properties(core: bytes) -> tuple[str, list[str]]:
    if not core:
        return "", []
    try:
        root = etree.fromstring(core)
    except etree.XMLSyntaxError:
        return "", []
    title = nfc((root.findtext("dc:title", default="", namespaces=_NS) or "").strip())
    creator = nfc((root.findtext("dc:creator", default="", namespaces=_NS) or "").strip())
    authors = [
        a.strip()
        for a in creator.replace(";", ",").split(",")
        if a.strip() and a.strip().lower() not in _JUNK_AUTHORS
    ]
    return title, authors


def _paragraphs(body: etree._Element) -> Iterator[tuple[int, etree._Element]]:
    """Body paragraphs in reading order, numbered as an editor counts them.

    Paragraphs inside text boxes are not counted: Word stores each text box
    twice (modern and fallback drawing), which would make the numbers drift.
    """
    number = 0
    for p in body.iter(f"{{{W}}}p"):
        if any(a.tag == f"{{{W}}}txbxContent" for a in p.iterancestors()):
            continue
        number += 1
        yield number, p


def _lost_features(document_xml: bytes) -> Iterator[Lost]:
    try:
        root = etree.fromstring(document_xml)
    except etree.XMLSyntaxError:
        return
    body = root.find("w:body", _NS)
    if body is None:
        return
    for number, p in _paragraphs(body):

        def has(xpath: str, p: etree._Element = p) -> bool:
            return bool(p.xpath(xpath, namespaces=_NS))

        if has(".//w:ins | .//w:del | .//w:moveFrom | .//w:moveTo"):
            yield Lost(
                number,
                "còn thay đổi được theo dõi (Track Changes) chưa chấp nhận; đã nhập theo bản "
                "chấp nhận tất cả — hãy đọc lại đoạn này",
            )
        if has(".//w:txbxContent"):
            yield Lost(
                number,
                "hộp văn bản (text box): chữ trong hộp được chèn vào giữa bài, không giữ "
                "khung và vị trí — hãy chuyển thành đoạn văn thường",
            )
        if has(f".//a:graphicData[@uri='{_DIAGRAM_URI}']"):
            yield Lost(number, "sơ đồ SmartArt không nhập được — hãy gửi sơ đồ dạng ảnh")
        if has(f".//a:graphicData[@uri='{_CHART_URI}']"):
            yield Lost(number, "biểu đồ (chart) không nhập được — hãy gửi biểu đồ dạng ảnh")
        if has(".//w:commentReference"):
            yield Lost(number, "có nhận xét (comment) của Word; nhận xét không được nhập")
