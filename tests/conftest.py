"""Shared fixtures. Add yours below; keep fixtures that build sites module- or session-scoped."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bookfactory import write_book

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@pytest.fixture
def book_dir(tmp_path: Path) -> Path:
    """A small valid yearbook (no PDF plugin) in a temporary folder."""
    return write_book(tmp_path / "book")
