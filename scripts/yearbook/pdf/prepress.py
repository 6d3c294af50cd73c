"""Finish a print PDF written by WeasyPrint: boxes, marks, page count, PDF/X metadata.

WeasyPrint 70 writes the page at trim + bleed (MediaBox = BleedBox), its own
crop marks are RGB, semi-transparent and drawn inside the bleed, its PDF/X-4
DocumentID is a random uuid4 and its output intent is named after the
profile's description. A print house rejects all of that. This pass, with
pikepdf, on the finished file:

- keeps TrimBox at the trim and BleedBox at trim + bleed on every page and
  enlarges the MediaBox by a slug, where crop marks are drawn *outside* the
  bleed in the registration colour (a Separation ``All``: every plate);
- appends blank pages until the count is a multiple of the signature (the
  colophon stays the last printed page);
- removes link annotations (PDF/X forbids annotations on the printed page);
- names the output intent by its registered condition (``FOGRA39``);
- replaces the random DocumentID with one derived from the content, and saves
  with a content-derived file ID: the same book gives the same bytes.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, Stream

from .colour import OutputProfile

PT_PER_MM = 72 / 25.4
#: Crop marks: a hairline, 5 mm long, starting 1 mm outside the bleed.
MARK_WIDTH_PT = 0.25
MARK_LENGTH_MM = 5.0
MARK_GAP_MM = 1.0
REGISTRATION = "/CSReg"
_DOCUMENT_ID = re.compile(rb"(xmp\.did:|uuid:)[0-9a-fA-F-]{36}")


@dataclass(frozen=True)
class Geometry:
    """What every page must be: trim (mm), bleed (mm), slug for marks (mm)."""

    trim_mm: tuple[float, float]
    bleed_mm: float = 3.0
    slug_mm: float = 10.0
    crop_marks: bool = True
    registration_marks: bool = False
    page_multiple: int = 1
    #: Extra fold marks (from the left trim edge, mm): the spine of a cover spread.
    folds_mm: tuple[float, ...] = ()

    @property
    def margin_mm(self) -> float:
        """From the trim to the MediaBox: bleed, plus the slug when there are marks."""
        return self.bleed_mm + (self.slug_mm if self.has_marks else 0.0)

    @property
    def has_marks(self) -> bool:
        return self.crop_marks or self.registration_marks


def pad_count(pages: int, multiple: int) -> int:
    """Blank pages to add so that ``pages`` becomes a multiple of ``multiple``."""
    if multiple <= 1:
        return 0
    return (-pages) % multiple


def _registration_space(pdf: Pdf) -> Array:
    """Separation ``All`` (every plate), tint → CMYK 100/100/100/100."""
    tint = Dictionary(
        FunctionType=2, Domain=Array([0, 1]), C0=Array([0, 0, 0, 0]), C1=Array([1, 1, 1, 1]), N=1
    )
    return Array([Name.Separation, Name.All, Name.DeviceCMYK, pdf.make_indirect(tint)])


def _marks_stream(geometry: Geometry, trim: tuple[float, float, float, float]) -> bytes:
    """Crop marks (and optional registration targets / fold marks) outside the bleed."""
    left, bottom, right, top = trim
    start = (geometry.bleed_mm + MARK_GAP_MM) * PT_PER_MM
    end = start + MARK_LENGTH_MM * PT_PER_MM
    ops = [f"q {REGISTRATION} CS 1 SCN {MARK_WIDTH_PT} w 0 J [] 0 d"]

    def line(x1: float, y1: float, x2: float, y2: float) -> None:
        ops.append(f"{x1:.3f} {y1:.3f} m {x2:.3f} {y2:.3f} l S")

    if geometry.crop_marks:
        for x, sx in ((left, -1), (right, 1)):
            for y, sy in ((bottom, -1), (top, 1)):
                line(x + sx * start, y, x + sx * end, y)  # horizontal, level with the trim
                line(x, y + sy * start, x, y + sy * end)  # vertical
        for fold in geometry.folds_mm:
            x = left + fold * PT_PER_MM
            line(x, bottom - start, x, bottom - end)
            line(x, top + start, x, top + end)
    if geometry.registration_marks:
        radius = 2.0 * PT_PER_MM
        middle = start + (end - start) / 2
        cx, cy = (left + right) / 2, (bottom + top) / 2
        for x, y in ((cx, bottom - middle), (cx, top + middle), (left - middle, cy),
                     (right + middle, cy)):  # fmt: skip
            line(x - radius, y, x + radius, y)
            line(x, y - radius, x, y + radius)
            k = radius * 0.6 * 0.5523
            r = radius * 0.6
            ops.append(
                f"{x + r:.3f} {y:.3f} m "
                f"{x + r:.3f} {y + k:.3f} {x + k:.3f} {y + r:.3f} {x:.3f} {y + r:.3f} c "
                f"{x - k:.3f} {y + r:.3f} {x - r:.3f} {y + k:.3f} {x - r:.3f} {y:.3f} c "
                f"{x - r:.3f} {y - k:.3f} {x - k:.3f} {y - r:.3f} {x:.3f} {y - r:.3f} c "
                f"{x + k:.3f} {y - r:.3f} {x + r:.3f} {y - k:.3f} {x + r:.3f} {y:.3f} c S"
            )
    ops.append("Q")
    return ("\n".join(ops) + "\n").encode("ascii")


def _trim_of(page: pikepdf.Page) -> tuple[float, float, float, float]:
    box = page.obj.get("/TrimBox") or page.obj.get("/MediaBox")
    x0, y0, x1, y1 = (float(v) for v in box)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _box(trim: tuple[float, float, float, float], margin_pt: float) -> Array:
    left, bottom, right, top = trim
    return Array([left - margin_pt, bottom - margin_pt, right + margin_pt, top + margin_pt])


def _blank_page(pdf: Pdf, like: pikepdf.Page) -> None:
    """A page with the same boxes and no content, at the end."""
    page = Dictionary(
        Type=Name.Page,
        MediaBox=like.obj.MediaBox,
        TrimBox=like.obj.get("/TrimBox", like.obj.MediaBox),
        Resources=Dictionary(),
        Contents=pdf.make_stream(b""),
    )
    pdf.pages.append(pikepdf.Page(page))


def _set_output_intent(pdf: Pdf, profile: OutputProfile) -> None:
    intents = pdf.Root.get("/OutputIntents")
    dest = None
    if intents:
        for intent in intents:
            if intent.get("/S") == Name.GTS_PDFX and "/DestOutputProfile" in intent:
                dest = intent.DestOutputProfile
    if dest is None:
        dest = pdf.make_stream(profile.data)
        dest.N = 4
    intent = Dictionary(
        Type=Name.OutputIntent,
        S=Name.GTS_PDFX,
        OutputConditionIdentifier=pikepdf.String(profile.condition),
        OutputCondition=pikepdf.String(profile.info),
        Info=pikepdf.String(profile.info),
        DestOutputProfile=dest,
    )
    if profile.registry:
        intent.RegistryName = pikepdf.String(profile.registry)
    pdf.Root.OutputIntents = Array([intent])


def _content_digest(pdf: Pdf) -> str:
    digest = hashlib.sha256()
    for page in pdf.pages:
        for box in ("/MediaBox", "/TrimBox"):
            digest.update(repr([float(v) for v in page.obj.get(box, [])]).encode())
        contents = page.obj.get("/Contents")
        streams = contents if isinstance(contents, Array) else [contents] if contents else []
        for stream in streams:
            digest.update(stream.read_bytes())
    for _, obj in sorted((str(k), v) for k, v in _xobjects(pdf).items()):
        digest.update(hashlib.sha256(obj.read_raw_bytes()).digest())
    return digest.hexdigest()


def _xobjects(pdf: Pdf) -> dict[str, Stream]:
    found: dict[str, Stream] = {}
    for page in pdf.pages:
        resources = page.obj.get("/Resources") or {}
        for name, obj in (resources.get("/XObject") or {}).items():
            found[str(name)] = obj
    return found


def _fix_document_id(pdf: Pdf, digest: str) -> None:
    metadata = pdf.Root.get("/Metadata")
    if metadata is None:
        return
    data = metadata.read_bytes()
    stable = str(uuid.UUID(digest[:32])).encode()
    fixed = _DOCUMENT_ID.sub(lambda m: m[1] + stable, data)
    if fixed != data:
        metadata.write(fixed)  # uncompressed, as PDF/X-4 wants the XMP packet readable


def _drop_annotations(pdf: Pdf) -> int:
    removed = 0
    for page in pdf.pages:
        annots = page.obj.get("/Annots")
        if annots is not None:
            removed += len(annots)
            del page.obj["/Annots"]
    return removed


def finish(
    path: Path,
    geometry: Geometry,
    profile: OutputProfile | None,
    *,
    target: Path | None = None,
) -> dict[str, int]:
    """Rewrite ``path`` (or write ``target``) as the finished print file; return counts."""
    target = target or path
    margin = geometry.margin_mm * PT_PER_MM
    bleed = geometry.bleed_mm * PT_PER_MM
    with Pdf.open(path) as pdf:
        links = _drop_annotations(pdf)
        blanks = pad_count(len(pdf.pages), geometry.page_multiple)
        if blanks:
            last = pdf.pages[-1]
            for _ in range(blanks):
                _blank_page(pdf, last)
        space = _registration_space(pdf) if geometry.has_marks else None
        for page in pdf.pages:
            trim = _trim_of(page)
            page.obj.TrimBox = Array(list(trim))
            page.obj.BleedBox = _box(trim, bleed)
            page.obj.MediaBox = _box(trim, margin)
            if "/CropBox" in page.obj:
                del page.obj["/CropBox"]
            if space is None:
                continue
            resources = page.obj.get("/Resources")
            if resources is None:
                resources = page.obj.Resources = Dictionary()
            spaces = resources.get("/ColorSpace")
            if spaces is None:
                spaces = resources.ColorSpace = Dictionary()
            spaces[REGISTRATION] = space
            page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
            page.contents_add(pdf.make_stream(b"Q\n" + _marks_stream(geometry, trim)))
        if profile is not None:
            _set_output_intent(pdf, profile)
        digest = _content_digest(pdf)
        _fix_document_id(pdf, digest)
        # WeasyPrint's /ID hashes the file with its random DocumentID; qpdf keeps the
        # first element and derives the second from the content (deterministic_id).
        first = pikepdf.String(bytes.fromhex(digest[:32]))
        pdf.trailer.ID = Array([first, first])
        tmp = target.with_name(f".{target.name}.tmp")
        pdf.save(tmp, deterministic_id=True, fix_metadata_version=False)
        pages = len(pdf.pages)
    tmp.replace(target)
    return {"pages": pages, "blank_pages": blanks, "links_removed": links}
