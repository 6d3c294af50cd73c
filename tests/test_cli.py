"""The editors' commands: new, status, check on the repository's sample book."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

from click.testing import CliRunner, Result

from yearbook.cli import main

REPO = Path(__file__).resolve().parent.parent


def run(root: Path, *args: str) -> Result:
    cwd = os.getcwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(cwd)


def test_new_chapter_creates_valid_file_named_by_ascii_slug(book_dir: Path) -> None:
    # Split the second period so the new chapter fits without overlap.
    second = book_dir / "docs/giai-doan/2004-2019.md"
    second.write_text(
        second.read_text("utf-8").replace("end_year: 2019", "end_year: 2011"), "utf-8"
    )
    result = run(
        book_dir, "new", "chapter", "Giai đoạn 2011–2019: Đổi mới", "--start", "2011",
        "--end", "2019", "--unit", "hctc", "--author", "Nguyễn Văn An",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    created = book_dir / "docs/giai-doan/giai-doan-2011-2019-doi-moi.md"
    assert created.is_file()
    text = created.read_text("utf-8")
    assert "## Bối cảnh" in text and "status: draft" in text
    assert "Đã tạo docs/giai-doan/giai-doan-2011-2019-doi-moi.md" in result.output
    check = run(book_dir, "check")
    assert check.exit_code == 0, check.output
    # Never overwrites.
    again = run(book_dir, "new", "chapter", "Giai đoạn 2011–2019: Đổi mới", "--start", "2011",
                "--end", "2019")  # fmt: skip
    assert again.exit_code != 0
    assert "đã có" in again.output
    assert created.read_text("utf-8") == text


def test_new_unit_and_essay(book_dir: Path) -> None:
    assert run(book_dir, "new", "unit", "Phòng Quản trị – Tài vụ", "--unit", "qttv").exit_code == 0
    assert (book_dir / "docs/don-vi/phong-quan-tri-tai-vu.md").is_file()
    assert run(book_dir, "new", "essay", "Tuổi trẻ Văn phòng hôm nay").exit_code == 0
    essay = (book_dir / "docs/tuoi-tre/tuoi-tre-van-phong-hom-nay.md").read_text("utf-8")
    assert "\nunit:" not in essay, "the fixture book has no youth union unit"
    units = book_dir / "docs/data/units.yml"
    units.write_text(units.read_text("utf-8") + "chi-doan:\n  name: Chi Đoàn\n", "utf-8")
    assert run(book_dir, "new", "essay", "Bài thứ hai").exit_code == 0
    assert "\nunit: chi-doan\n" in (book_dir / "docs/tuoi-tre/bai-thu-hai.md").read_text("utf-8")
    missing_unit = run(book_dir, "new", "unit", "Phòng gì đó")
    assert missing_unit.exit_code != 0 and "--unit" in missing_unit.output
    result = run(book_dir, "check")
    assert result.exit_code == 0, result.output


def test_status_reports_every_page_counts_and_blockers(book_dir: Path) -> None:
    data = json.loads(run(book_dir, "status", "--format", "json").output)
    files = {row["file"]: row for row in data["rows"]}
    assert set(files) == {
        "loi-gioi-thieu.md",
        "giai-doan/1989-2004.md",
        "giai-doan/2004-2019.md",
        "don-vi/hctc.md",
        "tuoi-tre/tuoi-tre.md",
    }
    assert data["counts"] == {"draft": 1, "review": 0, "approved": 4}
    chapter = files["giai-doan/1989-2004.md"]
    assert chapter["reviewers"] == "Trần Văn Thẩm (Đồng ý)"
    assert chapter["approved_by"] == "Lê Văn Duyệt" and chapter["approved_on"] == "20/7/2020"
    assert chapter["photos"] == 1 and chapter["words"] > 5
    assert data["missing_units"] == ["Phòng Quản trị – Tài vụ"]
    assert any("tuoi-tre/tuoi-tre.md" in b for b in data["blockers"])
    # Private notes are not part of any report.
    assert "Ghi chú riêng" not in json.dumps(data, ensure_ascii=False)

    rows = list(csv.reader(io.StringIO(run(book_dir, "status", "--format", "csv").output)))
    assert rows[0][:4] == ["Tệp", "Loại", "Tiêu đề", "Trạng thái"]
    assert len(rows) == 6

    table = run(book_dir, "status").output
    assert "Đơn vị chưa nộp bài: Phòng Quản trị – Tài vụ" in table
    assert "Bản nháp: 1" in table


def test_sample_book_checks_clean() -> None:
    result = run(REPO, "check")
    errors = [line for line in result.output.splitlines() if ": lỗi: " in line]
    assert errors == []
    assert result.exit_code == 0


def test_sample_book_has_every_kind_of_content() -> None:
    data = json.loads(run(REPO, "status", "--format", "json").output)
    kinds = [row["kind"] for row in data["rows"]]
    assert kinds.count("Chương") == 6
    assert kinds.count("Bài viết đơn vị") >= 4
    assert kinds.count("Bài viết của tuổi trẻ") == 2
    assert kinds.count("Lời giới thiệu") == 1
    assert data["counts"]["draft"] + data["counts"]["review"] >= 1


def test_serve_shows_drafts_live(book_dir: Path) -> None:
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    yearbook = Path(sys.executable).parent / "yearbook"
    proc = subprocess.Popen(
        [str(yearbook), "serve", "-a", f"127.0.0.1:{port}"],
        cwd=book_dir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        html = ""
        for _ in range(120):
            try:
                url = f"http://127.0.0.1:{port}/tuoi-tre/tuoi-tre/"
                html = urllib.request.urlopen(url, timeout=2).read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.5)
        assert "BẢN NHÁP" in html
        assert "Cảm xúc của thế hệ trẻ" in html
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_mkdocs_build_gives_the_same_site_as_yearbook_build(tmp_path: Path) -> None:
    import hashlib
    import subprocess
    import sys

    from bookfactory import write_book

    def digest(site: Path) -> dict[str, str]:
        return {
            p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*"))
            if p.is_file()
        }

    root = write_book(tmp_path / "book")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1598572800", "NO_MKDOCS_2_WARNING": "1"}
    env.pop("YEARBOOK_PREVIEW", None)
    bin_dir = Path(sys.executable).parent
    for tool, out in (("yearbook", "site-a"), ("mkdocs", "site-b")):
        done = subprocess.run(
            [str(bin_dir / tool), "build", "-d", out],
            cwd=root, env=env, capture_output=True, text=True,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-2000:]
    a, b = digest(root / "site-a"), digest(root / "site-b")
    assert "giai-doan/1989-2004/index.html" in a
    assert a == b


def test_console_command_speaks_vietnamese(book_dir: Path) -> None:
    import subprocess
    import sys

    yearbook = str(Path(sys.executable).parent / "yearbook")
    help_text = subprocess.run([yearbook, "--help"], capture_output=True, text=True).stdout
    assert "Cách dùng:" in help_text and "Tùy chọn:" in help_text and "Lệnh:" in help_text
    assert "Show this message" not in help_text and "Usage:" not in help_text
    bad = subprocess.run(
        [yearbook, "status", "--format", "xml"], capture_output=True, text=True, cwd=book_dir
    )
    assert bad.returncode == 2
    assert "Lỗi: Giá trị không hợp lệ cho '--format'" in bad.stderr
    mine = subprocess.run(
        [yearbook, "new", "unit", "Phòng mới"], capture_output=True, text=True, cwd=book_dir
    )
    assert mine.returncode == 1
    assert mine.stderr.strip() == "Lỗi: bài đơn vị cần --unit (mã đơn vị trong units.yml)"


def test_build_with_a_broken_photo_names_it_and_fails_in_vietnamese(book_dir: Path) -> None:
    import subprocess
    import sys

    (book_dir / "archive/2004-2019/hong.jpg").write_bytes(b"")
    done = subprocess.run(
        [str(Path(sys.executable).parent / "yearbook"), "build", "--no-pdf"],
        cwd=book_dir, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 1
    assert "archive/2004-2019/hong.jpg: lỗi: tệp rỗng (0 byte)" in done.stderr
    assert done.stderr.rstrip().endswith("Lỗi: dựng thất bại — xem các dòng LỖI/ERROR ở trên")
    # The other photos were still processed.
    manifest = json.loads((book_dir / ".cache/photos/manifest.json").read_text("utf-8"))
    assert "le-ky-niem-1990" in manifest["photos"]


def test_photos_command_and_checker_follow_the_photos_config(book_dir: Path) -> None:
    config = book_dir / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "      end_year: 2019\n",
            "      end_year: 2019\n      photos:\n        output: build/anh\n",
        ),
        "utf-8",
    )
    result = run(book_dir, "photos")
    assert result.exit_code == 0, result.output
    manifest = json.loads((book_dir / "build/anh/manifest.json").read_text("utf-8"))
    assert "le-ky-niem-1990" in manifest["photos"]
    assert not (book_dir / ".cache/photos").exists()
    # A YAML caption sheet (no CSV) is found by the checker as by the pipeline.
    (book_dir / "archive/captions.yml").write_text(
        "- file: anh-bia.jpg\n  caption: Ảnh bìa\n  people: nguyen-van-ann\n", "utf-8"
    )
    check = run(book_dir, "check")
    assert check.exit_code == 1
    assert "archive/captions.yml:3:11: lỗi: không có người mã 'nguyen-van-ann'" in check.output
