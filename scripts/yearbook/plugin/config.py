"""Typed configuration of the ``yearbook`` MkDocs plugin: the settings tree of ``settings.py``."""

from __future__ import annotations

from ..settings import (
    CoverConfig,
    DesignConfig,
    HomeConfig,
    LabelsConfig,
    PdfConfig,
    PhaseConfig,
    PhotosConfig,
    ReleaseConfig,
    YearbookConfig,
)

__all__ = [
    "CoverConfig",
    "DesignConfig",
    "HomeConfig",
    "LabelsConfig",
    "PdfConfig",
    "PhaseConfig",
    "PhotosConfig",
    "ReleaseConfig",
    "YearbookConfig",
]
