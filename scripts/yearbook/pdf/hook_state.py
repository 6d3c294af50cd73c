"""The settings of the PDF build in progress, for with-pdf's hook module.

with-pdf calls the hook as ``pre_pdf_render(soup, logger)`` with nothing
about the book; it imports then *reloads* the hook module, so the hook keeps
no state of its own. The generator activates the build's settings here for
the duration of the call.
"""

from __future__ import annotations

from .settings import PdfSettings

_active: tuple[PdfSettings, str | None] | None = None


def activate(settings: PdfSettings, colophon: str | None) -> None:
    global _active
    _active = (settings, colophon)


def deactivate() -> None:
    global _active
    _active = None


def current() -> tuple[PdfSettings, str | None]:
    return _active if _active is not None else (PdfSettings(), None)
