"""Pure image functions: orientation, colour conversion, sizes, metadata."""

from __future__ import annotations

import io
import struct

import pytest
from PIL import Image

from yearbook.photos import imaging
from yearbook.photos.imaging import Metadata


def _marked(size=(40, 20)):
    """An image with a red top-left corner: orientation moves the corner."""
    im = Image.new("RGB", size, (0, 0, 255))
    im.paste((255, 0, 0), (0, 0, 10, 5))
    return im


def _corner(im):
    """Which corner is red: 'tl', 'tr', 'bl' or 'br'."""
    w, h = im.size
    points = {"tl": (1, 1), "tr": (w - 2, 1), "bl": (1, h - 2), "br": (w - 2, h - 2)}
    return [name for name, xy in points.items() if im.getpixel(xy)[0] > 200]


# EXIF orientation n means the stored pixels must be transformed as follows to display;
# we build the *stored* image by applying the inverse to an upright image.
_STORE = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


@pytest.mark.parametrize("orientation", range(1, 9))
def test_orient_restores_upright_image(orientation):
    upright = _marked()
    stored = upright if _STORE[orientation] is None else upright.transpose(_STORE[orientation])
    fixed = imaging.orient(stored, orientation)
    assert fixed.size == upright.size
    assert _corner(fixed) == ["tl"]
    assert imaging.oriented_size(stored.size, orientation) == upright.size


def test_orient_ignores_nonsense_values():
    im = _marked()
    assert imaging.orient(im, 0) is im
    assert imaging.orient(im, 42) is im


def test_sixteen_bit_grey_scaled_not_clipped():
    im = Image.new("I;16", (4, 4), 32768)
    out = imaging.to_srgb(im, None)
    assert out.mode == "RGB"
    assert out.getpixel((0, 0)) == (128, 128, 128)


def _tiff_rgb16(w, h, rgb16):
    """A 16-bit-per-channel RGB TIFF written by hand (Pillow cannot write one)."""
    pixels = struct.pack("<3H", *rgb16) * (w * h)
    entries = [
        (256, 3, 1, w), (257, 3, 1, h), (258, 3, 3, 8 + 0),  # BitsPerSample offset patched below
        (259, 3, 1, 1), (262, 3, 1, 2), (273, 4, 1, 0), (277, 3, 1, 3),
        (278, 3, 1, h), (279, 4, 1, len(pixels)), (284, 3, 1, 1),
    ]  # fmt: skip
    ifd_offset = 8
    ifd_size = 2 + 12 * len(entries) + 4
    bits_offset = ifd_offset + ifd_size
    data_offset = bits_offset + 6
    out = bytearray(b"II*\x00" + struct.pack("<I", ifd_offset))
    out += struct.pack("<H", len(entries))
    for tag, typ, count, value in entries:
        if tag == 258:
            value = bits_offset
        elif tag == 273:
            value = data_offset
        if typ == 3 and count == 1:
            out += struct.pack("<HHIHH", tag, typ, count, value, 0)
        else:
            out += struct.pack("<HHII", tag, typ, count, value)
    out += struct.pack("<I", 0)
    out += struct.pack("<3H", 16, 16, 16)
    out += pixels
    return bytes(out)


def test_sixteen_bit_rgb_tiff_becomes_8_bit_rgb():
    im = Image.open(io.BytesIO(_tiff_rgb16(4, 3, (65535, 32768, 0))))
    out = imaging.to_srgb(im, im.info.get("icc_profile"))
    assert out.mode == "RGB"
    r, g, b = out.getpixel((1, 1))
    assert r == 255 and 120 <= g <= 135 and b == 0


@pytest.mark.parametrize("mode", ["RGBA", "LA", "PA"])
def test_transparency_flattened_on_white(mode):
    im = Image.new("RGBA", (4, 4), (255, 0, 0, 0))
    im.putpixel((0, 0), (255, 0, 0, 255))
    if mode != "RGBA":
        im = im.convert(mode)
    out = imaging.to_srgb(im, None)
    assert out.mode == "RGB"
    assert out.getpixel((3, 3)) == (255, 255, 255)
    assert out.getpixel((0, 0))[0] > 70  # opaque pixel kept (red or its grey)


def test_palette_png_with_transparency_flattened_on_white():
    p = Image.new("P", (4, 4), 0)
    p.putpalette([0, 0, 0, 0, 200, 0])
    p.putpixel((0, 0), 1)
    buf = io.BytesIO()
    p.save(buf, "PNG", transparency=0)
    out = imaging.to_srgb(Image.open(buf), None)
    assert out.getpixel((3, 3)) == (255, 255, 255)
    assert out.getpixel((0, 0)) == (0, 200, 0)


def test_cmyk_jpeg_without_profile_converted():
    buf = io.BytesIO()
    Image.new("CMYK", (8, 8), (255, 0, 0, 0)).save(buf, "JPEG", quality=95)
    im = Image.open(buf)
    assert im.mode == "CMYK"
    r, g, b = imaging.to_srgb(im, None).getpixel((4, 4))
    assert r < 20 and g > 235 and b > 235  # cyan


def test_web_sizes_never_upscale():
    assert imaging.web_sizes((6000, 4000), (480, 960, 1600)) == [
        (480, 320), (960, 640), (1600, 1067),
    ]  # fmt: skip
    assert imaging.web_sizes((700, 500), (480, 960, 1600)) == [(480, 343), (700, 500)]
    assert imaging.web_sizes((300, 200), (480, 960)) == [(300, 200)]


def test_fit_inside_print_box():
    assert imaging.fit((6000, 4000), (2480, 3508)) == (2480, 1653)
    assert imaging.fit((4000, 6000), (2480, 3508)) == (2339, 3508)
    assert imaging.fit((800, 600), (2480, 3508)) == (800, 600)


def test_derive_makes_each_size():
    out = imaging.derive(Image.new("RGB", (3000, 2000), (10, 20, 30)), [(480, 320), (1600, 1067)])
    assert {k: v.size for k, v in out.items()} == {
        (480, 320): (480, 320),
        (1600, 1067): (1600, 1067),
    }
    assert out[(480, 320)].getpixel((5, 5)) == (10, 20, 30)


def test_metadata_keeps_only_chosen_fields_and_escapes_html():
    meta = Metadata("Ảnh <script>alert(1)</script>", "Tổ Biên tập", "Nguồn & co", "CC0", "1990-05")
    xmp = meta.xmp().decode("utf-8")
    assert "&lt;script&gt;" in xmp and "<script>" not in xmp
    assert "<photoshop:Credit>Nguồn &amp; co</photoshop:Credit>" in xmp
    assert "<photoshop:DateCreated>1990-05</photoshop:DateCreated>" in xmp
    exif = Image.Exif()
    exif.load(meta.exif())
    assert set(exif) == {0x010E, 0x013B, 0x8298}
    assert exif[0x013B].encode("latin-1").decode("utf-8") == "Tổ Biên tập"
    assert Metadata().xmp() == b""


def test_color_and_placeholder():
    im = Image.new("RGB", (100, 60), (200, 30, 40))
    assert imaging.dominant_color(im) == "#c81e28"
    uri = imaging.placeholder(im)
    assert uri.startswith("data:image/webp;base64,") and len(uri) < 400
