"""Pure functions on images: orient, convert to sRGB, resize, build metadata.

Nothing here touches the file system, so each step can be tested on images
made in memory. The single function that reads and writes files is
:func:`yearbook.photos.worker.process`.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape

from PIL import Image, ImageCms

ORIENTATION_TAG = 0x0112
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
#: Bicubic with Pillow's antialiasing support is indistinguishable from
#: Lanczos at the scale steps we take (each ≥ 0.5) and about 30 % cheaper.
RESAMPLE = Image.Resampling.BICUBIC
#: For a mild step (≥ 0.75×, e.g. the 3000 px DCT-scaled decode to the 2480 px
#: print size) filters differ least; Hamming costs a quarter less than bicubic.
MILD_RESAMPLE = Image.Resampling.HAMMING
MILD_STEP = 0.75
_SRGB_NAMES = ("srgb", "iec61966")
_ALPHA_MODES = frozenset({"RGBA", "RGBa", "LA", "La", "PA"})


def oriented_size(size: tuple[int, int], orientation: int) -> tuple[int, int]:
    """The size after applying EXIF ``orientation``: 5–8 swap width and height."""
    w, h = size
    return (h, w) if orientation in (5, 6, 7, 8) else (w, h)


def orient(im: Image.Image, orientation: int) -> Image.Image:
    """Apply an EXIF orientation (1–8) to the pixels; unknown values are ignored."""
    method = _TRANSPOSE.get(orientation)
    return im.transpose(method) if method is not None else im


def read_orientation(im: Image.Image) -> tuple[int, bool]:
    """The EXIF orientation of an opened image and whether its EXIF was readable.

    Broken EXIF is common in scans and old cameras; it must never stop a
    photo, so any failure counts as "no orientation".
    """
    try:
        value = im.getexif().get(ORIENTATION_TAG, 1)
    except Exception:
        return 1, False
    if isinstance(value, int) and 1 <= value <= 8:
        return value, True
    return 1, True


def _is_srgb(icc: bytes) -> bool:
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        description = ImageCms.getProfileDescription(profile) or ""
    except Exception:
        return True  # an unreadable profile cannot be honoured; treat as sRGB
    return any(name in description.lower() for name in _SRGB_NAMES)


def _sixteen_to_eight(im: Image.Image) -> Image.Image:
    """16-bit greyscale ("I;16", "I") to 8-bit by scaling, not by clipping."""
    return im.convert("I").point(lambda v: v * (1 / 256)).convert("L")


def flatten(im: Image.Image, background: tuple[int, int, int] = (255, 255, 255)) -> Image.Image:
    """Composite transparency onto white: JPEG and print have no alpha."""
    rgba = im.convert("RGBA")
    base = Image.new("RGB", rgba.size, background)
    base.paste(rgba, mask=rgba.getchannel("A"))
    return base


def to_srgb(im: Image.Image, icc: bytes | None) -> Image.Image:
    """Any mode and colour space to 8-bit sRGB "RGB".

    CMYK and wide-gamut files are converted through their ICC profile when
    they carry one (CMYK without a profile uses Pillow's naive formula);
    transparency is flattened on white; 16-bit data is scaled to 8 bits.
    """
    if im.mode == "P" and "transparency" in im.info:
        im = im.convert("RGBA")
    if im.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I"):
        im = _sixteen_to_eight(im)
    elif im.mode == "F" or im.mode == "1":
        im = im.convert("L")
    if im.mode in _ALPHA_MODES:
        im = flatten(im)
    if icc and im.mode in ("RGB", "CMYK", "L") and not _is_srgb(icc):
        try:
            src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            dst = ImageCms.createProfile("sRGB")
            converted = ImageCms.profileToProfile(
                im, src, dst, renderingIntent=ImageCms.Intent.PERCEPTUAL, outputMode="RGB"
            )
            if converted is not None:
                return converted
        except Exception:
            pass  # a profile that does not match the pixels: fall back below
    if im.mode != "RGB":
        im = im.convert("RGB")
    return im


def fit(size: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """The largest size with ``size``'s aspect ratio inside ``box``, never larger than ``size``."""
    w, h = size
    scale = min(1.0, box[0] / w, box[1] / h)
    return max(1, round(w * scale)), max(1, round(h * scale))


def web_sizes(size: tuple[int, int], widths: Iterable[int]) -> list[tuple[int, int]]:
    """Widths for ``srcset`` that do not upscale; a small original adds its own width."""
    w, h = size
    wanted = sorted(set(widths))
    chosen = [x for x in wanted if x <= w]
    if not wanted or w < wanted[-1]:
        chosen.append(w)
    return [(x, max(1, round(h * x / w))) for x in sorted(set(chosen))]


def derive(im: Image.Image, sizes: Iterable[tuple[int, int]]) -> dict[tuple[int, int], Image.Image]:
    """Every requested size from one decoded image, each step from the previous larger one.

    Downscaling a 2480 px image to 1600 costs a fraction of downscaling the
    6000 px original, and each step stays ≥ 0.5× so quality holds.
    """
    result: dict[tuple[int, int], Image.Image] = {}
    current = im
    for size in sorted(set(sizes), reverse=True):
        if size != current.size:
            mild = size[0] >= MILD_STEP * current.width
            current = current.resize(size, MILD_RESAMPLE if mild else RESAMPLE, reducing_gap=2.0)
        result[size] = current
    return result


def dominant_color(im: Image.Image) -> str:
    """The most common of a few colours of a small copy, as ``#rrggbb``, for backgrounds."""
    small = im.convert("RGB")
    small.thumbnail((64, 64))
    quantized = small.quantize(colors=5, method=Image.Quantize.MEDIANCUT)
    palette = quantized.getpalette() or [0, 0, 0]
    counts = sorted(quantized.getcolors() or [(1, 0)], reverse=True)
    index = counts[0][1]
    r, g, b = palette[index * 3 : index * 3 + 3]
    return f"#{r:02x}{g:02x}{b:02x}"


def placeholder(im: Image.Image, width: int = 16) -> str:
    """A blurred ~16 px WebP as a data URI (a few hundred bytes) shown while loading."""
    small = im.convert("RGB")
    small.thumbnail((width, width))
    buf = io.BytesIO()
    small.save(buf, "WEBP", quality=40, method=6)
    return "data:image/webp;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


@dataclass(frozen=True)
class Metadata:
    """What derivatives keep: caption, creator, credit, copyright and date — nothing else.

    Everything the camera wrote (GPS, maker notes, serial numbers, thumbnails)
    is dropped simply by never copying the original EXIF.
    """

    caption: str = ""
    creator: str = ""
    credit: str = ""
    copyright: str = ""
    date_iso: str = ""

    def exif(self) -> bytes:
        """EXIF with UTF-8 text (as exiftool and browsers read it) and no other tags."""
        exif = Image.Exif()
        if self.caption:
            exif[0x010E] = self.caption.encode("utf-8")  # ImageDescription
        if self.creator:
            exif[0x013B] = self.creator.encode("utf-8")  # Artist
        if self.copyright:
            exif[0x8298] = self.copyright.encode("utf-8")  # Copyright
        if len(self.date_iso) == 10:  # only a full date fits EXIF's DateTimeOriginal
            exif.get_ifd(0x8769)[0x9003] = self.date_iso.replace("-", ":") + " 00:00:00"
        return exif.tobytes() if len(exif) or self.date_iso else b""

    def xmp(self) -> bytes:
        """An XMP packet (IPTC core in Dublin Core/Photoshop terms), the portable home for UTF-8."""
        fields: list[str] = []
        if self.caption:
            fields.append(
                "<dc:description><rdf:Alt><rdf:li xml:lang='x-default'>"
                f"{escape(self.caption)}</rdf:li></rdf:Alt></dc:description>"
            )
        if self.creator:
            fields.append(
                f"<dc:creator><rdf:Seq><rdf:li>{escape(self.creator)}</rdf:li></rdf:Seq></dc:creator>"
            )
        if self.copyright:
            fields.append(
                "<dc:rights><rdf:Alt><rdf:li xml:lang='x-default'>"
                f"{escape(self.copyright)}</rdf:li></rdf:Alt></dc:rights>"
            )
        if self.credit:
            fields.append(f"<photoshop:Credit>{escape(self.credit)}</photoshop:Credit>")
        if self.date_iso:
            fields.append(f"<photoshop:DateCreated>{escape(self.date_iso)}</photoshop:DateCreated>")
        if not fields:
            return b""
        body = "".join(fields)
        packet = (
            "<?xpacket begin='\ufeff' id='W5M0MpCehiHzreSzNTczkc9d'?>"
            "<x:xmpmeta xmlns:x='adobe:ns:meta/'>"
            "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
            "<rdf:Description rdf:about=''"
            " xmlns:dc='http://purl.org/dc/elements/1.1/'"
            " xmlns:photoshop='http://ns.adobe.com/photoshop/1.0/'>"
            f"{body}</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end='w'?>"
        )
        return packet.encode("utf-8")
