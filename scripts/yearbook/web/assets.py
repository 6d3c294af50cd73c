"""Per-page asset tweaks on the final HTML: what a page loads, and when.

mkdocs-glightbox puts its stylesheet and script in ``<head>`` and runs its initialisation
at the end of ``<body>``: on a phone that is 18 KB more on the first view and a long task
before the page answers, for a lightbox the reader may never open. Pages with lightbox
links carry ``yb-lightbox.js`` instead (``yearbook/theme/main.html``), which loads
glightbox when the reader reaches for a photo; here glightbox's own tags are taken out
and its initialisation is kept inert (``type="text/x-yb-deferred"``) for that script to
run. (Pages without a lightbox photo get no glightbox at all: see
``SiteGlue.page_content``.) A page without the loader (a book's own ``main.html``) keeps
glightbox, its script moved from ``<head>`` to just before its initialisation.

Material's own ``bundle.js`` (RxJS and every component Material has) spent about a
quarter of a second of a phone's main thread at start-up, in Lighthouse's Total Blocking
Time, for the handful of components a yearbook uses; ``yb-site.js`` does those (see its
header), and the bundle's tag is taken out of pages that carry ``yb-site.js`` — when every
script after it is one of the yearbook's own deferred scripts or inert. A book's own
scripts (``extra_javascript``, a template's inline script) may use Material's
``document$``, so a page with any of them keeps the bundle, deferred where every script
after it is deferred too (order of execution unchanged), and ``yb-site.js`` then stands
aside.
"""

from __future__ import annotations

import re
from typing import Any

#: Material features done by markup and CSS, by Material's search (replaced by the
#: yearbook's), or by ``yb-site.js``. Any other (``navigation.instant``,
#: ``navigation.top``, ``toc.follow``, ``content.code.copy``, ``header.autohide`` …)
#: needs Material's bundle, and then every page keeps it.
OWN_CHROME_FEATURES = frozenset({
    "navigation.tabs", "navigation.tabs.sticky", "navigation.sections",
    "navigation.expand", "navigation.indexes", "navigation.footer", "navigation.path",
    "navigation.prune", "toc.integrate", "content.action.edit", "content.action.view",
    "search.highlight", "search.share", "search.suggest",
})  # fmt: skip
#: ``extra:`` keys whose components live in Material's bundle.
_BUNDLE_EXTRAS = ("consent", "version")


def needs_material_bundle(
    theme_features: list[str], extra: dict[str, Any], scripts: list[Any]
) -> list[str]:
    """What in ``mkdocs.yml`` needs Material's own JavaScript (empty: yb-site.js will do).

    A book's own scripts (``extra_javascript``) may use Material's ``document$``."""
    needs = [f for f in theme_features if f not in OWN_CHROME_FEATURES]
    needs += [f"extra.{key}" for key in _BUNDLE_EXTRAS if extra.get(key)]
    if scripts:
        needs.append("extra_javascript")
    return needs


_GLIGHTBOX_CSS = re.compile(r'<link href="[^"]*glightbox\.min\.css" rel="stylesheet">')
_GLIGHTBOX_SCRIPT = re.compile(r'<script src="[^"]*glightbox\.min\.js"></script>')
_GLIGHTBOX_INIT = '<script id="init-glightbox">'
_INERT_INIT = '<script type="text/x-yb-deferred" id="init-glightbox">'
_LOADER = re.compile(r'<script src="[^"]*yb-lightbox\.[0-9a-f]{8}\.js"')
_MATERIAL_BUNDLE = re.compile(
    r'<script src="([^"]*assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js)"></script>'
)
_SCRIPT_TAG = re.compile(r"<script\b[^>]*>")
_OWN_SCRIPT = re.compile(r' src="[^"]*assets/javascripts/yb-[a-z]+\.[0-9a-f]{8}\.js"')
_SITE_SCRIPT = re.compile(r' src="[^"]*assets/javascripts/yb-site\.[0-9a-f]{8}\.js"')
_INERT_TYPE = re.compile(r'\btype="(?!text/javascript|module)[^"]+"')


def page_scripts(html: str) -> str:
    """Every page: glightbox left for when it is needed; Material's bundle dropped or deferred."""
    html = lazy_glightbox(html)
    found = _MATERIAL_BUNDLE.search(html)
    if found is None:
        return html
    own_only = True
    for tag in _SCRIPT_TAG.findall(html, found.end()):
        if _INERT_TYPE.search(tag):
            continue
        if " src=" not in tag or not (" defer" in tag or " async" in tag):
            return html
        own_only = own_only and bool(_OWN_SCRIPT.search(tag))
    if own_only and _SITE_SCRIPT.search(html, found.end()):
        return html[: found.start()] + html[found.end() :]
    return (
        html[: found.start()]
        + f'<script src="{found.group(1)}" defer></script>'
        + html[found.end() :]
    )


def lazy_glightbox(html: str) -> str:
    """Leave glightbox to ``yb-lightbox.js`` where the page has it; else defer its script."""
    if _GLIGHTBOX_INIT not in html:
        return html
    if _LOADER.search(html):
        html = _GLIGHTBOX_CSS.sub("", html, count=1)
        html = _GLIGHTBOX_SCRIPT.sub("", html, count=1)
        return html.replace(_GLIGHTBOX_INIT, _INERT_INIT, 1)
    return defer_glightbox(html)


def defer_glightbox(html: str) -> str:
    found = _GLIGHTBOX_SCRIPT.search(html)
    head_end = html.find("</head>")
    if not found or head_end < 0 or found.start() > head_end or _GLIGHTBOX_INIT not in html:
        return html
    tag = found.group()
    html = html[: found.start()] + html[found.end() :]
    return html.replace(_GLIGHTBOX_INIT, tag + _GLIGHTBOX_INIT, 1)
