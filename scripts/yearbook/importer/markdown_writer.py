"""mammoth's HTML → the Markdown editors write, with Word's habits cleaned away.

mammoth's own Markdown output is deprecated and drops tables, so we walk its
HTML (a small, known vocabulary: headings, paragraphs, strong/em, lists,
tables, footnotes, images) and write Markdown ourselves. Word habits cleaned:
numbers typed by hand in headings ("1. Bối cảnh", "II. …"), bullets typed as
"- " or "•", and paragraphs that hold only spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, NavigableString, Tag

from ..text import nfc
from .docx_reader import IMAGE_SCHEME

# "1. ", "1.2. ", "II. ", "a) " typed before a heading's text.
_HEADING_NUMBER = re.compile(r"^\s*(?:(?:[IVXLC]+|\d{1,2}(?:\.\d{1,2})*)[.):]|[a-zđ]\))\s+")
_TYPED_BULLET = re.compile(r"^\s*[•●▪■◦○·\-–—+*]\s+")
_TYPED_NUMBER = re.compile(r"^\s*\d{1,2}[.)]\s+")
_FOOTNOTE_REF = re.compile(r"^#?footnote-(\d+)$")
_SPACE = re.compile(r"[ \t\u00a0\u2002-\u200b]+")


@dataclass
class Block:
    """One Markdown block, plus what the importer needs to know about it."""

    kind: str  # heading, para, caption, image, list, table
    text: str
    level: int = 0
    images: list[int] = field(default_factory=list)  # embedded image indexes


@dataclass
class Converted:
    blocks: list[Block]
    footnotes: list[tuple[str, str]]  # (number, text)


def _escape(text: str) -> str:
    text = text.replace("\\", "\\\\")
    text = re.sub(r"([`*_\[\]])", r"\\\1", text)
    return text.replace("<", "&lt;")


def _escape_line_start(text: str) -> str:
    """Keep a paragraph a paragraph: "1990. Năm…" or "# 5" must not turn into a list/heading."""
    text = re.sub(r"^(\s*\d+)([.)])(\s)", r"\1\\\2\3", text)
    return re.sub(r"^(\s*)([#>+\-])(\s|$)", r"\1\\\2\3", text)


class _Inline:
    def __init__(self) -> None:
        self.images: list[int] = []

    def render(self, node: Tag | NavigableString) -> str:
        if isinstance(node, NavigableString):
            return _escape(_SPACE.sub(" ", str(node)).replace("\n", " "))
        name = node.name
        if name == "br":
            return "  \n"
        if name == "img":
            src = node.get("src", "")
            if isinstance(src, str) and src.startswith(IMAGE_SCHEME):
                self.images.append(int(src.split(":", 1)[1]))
                return f"![]({src})"
            return ""
        if name == "sup" and (a := node.find("a")) is not None:
            m = _FOOTNOTE_REF.match(str(a.get("href", "")))
            if m:
                return f"[^{m[1]}]"
        inner = "".join(self.render(c) for c in node.children)
        if name in ("strong", "b"):
            return _wrap(inner, "**")
        if name in ("em", "i"):
            return _wrap(inner, "*")
        if name == "a":
            href = str(node.get("href", ""))
            if re.match(r"^(https?:|mailto:)", href) and inner.strip():
                return f"[{inner}]({href})"
            return inner
        return inner


def _wrap(inner: str, mark: str) -> str:
    """``**word **`` is not bold in Markdown: keep the spaces outside the marks."""
    stripped = inner.strip()
    if not stripped:
        return inner
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()) :]
    return f"{lead}{mark}{stripped}{mark}{trail}"


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def convert(html: str) -> Converted:
    soup = BeautifulSoup(html, "html.parser")
    blocks: list[Block] = []
    footnotes: list[tuple[str, str]] = []

    def inline(node: Tag) -> tuple[str, list[int]]:
        renderer = _Inline()
        text = "".join(renderer.render(c) for c in node.children)
        return _clean(text.replace("  \n", "\x00")).replace("\x00", "  \n"), renderer.images

    def list_lines(node: Tag, depth: int) -> list[str]:
        lines: list[str] = []
        ordered = node.name == "ol"
        for n, li in enumerate(node.find_all("li", recursive=False), 1):
            nested = [c for c in li.children if isinstance(c, Tag) and c.name in ("ul", "ol")]
            for sub in nested:
                sub.extract()
            text, _ = inline(li)
            marker = f"{n}." if ordered else "-"
            lines.append(f"{'    ' * depth}{marker} {text}")
            for sub in nested:
                lines += list_lines(sub, depth + 1)
        return lines

    def table(node: Tag) -> str:
        rows: list[list[str]] = []
        for tr in node.find_all("tr"):
            row: list[str] = []
            for cell in tr.find_all(["td", "th"], recursive=False):
                parts = [inline(p)[0] for p in cell.find_all("p")] or [inline(cell)[0]]
                row.append(" ".join(p for p in parts if p).replace("|", "\\|"))
                row += [""] * (int(str(cell.get("colspan", 1) or 1)) - 1)
            rows.append(row)
        if not rows:
            return ""
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
        lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
        return "\n".join(lines)

    for node in soup.children:
        if not isinstance(node, Tag):
            continue
        name = node.name
        if name == "ol" and node.find("li", id=_FOOTNOTE_REF):
            for li in node.find_all("li", recursive=False):
                m = _FOOTNOTE_REF.match(str(li.get("id", "")))
                for back in li.find_all("a", href=re.compile(r"^#footnote-ref-")):
                    back.decompose()
                text = " ".join(inline(p)[0] for p in li.find_all("p")) or inline(li)[0]
                if m:
                    footnotes.append((m[1], _clean(text)))
            continue
        if name and re.fullmatch(r"h[1-6]", name):
            text, images = inline(node)
            text = _HEADING_NUMBER.sub("", text)
            if text:
                blocks.append(Block("heading", text, int(name[1])))
            continue
        if name in ("ul", "ol"):
            blocks.append(Block("list", "\n".join(list_lines(node, 0))))
            continue
        if name == "table":
            if text := table(node):
                blocks.append(Block("table", text))
            continue
        text, images = inline(node)
        if not text:
            continue
        classes = node.get("class") or []
        if "caption" in classes:
            blocks.append(Block("caption", text))
        elif images and not re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text).strip():
            blocks.append(Block("image", text, images=images))
        else:
            blocks.append(Block("para", text, images=images))
    return Converted(_typed_lists(blocks), footnotes)


def _typed_lists(blocks: list[Block]) -> list[Block]:
    """Runs of paragraphs that start with a typed bullet or number become real lists."""
    out: list[Block] = []
    for block in blocks:
        if block.kind == "para":
            for pattern, ordered in ((_TYPED_BULLET, False), (_TYPED_NUMBER, True)):
                if pattern.match(block.text):
                    item = pattern.sub("", block.text, count=1)
                    prev = out[-1] if out else None
                    kind = "olist" if ordered else "ulist"
                    if prev is not None and prev.kind == kind:
                        prev.text += "\n" + item
                    else:
                        out.append(Block(kind, item))
                    break
            else:
                block.text = _escape_line_start(block.text)
                out.append(block)
            continue
        out.append(block)
    for block in out:
        if block.kind in ("ulist", "olist"):
            items = block.text.split("\n")
            marks = [f"{n}." if block.kind == "olist" else "-" for n in range(1, len(items) + 1)]
            block.text = "\n".join(f"{m} {t}" for m, t in zip(marks, items, strict=True))
            block.kind = "list"
    return out


def to_markdown(blocks: list[Block], footnotes: list[tuple[str, str]]) -> str:
    parts = []
    for b in blocks:
        if b.kind == "heading":
            parts.append(f"{'#' * b.level} {b.text}")
        else:
            parts.append(b.text)
    if footnotes:
        parts.append("\n".join(f"[^{n}]: {text}" for n, text in footnotes))
    return nfc("\n\n".join(parts).strip() + "\n")
