"""The website's Vietnamese search index (``search/yb-index.js``), built from rendered pages.

Why not Material's lunr index: it folds every word, so "hòa" cannot rank "hòa" above
"họa"; it has no phrase proximity ("doan thanh nien"); it is fetched by every page at
load; and it stores the text with its HTML (943 KB for a 300-page book). This index
keeps each section's text once, as a stream of word ids over one vocabulary sorted by
frequency (1–3 characters per word), and the reader's browser derives the folded and
the tone-exact forms of each vocabulary word itself (``yb-search.js``). Positions come
free with the stream, so phrases rank by proximity, and snippets are shown with their
accents. The file is a script (not JSON) so that it also loads from ``file://``.

Not indexed: the "Nội dung minh họa" notes and "(… minh họa …)" marks of sample content,
heading permalinks, and anything marked ``yb-sample-mark`` or ``yb-noindex``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from ..model import SAMPLE_MARKER
from ..text import nfc

#: Characters used to write word ids: printable ASCII without ``"`` and ``\`` (JSON-safe).
ALPHABET = "".join(chr(c) for c in range(35, 127) if c != 92)[:90]
ONE, TWO = 60, 20  # ids < 60 take one character; the next 20 lead characters take two
_TWO_LIMIT = ONE + TWO * 90
_THREE_LIMIT = _TWO_LIMIT + (90 - ONE - TWO) * 90 * 90

#: A word: letters (with their combining marks) and digits.
WORD = re.compile(r"[^\W_]+", re.UNICODE)
#: Sample-content marks: "(minh họa)", "(ảnh minh họa số 3)", "Ảnh minh họa: …".
_SAMPLE_PAREN = re.compile(r"\((?:[^()]{0,40}?\s)?minh h(?:ọa|oạ)(?:\s[^()]{0,40})?\)", re.I)
_SAMPLE_WORDS = re.compile(r"(?:\b(?:ảnh|tên|bài|nội dung)\s+)?\bminh h(?:ọa|oạ)\b\s*:?", re.I)
# h1 is the page title, stored once as the document title.
_SKIP_TAGS = {"script", "style", "template", "noscript", "svg", "button", "h1"}
#: A space left before punctuation once a mark or a tag is gone ("1990 : lễ" → "1990: lễ").
_SPACE_BEFORE_PUNCT = re.compile(r" ([,.;:!?…)\]])")
_SKIP_CLASSES = {"headerlink", "yb-sample-mark", "yb-noindex", "md-source-file"}
_SECTION_HEADINGS = {"h2", "h3"}
_BLOCKS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "dd", "dt",
           "div", "section", "article", "tr", "br", "blockquote", "pre", "figure"}  # fmt: skip
_VOID = {"br", "img", "hr", "input", "meta", "link", "source", "wbr", "col", "area"}


@dataclass
class Section:
    anchor: str
    title: str
    text: list[str] = field(default_factory=list)


class _Extractor(HTMLParser):
    """Splits a page body into sections at ``h2``/``h3`` headings that carry an id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections = [Section("", "")]
        self.skip_depth = 0  # inside an element that is not indexed
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped here)
        self.heading: Section | None = None
        self.heading_tag = ""
        # Admonitions are buffered until their title is known (sample notes are dropped).
        self.admonitions: list[tuple[int, list[str], Section]] = []

    def _out(self) -> list[str]:
        if self.admonitions:
            return self.admonitions[-1][1]
        return self.sections[-1].text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        if tag in _VOID:
            if tag == "br":
                self._out().append(" ")
            return
        skipped = tag in _SKIP_TAGS or bool(classes & _SKIP_CLASSES)
        self.stack.append((tag, skipped))
        if skipped:
            self.skip_depth += 1
            return
        if self.skip_depth:
            return
        if tag == "div" and "admonition" in classes:
            self.admonitions.append((len(self.stack), [], self.sections[-1]))
        elif tag in _SECTION_HEADINGS and a.get("id") and not self.admonitions:
            self.heading = Section(str(a["id"]), "")
            self.heading_tag = tag
            self.sections.append(self.heading)
            return
        if tag in _BLOCKS:
            self._out().append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        while self.stack:
            open_tag, skipped = self.stack.pop()
            if skipped:
                self.skip_depth -= 1
            if self.admonitions and self.admonitions[-1][0] == len(self.stack) + 1:
                _, buffer, section = self.admonitions.pop()
                text = "".join(buffer)
                if not text.strip().startswith(SAMPLE_MARKER):
                    (self.admonitions[-1][1] if self.admonitions else section.text).append(text)
            if open_tag == tag:
                break
        if self.heading is not None and tag == self.heading_tag:
            self.heading = None
        elif tag in _BLOCKS and not self.skip_depth:
            self._out().append(" ")

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if self.heading is not None:
            self.heading.title += data
        else:
            self._out().append(data)


def clean(text: str) -> str:
    """Index text: NFC, sample marks removed, whitespace collapsed."""
    text = _SAMPLE_PAREN.sub(" ", nfc(text))
    text = _SAMPLE_WORDS.sub(" ", text.replace(SAMPLE_MARKER, " "))
    return _SPACE_BEFORE_PUNCT.sub(r"\1", " ".join(text.split()))


def sections(html: str) -> list[Section]:
    parser = _Extractor()
    parser.feed(html)
    parser.close()
    out = []
    for s in parser.sections:
        s.title = clean(s.title)
        s.text = [clean("".join(s.text))]
        if s is parser.sections[0] or s.text[0] or s.title:
            out.append(s)
    return out


def tokens(text: str) -> list[str]:
    """Words and the separators between them; a single space is implied, not stored."""
    out: list[str] = []
    pos = 0
    for m in WORD.finditer(text):
        sep = text[pos : m.start()]
        if out and sep != " ":
            out.append(sep or "\u200b")  # a zero-width mark keeps "1/7" apart from "17"
        elif not out and sep.strip():
            out.append(sep)
        out.append(m.group())
        pos = m.end()
    tail = text[pos:]
    if tail.strip():
        out.append(tail)
    return out


def encode_id(i: int) -> str:
    if i < ONE:
        return ALPHABET[i]
    if i < _TWO_LIMIT:
        r = i - ONE
        return ALPHABET[ONE + r // 90] + ALPHABET[r % 90]
    if i < _THREE_LIMIT:
        r = i - _TWO_LIMIT
        return ALPHABET[ONE + TWO + r // 8100] + ALPHABET[(r // 90) % 90] + ALPHABET[r % 90]
    raise ValueError("vocabulary too large for the search index")


def decode(stream: str, vocab: list[str]) -> str:
    """The text back from an encoded stream (what the browser does; used by tests)."""
    words: list[str] = []
    i = 0
    index = {ch: n for n, ch in enumerate(ALPHABET)}
    prev_word = False
    while i < len(stream):
        c = index[stream[i]]
        if c < ONE:
            n, i = c, i + 1
        elif c < ONE + TWO:
            n, i = ONE + (c - ONE) * 90 + index[stream[i + 1]], i + 2
        else:
            r = (c - ONE - TWO) * 8100 + index[stream[i + 1]] * 90 + index[stream[i + 2]]
            n, i = _TWO_LIMIT + r, i + 3
        tok = vocab[n]
        is_word = bool(WORD.fullmatch(tok))
        if is_word and prev_word:
            words.append(" ")
        words.append(tok.replace("\u200b", ""))
        prev_word = is_word
    return "".join(words)


@dataclass
class SearchIndex:
    """Collects sections page by page while MkDocs renders, then writes one file."""

    docs: list[tuple[str, str, int, list[str], str]] = field(default_factory=list)

    def add_page(self, url: str, title: str, html: str, description: str = "") -> None:
        page_index = len(self.docs)
        for s in sections(html):
            words = tokens(s.text[0])
            if s.anchor:
                self.docs.append((f"{url}#{s.anchor}", s.title, page_index, words, ""))
            else:
                self.docs.append((url, clean(title), -1, words, clean(description)))

    def drop_page(self, url: str) -> None:
        """Forget one page's sections (the live preview renders it again after a save)."""
        kept: list[tuple[str, str, int, list[str], str]] = []
        moved: dict[int, int] = {}
        for i, doc in enumerate(self.docs):
            if doc[0].split("#", 1)[0] != url:
                moved[i] = len(kept)
                kept.append(doc)
        self.docs = [(u, t, moved.get(p, -1), w, d) for u, t, p, w, d in kept]

    def order_pages(self, urls: list[str]) -> None:
        """Put the pages in ``urls``' order (a full build's), each page's sections together."""
        rank = {url: n for n, url in enumerate(urls)}
        order = sorted(
            range(len(self.docs)),
            key=lambda i: rank.get(self.docs[i][0].split("#", 1)[0], len(rank)),
        )
        moved = {old: new for new, old in enumerate(order)}
        self.docs = [
            (u, t, moved.get(p, -1), w, d) for u, t, p, w, d in (self.docs[i] for i in order)
        ]

    def payload(self) -> dict[str, object]:
        counts = Counter(tok for doc in self.docs for tok in doc[3])
        vocab = [tok for tok, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
        ids = {tok: i for i, tok in enumerate(vocab)}
        docs = [
            [
                url,
                title,
                parent,
                "".join(encode_id(ids[t]) for t in words),
                *([desc] if desc else []),
            ]
            for url, title, parent, words, desc in self.docs
        ]
        return {"v": 1, "vocab": vocab, "docs": docs}

    def script(self) -> str:
        data = json.dumps(self.payload(), ensure_ascii=False, separators=(",", ":"))
        return f"window.__ybSearchIndex={data};\n"


def read_index_text(site_dir: Path) -> str:
    """Every title and text of a built site's index, decoded (for checks and tests)."""
    script = (site_dir / "search" / "yb-index.js").read_text(encoding="utf-8")
    data = json.loads(script[script.index("=") + 1 : script.rindex(";")])
    parts = []
    for doc in data["docs"]:
        parts += [doc[1], decode(doc[3], data["vocab"]), *doc[4:]]
    return "\n".join(parts)
