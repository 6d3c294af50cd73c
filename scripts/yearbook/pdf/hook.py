"""with-pdf's event hook module (``pdf_event_hook``), installed from any working directory.

with-pdf looks for ``pdf_event_hook.py`` in the working directory; our plugin
points with-pdf at this module instead (``yearbook.pdf.wiring``). with-pdf
imports and then reloads it, so this module only defines functions.
"""

from __future__ import annotations

import logging
from typing import Any

from bs4 import BeautifulSoup

from . import hook_state
from .document import prepare


def inject_link(output_content: str, pdf_path: str, page: Any, logger: logging.Logger) -> str:
    """Leave the website alone: its own templates link the PDF editions.

    with-pdf's default looks for Material 8's ``.md-footer-copyright`` and adds an
    English "download PDF" link; Material 9 renamed that footer.
    """
    return output_content


def pre_js_render(soup: BeautifulSoup, logger: logging.Logger) -> BeautifulSoup:
    return soup


def pre_pdf_render(soup: BeautifulSoup, logger: logging.Logger) -> BeautifulSoup:
    return prepare(soup, hook_state.current())
