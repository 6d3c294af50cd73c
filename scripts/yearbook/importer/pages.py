"""Turn one Word document into a draft page, archive photos and caption rows.

Nothing existing is ever replaced: the page and each photo are created with
an exclusive link (``os.link`` fails when the name is taken), and an image
already in the archive (same bytes) is referenced, not stored again.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..book import Book
from ..model import BookConfig
from ..photos.ids import photo_id, walk_archive
from ..problems import Problems
from ..text import nfc, slugify
from .docx_reader import DocxContent, DocxError, EmbeddedImage, read_docx
from .markdown_writer import Block, convert, to_markdown

KIND_DIRS = {"chapter": "chapters_dir", "unit": "units_dir", "essay": "essays_dir"}
IMAGE_TYPES = {
    "image/jpeg": ".jpg",
    "image/jpg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/tiff": ".tif",
    "image/bmp": ".bmp",
    "image/webp": ".webp",
}
_PERIOD = re.compile(r"^\s*(\d{4})\s*[-–—]\s*(\d{4})\s*$")


class ImportError_(Exception):
    """The import cannot start (bad options, page exists); the message is Vietnamese."""


@dataclass
class Request:
    source: Path
    kind: str
    unit: str = ""
    period: str = ""
    author: str = ""
    title: str = ""


@dataclass
class SavedPhoto:
    id: str
    rel: str  # archive-relative path
    new: bool
    caption: str = ""


@dataclass
class Result:
    page: Path
    photos: list[SavedPhoto] = field(default_factory=list)
    caption_rows: int = 0
    problems: Problems = field(default_factory=Problems)


def parse_period(text: str, config: BookConfig) -> tuple[int, int]:
    m = _PERIOD.match(text)
    if not m:
        raise ImportError_(f"--period '{text}' không hợp lệ (ví dụ --period 1994-1999)")
    start, end = int(m[1]), int(m[2])
    lo, hi = config.span
    if not (lo <= start <= end <= hi):
        raise ImportError_(f"--period {start}-{end} phải nằm trong {lo}–{hi}, năm đầu trước")
    return start, end


def _title_and_blocks(content: DocxContent, blocks: list[Block], title: str) -> list[Block]:
    """The first heading is the title (``# …``); other headings start at level 2."""
    first = next((b for b in blocks if b.kind == "heading"), None)
    if not title:
        title = first.text if first is not None else content.title
    if first is not None and first.text == title:
        blocks = [b for b in blocks if b is not first]
    rest = [b for b in blocks if b.kind == "heading"]
    if rest:
        shift = min(b.level for b in rest) - 2
        for b in rest:
            b.level = min(6, max(2, b.level - shift))
    return [Block("heading", title, 1), *blocks] if title else blocks


def _front_matter(meta: dict[str, object], source: Path) -> str:
    dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n# Nhập từ '{nfc(source.name)}' bằng yearbook import.\n{dumped}---\n\n"


def _write_new(target: Path, data: bytes) -> None:
    """Create ``target`` atomically, refusing if it exists (even if created meanwhile)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    try:
        os.link(tmp, target)
    finally:
        tmp.unlink()


def _archive_hashes(book: Book, sizes: set[int]) -> dict[str, tuple[str, str]]:
    """sha256 → (photo id, archive-relative path) of archive photos that could be a copy.

    Only files whose size equals an embedded image's are read: an archive of
    thousands of scans is not hashed for every Word file imported.
    """
    out: dict[str, tuple[str, str]] = {}
    for f in walk_archive(book.config.archive_path):
        if f.outside_target is not None:
            continue
        try:
            if f.path.stat().st_size not in sizes:
                continue
            digest = hashlib.sha256()
            with f.path.open("rb") as stream:
                for chunk in iter(lambda: stream.read(1 << 20), b""):
                    digest.update(chunk)
        except OSError:
            continue
        out.setdefault(digest.hexdigest(), (f.id, f.rel))
    return out


def _valid_image(data: bytes) -> bool:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as im:
            im.verify()
    except Exception:  # Pillow raises many types for broken files
        return False
    return True


_CAPTION_PREFIX = re.compile(r"^(?:Hình ảnh|Ảnh|Hình)\s*\d*\s*[:.–-]\s*")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_CAPTION_LIKE = re.compile(r"^(?:\*[^*].*\*|(?:Ảnh|Hình|Hình ảnh)\b.*)$", re.S)


def _pair_captions(blocks: list[Block]) -> dict[int, int]:
    """Image block index → the caption block beside it (after it, else before it).

    Word's Caption style marks a caption; so does, by habit, a short italic line or
    one starting "Ảnh …"/"Hình …" right under the picture.
    """
    for i, block in enumerate(blocks[1:], 1):
        text = block.text
        after_image = blocks[i - 1].images and block.kind == "para" and not block.images
        if after_image and len(text) < 300 and _CAPTION_LIKE.match(text):
            block.kind = "caption"
            block.text = text[1:-1] if text.startswith("*") else text
    paired: dict[int, int] = {}
    for i, block in enumerate(blocks):
        if not block.images:
            continue
        if i + 1 < len(blocks) and blocks[i + 1].kind == "caption":
            paired[i] = i + 1
        elif i and blocks[i - 1].kind == "caption" and i - 1 not in paired.values():
            paired[i] = i - 1
    return paired


def _photo_folder(req: Request, period: tuple[int, int] | None) -> str:
    if period:
        return f"{period[0]}-{period[1]}"
    return req.unit or "nhap-tu-word"


def import_docx(req: Request, book: Book, problems: Problems) -> Result:
    config = book.config
    if req.kind not in KIND_DIRS:
        raise ImportError_(f"--kind '{req.kind}' không hợp lệ (chapter, unit, essay)")
    unit = req.unit
    youth = book.config.youth_unit
    if req.kind == "essay" and not unit and youth and youth in book.units:
        unit = youth
    if req.kind == "unit" and not unit:
        raise ImportError_("bài đơn vị cần --unit (mã đơn vị trong units.yml)")
    if unit and unit not in book.units:
        raise ImportError_(f"không có đơn vị mã '{unit}' trong dữ liệu đơn vị")
    period = parse_period(req.period, config) if req.period else None
    if req.kind == "chapter" and period is None:
        raise ImportError_("chương cần --period (ví dụ --period 1994-1999)")
    if req.kind == "chapter" and period is not None:
        for chapter in book.chapters:
            a, b = chapter.start_year or 0, chapter.end_year or 0
            if max(a, period[0]) < min(b, period[1]) or (a, b) == period:
                raise ImportError_(
                    f"giai đoạn {period[0]}–{period[1]} trùng với chương "
                    f"{problems.rel(chapter.path)} ({chapter.period}); hãy nhập thành bài "
                    "đơn vị hoặc sửa chương đó"
                )
    try:
        content = read_docx(req.source)
    except DocxError as exc:
        raise ImportError_(f"{nfc(req.source.name)}: {exc}") from exc
    except OSError as exc:
        raise ImportError_(f"không mở được {nfc(req.source.name)}: {exc.strerror}") from exc

    converted = convert(content.html)
    blocks = _title_and_blocks(content, converted.blocks, nfc(req.title.strip()))
    title = blocks[0].text if blocks and blocks[0].kind == "heading" else ""
    if not title:
        raise ImportError_("tài liệu không có tiêu đề (đề mục đầu tiên hoặc thuộc tính Title)")
    slug = slugify(title)[:80].rstrip("-")
    folder = config.docs_dir / getattr(config, KIND_DIRS[req.kind])
    target = folder / f"{slug}.md"
    if target.exists():
        raise ImportError_(f"{problems.rel(target)} đã có; không ghi đè")

    result = Result(page=target, problems=problems)
    src = str(req.source)
    for lost in content.lost:
        problems.warning(src, f"đoạn {lost.paragraph}: {lost.message}")

    # Photos: each image paragraph becomes ![caption](photo:ID); the caption paragraph
    # beside it goes to the caption sheet (a caption lives once, in the sheet).
    images = {img.index: img for img in content.images}
    hashes = _archive_hashes(book, {len(img.data) for img in content.images})
    taken = set(book.photo_ids)
    saved_by_hash: dict[str, SavedPhoto] = {}
    photo_dir = _photo_folder(req, period)
    paired = _pair_captions(blocks)
    out_blocks: list[Block] = []
    for i, block in enumerate(blocks):
        if block.kind == "caption":
            if i not in paired.values():  # a caption with no image beside it stays as text
                out_blocks.append(Block("para", f"*{block.text}*"))
            continue
        if block.kind not in ("image", "para") or not block.images:
            out_blocks.append(block)
            continue
        caption = blocks[paired[i]].text if i in paired else ""
        refs = []
        for index in block.images:
            image = images[index]
            saved = _save_image(
                image, req, slug, photo_dir, config, hashes, taken, saved_by_hash, problems
            )
            if saved is None:
                continue
            if caption and not saved.caption:
                saved.caption = _CAPTION_PREFIX.sub("", caption)
            alt = (saved.caption or image.alt or title).replace("]", ")").replace("[", "(")
            refs.append(f"![{alt}](photo:{saved.id})")
            if saved not in result.photos:
                result.photos.append(saved)
        text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", block.text).strip()
        if refs:
            out_blocks.append(Block("image", "\n\n".join(refs)))
        if text and block.kind == "para":
            out_blocks.append(Block("para", text))

    authors = [nfc(req.author.strip())] if req.author.strip() else content.authors
    meta: dict[str, object] = {"title": title}
    if req.kind == "chapter" and period:
        meta |= {"start_year": period[0], "end_year": period[1], "order": len(book.chapters) + 1}
    if unit:
        meta["unit"] = unit
    if not authors and req.kind == "essay":
        authors = [book.units[unit].name] if unit else []
        problems.warning(
            src, "tài liệu không ghi tác giả; tạm ghi tên đơn vị — hãy sửa 'authors'", 0
        )
    if authors:
        meta["authors"] = authors
    meta["status"] = "draft"
    meta["reviewers"] = []
    markdown = to_markdown(out_blocks, converted.footnotes)
    new_photos = [p for p in result.photos if p.new]
    _write_new(target, (_front_matter(meta, req.source) + markdown).encode("utf-8"))
    if new_photos:
        result.caption_rows = _add_caption_rows(book, new_photos, unit, req.source, problems)
    return result


def _save_image(
    image: EmbeddedImage,
    req: Request,
    slug: str,
    folder: str,
    config: BookConfig,
    hashes: dict[str, tuple[str, str]],
    taken: set[str],
    saved_by_hash: dict[str, SavedPhoto],
    problems: Problems,
) -> SavedPhoto | None:
    digest = image.sha256
    if digest in saved_by_hash:
        return saved_by_hash[digest]
    if digest in hashes:
        ident, rel = hashes[digest]
        saved_by_hash[digest] = SavedPhoto(ident, rel, new=False)
        problems.warning(
            str(req.source),
            f"ảnh thứ {image.index} đã có trong kho ảnh ({rel}); dùng lại mã '{ident}'",
        )
        return saved_by_hash[digest]
    suffix = IMAGE_TYPES.get(image.content_type.lower())
    if suffix is None or not _valid_image(image.data):
        problems.warning(
            str(req.source),
            f"ảnh thứ {image.index} ({image.content_type or 'không rõ định dạng'}) không đọc "
            "được; hãy gửi ảnh gốc dạng JPEG hoặc PNG",
        )
        return None
    n = 1
    while True:
        name = f"{slug[:60].rstrip('-')}-anh-{n}{suffix}"
        path = config.archive_path / folder / name
        ident = photo_id(path)
        if ident not in taken and not path.exists():
            try:
                _write_new(path, image.data)
            except FileExistsError:
                n += 1
                continue
            break
        n += 1
    taken.add(ident)
    saved = SavedPhoto(ident, f"{folder}/{name}", new=True)
    saved_by_hash[digest] = saved
    hashes[digest] = (ident, saved.rel)
    return saved


def _add_caption_rows(
    book: Book, photos: list[SavedPhoto], unit: str, source: Path, problems: Problems
) -> int:
    from ..photos.sheet import append_rows

    credit = book.units[unit].name if unit in book.units else ""
    start, end = book.config.span

    def year(caption: str) -> str:
        years = [y for y in _YEAR.findall(caption) if start <= int(y) <= end]
        return years[0] if len(years) == 1 else ""

    rows = [
        {
            "file": p.rel,
            "date": year(p.caption),
            "caption": p.caption,
            "credit": credit,
            "notes": f"nhập từ {nfc(source.name)}",
        }
        for p in photos
    ]
    append_rows(book.config.captions_path, rows, problems)
    return len(rows)
