"""Builds are atomic: a failed, killed or concurrent build never leaves a broken site/."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest
from support import BIN, no_traceback, run

from bookfactory import write_book
from yearbook import buildrun

TRIALS = 20


def site_state(site: Path) -> tuple[str, str]:
    """Hashes of index.html and the search index, after checking both are complete."""
    html = (site / "index.html").read_bytes()
    assert html.rstrip().endswith(b"</html>"), "index.html is truncated"
    search = site / "search" / "yb-index.js"  # the theme's own Vietnamese search index
    if search.is_file():
        script = search.read_text("utf-8")
        data = json.loads(script[script.index("=") + 1 : script.rindex(";")])
    else:  # Material's index, for a book that uses it
        search = site / "search" / "search_index.json"
        data = json.loads(search.read_text("utf-8"))
    assert data["docs"], "search index is empty"
    return hashlib.sha256(html).hexdigest(), hashlib.sha256(search.read_bytes()).hexdigest()


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if ".tmp-" in p.name)


@pytest.fixture
def built(tmp_path: Path) -> Path:
    root = write_book(tmp_path / "book")
    result = run(root, "build", "--no-pdf")
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def test_killed_builds_leave_the_previous_site_complete(built: Path) -> None:
    """``kill -9`` at random moments: site/ is always the old or the new site, never half."""
    site = built / "site"
    old = site_state(site)
    # Each trial's build differs from the last one, so a finished swap is visible.
    page = built / "docs" / "index.md"
    home = page.read_text("utf-8")
    assert "Trang chủ." in home
    assert run(built, "build", "--no-pdf").returncode == 0  # warm the photo cache first
    started = time.monotonic()
    assert run(built, "build", "--no-pdf").returncode == 0
    duration = time.monotonic() - started  # a warm rebuild, as the trials are
    states = {old, site_state(site)}
    seed = int(os.environ.get("KILL_TEST_SEED", time.time_ns() % 100_000))
    rng = random.Random(seed)
    kills = 0
    for trial in range(TRIALS):
        page.write_text(home.replace("Trang chủ.", f"Lần dựng {trial}."), "utf-8")
        proc = subprocess.Popen(
            [str(BIN / "yearbook"), "build", "--no-pdf"],
            cwd=built,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        delay = rng.uniform(0.05, duration * 0.9)
        time.sleep(delay)
        with_kill = proc.poll() is None
        if with_kill:
            os.killpg(proc.pid, signal.SIGKILL)
            kills += 1
        proc.wait()
        state = site_state(site)  # raises if index.html or the search index is broken
        if not with_kill or state not in states:
            states.add(state)  # a build that finished: its site is now the previous one
        assert state in states, f"seed {seed}, trial {trial}, killed after {delay:.2f} s"
    assert kills >= TRIALS // 2, f"only {kills} builds were killed mid-way (seed {seed})"
    final = run(built, "build", "--no-pdf")
    assert final.returncode == 0, final.stdout + final.stderr
    assert leftovers(built) == [], "temporaries of killed builds were not cleaned up"
    assert "Lần dựng 19" in (site / "index.html").read_text("utf-8")


def test_a_failed_build_leaves_the_previous_site(built: Path) -> None:
    site = built / "site"
    before = site_state(site)
    chapter = built / "docs" / "giai-doan" / "1989-2004.md"
    chapter.write_text(chapter.read_text("utf-8").replace("start_year: 1989", "start_year: x"))
    result = run(built, "build", "--no-pdf")
    no_traceback(result)
    assert result.returncode == 1
    assert site_state(site) == before
    assert leftovers(built) == []


def test_a_second_build_stops_with_a_message_while_the_lock_is_held(built: Path) -> None:
    buildrun.acquire(built)
    try:
        result = run(built, "build", "--no-pdf", YEARBOOK_LOCK_WAIT="0")
    finally:
        buildrun.release(built)
    no_traceback(result)
    assert result.returncode == 1
    assert "một lần dựng khác của dự án này đang chạy" in result.stderr
    assert f"tiến trình {os.getpid()}" in result.stderr


def test_a_second_build_waits_for_the_first(built: Path) -> None:
    buildrun.acquire(built)
    seen: list[str] = []
    try:
        proc = subprocess.Popen(
            [str(BIN / "yearbook"), "build", "--no-pdf"],
            cwd=built,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "YEARBOOK_LOCK_WAIT": "60"},
        )
        assert proc.stdout is not None
        for line in proc.stdout:  # hold the lock until the second build says it waits
            seen.append(line)
            if "đang chờ nó xong" in line:
                break
        assert proc.poll() is None, "".join(seen)
    finally:
        buildrun.release(built)
    out, _ = proc.communicate(timeout=120)
    assert proc.returncode == 0, "".join(seen) + out
    assert "Documentation built" in out


def test_two_concurrent_builds_both_succeed(built: Path) -> None:
    procs = [
        subprocess.Popen(
            [str(BIN / "yearbook"), "build", "--no-pdf"],
            cwd=built,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=180)[0] for p in procs]
    for proc, out in zip(procs, outs, strict=True):
        assert proc.returncode == 0, out
        assert "Traceback" not in out, out
    site_state(built / "site")
    assert leftovers(built) == []


PDF_HOOK = """\
import os, signal
from pathlib import Path

def on_post_build(config, **kwargs):
    # Stands in for with-pdf, which writes its PDF into the site folder in post_build.
    target = Path(config.site_dir) / "pdf" / "ky-yeu.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    body = b"%PDF-1.7\\n" + b"x" * 200_000 + b"\\n%%EOF\\n"
    if os.environ.get("KILL_IN_PDF"):
        with open(target, "wb") as fh:
            fh.write(body[: len(body) // 2])
            fh.flush()
            os.kill(os.getpid(), signal.SIGKILL)
    target.write_bytes(body)
"""


def test_a_pdf_write_killed_midway_never_reaches_the_site(built: Path) -> None:
    (built / "pdf_hook.py").write_text(PDF_HOOK, "utf-8")
    config = built / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "hooks:\n  - pdf_hook.py\n", "utf-8")
    assert run(built, "build", "--no-pdf").returncode == 0
    pdf = built / "site" / "pdf" / "ky-yeu.pdf"
    whole = pdf.read_bytes()
    assert whole.endswith(b"%%EOF\n")
    killed = run(built, "build", "--no-pdf", KILL_IN_PDF="1")
    assert killed.returncode == -9
    assert pdf.read_bytes() == whole, "a truncated PDF was published"
    site_state(built / "site")


def test_photos_waits_for_a_build_too(tmp_path: Path) -> None:
    """``yearbook photos`` writes the cache a build reads: it takes the same lock."""
    root = write_book(tmp_path / "book")
    buildrun.acquire(root)
    try:
        result = run(root, "photos", YEARBOOK_LOCK_WAIT="0")
    finally:
        buildrun.release(root)
    no_traceback(result)
    assert result.returncode == 1
    assert "một lần dựng khác của dự án này đang chạy" in result.stderr
    assert not (root / ".cache" / "photos" / "manifest.json").exists()
    assert run(root, "photos").returncode == 0
