"""Our reference grammar, once: ``photo:``, ``gallery:``, ``person:``, ``chapter:``, ``unit:``.

A reference is a Markdown link or image whose URL uses one of our schemes:
``![alt](photo:ID "Chú thích")``, ``![Tiêu đề](gallery:folder:1989-1994)``,
``[Tên](person:ID)``, ``[Chương](chapter:ID)``, ``[Phòng](unit:ID)``, and the
reference-style ``[Tên][1]`` with ``[1]: person:ID``. It is found in
Python-Markdown's element tree, after inline parsing, so code blocks, code
spans, raw HTML and comments are never references: ``yearbook check`` (which
renders each page with this extension to list them) and the build (where the
same extension resolves links and marks photos for the renderer) cannot
disagree about what is a reference.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree as etree

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

SCHEMES = ("photo", "gallery", "person", "chapter", "unit")
#: Schemes placed as images (figures, galleries); the others are links.
IMAGE_SCHEMES = ("photo", "gallery")
#: Attribute that marks an image the photo renderer may replace (its value is a nonce,
#: so raw HTML in a page cannot forge one).
MARK = "data-yb-ref"

_SCHEME = re.compile(r"^(?P<kind>" + "|".join(SCHEMES) + r"):(?P<target>\S*)$")


@dataclass(frozen=True)
class BodyRef:
    """One reference as written: ``kind`` is the scheme, ``target`` what follows it."""

    kind: str
    target: str
    image: bool
    text: str


def parse(url: str | None) -> tuple[str, str] | None:
    """``(kind, target)`` if ``url`` uses one of our schemes."""
    m = _SCHEME.match((url or "").strip())
    return (m["kind"], m["target"]) if m else None


#: Resolver for links in the build: (kind, target) → a Markdown-relative URL, or None
#: to leave only the link text (the target is not published in this build).
Resolver = Callable[[str, str], str | None]


class ReferencesExtension(Extension):
    """Collects references per conversion; optionally resolves links and marks images."""

    def __init__(self, resolve: Resolver | None = None, mark: str | None = None, **kwargs: Any):
        self.resolve = resolve
        self.mark = mark
        self.found: list[BodyRef] = []
        super().__init__(**kwargs)

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.registerExtension(self)
        # After inline parsing (20), before attr_list (8), toc (5) and MkDocs' link rewriting.
        md.treeprocessors.register(_References(md, self), "yearbook_refs", 16)

    def reset(self) -> None:
        self.found = []


class _References(Treeprocessor):
    def __init__(self, md: markdown.Markdown, ext: ReferencesExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        unwrap: list[tuple[etree.Element, etree.Element]] = []
        for parent in root.iter():
            for el in parent:
                if el.tag == "img":
                    self.image(el)
                elif el.tag == "a" and (ref := parse(el.get("href"))):
                    kind, target = ref
                    self.ext.found.append(BodyRef(kind, target, False, _text(el)))
                    if self.ext.resolve is None:
                        continue
                    url = self.ext.resolve(kind, target) if kind not in IMAGE_SCHEMES else None
                    if url is None:
                        unwrap.append((parent, el))
                    else:
                        el.set("href", url)
        for parent, el in unwrap:
            _unwrap(parent, el)

    def image(self, el: etree.Element) -> None:
        ref = parse(el.get("src"))
        if ref is None:
            return
        kind, target = ref
        self.ext.found.append(BodyRef(kind, target, True, el.get("alt", "")))
        if self.ext.mark and kind in IMAGE_SCHEMES:
            el.set(MARK, self.ext.mark)


def _text(el: etree.Element) -> str:
    return "".join(el.itertext())


def _unwrap(parent: etree.Element, el: etree.Element) -> None:
    """Replace ``el`` by its content (text, children, tail) inside ``parent``."""
    index = list(parent).index(el)
    children = list(el)
    lead, tail = el.text or "", el.tail or ""
    parent.remove(el)

    def add_text(at: int, text: str) -> None:  # text placed before parent[at]
        if at == 0:
            parent.text = (parent.text or "") + text
        else:
            parent[at - 1].tail = (parent[at - 1].tail or "") + text

    add_text(index, lead)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    add_text(index + len(children), tail)


class ReferenceReader:
    """One Markdown converter (the build's extensions plus ours), reused page after page."""

    def __init__(self, extensions: list[Any], configs: dict[str, Any]) -> None:
        self.ext = ReferencesExtension()
        self.md = markdown.Markdown(extensions=[*extensions, self.ext], extension_configs=configs)

    def read(self, body: str) -> tuple[list[BodyRef], str]:
        """Every reference in a page body, in order, as the build's Markdown sees them,
        and the HTML that Markdown makes of the body (before the allow-list)."""
        self.md.reset()
        html = self.md.convert(body)
        return list(self.ext.found), html


def find_references(
    body: str, extensions: list[Any], configs: dict[str, Any]
) -> tuple[list[BodyRef], str]:
    """``ReferenceReader.read`` for a single body."""
    return ReferenceReader(extensions, configs).read(body)


def locate(body: str, first_line: int, refs: list[BodyRef]) -> list[tuple[int, int]]:
    """File line and column of each reference, for messages.

    The tree keeps no positions, so each reference is matched, in order, to the
    next place its URL is written in the body.
    """
    cursor: dict[str, int] = {}
    out = []
    for ref in refs:
        url = f"{ref.kind}:{ref.target}"
        start = cursor.get(url, 0)
        m = re.compile(r"(?:\]\(\s*<?|\]:\s*<?)" + re.escape(url)).search(body, start)
        index = m.end() - len(url) if m else body.find(url, start)
        if index < 0:
            out.append((first_line, 1))
            continue
        cursor[url] = index + len(url)
        line_start = body.rfind("\n", 0, index) + 1
        out.append((first_line + body.count("\n", 0, index), index - line_start + 1))
    return out
