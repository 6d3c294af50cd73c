"""Glue that turns ``![alt](photo:ID)`` and ``![Tiêu đề](gallery:kind:value)`` into figures.

Python-Markdown renders our photo syntax as ``<img src="photo:ID">`` wherever
it appears (paragraphs, admonitions, lists); MkDocs leaves such URLs alone
because they carry a scheme. After rendering we replace each of those images
with the ``<figure>`` from ``overrides/yearbook/figure.html`` (or a gallery
grid), so the markup stays in templates and the Markdown stays short.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import jinja2
from mkdocs.utils import get_relative_url

from ..markdown.refs import MARK
from ..plaintext import attribute_html, inert
from ..problems import Problem
from ..web.photos import GALLERY_KINDS, PhotoLibrary, make_figure

_IMG = re.compile(r"<img\b(?P<attrs>[^>]*?)\s*/?>")
_P_IMG = re.compile(r"<p>\s*(?P<img><img\b[^>]*?src=\"(?:photo|gallery):[^>]*>)\s*</p>")
_ATTR = re.compile(r'([\w:-]+)="([^"]*)"')

#: Photos a gallery inside a chapter shows; a folder gallery then links to its photo pages.
GALLERY_MAX = 24

#: The folder, year or event, then an optional variant class from attr_list.
VARIANT_CLASSES = {"yb-thumb": "thumb", "yb-portrait": "portrait", "yb-cover": "cover"}


def template_env(loader: jinja2.BaseLoader) -> jinja2.Environment:
    """Our own environment on the theme's loader (overrides/ first).

    It prints every value as inert text: escaped for HTML and, since most of these
    templates produce Markdown, with Markdown punctuation as character references
    (``yearbook.plaintext.inert``). ``lightbox_text`` escapes once more for GLightbox,
    which inserts ``data-title`` and ``data-description`` as HTML.
    """
    env = jinja2.Environment(loader=loader, autoescape=True, auto_reload=False, finalize=inert)
    env.filters["lightbox_text"] = attribute_html
    return env


@dataclass
class PhotoRenderer:
    """Renders photo figures and galleries for one build."""

    library: PhotoLibrary
    env: jinja2.Environment
    default_credit: str = ""
    problems: list[Problem] = field(default_factory=list)
    #: Site URL of each archive folder's first photo page (set once pages are generated).
    folder_urls: dict[str, str] = field(default_factory=dict)
    #: The nonce the reference extension puts on Markdown photo images; images without
    #: it (raw HTML) are dropped. None accepts every image (unit tests).
    mark: str | None = None

    def url_for(self, page_url: str) -> Callable[[str], str]:
        return lambda path: get_relative_url(path, page_url)

    def figure(
        self,
        photo_id: str,
        page_url: str,
        *,
        lazy: bool = True,
        **kwargs: Any,
    ) -> str:
        photo = self.library.get(photo_id)
        if photo is None:
            return ""
        f = make_figure(
            photo,
            self.url_for(page_url),
            lazy=lazy,
            default_credit=self.default_credit,
            **kwargs,
        )
        return self.env.get_template("yearbook/figure.html").render(f=f)

    def gallery(
        self,
        kind: str,
        value: str,
        title: str,
        page_url: str,
        first: bool,
        start: int = 0,
        count: int | None = None,
    ) -> str:
        """A grid of photos; ``start``/``count`` pick one page of it (the photo pages).

        Without them a gallery shows at most ``GALLERY_MAX`` photos, and a folder's
        gallery links to the folder's own photo pages for the rest: a chapter never
        carries hundreds of photos.
        """
        every = self.library.gallery(kind, value)
        url = self.url_for(page_url)
        group = f"{kind}-{value}-{start}"
        sliced = count is not None
        photos = every[start : start + count] if count is not None else every[:GALLERY_MAX]
        more = ""
        if not sliced and len(photos) < len(every) and kind == "folder":
            folder = photos[0].folder if photos else value
            target = self.folder_urls.get(folder)
            more = get_relative_url(target, page_url) if target else ""
        figures = [
            make_figure(
                p,
                url,
                variant="gallery",
                lazy=not (first and i == 0),
                gallery=group,
                default_credit=self.default_credit,
            )
            for i, p in enumerate(photos)
        ]
        return self.env.get_template("yearbook/gallery.html").render(
            title=title, figures=figures, total=len(every), more_url=more, sliced=sliced
        )

    def render_page(
        self, content: str, page_url: str, markdown: str, src_path: str, first_line: int = 1
    ) -> str:
        """Replace every photo/gallery image in a page's HTML; the first photo loads eagerly.

        ``markdown`` and ``first_line`` (the file line where it starts) only serve
        to report a bad reference at its line.
        """
        seen = {"count": 0}
        where = (markdown, src_path, first_line)

        def replace(img_tag: str) -> str:
            attrs = {k: html.unescape(v) for k, v in _ATTR.findall(img_tag)}
            src = attrs.get("src", "")
            if self.mark is not None and attrs.get(MARK) != self.mark:
                return ""  # raw HTML naming a photo: not a reference
            scheme, _, target = src.partition(":")
            first = seen["count"] == 0
            if scheme == "photo":
                if target not in self.library:
                    self._missing(src, where, target)
                    return ""
                variant = next(
                    (v for c, v in VARIANT_CLASSES.items() if c in attrs.get("class", "").split()),
                    "figure",
                )
                seen["count"] += 1
                return self.figure(
                    target,
                    page_url,
                    lazy=not first,
                    variant=variant,
                    alt=attrs.get("alt", ""),
                    caption=attrs.get("title", ""),
                )
            kind, _, value = target.partition(":")
            if kind not in GALLERY_KINDS:
                self._problem(
                    src,
                    where,
                    f"bộ ảnh '{target}' không hợp lệ: dùng gallery:folder:…, gallery:year:… "
                    "hoặc gallery:event:…",
                )
                return ""
            if not self.library.gallery(kind, value):
                self._problem(
                    src,
                    where,
                    f"bộ ảnh theo {GALLERY_KINDS[kind]} '{value}' không có ảnh công khai nào",
                )
                return ""
            seen["count"] += 1
            start, count = _int(attrs.get("data-start")), _int(attrs.get("data-count"))
            return self.gallery(
                kind, value, attrs.get("alt", ""), page_url, first, start or 0, count
            )

        content = _P_IMG.sub(lambda m: replace(m["img"]), content)
        return _IMG.sub(
            lambda m: replace(m[0]) if re.search(r'src="(photo|gallery):', m[0]) else m[0],
            content,
        )

    def _missing(self, src: str, where: tuple[str, str, int], target: str) -> None:
        self._problem(
            src,
            where,
            f"ảnh '{target}' chưa có trong kho ảnh công khai "
            "(chưa chạy 'yearbook photos', thiếu chú thích, hoặc ảnh không công khai)",
        )

    def _problem(self, src: str, where: tuple[str, str, int], message: str) -> None:
        markdown, src_path, first_line = where
        line = first_line + _line_of(markdown, f"]({src}") - 1
        self.problems.append(Problem(src_path, line, 0, message))


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _line_of(markdown: str, needle: str) -> int:
    """Line of ``needle`` in the Markdown body (front matter lines are not counted)."""
    index = markdown.find(needle)
    return markdown.count("\n", 0, index) + 1 if index >= 0 else 1
