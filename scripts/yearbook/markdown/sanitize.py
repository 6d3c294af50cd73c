"""Body HTML allow-list, applied with nh3 (Ammonia) to every page after Markdown.

Editors may write raw HTML in Markdown (``md_in_html`` needs it), so what a page
may contain is decided here, once, instead of by hand-written filters: no
``<script>``, ``<style>``, forms or frames, no event handlers or ``style``
(except table alignment), no ``javascript:``/``data:``/``file:`` URLs, and no
HTML comments (they would publish editors' notes). Kept: what Python-Markdown
and its extensions produce (headings and permalinks, tables, admonitions,
details, footnotes) and what our generated pages use. ``photo:`` and
``gallery:`` survive only as an ``<img src>``, for the photo renderer that runs
next and replaces them with figures from our own templates.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

from .refs import MARK, SCHEMES

TAGS = {
    "a", "abbr", "aside", "b", "blockquote", "br", "caption", "cite", "code", "col",
    "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption",
    "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
    "mark", "nav", "ol", "p", "pre", "q", "s", "samp", "section", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "time", "tr", "u", "ul", "var", "wbr",
}  # fmt: skip

GENERIC_ATTRIBUTES = {
    "class", "id", "title", "lang", "dir", "role",
    "aria-label", "aria-hidden", "aria-labelledby", "aria-describedby",
}  # fmt: skip

ATTRIBUTES = {
    "*": GENERIC_ATTRIBUTES,
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading", "decoding", MARK},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "style", "scope"},
    "ol": {"start", "reversed", "type"},
    "time": {"datetime"},
    "details": {"open"},
    "blockquote": {"cite"},
    "q": {"cite"},
}

#: Python-Markdown's tables write ``style="text-align: …"``; nothing else may style.
STYLE_PROPERTIES = {"text-align"}

URL_SCHEMES = {"http", "https", "mailto", "tel"}
#: Our reference schemes, only where the photo renderer looks for them.
PHOTO_SCHEMES = ("photo:", "gallery:")


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute in ("href", "src", "cite") and value.lower().startswith(PHOTO_SCHEMES):
        return value if (tag, attribute) == ("img", "src") else None
    return value


_CLEANER = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags={"script", "style"},
    attributes=ATTRIBUTES,
    attribute_filter=_attribute_filter,
    strip_comments=True,
    link_rel=None,
    url_schemes=URL_SCHEMES | {s.rstrip(":") for s in PHOTO_SCHEMES},
    filter_style_properties=STYLE_PROPERTIES,
)


def clean_body(html: str) -> str:
    """A page body with only allowed markup left (text of removed tags is kept)."""
    return _CLEANER.clean(html)


#: Left by md_in_html on inline elements; harmless, dropped by the allow-list.
_IGNORED_ATTRIBUTES = {"markdown"}
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):")


class _Disallowed(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def add(self, what: str) -> None:
        if what not in self.found:
            self.found.append(what)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            self.add(f"<{tag}>")
            return
        allowed = GENERIC_ATTRIBUTES | ATTRIBUTES.get(tag, set()) | _IGNORED_ATTRIBUTES
        for name, value in attrs:
            if name not in allowed:
                self.add(f"{name}=")
                continue
            if name == "style" and _style_properties(value or "") - STYLE_PROPERTIES:
                self.add("style=")
            m = _SCHEME.match(value or "") if name in ("href", "src", "cite") else None
            # Our references are resolved (links) or rendered (images) by the build.
            if m and m[1].lower() not in URL_SCHEMES and m[1] not in SCHEMES:
                self.add(f"{m[1].lower()}:")


def _style_properties(style: str) -> set[str]:
    return {part.split(":", 1)[0].strip().lower() for part in style.split(";") if ":" in part}


def disallowed(html: str) -> list[str]:
    """What ``clean_body`` removes from ``html`` (tags, attributes, URL schemes), so that
    ``yearbook check`` can tell the editor instead of the build dropping it silently."""
    parser = _Disallowed()
    parser.feed(html)
    parser.close()
    return parser.found
