"""The photo archive under hostile input (issue 9 §5): privacy follows the file, metadata is
stripped to the keep-list, ids are safe, every file is accounted for, no traceback."""

from __future__ import annotations

import io
import json
import os
import struct
from pathlib import Path

import pytest
from PIL import Image, TiffImagePlugin

from yearbook.photos.pipeline import run
from yearbook.photos.settings import PhotoSettings

SECRET = "BI-MAT-7QX"


def settings(root: Path, **changes: object) -> PhotoSettings:
    return PhotoSettings(root=root, jobs=1, **changes)


def jpeg(path: Path, size: tuple[int, int] = (64, 48), **save: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.effect_noise(size, 40).convert("RGB").save(path, "JPEG", **save)
    return path


def manifest(report) -> dict:
    return json.loads(report.manifest.read_text("utf-8"))["photos"]


def messages(report) -> list[str]:
    return [str(p) for p in report.problems]


# --- privacy follows the file ---------------------------------------------------------------


def test_symlink_to_private_photo_is_not_published(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    jpeg(archive / "rieng" / "an.jpg")
    (archive / "khac").mkdir()
    os.symlink("../rieng/an.jpg", archive / "khac" / "ban-sao.jpg")
    os.link(archive / "rieng" / "an.jpg", archive / "khac" / "lien-ket-cung.jpg")
    (archive / "captions.csv").write_text(
        "file,caption,public\nrieng/an.jpg,Ảnh riêng,không\n"
        "khac/ban-sao.jpg,Bản sao,có\nkhac/lien-ket-cung.jpg,Liên kết cứng,có\n",
        "utf-8",
    )
    report = run(settings(tmp_path))
    assert manifest(report) == {}, messages(report)
    assert report.excluded == 3
    assert not any((tmp_path / ".cache/photos/web").glob("*"))


def test_symlink_to_public_photo_still_works(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    jpeg(archive / "a.jpg")
    os.symlink("a.jpg", archive / "b.jpg")
    report = run(settings(tmp_path))
    assert sorted(manifest(report)) == ["a", "b"]


# --- metadata keep-list -----------------------------------------------------------------------


def _jpeg_segments(data: bytes) -> list[tuple[int, bytes]]:
    """(marker, payload) of every segment before the image data."""
    assert data[:2] == b"\xff\xd8"
    out, i = [], 2
    while i < len(data):
        marker = data[i + 1]
        if marker == 0xDA:
            break
        (length,) = struct.unpack(">H", data[i + 2 : i + 4])
        out.append((marker, data[i + 4 : i + 2 + length]))
        i += 2 + length
    return out


def _original_with_everything(path: Path) -> Path:
    im = Image.effect_noise((96, 64), 40).convert("RGB")
    exif = Image.Exif()
    exif[0x010F] = f"Make {SECRET}"
    exif[0x0110] = f"Model {SECRET}"
    exif.get_ifd(0x8769)[0xA431] = f"Serial {SECRET}"  # BodySerialNumber
    exif.get_ifd(0x8825)[1] = "N"  # GPSLatitudeRef
    exif.get_ifd(0x8825)[2] = (15.0, 7.0, 12.0)
    xmp = f"<x:xmpmeta xmlns:x='adobe:ns:meta/'>{SECRET}</x:xmpmeta>".encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path, "JPEG", exif=exif, comment=f"COM {SECRET}".encode(), xmp=xmp)
    # An IPTC (APP13) block, as Photoshop writes, inserted after SOI.
    app13 = b"Photoshop 3.0\x00" + SECRET.encode()
    data = path.read_bytes()
    path.write_bytes(data[:2] + b"\xff\xed" + struct.pack(">H", len(app13) + 2) + app13 + data[2:])
    return path


def test_derivatives_keep_only_the_keep_list(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    _original_with_everything(archive / "a.jpg")
    (archive / "captions.csv").write_text(
        "file,caption,creator,copyright,date\na.jpg,Chú thích,Người chụp,Văn phòng,1/7/1989\n",
        "utf-8",
    )
    report = run(settings(tmp_path))
    assert report.ok, messages(report)
    out = tmp_path / ".cache/photos"
    files = sorted((out / "web").glob("*")) + sorted((out / "print").glob("*"))
    assert files
    for path in files:
        data = path.read_bytes()
        assert SECRET.encode() not in data, path
        with Image.open(path) as im:
            exif = im.getexif()
            tags = set(exif) | set(exif.get_ifd(0x8769))
            assert tags <= {0x010E, 0x013B, 0x8298, 0x8769, 0x9003}, (path, tags)
            assert not exif.get_ifd(0x8825), path
            assert "comment" not in im.info, path
        if path.suffix == ".jpg":
            markers = {m for m, _ in _jpeg_segments(data)}
            assert markers <= {0xE0, 0xE1, 0xDB, 0xC0, 0xC2, 0xC4, 0xDD}, (path, markers)


# --- ids ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["---.jpg", "___.jpg", "–––.jpg", "!!!.png"])
def test_empty_id_is_refused(tmp_path: Path, name: str) -> None:
    archive = tmp_path / "archive"
    jpeg(archive / "ok.jpg")
    Image.new("RGB", (8, 8)).save(archive / name, "PNG" if name.endswith("png") else "JPEG")
    report = run(settings(tmp_path))
    assert sorted(manifest(report)) == ["ok"]
    assert any(m.startswith(f"archive/{name}: lỗi: ") and "mã ảnh" in m for m in messages(report))
    assert not any(p.name.startswith("-") for p in (tmp_path / ".cache/photos/web").glob("*"))


def test_over_long_name_is_reported_per_file(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    jpeg(archive / "ok.jpg")
    jpeg(archive / ("a" * 240 + ".jpg"))
    report = run(settings(tmp_path))
    assert sorted(manifest(report)) == ["ok"]
    assert any("quá dài" in m for m in messages(report)), messages(report)


# --- I/O errors ---------------------------------------------------------------------------


def test_symlink_loop_and_broken_link_are_reported_not_raised(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    jpeg(archive / "ok.jpg")
    os.symlink("vong.jpg", archive / "vong.jpg")
    os.symlink("khong-co.jpg", archive / "hong.jpg")
    os.symlink(".", archive / "thu-muc-vong")
    report = run(settings(tmp_path))
    assert sorted(manifest(report)) == ["ok"]
    text = "\n".join(messages(report))
    assert "archive/vong.jpg: lỗi: " in text and "vòng" in text
    assert "archive/hong.jpg: lỗi: " in text
    assert "archive/thu-muc-vong: cảnh báo: " in text


def test_symlink_loop_in_check_is_not_a_traceback(tmp_path: Path) -> None:
    from hostile_support import run_cli

    from bookfactory import write_book

    root = write_book(tmp_path / "book")
    os.symlink("vong.jpg", root / "archive" / "vong.jpg")
    run_cli(root, "check", expect=None)


# --- every file accounted for ------------------------------------------------------------------


def _save_all_formats(archive: Path) -> list[str]:
    im = Image.effect_noise((40, 30), 40).convert("RGB")
    names = []
    for name, fmt, kw in [
        ("anh-bmp.bmp", "BMP", {}),
        ("anh-jp2.jp2", "JPEG2000", {}),
        ("anh-avif.avif", "AVIF", {}),
        ("anh-tga.tga", "TGA", {}),
        ("anh-pcx.pcx", "PCX", {}),
        ("anh-ppm.ppm", "PPM", {}),
        ("anh-ico.ico", "ICO", {}),
        ("anh-psd.psd", None, {}),
    ]:
        path = archive / name
        if fmt is None:  # Pillow cannot write PSD: the smallest valid RGB PSD by hand
            path.write_bytes(_psd(40, 30))
        else:
            im.save(path, fmt, **kw)
        names.append(name)
    return names


def _psd(w: int, h: int) -> bytes:
    header = b"8BPS" + struct.pack(">H6xHIIHH", 1, 3, h, w, 8, 3)
    return header + struct.pack(">I", 0) * 3 + struct.pack(">H", 0) + bytes(3 * w * h)


def test_every_pillow_format_is_processed_and_others_listed(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    names = _save_all_formats(archive)
    (archive / "ghi-chu.txt").write_text("x", "utf-8")
    (archive / "video.mp4").write_bytes(b"\x00" * 16)
    (archive / "tai-lieu.eps").write_text("%!PS\n", "utf-8")
    report = run(settings(tmp_path))
    got = set(manifest(report))
    assert got == {n.replace(".", "-").rsplit("-", 1)[0] for n in names}, messages(report)
    text = "\n".join(messages(report))
    for skipped in ("ghi-chu.txt", "video.mp4", "tai-lieu.eps"):
        assert f"archive/{skipped}: cảnh báo: " in text, text
    assert "3 tệp không phải ảnh" in report.summary()


def _corrupt_tiff(path: Path) -> Path:
    im = Image.effect_noise((256, 256), 50).convert("RGB")
    saved = TiffImagePlugin.WRITE_LIBTIFF
    TiffImagePlugin.WRITE_LIBTIFF = True
    try:
        im.save(path, compression="tiff_adobe_deflate")
    finally:
        TiffImagePlugin.WRITE_LIBTIFF = saved
    data = bytearray(path.read_bytes())
    with Image.open(io.BytesIO(bytes(data))) as probe:
        offset = probe.tag_v2[273][0]
    data[offset + 100 : offset + 3000] = b"\x5a" * 2900
    path.write_bytes(bytes(data))
    return path


def test_libtiff_messages_are_folded_into_the_files_message(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    _corrupt_tiff(archive / "hong.tif")
    jpeg(archive / "ok.jpg")
    capfd.readouterr()
    report = run(settings(tmp_path))
    captured = capfd.readouterr()
    assert "ZIPDecode" not in captured.err + captured.out
    errors = [m for m in messages(report) if m.startswith("archive/hong.tif: lỗi: ")]
    assert len(errors) == 1, messages(report)
    assert "ZIPDecode" in errors[0] and "ảnh bị hỏng" in errors[0]
    assert sorted(manifest(report)) == ["ok"]
