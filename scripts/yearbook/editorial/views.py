"""Render the editorial preview pages from the package's templates."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import jinja2

from ..model import STATUS_LABELS
from ..schedule import PhaseStatus
from .ladder import Ladder

LADDER_DIR = "ma-ket"
SCHEDULE_PAGE = "tien-do.md"
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def env() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("yearbook", "editorial/templates"),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    # Text from pages and config reaches Markdown as text, never as markup.
    environment.filters["md"] = lambda text: _MD_SPECIAL.sub(r"\\\1", str(text))
    return environment


def vi_date(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def schedule_markdown(phases: list[PhaseStatus], today: dt.date) -> str:
    return env().get_template("schedule.md").render(phases=phases, today=vi_date(today))


def write_ladder_page(
    site_dir: Path,
    ladder: Ladder | None,
    *,
    title: str,
    pdf_url: str,
    build_date: dt.date,
) -> Path:
    target = site_dir / LADDER_DIR / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    html = (
        env()
        .get_template("ladder.html")
        .render(
            ladder=ladder,
            title=title,
            pdf_url=pdf_url,
            build_date=vi_date(build_date),
            labels=STATUS_LABELS,
            thumb_width=150,
        )
    )
    tmp = target.with_name(".index.html.tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(target)
    return target
