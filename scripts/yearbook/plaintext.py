"""Plain text stays plain text: no markup in front matter and data, and none formed later.

Titles, names, captions and the like reach places that do not escape them:
Material prints ``page.title`` and nav titles raw, and its ``<title>`` applies
``striptags``, which turns ``&lt;`` back into ``<``. So a field that looks like
markup (a tag, a comment or a character reference) is refused when the book is
loaded (``markup_in``), and every value our templates print into generated
Markdown is escaped for both HTML and Markdown (``inert``), so a caption such as
``x] [K](javascript:alert(1)) [y`` stays text instead of forming a link.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup

#: A tag (``<img``, ``</p``), a comment or declaration (``<!``, ``<?``), or a character
#: reference (``&lt;``, ``&#60;``; ``&lt`` too: it is decoded without ``;``). "R&D" is text.
_MARKUP = re.compile(
    r"<[A-Za-z/!?]|&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*;|lt|gt|amp|quot)"
)

#: Characters that Markdown (and attr_list, tables) gives meaning to, as HTML references.
#: ``_``, ``#``, ``.`` and ``-`` stay: they appear in paths and ids printed into link targets.
_MARKDOWN = {ch: f"&#{ord(ch)};" for ch in "\\`*[](){}!|"}
_MARKDOWN_RE = re.compile("[" + re.escape("".join(_MARKDOWN)) + "]")


def markup_in(text: str) -> str | None:
    """The first markup-looking piece of ``text`` (to quote to the editor), or None."""
    m = _MARKUP.search(text)
    if m is None:
        return None
    end = text.find(">", m.start())
    stop = end + 1 if 0 <= end < m.start() + 40 else m.end()
    return text[m.start() : stop]


def markup_message(field: str, found: str) -> str:
    """The editor's message for markup in a plain-text field."""
    return (
        f"{field}: chỉ được viết chữ thường, không được chứa mã HTML ({found!r}); "
        "hãy bỏ dấu '<' hoặc '&' (có thể viết 'và' thay cho '&')"
    )


def escape_markdown(text: str) -> str:
    """HTML-escape ``text``, then neutralise Markdown punctuation as character references."""
    return _MARKDOWN_RE.sub(lambda m: _MARKDOWN[m[0]], html.escape(text, quote=True))


def inert(value: object) -> object:
    """Jinja ``finalize`` for templates that print text into Markdown or HTML.

    Markup (macro output, ``|safe``) passes through; everything else is printed as
    text that neither HTML nor Markdown can interpret.
    """
    if value is None or isinstance(value, Markup):
        return value
    return Markup(escape_markdown(str(value)))


def attribute_html(value: object) -> Markup:
    """Text for an attribute whose value a script inserts as HTML (GLightbox's
    ``data-title``): escaped twice, so the attribute value itself is escaped HTML."""
    return Markup(html.escape(html.escape(str(value or ""), quote=True), quote=True))
