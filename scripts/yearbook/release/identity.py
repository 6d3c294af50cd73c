"""Gate item: the built book carries its own identity, not the sample book's.

A new agency's book often starts as a copy of the repository's sample. If the
sample's place, years or anniversary line survive anywhere in the site or the
PDF (a forgotten setting, an old override, a pasted page), the release must not
pass. The words of the sample's identity are listed here only to be *searched
for*; words that the book itself states (its organisation, title, cover place,
back-cover note) are never counted, so the sample book and any agency of the
same province pass.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable
from pathlib import Path

from ..book import Book

#: Identity of the repository's sample book (Văn phòng UBND tỉnh Quảng Ngãi, 1989–2019).
SAMPLE_IDENTITY = (
    "Quảng Ngãi",
    "Văn phòng UBND",
    "30 năm xây dựng và phát triển",
    "1989–2019",
    "75 năm Ngày truyền thống",
)
_TAGS = re.compile(r"<[^>]+>")
TEXT_FILES = (".html", ".json", ".xml")


def foreign_words(book: Book, extra: Iterable[str] = (), own: Iterable[str] = ()) -> list[str]:
    """The sample's identity (and ``release.foreign_identity``) minus what this book states."""
    cfg = book.config
    mine = " ".join([cfg.organization, cfg.title, *own]).casefold()
    words = [*SAMPLE_IDENTITY, *extra]
    return [w for w in dict.fromkeys(words) if w and w.casefold() not in mine]


def pdf_text(path: Path) -> str:
    try:
        run = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return run.stdout


def identity_hits(site: Path, pdfs: Iterable[str], words: list[str]) -> list[str]:
    """``file: word, word`` for every built page, search index and PDF holding a word."""
    if not words:
        return []
    found: list[str] = []

    def scan(name: str, text: str) -> None:
        hits = [w for w in words if w in text]
        if hits:
            found.append(f"{name}: {', '.join(hits)}")

    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.suffix not in TEXT_FILES or not path.is_file() or rel.startswith("assets/"):
            continue
        scan(rel, _TAGS.sub(" ", path.read_text("utf-8", errors="replace")))
    for rel in pdfs:
        if (site / rel).is_file():
            scan(rel, " ".join(pdf_text(site / rel).split()))
    return found
