"""Typed settings of the photo pipeline.

A plain dataclass rather than an MkDocs ``Config``: the pipeline must not
import MkDocs (it runs from the CLI, the benchmark and the tests alike). The
MkDocs plugin maps its ``mkdocs.yml`` keys onto these fields.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..settings import YearbookConfig

MM_PER_INCH = 25.4


@dataclass(frozen=True)
class PhotoSettings:
    """Everything that decides what the pipeline reads and writes.

    Relative paths are taken against ``root`` (the project folder), so that a
    build started from another working directory still finds the archive.
    """

    root: Path = field(default_factory=Path.cwd)
    archive: Path = Path("archive")
    #: Private cache of derivatives; the plugin publishes ``web/``, ``print/``
    #: and ``manifest.json`` from here as ``assets/photos/`` in the site.
    output: Path = Path(".cache/photos")
    #: Caption sheet (CSV, YAML or .xlsx). ``None``: ``captions.csv``, ``captions.yml``,
    #: ``captions.yaml`` or ``captions.xlsx`` in the archive, the first that exists (CSV if none).
    captions: Path | None = None
    #: Web derivative widths for ``srcset``; never upscaled.
    widths: tuple[int, ...] = (240, 480, 960, 1600)
    #: Print trim size and resolution: the print derivative fits this box.
    trim_width_mm: float = 210.0
    trim_height_mm: float = 297.0
    print_dpi: int = 300
    jpeg_quality: int = 82
    webp_quality: int = 80
    #: libwebp effort (0 fastest … 6 smallest). 0 costs a quarter of the default
    #: 4's time for files some 10 % larger at the same quality setting.
    webp_method: int = 0
    print_quality: int = 92
    #: Decompression-bomb guard: images with more pixels are refused.
    max_pixels: int = 120_000_000
    #: Worker processes; 0 means one per CPU core.
    jobs: int = 0
    #: Release builds turn a missing caption from a warning into an error.
    release: bool = False
    #: Other folders of originals the output must stay clear of (the archive, the
    #: caption sheet's folder and ``.git`` are always protected).
    sources: tuple[Path, ...] = (Path("docs"),)

    @property
    def print_width(self) -> int:
        """Pixels across the full trim width at ``print_dpi`` (210 mm → 2480 px)."""
        return round(self.trim_width_mm / MM_PER_INCH * self.print_dpi)

    @property
    def print_height(self) -> int:
        return round(self.trim_height_mm / MM_PER_INCH * self.print_dpi)

    @property
    def archive_dir(self) -> Path:
        return self.root / self.archive

    @property
    def output_dir(self) -> Path:
        return self.root / self.output

    @property
    def captions_path(self) -> Path:
        if self.captions is not None:
            return self.root / self.captions
        for name in ("captions.csv", "captions.yml", "captions.yaml", "captions.xlsx"):
            candidate = self.archive_dir / name
            if candidate.exists():
                return candidate
        return self.archive_dir / "captions.csv"

    @property
    def worker_count(self) -> int:
        return self.jobs if self.jobs > 0 else max(1, os.cpu_count() or 1)

    def with_(self, **changes: object) -> PhotoSettings:
        """A copy with some fields changed (CLI options override the config)."""
        return replace(self, **changes)  # type: ignore[arg-type]


def photo_settings(plugin_config: YearbookConfig, project: Path) -> PhotoSettings:
    """The pipeline's settings from the ``photos:`` config: one mapping for the build,
    the checker and ``yearbook photos``, so all three read the same sheet and folders."""
    p = plugin_config.photos
    return PhotoSettings(
        root=project,
        archive=Path(p.archive),
        output=Path(p.output),
        # A missing sheet lets the pipeline find captions.csv/.yml/.yaml in the archive.
        captions=Path(p.captions) if (project / p.captions).exists() else None,
        widths=tuple(p.widths),
        jobs=p.jobs,
        max_pixels=p.max_pixels,
    )
