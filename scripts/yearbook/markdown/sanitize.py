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

import nh3

from .refs import MARK

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
