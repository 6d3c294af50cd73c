"""Helpers for the hostile tests: run the CLI in a book, read back every output file."""

from __future__ import annotations

import gzip
import io
import json
import os
import unicodedata
import zipfile
from pathlib import Path

from click.testing import CliRunner

from yearbook.cli import main


def run_cli(root: Path, *args: str, expect: int | None = 0) -> tuple[int, str]:
    """Run ``yearbook ARGS`` in ``root``; return (exit code, output). No traceback allowed."""
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(main, list(args), catch_exceptions=True)
    finally:
        os.chdir(cwd)
        os.environ.pop("YEARBOOK_PREVIEW", None)
    out = result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"traceback from yearbook {' '.join(args)}: {result.exception!r}")
    assert "Traceback" not in out, out
    if expect is not None:
        assert result.exit_code == expect, out
    return result.exit_code, out


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    parts = [page.extract_text() or "" for page in reader.pages]

    def outline(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                outline(item)
            else:
                parts.append(str(getattr(item, "title", "")))

    outline(reader.outline)
    for name, contents in (reader.attachments or {}).items():
        parts.append(name)
        parts.extend(c.decode("utf-8", "ignore") for c in contents)
    return unicodedata.normalize("NFC", "\n".join(parts))


def decode(name: str, data: bytes) -> str:
    if name.endswith(".gz"):
        data = gzip.decompress(data)
    if name.endswith(".pdf"):
        return _pdf_text(data)
    if name.endswith(".json"):
        return json.dumps(json.loads(data), ensure_ascii=False)
    if name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "\n".join(
                f"{info.filename}\n{decode(info.filename, zf.read(info))}"
                for info in zf.infolist()
                if not info.is_dir()
            )
    return data.decode("utf-8", errors="ignore")


def all_output_text(site: Path) -> dict[Path, str]:
    """Every output file's searchable text: HTML, search index, sitemap, PDF text, outline and
    attachments, and every member of a zip (recursively)."""
    return {p: decode(p.name, p.read_bytes()) for p in sorted(site.rglob("*")) if p.is_file()}
