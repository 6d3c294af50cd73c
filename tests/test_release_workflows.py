"""The CI and release workflows and the editors' pre-commit hooks.

The workflows must stay valid YAML and run the README's quick-start commands
verbatim (the README is the contract; CI proves it). The local pre-commit
hooks run here for real; the standard hooks come from GitHub and cannot be
fetched offline, so only their configuration is checked.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from PIL import Image

from yearbook.release.precommit import main as precommit_main

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = REPO / ".github" / "workflows"


def quick_start() -> list[str]:
    """The two commands of the README's "Quick start" block, as .ci/run reads them."""
    text = (REPO / "README.md").read_text("utf-8")
    section = text[text.index("## Quick start") :]
    block = re.search(r"```[a-z]*\n(.*?)```", section, re.S)
    assert block
    return [line for line in block[1].splitlines() if line.strip()]


def load(name: str) -> dict[Any, Any]:
    return yaml.safe_load((WORKFLOWS / name).read_text("utf-8"))


def run_steps(workflow: dict[Any, Any]) -> list[str]:
    return [
        step["run"].strip()
        for job in workflow["jobs"].values()
        for step in job.get("steps", [])
        if "run" in step
    ]


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    # YAML 1.1 reads the key "on" as True; GitHub reads it as "on".
    return workflow.get("on", workflow.get(True))


def test_every_workflow_is_valid_yaml_with_jobs_and_steps():
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert {f.name for f in files} >= {"ci.yml", "release.yml"}
    for path in files:
        workflow = yaml.safe_load(path.read_text("utf-8"))
        assert workflow["name"] and triggers(workflow), path.name
        for job in workflow["jobs"].values():
            assert job["runs-on"]
            for step in job["steps"]:
                assert ("run" in step) != ("uses" in step), (path.name, step)


def test_ci_runs_check_the_readme_commands_and_a_preview_build():
    ci = load("ci.yml")
    assert {"push", "pull_request"} <= set(triggers(ci))
    steps = run_steps(ci)
    setup, tests = quick_start()
    assert setup in steps and tests in steps
    assert ".venv/bin/yearbook check" in steps
    assert steps.index(setup) < steps.index(".venv/bin/yearbook check") < steps.index(tests)
    preview = [s for s in steps if "yearbook build --preview" in s]
    assert preview, steps


def test_release_runs_on_tags_publishes_pages_and_attaches_files():
    release = load("release.yml")
    assert triggers(release)["push"]["tags"] == ["v*"]
    steps = run_steps(release)
    assert quick_start()[0] in steps
    assert ".venv/bin/yearbook build --release" in steps
    uses = [s["uses"] for j in release["jobs"].values() for s in j["steps"] if "uses" in s]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    upload = next(s for s in steps if "gh release upload" in s)
    for pattern in ("site/pdf/*.pdf", "site/*-offline.zip", "site/release.json"):
        assert pattern in upload
    assert release["permissions"]["pages"] == "write"


# -- pre-commit ---------------------------------------------------------------------------


def precommit_config() -> dict[str, Any]:
    return yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text("utf-8"))


def test_precommit_config_has_standard_and_local_hooks():
    config = precommit_config()
    standard = next(r for r in config["repos"] if r["repo"].endswith("pre-commit-hooks"))
    ids = {h["id"]: h for h in standard["hooks"]}
    assert {"check-yaml", "end-of-file-fixer", "trailing-whitespace"} <= set(ids)
    assert "--unsafe" in ids["check-yaml"]["args"]  # mkdocs.yml holds !!python/name tags
    local = next(r for r in config["repos"] if r["repo"] == "local")
    hooks = {h["id"]: h for h in local["hooks"]}
    assert hooks["yearbook-check"]["entry"] == ".venv/bin/yearbook check"
    content = re.compile(hooks["yearbook-check"]["files"])
    assert content.search("docs/giai-doan/1989-1994.md")
    assert content.search("archive/captions.csv")
    assert not content.search("scripts/yearbook/cli.py")
    photos = re.compile(hooks["no-large-photos-outside-archive"]["files"])
    assert photos.search("docs/anh/IMG_0001.JPG") and not photos.search("docs/a.md")


def test_mkdocs_yml_needs_unsafe_yaml():
    with pytest.raises(yaml.YAMLError):
        yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))


def test_large_photo_outside_archive_is_refused(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mkdocs.yml").write_text(
        "plugins:\n  - yearbook:\n      release:\n        max_photo_kb: 40\n", "utf-8"
    )
    noise = Image.effect_noise((400, 400), 80).convert("RGB")
    for rel in ("archive/1989-1994/goc.jpg", "docs/anh/goc.jpg", "docs/anh/nho.png"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
    noise.save(tmp_path / "archive/1989-1994/goc.jpg", quality=95)
    noise.save(tmp_path / "docs/anh/goc.jpg", quality=95)
    noise.resize((40, 40)).save(tmp_path / "docs/anh/nho.png")
    big = (tmp_path / "docs/anh/goc.jpg").stat().st_size
    assert big > 40 * 1024
    files = ["archive/1989-1994/goc.jpg", "docs/anh/goc.jpg", "docs/anh/nho.png", "mkdocs.yml"]
    assert precommit_main(files) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    assert out[0].startswith("docs/anh/goc.jpg: lỗi: ảnh ")
    assert "vượt giới hạn 40 KiB ngoài thư mục archive/" in out[0]
    assert precommit_main(["archive/1989-1994/goc.jpg", "docs/anh/nho.png"]) == 0
    assert precommit_main(["--max-kb", str(big), "docs/anh/goc.jpg"]) == 0


def test_yearbook_check_hook_command_runs(book_dir: Path):
    """The hook's entry, run as pre-commit runs it (from the project folder)."""
    exe = Path(sys.executable).with_name("yearbook")
    ok = subprocess.run([str(exe), "check"], cwd=book_dir, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    chapter = book_dir / "docs" / "giai-doan" / "1989-2004.md"
    chapter.write_text(chapter.read_text("utf-8").replace("status: approved", "status: aproved"))
    bad = subprocess.run([str(exe), "check"], cwd=book_dir, capture_output=True, text=True)
    assert bad.returncode == 1
    assert re.search(r"^docs/giai-doan/1989-2004\.md:\d+:\d+: lỗi: ", bad.stdout, re.M)
