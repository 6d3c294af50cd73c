"""`yearbook photos` and `yearbook photos sheet` as editors run them, and a killed run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner
from PIL import Image

from yearbook.photos.cli import photos


def _jpeg(path: Path, size=(64, 48)) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, (100, 150, 200)).save(path)


def test_cli_exit_codes_and_release(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _jpeg(tmp_path / "anh/1990/a.jpg")
    runner = CliRunner()
    result = runner.invoke(photos, ["--archive", "anh", "--output", "out", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "anh/1990/a.jpg: cảnh báo: ảnh chưa có dòng trong anh/captions.csv" in result.output
    assert "1 đã xử lý" in result.output
    assert json.loads((tmp_path / "out/manifest.json").read_text("utf-8"))["photos"]["a"]
    result = runner.invoke(photos, ["--archive", "anh", "--output", "out", "--release"])
    assert result.exit_code == 1
    assert "anh/1990/a.jpg: lỗi: ảnh chưa có dòng" in result.output
    assert "0 đã xử lý, 1 bỏ qua" in result.output


def test_sheet_adds_rows_only_for_photos_without_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _jpeg(tmp_path / "archive/1990/a.jpg")
    _jpeg(tmp_path / "archive/1990" / "Lễ kỷ niệm.jpg")
    _jpeg(tmp_path / "archive/1991/b.jpg")
    sheet = tmp_path / "archive/captions.csv"
    original = "file;caption\r\n1990/a.jpg;Đã có\r\n".encode()
    sheet.write_bytes(original)
    result = CliRunner().invoke(photos, ["sheet"])
    assert result.exit_code == 0, result.output
    assert "Đã thêm 2 dòng vào archive/captions.csv." in result.output
    assert sheet.read_bytes() == original + "1990/Lễ kỷ niệm.jpg;\r\n1991/b.jpg;\r\n".encode()
    result = CliRunner().invoke(photos, ["sheet"])
    assert "Đã thêm 0 dòng" in result.output
    report = CliRunner().invoke(photos, ["--jobs", "1"])
    assert report.output.count("chưa có mô tả (caption)") == 2


def test_sheet_refuses_to_touch_a_broken_sheet(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _jpeg(tmp_path / "archive/a.jpg")
    sheet = tmp_path / "archive/captions.csv"
    sheet.write_text("file,captoin\n", encoding="utf-8")
    result = CliRunner().invoke(photos, ["sheet"])
    assert result.exit_code == 1
    assert "archive/captions.csv:1:6: lỗi: cột 'captoin' không hợp lệ" in result.output
    assert sheet.read_text("utf-8") == "file,captoin\n"


def test_killed_run_leaves_no_partial_file_and_next_run_completes(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    for i in range(16):
        Image.effect_noise((2400, 1600), 40 + i).convert("RGB").save(archive / f"p{i:02d}.jpg")
    script = (
        "from pathlib import Path; from yearbook.photos.pipeline import run;"
        "from yearbook.photos.settings import PhotoSettings;"
        f"run(PhotoSettings(root=Path({str(tmp_path)!r}), jobs=1))"
    )
    proc = subprocess.Popen([sys.executable, "-c", script])
    web = tmp_path / ".cache/photos/web"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(web.glob("*"))) < 6:
        time.sleep(0.005)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    visible = [p for p in (tmp_path / ".cache/photos").rglob("*") if p.is_file()]
    assert not (tmp_path / ".cache/photos/manifest.json").exists()
    for path in visible:
        if path.name.startswith("."):
            continue
        with Image.open(path) as im:
            im.load()  # a truncated file would raise here
    from yearbook.photos.pipeline import run
    from yearbook.photos.settings import PhotoSettings

    report = run(PhotoSettings(root=tmp_path, jobs=1))
    assert report.ok
    manifest = json.loads(report.manifest.read_text("utf-8"))["photos"]
    assert len(manifest) == 16
    keep = {".state.json", ".yearbook-output"}
    leftovers = [p for p in (tmp_path / ".cache/photos").rglob(".*") if p.name not in keep]
    assert leftovers == []
    for entry in manifest.values():
        for item in entry["web"]:
            assert (tmp_path / ".cache/photos" / item["webp"]).is_file()
