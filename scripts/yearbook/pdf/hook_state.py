"""The settings of the PDF build in progress, for with-pdf's hook module.

with-pdf calls the hook as ``pre_pdf_render(soup, logger)`` with nothing
about the book; it imports then *reloads* the hook module, so the hook keeps
no state of its own. The generator activates the build's settings here for
the duration of the call.
"""

from __future__ import annotations

from .settings import PdfSettings

_active: PdfSettings | None = None


def activate(settings: PdfSettings) -> None:
    global _active
    _active = settings


def deactivate() -> None:
    global _active
    _active = None


def current() -> PdfSettings:
    return _active if _active is not None else PdfSettings()
