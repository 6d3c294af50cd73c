"""The settings tree mapped onto the content model: ``BookConfig`` and page metadata.

Shared by the plugin, the command line and the release build, so that all three
read a book the same way (and none imports the plugin).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from ..markdown.refs import ReferencesExtension
from ..model import STATUS_LABELS, BookConfig, Page, Phase
from ..photos.settings import photo_settings
from ..settings import YearbookConfig, book_title
from .theme import theme_dirs

BANNERS = {"draft": "BẢN NHÁP", "review": "ĐANG THẨM ĐỊNH"}


def is_preview(config: YearbookConfig) -> bool:
    """Drafts and pages under review are shown: ``preview: true`` (set by ``serve``,
    ``build --preview``), never an environment variable a release could inherit."""
    return bool(config.preview)


def book_config(plugin_config: YearbookConfig, mkdocs_config: MkDocsConfig) -> BookConfig:
    project = Path(mkdocs_config.config_file_path or ".").resolve().parent
    return BookConfig(
        docs_dir=Path(mkdocs_config.docs_dir).resolve(),
        project_dir=project,
        start_year=plugin_config.start_year,
        end_year=plugin_config.end_year,
        title=book_title(plugin_config),
        organization=plugin_config.organization,
        chapters_dir=plugin_config.chapters_dir,
        units_dir=plugin_config.units_dir,
        essays_dir=plugin_config.essays_dir,
        foreword=plugin_config.foreword,
        data_dir=plugin_config.data_dir,
        archive_dir=plugin_config.photos.archive,
        captions=str(photo_settings(plugin_config, project).captions_path),
        edition=plugin_config.edition,
        release_date=plugin_config.release_date,
        leader_offices=tuple(plugin_config.leader_offices),
        youth_unit=plugin_config.youth_unit,
        markdown_extensions=tuple(
            e for e in mkdocs_config.markdown_extensions if not isinstance(e, ReferencesExtension)
        ),
        markdown_configs=dict(mkdocs_config.mdx_configs or {}),
        schedule=tuple(Phase(**dict(item)) for item in plugin_config.schedule),
        template_dirs=tuple(Path(d) for d in theme_dirs(mkdocs_config)),
    )


def public_meta(page: Page, preview: bool) -> dict[str, Any]:
    """What templates may show about a page. Reviewer notes are left out on purpose."""
    return {
        "kind": page.kind,
        "id": page.id,
        "status": page.status,
        "status_label": STATUS_LABELS[page.status],
        "banner": BANNERS.get(page.status) if preview else None,
        "authors": page.authors,
        "unit": page.unit,
        "period": page.period,
        "start_year": page.start_year,
        "end_year": page.end_year,
        "sources": list(page.meta.get("sources", [])),
        "summary": page.meta.get("summary", ""),
        "cover": page.meta.get("cover"),
        "sample": page.is_sample,
        "reviewers": [
            {
                "name": r.name,
                "role": r.role,
                "date": str(r.date),
                "verdict": r.verdict,
                "verdict_label": r.verdict_label,
            }
            for r in (page.reviewers if preview else ())  # verdicts are internal
        ],
        "approval": (
            {"by": page.approval.by, "role": page.approval.role, "date": str(page.approval.date)}
            if page.approval
            else None
        ),
    }
