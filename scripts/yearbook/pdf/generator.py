"""with-pdf's generator, with the final render replaced by our editions.

``mkdocs_with_pdf.generator.Generator.on_post_build`` (0.9.3) assembles the
document and writes exactly one PDF with default options. We keep its
assembly steps (same order, same helpers) and swap two of them: the image
"alignment" fix, which drops inline ``style`` (``getattr(img, 'style')`` finds
a child tag, not the attribute), and the single ``write_pdf``, which becomes
one render per edition.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from mkdocs_with_pdf.cover import make_cover
from mkdocs_with_pdf.generator import Generator
from mkdocs_with_pdf.toc import make_indexes
from mkdocs_with_pdf.utils.iframe_util import convert_iframe
from mkdocs_with_pdf.utils.layout_util import convert_for_two_columns

from . import hook_state
from .document import strip_web_only, unwrap_dangling_links
from .fetcher import page_sources
from .images import fix_image_sizes
from .render import Written, render_editions
from .settings import PdfSettings


class EditionGenerator(Generator):
    """Installed on with-pdf's plugin instance by ``yearbook.pdf.wiring.install``."""

    yearbook_settings: PdfSettings
    written: list[Written]

    def on_post_build(self, config: Any, output_path: str) -> None:
        html = self.document_html()
        hook_state.activate(self.yearbook_settings)
        try:
            html = self._options.hook.pre_pdf_render(html)
        finally:
            hook_state.deactivate()
        sources = page_sources(self._nav, self._page_path_for_id, config)  # for messages
        self.written = render_editions(
            html, self.yearbook_settings, Path(config["site_dir"]), page_sources=sources
        )

    def document_html(self) -> str:
        """with-pdf 0.9.3's assembly (on_post_build up to ``pre_pdf_render``), minus its CSS."""
        if self._head:
            soup = BeautifulSoup("<html><body></body></html>", "html.parser")
            soup.html.insert(0, self._head)
        else:
            soup = BeautifulSoup("<html><head></head><body></body></html>", "html.parser")
        for page in self._nav or []:
            content = self._get_content(soup, page)
            if content:
                soup.body.append(content)
        make_indexes(soup, self._options)
        self._options.template.keywords["pdf"] = self.yearbook_settings
        make_cover(soup, self._options)
        fix_image_sizes(soup)
        # Before with-pdf's link check: lightbox links and web-only parts point at
        # files and pages that the PDF does not contain.
        strip_web_only(soup)
        convert_iframe(soup, self._options.convert_iframe, self._options.logger)
        convert_for_two_columns(soup, self._options.two_columns_level, self._options.logger)
        unwrap_dangling_links(soup)  # before with-pdf's strict anchor check
        self._normalize_link_anchors(soup)
        return str(soup)
