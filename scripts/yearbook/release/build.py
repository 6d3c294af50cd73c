"""MkDocs glue of the release: run the gate, make the release build, the offline zip.

The order of a release (``yearbook build --release``):

1. pin ``SOURCE_DATE_EPOCH`` to the commit time (unless already set), so that
   every date in the output comes from the commit, not from the build clock;
2. build the public site with both PDFs into a staging folder, stamped with
   the edition and release date, and run the gate on it (``gate.py``);
3. only if every item passes: move the staging build into the site folder,
   build the offline edition (a separate MkDocs build with Material's
   ``offline`` plugin and no network at all) and zip it next to the site;
4. write ``release.json`` (``manifest.py``) with the SHA-256 of every file.

``yearbook check --release`` is steps 1–2 with the staging folder thrown away.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..atomic import remove_stale, replace_dir, staging_dir
from ..buildinfo import (
    build_datetime,
    git_changes,
    git_commit,
    pin_source_date_epoch,
    vietnamese_date,
)
from ..configfile import PDF_PLUGIN, plugin_name, raw_config
from ..loader import load_book
from ..outputs import UnsafeOutput, check_output_dir, mark_output, source_dirs
from ..photos.pipeline import MANIFEST_NAME, read_manifest
from .gate import GateResult, content_files, gate
from .links import LinkReport, check_site
from .prepress import print_preflight

OFFLINE_PLUGIN = "offline"
REVISION_DATE_PLUGIN = "git-revision-date-localized"
#: The iframe-worker shim (npm ``iframe-worker`` 1.0.4, MIT), vendored: Material's offline
#: plugin would load it from unpkg.com, which a closed network cannot reach.
SHIM = Path(__file__).parent / "vendor" / "iframe-worker" / "shim.js"
SHIM_URL = "assets/javascripts/iframe-worker-shim.js"

Log = Callable[[str], None]


def release_plugins(
    config_file: str, *, edition: str | None, release_date: str | None, pdf: bool = True
) -> list[Any]:
    """The configured plugin list with the edition and date stamped into ``yearbook``.

    Outside a git checkout, the "last updated" plugin would fall back to the build
    clock (it ignores ``SOURCE_DATE_EPOCH``): it is switched off there, so that a
    release never carries the time it was built.
    """
    in_git = bool(git_commit(Path(config_file).resolve().parent))
    plugins: list[Any] = []
    for entry in raw_config(config_file).get("plugins") or []:
        name = plugin_name(entry)
        if name == PDF_PLUGIN and not pdf:
            continue
        if name == REVISION_DATE_PLUGIN and not in_git:
            options = dict(entry[name] or {}) if isinstance(entry, dict) else {}
            entry = {name: {**options, "enabled": False}}
        if name == "yearbook":
            options = dict(entry["yearbook"] or {}) if isinstance(entry, dict) else {}
            options["preview"] = False
            if edition:
                options["edition"] = edition
            if release_date:
                options["release_date"] = release_date
            entry = {"yearbook": options}
        plugins.append(entry)
    return plugins


@dataclass
class Stamp:
    """Edition and release date written on the colophons and into ``release.json``."""

    edition: str
    release_date: str


def decide_stamp(config_file: str, edition: str | None, release_date: str | None) -> Stamp:
    """CLI values win, then ``mkdocs.yml``; the date defaults to the commit's date."""
    options: dict[str, Any] = {}
    for entry in raw_config(config_file).get("plugins") or []:
        if plugin_name(entry) == "yearbook" and isinstance(entry, dict):
            options = entry["yearbook"] or {}
    return Stamp(
        edition or str(options.get("edition") or "") or "Ấn bản thứ nhất",
        release_date
        or str(options.get("release_date") or "")
        or vietnamese_date(build_datetime().date()),
    )


def pdf_outputs(config: Any) -> dict[str, str]:
    """Vietnamese edition label → PDF path in the site, as the plugins are configured."""
    pdf_plugin = config.plugins.get(PDF_PLUGIN)
    if pdf_plugin is None:
        return {}
    outputs = {"Bản điện tử (đọc trên màn hình)": str(pdf_plugin.config["output_path"])}
    yearbook = config.plugins.get("yearbook")
    pdf = getattr(getattr(yearbook, "config", None), "pdf", None)
    if pdf is not None and pdf.print_edition:
        from ..pdf.settings import cover_output_for

        outputs["Bản in (gửi nhà in)"] = str(pdf.print_output)
        outputs["Bìa in (bìa trải có gáy)"] = cover_output_for(pdf.print_output, pdf.cover_output)
    return outputs


def site_base_path(config: Any) -> str:
    return urlsplit(config.site_url or "").path or "/"


def _build(config: Any) -> str | None:
    """Build; return the error message instead of raising."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort, MkDocsException

    try:
        mkdocs_build(config)
    except (MkDocsException, Abort) as exc:
        return str(exc) or exc.__class__.__name__
    except Exception as exc:  # a crash in a plugin must fail the gate, not hide it
        return f"{exc.__class__.__name__}: {exc}"
    return None


def _manifest(project: Path, photos_output: str) -> tuple[dict[str, Any] | None, str]:
    rel = f"{photos_output.rstrip('/')}/{MANIFEST_NAME}"
    return read_manifest(project / photos_output), rel


def run_gate(
    config_file: str,
    build_dir: Path,
    *,
    edition: str | None = None,
    release_date: str | None = None,
) -> GateResult:
    """Build the public release into ``build_dir`` and check it; never raises on content."""
    from mkdocs.config import load_config

    from ..web.bookconfig import book_config

    project = Path(config_file).resolve().parent
    pin_source_date_epoch(project)
    stamp = decide_stamp(config_file, edition, release_date)
    plugins = release_plugins(config_file, edition=stamp.edition, release_date=stamp.release_date)
    config = load_config(config_file, plugins=plugins, site_dir=str(build_dir), strict=False)
    yearbook = config.plugins["yearbook"]
    book = load_book(book_config(yearbook.config, config))
    outputs = pdf_outputs(config)
    error = _build(config)
    built = error is None and (build_dir / "index.html").is_file()
    links: LinkReport | None = check_site(build_dir, site_base_path(config)) if built else None
    manifest, manifest_rel = _manifest(project, yearbook.config.photos.output)
    captions = project / yearbook.config.photos.captions
    return gate(
        book,
        manifest=manifest,
        manifest_path=manifest_rel,
        marker_files=content_files(book, [captions]),
        allow_markers=yearbook.config.release.allow_markers,
        links=links,
        site=build_dir if built else None,
        pdf_outputs=outputs,
        build_error=error,
        print_check=print_preflight(config, build_dir if built else None),
        foreign_identity=yearbook.config.release.foreign_identity,
        own_identity=(yearbook.config.cover.place, yearbook.config.cover.back_note),
        tree_changes=git_changes(project, content_paths(config)) if git_commit(project) else None,
    )


def content_paths(config: Any) -> list[Path]:
    """What a release publishes from: docs/, the archive, the caption sheet, mkdocs.yml and
    the book's theme folder. Files there that git does not know make the tree dirty."""
    from ..web.bookconfig import book_config

    book = book_config(config.plugins["yearbook"].config, config)
    paths = [book.docs_dir, book.archive_path, book.captions_path]
    if config.config_file_path:
        paths.append(Path(config.config_file_path))
    if config.theme.custom_dir:
        paths.append(Path(config.theme.custom_dir))
    return paths


def check_release(config_file: str, echo: Log) -> int:
    """``yearbook check --release``: the gate on a throw-away build; exit code."""
    with tempfile.TemporaryDirectory(prefix="yearbook-gate-") as tmp:
        result = run_gate(config_file, Path(tmp) / "site")
    echo(result.render())
    return result.exit_code


# -- offline edition ----------------------------------------------------------------------


def build_offline(
    config_file: str,
    out_zip: Path,
    *,
    pdf_from: Path,
    pdf_files: list[str],
    edition: str | None = None,
    release_date: str | None = None,
) -> LinkReport:
    """Build the site for ``file://`` and zip it into ``out_zip``; return its link report.

    A separate build: no directory URLs (``x.html`` links work from disk), the
    search index inlined as a script, the worker shim vendored, the PDFs copied
    from the web build (``pdf_from``) instead of rendered twice.
    """
    from mkdocs.config import load_config

    from .offline import check_offline, write_zip

    plugins = release_plugins(config_file, edition=edition, release_date=release_date, pdf=False)
    plugins = [p for p in plugins if plugin_name(p) != OFFLINE_PLUGIN]
    plugins.append({OFFLINE_PLUGIN: {"enabled": True}})
    extra = dict(raw_config(config_file).get("extra") or {})
    extra["polyfills"] = [*list(extra.get("polyfills") or []), SHIM_URL]
    with tempfile.TemporaryDirectory(prefix="yearbook-offline-") as tmp:
        site = Path(tmp) / "site"
        config = load_config(
            config_file,
            plugins=plugins,
            extra=extra,
            site_dir=str(site),
            use_directory_urls=False,
            strict=False,
        )
        error = _build(config)
        if error:
            raise RuntimeError(f"không dựng được bản ngoại tuyến: {error}")
        target = site / SHIM_URL
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SHIM, target)
        for rel in pdf_files:
            source = pdf_from / rel
            if source.is_file():
                (site / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, site / rel)
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            (site / name).unlink(missing_ok=True)
        report = check_offline(site)
        write_zip(site, out_zip, folder=out_zip.stem)
    return report


# -- the release build --------------------------------------------------------------------


def _safe_target(config: Any, target: Path, echo: Log) -> Path | None:
    """The resolved output folder, or None (said in Vietnamese) when it may not be written."""
    target = target.resolve()
    try:
        guard_target(config, target)
    except UnsafeOutput as exc:
        echo(f"lỗi: {exc}")
        return None
    return target


def release(
    config_file: str,
    site_dir: Path | None,
    echo: Log,
    *,
    edition: str | None = None,
    release_date: str | None = None,
    offline: bool = True,
) -> int:
    """``yearbook build --release``: gate, then publish the checked build; exit code."""
    from mkdocs.config import load_config

    project = Path(config_file).resolve().parent
    config = load_config(config_file)
    target = _safe_target(config, project / (site_dir or config.site_dir), echo)
    if target is None:
        return 1
    epoch = pin_source_date_epoch(project)
    stamp = decide_stamp(config_file, edition, release_date)
    echo(f"Ấn bản: {stamp.edition} — ngày phát hành: {stamp.release_date}")
    echo(f"SOURCE_DATE_EPOCH={epoch if epoch is not None else '(không có, dùng giờ máy)'}")
    # Everything is made in a hidden sibling of the target and swapped in at the very end:
    # a failed or killed release leaves the previous one complete.
    remove_stale(target)
    staging = staging_dir(target)
    try:
        return _release_into(
            config_file, config, staging, target, project, stamp, echo, offline=offline
        )
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def guard_target(config: Any, target: Path) -> None:
    """Refuse a release target that is, holds or lies in a source folder."""
    from ..web.bookconfig import book_config

    book = book_config(config.plugins["yearbook"].config, config)
    sources = source_dirs(
        book.docs_dir, book.archive_path, book.captions_path, config.theme.custom_dir
    )
    check_output_dir(target, project=book.project_dir, sources=sources, what="thư mục phát hành")


def _release_into(
    config_file: str,
    config: Any,
    staging: Path,
    target: Path,
    project: Path,
    stamp: Stamp,
    echo: Log,
    *,
    offline: bool,
) -> int:
    from .manifest import build_manifest, write_manifest

    site = staging / "site"
    result = run_gate(config_file, site, edition=stamp.edition, release_date=stamp.release_date)
    echo(result.render())
    if not result.ok:
        echo("Không phát hành: sửa các mục CHƯA ĐẠT ở trên rồi chạy lại.")
        return 1
    pdfs = pdf_outputs(config)
    outputs = {label: rel for label, rel in pdfs.items()}
    if offline:
        name = config.plugins["yearbook"].config.release.offline_output
        report = build_offline(
            config_file,
            site / name,
            pdf_from=site,
            pdf_files=list(pdfs.values()),
            edition=stamp.edition,
            release_date=stamp.release_date,
        )
        if not report.ok:
            echo("Bản ngoại tuyến có liên kết không dùng được từ đĩa:")
            for line in report.broken[:40]:
                echo(f"  - {line}")
            return 1
        outputs["Bản ngoại tuyến (USB)"] = name
        echo(f"Bản ngoại tuyến: {name}")
    manifest = build_manifest(
        site,
        title=config.plugins["yearbook"].config.title,
        edition=stamp.edition,
        release_date=stamp.release_date,
        project_dir=project,
        outputs=outputs,
        content=content_paths(config),
    )
    path = write_manifest(site, manifest)
    mark_output(site)
    replace_dir(site, target)
    echo(f"Đã phát hành vào {target} ({len(manifest['files'])} tệp; {path.name}).")
    if manifest["git"]["dirty"]:
        echo("Cảnh báo: có sửa đổi chưa commit; bản phát hành không khớp với commit.")
    return 0


def offline_only(config_file: str, site_dir: Path | None, echo: Log) -> int:
    """``yearbook build --offline``: zip the offline edition next to an existing build."""
    from mkdocs.config import load_config

    project = Path(config_file).resolve().parent
    config = load_config(config_file)
    target = _safe_target(config, project / (site_dir or config.site_dir), echo)
    if target is None:
        return 1
    name = config.plugins["yearbook"].config.release.offline_output
    report = build_offline(
        config_file, target / name, pdf_from=target, pdf_files=list(pdf_outputs(config).values())
    )
    for line in report.broken[:40]:
        echo(f"  - {line}")
    echo(f"Bản ngoại tuyến: {target / name}")
    return 0 if report.ok else 1
