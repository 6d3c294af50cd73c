"""``scripts/bootstrap``: the README's first command installs the system packages it needs."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "scripts" / "bootstrap"


def quick_start() -> list[str]:
    text = (REPO / "README.md").read_text("utf-8")
    block = re.search(r"```[a-z]*\n(.*?)```", text[text.index("## Quick start") :], re.S)
    assert block
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_first_command_bootstraps_before_the_venv() -> None:
    commands = quick_start()
    assert len(commands) == 2
    assert commands[0].startswith("sh scripts/bootstrap && python3 -m venv .venv")


def fake_system(tmp: Path, *, installed: bool, uid: int) -> dict[str, str]:
    """Stub dpkg-query, apt-get, sudo and id that record what they were asked."""
    bin_dir = tmp / "bin"
    bin_dir.mkdir()
    log = tmp / "calls.log"
    status = "install ok installed" if installed else "unknown ok not-installed"
    stubs = {
        "dpkg-query": f"printf '%s' '{status}'",
        "apt-get": f'echo "apt-get $*" >> {log}',
        "sudo": f'echo "sudo" >> {log}; "$@"',
        "id": f"echo {uid}",
    }
    for name, body in stubs.items():
        path = bin_dir / name
        path.write_text(f"#!/bin/sh\n{body}\n")
        path.chmod(0o755)
    python = Path(os.path.realpath(subprocess.run(["sh", "-c", "command -v python3"],
                  capture_output=True, text=True, check=True).stdout.strip()))  # fmt: skip
    return {"PATH": f"{bin_dir}:{python.parent}:/usr/bin:/bin", "LOG": str(log)}


def run(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["sh", str(SCRIPT)], env={"PATH": env["PATH"]}, capture_output=True, text=True, check=False
    )


def test_nothing_is_installed_when_every_package_is_there(tmp_path: Path) -> None:
    env = fake_system(tmp_path, installed=True, uid=1000)
    result = run(env)
    assert result.returncode == 0, result.stderr
    assert not Path(env["LOG"]).exists()


def test_missing_packages_are_installed_with_sudo_and_it_says_so(tmp_path: Path) -> None:
    env = fake_system(tmp_path, installed=False, uid=1000)
    result = run(env)
    assert result.returncode == 0, result.stderr
    assert "sudo" in result.stderr
    calls = Path(env["LOG"]).read_text().splitlines()
    assert calls[0] == "sudo" and calls[1] == "apt-get update -q"
    install = calls[-1]
    for pkg in ("chromium", "poppler-utils", "libharfbuzz-subset0", "fonts-dejavu-core"):
        assert f" {pkg}" in install, install


def test_root_uses_apt_get_directly(tmp_path: Path) -> None:
    env = fake_system(tmp_path, installed=False, uid=0)
    result = run(env)
    assert result.returncode == 0, result.stderr
    calls = Path(env["LOG"]).read_text().splitlines()
    assert "sudo" not in calls and calls[0] == "apt-get update -q"
