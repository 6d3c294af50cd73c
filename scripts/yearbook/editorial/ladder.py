"""The ma-két ladder (plan II.2): every page of the screen PDF, in spreads, by chapter and status.

A printer's "ladder" (imposition plan) shows the whole book at a glance. Ours
is built from the PDF this build just wrote, so it is the book as it will be
read: each page thumbnail carries the chapter it belongs to (from the PDF
outline, which mkdocs-with-pdf makes from every article's title) and that
chapter's status colour. It is written only into preview builds.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..model import STATUS_LABELS, Page
from ..text import fold

THUMB_WIDTH = 150  # px
FRONT = "Bìa"


@dataclass
class LadderPage:
    number: int  # 1-based
    section: str  # the chapter/article title, or FRONT
    status: str  # draft | review | approved | "" (not a gated page)
    thumb: str = ""  # file name of the thumbnail, relative to the ladder page

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, "Trang chung")

    @property
    def side(self) -> str:
        """Odd pages are right-hand (recto), even pages left-hand (verso)."""
        return "phải" if self.number % 2 else "trái"


@dataclass
class Ladder:
    pages: list[LadderPage]
    spreads: list[list[LadderPage | None]]
    per_section: list[tuple[str, str, int]]  # (title, status, page count)
    print_pages: int
    signature: int
    warnings: list[str] = field(default_factory=list)


def _key(title: str) -> str:
    return " ".join(fold(title).split())


def outline(pdf: Path) -> list[tuple[str, int, int]]:
    """(title, 0-based page index, depth) of every bookmark, in order (read with pikepdf)."""
    import pikepdf

    marks: list[tuple[str, int, int]] = []
    with pikepdf.open(pdf) as doc:
        index = {page.obj.objgen: i for i, page in enumerate(doc.pages)}
        names = doc.Root.get("/Names")
        dests = names.get("/Dests") if names is not None else None
        tree = pikepdf.NameTree(dests) if dests is not None else None

        def page_of(dest: object) -> int | None:
            if isinstance(dest, pikepdf.String | pikepdf.Name) and tree is not None:
                dest = tree.get(str(dest))
            if isinstance(dest, pikepdf.Dictionary):
                dest = dest.get("/D")
            if isinstance(dest, pikepdf.Array) and len(dest):
                return index.get(dest[0].objgen)
            return None

        def walk(items: list, level: int) -> None:
            for item in items:
                dest = item.destination
                if dest is None and item.action is not None:
                    dest = item.action.get("/D")
                found = page_of(dest)
                if found is not None:
                    marks.append((str(item.title), found, level))
                walk(item.children, level + 1)

        with doc.open_outline() as tree_root:
            walk(tree_root.root, 0)
    return marks


def page_count(pdf: Path) -> int:
    import pikepdf

    with pikepdf.open(pdf) as doc:
        return len(doc.pages)


def assign(count: int, marks: list[tuple[str, int, int]], pages: list[Page]) -> list[LadderPage]:
    """Each PDF page belongs to the last part that started at or before it.

    A part starts at the first bookmark titled like one of the book's pages (it
    takes that page's status), or at any top-level bookmark (the table of
    contents, section dividers, generated pages: no status of their own).
    """
    by_title = {_key(p.title): p for p in pages}
    used: set[str] = set()
    starts: list[tuple[int, str, Page | None]] = []
    for title, index, level in marks:
        page = by_title.get(_key(title))
        if page is not None and page.src_uri not in used:
            used.add(page.src_uri)
            starts.append((index, page.title, page))
        elif level == 0:
            starts.append((index, title, None))
    starts.sort(key=lambda s: s[0])
    out = []
    for i in range(count):
        owner = next((s for s in reversed(starts) if s[0] <= i), None)
        if owner is None:
            out.append(LadderPage(i + 1, FRONT, ""))
            continue
        _, title, page = owner
        status = page.status if page is not None and page.gated else ""
        out.append(LadderPage(i + 1, title, status))
    return out


def spreads(pages: list[LadderPage]) -> list[list[LadderPage | None]]:
    """Page 1 alone on the right, then 2–3, 4–5 …; a last even page alone on the left."""
    if not pages:
        return []
    rows: list[list[LadderPage | None]] = [[None, pages[0]]]
    rest = pages[1:]
    for i in range(0, len(rest), 2):
        pair = rest[i : i + 2]
        rows.append([pair[0], pair[1] if len(pair) > 1 else None])
    return rows


def render_thumbnails(pdf: Path, out_dir: Path) -> list[str]:
    """One small JPEG per page, written atomically into ``out_dir``; names in page order."""
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        import pypdfium2 as pdfium  # in the lock through pdfplumber; poppler otherwise
    except ImportError:
        return _pdftoppm(pdf, out_dir)
    names = []
    doc = pdfium.PdfDocument(str(pdf))
    try:
        for i in range(len(doc)):
            page = doc[i]
            width = page.get_width() or 1
            image = page.render(scale=THUMB_WIDTH / width).to_pil().convert("RGB")
            name = f"trang-{i + 1:04d}.jpg"
            tmp = out_dir / f".{name}.tmp"
            image.save(tmp, "JPEG", quality=70)
            tmp.replace(out_dir / name)
            names.append(name)
            page.close()
    finally:
        doc.close()
    return names


def _pdftoppm(pdf: Path, out_dir: Path) -> list[str]:
    tool = shutil.which("pdftoppm")
    if tool is None:
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [tool, "-jpeg", "-scale-to-x", str(THUMB_WIDTH), "-scale-to-y", "-1", str(pdf),
             f"{tmp}/p"],
            check=True, capture_output=True,
        )  # fmt: skip
        names = []
        for i, src in enumerate(sorted(Path(tmp).glob("p-*.jpg")), 1):
            name = f"trang-{i:04d}.jpg"
            shutil.move(src, out_dir / name)
            names.append(name)
    return names


def build_ladder(
    screen_pdf: Path,
    pages: list[Page],
    thumbs_dir: Path,
    *,
    print_pdf: Path | None,
    signature: int,
) -> Ladder:
    count = page_count(screen_pdf)
    ladder_pages = assign(count, outline(screen_pdf), pages)
    names = render_thumbnails(screen_pdf, thumbs_dir)
    for page, name in zip(ladder_pages, names, strict=False):
        page.thumb = f"{thumbs_dir.name}/{name}"
    counts = Counter(p.section for p in ladder_pages)
    seen: dict[str, str] = {}
    for p in ladder_pages:
        seen.setdefault(p.section, p.status)
    per_section = [(title, status, counts[title]) for title, status in seen.items()]
    print_pages = page_count(print_pdf) if print_pdf is not None and print_pdf.is_file() else count
    warnings = []
    if signature > 1 and print_pages % signature:
        missing = signature - print_pages % signature
        warnings.append(
            f"Bản in có {print_pages} trang, không chia hết cho tay sách {signature} trang: "
            f"cần thêm {missing} trang (hoặc bớt {print_pages % signature} trang)."
        )
    return Ladder(
        ladder_pages, spreads(ladder_pages), per_section, print_pages, signature, warnings
    )
