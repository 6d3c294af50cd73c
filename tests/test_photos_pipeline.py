"""The pipeline over real camera files and over broken files made here."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import unicodedata
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from yearbook.photos.ids import archive_photo_ids
from yearbook.photos.pipeline import run
from yearbook.photos.settings import PhotoSettings

SAMPLES = Path(__file__).parent / "data" / "exif-samples"


def _digests(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


#: Tests that name their outputs fix the widths instead of following the default.
WIDTHS = (480, 960, 1600)


def _settings(root: Path, **changes) -> PhotoSettings:
    return PhotoSettings(root=root, jobs=1, **changes)


def _messages(report) -> list[str]:
    return [str(p) for p in report.problems]


def _jpeg(path: Path, size=(64, 48), color=(120, 90, 60), **save) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, color).save(path, "JPEG", **save)
    return path


@pytest.fixture(scope="module")
def samples_run(tmp_path_factory):
    """One run over every camera file in exif-samples, with two workers."""
    root = tmp_path_factory.mktemp("samples")
    archive = root / "archive"
    shutil.copytree(SAMPLES, archive, ignore=shutil.ignore_patterns("README", "*.rst"))
    (archive / "captions.csv").write_text(
        "file,caption,credit,creator,date,people\n"
        'jpg/gps/DSCN0010.jpg,"Ảnh minh họa: xe <b>cũ</b>",Tổ Biên tập,Nguyễn Văn A,'
        "khoảng 1992,nguyen-van-an\n",
        encoding="utf-8",
    )
    before = _digests(archive)
    report = run(PhotoSettings(root=root, jobs=2))
    manifest = json.loads((root / ".cache/photos/manifest.json").read_text("utf-8"))
    return root, archive, before, report, manifest["photos"]


def test_originals_are_byte_identical(samples_run):
    _, archive, before, _, _ = samples_run
    assert _digests(archive) == before


def test_every_camera_file_is_processed(samples_run):
    root, archive, _, report, photos = samples_run
    assert report.problems.errors == [], _messages(report)
    images = [p for p in archive.rglob("*") if p.suffix.lower() not in (".csv",) and p.is_file()]
    assert len(photos) == len(images) == 39
    for entry in photos.values():
        for item in entry["web"]:
            for fmt in ("jpeg", "webp"):
                with Image.open(root / ".cache/photos" / item[fmt]) as im:
                    assert im.size == (item["width"], item["height"])
                    assert im.mode == "RGB"
        with Image.open(root / ".cache/photos" / entry["print"]["file"]) as im:
            assert im.size == (entry["print"]["width"], entry["print"]["height"])
        assert entry["color"].startswith("#") and len(entry["color"]) == 7


def _grey(path: Path, size) -> Image.Image:
    with Image.open(path) as im:
        return im.convert("L").resize(size)


@pytest.mark.parametrize("kind", ["landscape", "portrait"])
def test_all_eight_orientations_applied_on_pixels(samples_run, kind):
    root, archive, _, _, photos = samples_run
    out = root / ".cache/photos"
    reference = photos[f"{kind}-1"]
    size = (reference["web"][0]["width"], reference["web"][0]["height"])
    upright = _grey(out / reference["web"][0]["jpeg"], size)
    for n in range(2, 9):
        entry = photos[f"{kind}-{n}"]
        assert (entry["width"], entry["height"]) == (reference["width"], reference["height"])
        derived = _grey(out / entry["web"][0]["jpeg"], size)
        stored = _grey(archive / entry["source"], size)
        assert ImageStat.Stat(ImageChops.difference(upright, derived)).mean[0] < 8
        assert ImageStat.Stat(ImageChops.difference(upright, stored)).mean[0] > 25


def test_gps_dropped_caption_and_credit_kept(samples_run):
    root, archive, _, _, photos = samples_run
    with Image.open(archive / "jpg/gps/DSCN0010.jpg") as original:
        assert original.getexif().get_ifd(0x8825)  # the original does carry GPS
    entry = photos["dscn0010"]
    assert entry["caption"] == "Ảnh minh họa: xe <b>cũ</b>"  # stored as text, not parsed
    assert entry["date"] == "khoảng 1992" and entry["date_iso"] == "1992"
    assert entry["people"] == ["nguyen-van-an"]
    files = [i[f] for i in entry["web"] for f in ("jpeg", "webp")] + [entry["print"]["file"]]
    for rel in files:
        with Image.open(root / ".cache/photos" / rel) as im:
            exif = im.getexif()
            assert 0x8825 not in exif and not exif.get_ifd(0x8825)  # GPS
            assert not exif.get_ifd(0x8769).get(0x927C)  # maker note
            assert 0xA431 not in exif.get_ifd(0x8769)  # body serial number
            assert 0x0201 not in exif.get_ifd(1)  # thumbnail
            xmp = im.info.get("xmp", b"")
            xmp = xmp.decode("utf-8") if isinstance(xmp, bytes) else xmp
            assert "Ảnh minh họa: xe &lt;b&gt;cũ&lt;/b&gt;" in xmp
            assert "<photoshop:Credit>Tổ Biên tập</photoshop:Credit>" in xmp
            assert "Nguyễn Văn A" in xmp
            assert exif[0x010E].encode("latin-1").decode("utf-8").startswith("Ảnh minh họa")


def test_heic_and_tiff_read(samples_run):
    _, _, _, _, photos = samples_run
    assert photos["img-5195"]["width"] > 0
    assert photos["cremieux11"]["source"] == unicodedata.normalize("NFC", "tiff/Crémieux11.tiff")


def test_noop_rerun_does_no_image_work(samples_run):
    root, _, _, _, _ = samples_run
    manifest = root / ".cache/photos/manifest.json"
    mtime = manifest.stat().st_mtime_ns
    outputs = {p: p.stat().st_mtime_ns for p in (root / ".cache/photos").rglob("*.*")}
    report = run(_settings(root))
    assert report.processed == 0 and report.skipped == 39 and report.removed == 0
    assert manifest.stat().st_mtime_ns == mtime
    assert {p: p.stat().st_mtime_ns for p in outputs} == outputs


def test_bad_files_reported_others_processed(tmp_path):
    archive = tmp_path / "archive"
    _jpeg(archive / "good.jpg")
    (archive / "empty.jpg").write_bytes(b"")
    buf = io.BytesIO()
    Image.effect_noise((400, 300), 50).convert("RGB").save(buf, "JPEG")
    (archive / "truncated.jpg").write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    (archive / "text.jpg").write_text("không phải ảnh", encoding="utf-8")
    _jpeg(archive / "bomb.png", size=(1, 1))
    Image.new("1", (5000, 4000)).save(archive / "bomb.png")  # 20 MP of nearly nothing
    report = run(_settings(tmp_path, max_pixels=10_000_000))
    messages = _messages(report)
    errors = {p.path: p.message for p in report.problems.errors}
    assert set(errors) == {
        "archive/empty.jpg", "archive/truncated.jpg", "archive/text.jpg", "archive/bomb.png",
    }, messages  # fmt: skip
    assert "0 byte" in errors["archive/empty.jpg"]
    assert "cắt cụt" in errors["archive/truncated.jpg"]
    assert "không phải tệp ảnh" in errors["archive/text.jpg"]
    assert "bom giải nén" in errors["archive/bomb.png"]
    assert report.failed == 4 and report.exit_code == 1
    manifest = json.loads(report.manifest.read_text("utf-8"))["photos"]
    assert list(manifest) == ["good"]
    assert (tmp_path / ".cache/photos/web/good-64.jpg").is_file()


def test_multipage_tiff_and_animated_gif_use_first_frame(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    pages = [Image.new("RGB", (60, 40), c) for c in ((250, 0, 0), (0, 250, 0))]
    pages[0].save(archive / "pages.tiff", save_all=True, append_images=pages[1:])
    frames = [Image.new("P", (60, 40), i) for i in range(3)]
    for f in frames:
        f.putpalette([0, 0, 250, 0, 250, 0, 250, 0, 0] + [0] * 759)
    frames[0].save(archive / "anim.gif", save_all=True, append_images=frames[1:], duration=100)
    report = run(_settings(tmp_path))
    warnings = {p.path: p.message for p in report.problems.warnings if "trang" in p.message}
    assert set(warnings) == {"archive/pages.tiff", "archive/anim.gif"}
    assert report.exit_code == 0
    out = tmp_path / ".cache/photos/web"
    assert Image.open(out / "pages-60.jpg").getpixel((30, 20))[0] > 200
    assert Image.open(out / "anim-60.jpg").getpixel((30, 20))[2] > 200


def test_cmyk_jpeg_with_icc_profile(tmp_path):
    """A CMYK JPEG with an (unusable for CMYK) sRGB profile still converts with correct colours."""
    from PIL import ImageCms

    archive = tmp_path / "archive"
    archive.mkdir()
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    Image.new("CMYK", (64, 48), (0, 255, 255, 0)).save(
        archive / "cmyk-icc.jpg", quality=95, icc_profile=srgb
    )
    Image.new("CMYK", (64, 48), (0, 255, 255, 0)).save(archive / "cmyk.jpg", quality=95)
    report = run(_settings(tmp_path))
    assert report.exit_code == 0, _messages(report)
    for name in ("cmyk-icc", "cmyk"):
        r, g, b = Image.open(tmp_path / f".cache/photos/web/{name}-64.jpg").getpixel((30, 20))
        assert r > 230 and g < 30 and b < 30  # red, not its inverse


def test_nfc_and_nfd_names_slugs_and_collisions(tmp_path):
    archive = tmp_path / "archive"
    nfd = unicodedata.normalize("NFD", "Lễ kỷ niệm 1990.jpg")
    _jpeg(archive / "1989-1994" / nfd)
    _jpeg(archive / "1994-1999" / "Hội nghị.jpg")
    _jpeg(archive / "1999-2004" / "hoi-nghi.jpg")
    (archive / "captions.csv").write_text(
        "file,caption\n1989-1994/Lễ kỷ niệm 1990.jpg,Ảnh minh họa: lễ kỷ niệm\n"
        "1989-1994/khong-co.jpg,x\n",
        encoding="utf-8",
    )
    report = run(_settings(tmp_path))
    manifest = json.loads(report.manifest.read_text("utf-8"))["photos"]
    assert list(manifest) == ["le-ky-niem-1990"]
    entry = manifest["le-ky-niem-1990"]
    assert entry["source"] == "1989-1994/Lễ kỷ niệm 1990.jpg"
    assert entry["caption"] == "Ảnh minh họa: lễ kỷ niệm"
    assert entry["folder"] == "1989-1994"
    errors = [str(p) for p in report.problems.errors]
    assert any(
        e.startswith("archive/1994-1999/Hội nghị.jpg: lỗi: trùng mã ảnh 'hoi-nghi'")
        and "1999-2004/hoi-nghi.jpg" in e
        for e in errors
    )
    assert any(e.startswith("archive/1999-2004/hoi-nghi.jpg: lỗi: trùng mã ảnh") for e in errors)
    assert "archive/captions.csv:3:1: lỗi: không có tệp ảnh '1989-1994/khong-co.jpg'" in " ".join(
        errors
    )
    assert "le-ky-niem-1990" in archive_photo_ids(archive)


def test_symlink_outside_archive_refused(tmp_path):
    archive = tmp_path / "archive"
    secret = _jpeg(tmp_path / "elsewhere" / "secret.jpg")
    archive.mkdir()
    os.symlink(secret, archive / "link.jpg")
    _jpeg(archive / "inside.jpg")
    os.symlink(archive / "inside.jpg", archive / "alias.jpg")
    report = run(_settings(tmp_path))
    errors = {p.path: p.message for p in report.problems.errors}
    assert list(errors) == ["archive/link.jpg"]
    assert "ra ngoài kho ảnh" in errors["archive/link.jpg"]
    manifest = json.loads(report.manifest.read_text("utf-8"))["photos"]
    assert sorted(manifest) == ["alias", "inside"]


def test_missing_caption_is_error_only_in_release(tmp_path):
    archive = tmp_path / "archive"
    _jpeg(archive / "a.jpg")
    _jpeg(archive / "hidden.jpg")
    (archive / "captions.csv").write_text(
        "file,caption,public\nhidden.jpg,Riêng tư,không\n", encoding="utf-8"
    )
    report = run(_settings(tmp_path))
    assert report.exit_code == 0
    assert [p.path for p in report.problems.warnings] == ["archive/a.jpg"]
    report = run(_settings(tmp_path, release=True))
    assert report.exit_code == 1
    assert [p.path for p in report.problems.errors] == ["archive/a.jpg"]
    # the photo marked không produces no output at all
    out = tmp_path / ".cache/photos"
    assert not [p for p in out.rglob("*") if "hidden" in p.name]
    assert "hidden" not in report.manifest.read_text("utf-8")


def test_stale_outputs_removed_after_rename_and_unpublish(tmp_path):
    archive = tmp_path / "archive"
    _jpeg(archive / "a.jpg", size=(1000, 700))
    _jpeg(archive / "b.jpg")
    run(_settings(tmp_path, widths=WIDTHS))
    out = tmp_path / ".cache/photos"
    assert (out / "web/a-960.webp").is_file() and (out / "print/a.jpg").is_file()
    (archive / "a.jpg").rename(archive / "c.jpg")
    (archive / "captions.csv").write_text("file,public\nb.jpg,không\n", encoding="utf-8")
    (out / "web/.a-480.jpg.123.tmp").write_bytes(b"half")  # left by a killed run
    report = run(_settings(tmp_path, widths=WIDTHS))
    names = sorted(p.name for p in out.rglob("*") if p.is_file() and p.parent != out)
    assert names == ["c-1000.jpg", "c-1000.webp", "c-480.jpg", "c-480.webp",
                     "c-960.jpg", "c-960.webp", "c.jpg"]  # fmt: skip
    assert report.removed == 11  # a: 7, b: 3, one temporary file
    assert list(json.loads(report.manifest.read_text("utf-8"))["photos"]) == ["c"]


def test_setting_change_regenerates_only_affected_outputs(tmp_path):
    archive = tmp_path / "archive"
    _jpeg(archive / "a.jpg", size=(2000, 1500))
    run(_settings(tmp_path, widths=WIDTHS))
    out = tmp_path / ".cache/photos"

    def stamps():
        return {p.name: p.stat().st_mtime_ns for p in out.rglob("*.*") if p.parent != out}

    before = stamps()
    report = run(_settings(tmp_path, widths=WIDTHS, webp_quality=60))
    after = stamps()
    changed = sorted(name for name in after if after[name] != before.get(name))
    assert changed == ["a-1600.webp", "a-480.webp", "a-960.webp"]
    assert report.processed == 1
    report = run(_settings(tmp_path, webp_quality=60, widths=(480, 960, 1600, 1920)))
    final = stamps()
    assert sorted(n for n in final if final[n] != after.get(n)) == ["a-1920.jpg", "a-1920.webp"]
    # touching a file without changing its content does no image work
    os.utime(archive / "a.jpg", ns=(1, 1))
    report = run(_settings(tmp_path, webp_quality=60, widths=(480, 960, 1600, 1920)))
    assert report.processed == 0 and stamps() == final


def test_caption_change_rewrites_metadata(tmp_path):
    archive = tmp_path / "archive"
    _jpeg(archive / "a.jpg")
    run(_settings(tmp_path))
    (archive / "captions.csv").write_text("file,caption\na.jpg,Mô tả mới\n", encoding="utf-8")
    report = run(_settings(tmp_path))
    assert report.processed == 1
    with Image.open(tmp_path / ".cache/photos/print/a.jpg") as im:
        assert "Mô tả mới" in im.info["xmp"].decode("utf-8")


def test_truncated_jpeg_fails_even_after_weasyprint_import(tmp_path):
    """WeasyPrint turns on Pillow's LOAD_TRUNCATED_IMAGES globally when imported."""
    import weasyprint  # noqa: F401
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES
    archive = tmp_path / "archive"
    buf = io.BytesIO()
    Image.effect_noise((400, 300), 50).convert("RGB").save(buf, "JPEG")
    (archive).mkdir(parents=True)
    (archive / "truncated.jpg").write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    report = run(_settings(tmp_path))
    assert [p.path for p in report.problems.errors] == ["archive/truncated.jpg"]
    assert ImageFile.LOAD_TRUNCATED_IMAGES, "the global setting is restored"


SWOP_CMYK = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")  # Debian libgs-common


@pytest.mark.skipif(not SWOP_CMYK.is_file(), reason="needs Debian's libgs-common CMYK profile")
def test_cmyk_jpeg_with_real_cmyk_profile_uses_it(tmp_path):
    """Colours go through the embedded CMYK profile, not Pillow's naive inversion."""
    from PIL import ImageCms

    archive = tmp_path / "archive"
    archive.mkdir()
    icc = SWOP_CMYK.read_bytes()
    original = Image.new("CMYK", (64, 48), (255, 0, 0, 0))  # process cyan
    original.save(archive / "cmyk-swop.jpg", quality=98, icc_profile=icc)
    report = run(_settings(tmp_path))
    assert report.exit_code == 0, _messages(report)
    got = (
        Image.open(tmp_path / ".cache/photos/web/cmyk-swop-64.jpg")
        .convert("RGB")
        .getpixel((30, 20))
    )
    managed = ImageCms.profileToProfile(
        original,
        ImageCms.ImageCmsProfile(io.BytesIO(icc)),
        ImageCms.createProfile("sRGB"),
        outputMode="RGB",
    ).getpixel((30, 20))
    naive = original.convert("RGB").getpixel((30, 20))  # (0, 255, 255)
    assert all(abs(a - b) <= 12 for a, b in zip(got, managed, strict=True)), (got, managed)
    assert max(abs(a - b) for a, b in zip(got, naive, strict=True)) > 40, (got, naive)
