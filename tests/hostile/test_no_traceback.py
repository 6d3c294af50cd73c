"""No traceback reaches an editor; a release is never made from a tree git does not hold."""

from __future__ import annotations

import socket
from pathlib import Path

from support import git_init, no_traceback, run

from bookfactory import write_book
from yearbook.buildinfo import git_changes
from yearbook.release.manifest import build_manifest

BOOM = """\
def on_page_markdown(markdown, **kwargs):
    raise RuntimeError("boom from a hook")
"""


def test_an_unexpected_error_is_one_line_and_a_log_file(tmp_path: Path) -> None:
    root = write_book(tmp_path / "book")
    (root / "boom.py").write_text(BOOM, "utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "hooks:\n  - boom.py\n", "utf-8")
    result = run(root, "build", "--no-pdf")
    no_traceback(result)
    assert result.returncode == 2, result.stdout + result.stderr
    line = next(x for x in result.stderr.splitlines() if x.startswith("lỗi nội bộ"))
    logs = list((root / ".cache" / "yearbook" / "loi").glob("loi-noi-bo-*.log"))
    assert len(logs) == 1 and logs[0].relative_to(root).as_posix() in line
    text = logs[0].read_text("utf-8")
    assert "Traceback" in text and "RuntimeError: boom from a hook" in text


def test_serve_on_a_busy_port_says_so(tmp_path: Path) -> None:
    root = write_book(tmp_path / "book")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run(root, "serve", "-a", f"127.0.0.1:{port}", timeout=120)
    no_traceback(result)
    assert result.returncode == 1
    assert f"cổng {port} đang được dùng" in result.stderr
    assert f"127.0.0.1:{port + 1}" in result.stderr


def test_untracked_content_makes_the_release_dirty(tmp_path: Path) -> None:
    root = write_book(tmp_path / "book", release_ready=True)
    (root / ".gitignore").write_text("site/\n.cache/\n", "utf-8")
    git_init(root)
    content = [root / "docs", root / "archive", root / "mkdocs.yml"]
    assert git_changes(root, content) == []
    (root / "ghi-chu-rieng.txt").write_text("not content\n", "utf-8")
    assert git_changes(root, content) == [], "only content folders count"
    (root / "docs" / "don-vi" / "nhap.md").write_text("# Nháp\n", "utf-8")
    assert git_changes(root, content) == ["?? docs/don-vi/nhap.md"]
    manifest = build_manifest(
        tmp_path, title="t", edition="e", release_date="d", project_dir=root, outputs={},
        content=content,
    )  # fmt: skip
    assert manifest["git"]["dirty"] is True


def test_the_release_gate_fails_on_a_dirty_tree(tmp_path: Path) -> None:
    root = write_book(tmp_path / "book", release_ready=True)
    (root / ".gitignore").write_text("site/\n.cache/\n", "utf-8")
    git_init(root)
    clean = run(root, "check", "--release")
    no_traceback(clean)
    title = "Bản thảo khớp với commit"
    assert any(title in x and "✔" in x for x in clean.stdout.splitlines()), clean.stdout
    (root / "archive" / "ghi-chu.txt").write_text("chưa commit\n", "utf-8")
    unit = root / "docs" / "don-vi" / "hctc.md"
    unit.write_text(unit.read_text("utf-8") + "\nThêm một câu.\n", "utf-8")
    dirty = run(root, "check", "--release")
    no_traceback(dirty)
    assert dirty.returncode == 1
    line = next(x for x in dirty.stdout.splitlines() if title in x)
    assert "✘" in line, dirty.stdout
    assert "archive/ghi-chu.txt: chưa thêm vào git" in dirty.stdout
    assert "docs/don-vi/hctc.md: đã sửa, chưa commit" in dirty.stdout
