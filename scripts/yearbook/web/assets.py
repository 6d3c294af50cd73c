"""Per-page asset tweaks on the final HTML: what a page loads, and when.

mkdocs-glightbox puts its script in ``<head>``, where it blocks the first paint of every
photo page; the lightbox is only needed once the reader taps a photo, so the script is
moved just before glightbox's own initialisation at the end of ``<body>``. (Pages
without a lightbox photo get no glightbox at all: see ``SiteGlue.page_content``.)
"""

from __future__ import annotations

import re

_GLIGHTBOX_SCRIPT = re.compile(r'<script src="[^"]*glightbox\.min\.js"></script>')
_GLIGHTBOX_INIT = '<script id="init-glightbox">'


def defer_glightbox(html: str) -> str:
    found = _GLIGHTBOX_SCRIPT.search(html)
    head_end = html.find("</head>")
    if not found or head_end < 0 or found.start() > head_end or _GLIGHTBOX_INIT not in html:
        return html
    tag = found.group()
    html = html[: found.start()] + html[found.end() :]
    return html.replace(_GLIGHTBOX_INIT, tag + _GLIGHTBOX_INIT, 1)
