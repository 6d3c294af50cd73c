"""``yearbook init``: a new agency's book from the installed package alone."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from click.testing import CliRunner

from yearbook.cli import main

REPO = Path(__file__).resolve().parent.parent
OPTIONS = [
    "--organization",
    "Sở Tư pháp tỉnh Bình Định",
    "--title",
    "Kỷ yếu 25 năm xây dựng và trưởng thành",
    "--years",
    "1995-2020",
]


def test_init_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "ghi-chu.txt").write_text("của ai đó", "utf-8")
    result = CliRunner().invoke(main, ["init", str(tmp_path / "book"), *OPTIONS])
    assert result.exit_code == 1
    assert "đã có nội dung" in result.output
    assert sorted(p.name for p in (tmp_path / "book").iterdir()) == ["ghi-chu.txt"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--years", "2020-1995"], "năm đầu phải nhỏ hơn năm cuối"),
        (["--periods", "1995-2000,2005-2020"], "không nối tiếp"),
        (["--periods", "1996-2020"], "phải bắt đầu năm 1995"),
        (["--trim", "khổ lạ"], "khổ giấy"),
    ],
)
def test_init_explains_bad_options(tmp_path: Path, extra: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path / "book"), *OPTIONS, *extra])
    assert result.exit_code == 1 and message in result.output, result.output
    assert not (tmp_path / "book").exists()


def _installed_yearbook(tmp: Path) -> Path:
    """A venv outside the repository with the package installed from a copy of it (not
    editable); its dependencies come from this test run's environment (a .pth file)."""
    source = tmp / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    shutil.copytree(REPO / "scripts", source / "scripts",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))  # fmt: skip
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    Path(purelib, "_deps_from_test_env.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    run = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", str(source)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    where = subprocess.run(
        [str(python), "-c", "import yearbook; print(yearbook.__file__)"],
        capture_output=True, text=True, check=True, cwd=tmp,
    ).stdout  # fmt: skip
    assert where.startswith(str(venv)), where  # the installed copy, not the repository
    return venv / "bin" / "yearbook"


@pytest.mark.pdf
def test_installed_package_inits_checks_and_builds_site_and_both_pdfs(tmp_path: Path) -> None:
    yearbook = _installed_yearbook(tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    args = [str(yearbook), "init", "so-tu-phap", *OPTIONS,
            "--periods", "1995-2000,2000-2010,2010-2020", "--trim", "B5"]  # fmt: skip
    run = subprocess.run(args, cwd=work, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    book = work / "so-tu-phap"
    assert sorted(p.name for p in (book / "docs" / "giai-doan").iterdir()) == [
        "1995-2000.md", "2000-2010.md", "2010-2020.md",
    ]  # fmt: skip
    assert not (book / "overrides").exists() and (book / ".github/workflows/ky-yeu.yml").is_file()
    for command in (["check"], ["build", "--strict"]):
        run = subprocess.run(
            [str(yearbook), *command], cwd=book, capture_output=True, text=True, check=False
        )
        assert run.returncode == 0, run.stdout + run.stderr[-4000:]
    site = book / "site"
    assert "Sở Tư pháp tỉnh Bình Định" in (site / "index.html").read_text("utf-8")
    stem = "ky-yeu-25-nam-xay-dung-va-truong-thanh"
    names = sorted(p.name for p in (site / "pdf").glob("*.pdf"))
    # Screen edition, print edition and the print cover spread.
    assert names == [f"{stem}-ban-in-bia.pdf", f"{stem}-ban-in.pdf", f"{stem}.pdf"]
    screen = site / "pdf" / f"{stem}.pdf"
    info = subprocess.run(
        ["pdfinfo", str(screen)], capture_output=True, text=True, check=True
    ).stdout
    assert "498.89" in info and "708.66" in info  # B5: 176 × 250 mm in points
    cover = subprocess.run(
        ["pdftotext", "-l", "1", str(screen), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "BÌNH ĐỊNH" in cover.upper() and "25 năm xây dựng và trưởng thành" in cover
