"""Run the photo pipeline: scan → validate → derive web/print sizes → manifest.

API for the build (the MkDocs plugin calls this before building)::

    from yearbook.photos.pipeline import run
    from yearbook.photos.settings import PhotoSettings

    report = run(PhotoSettings(root=project_dir, jobs=0, release=False),
                 progress=None)          # progress(done: int, total: int) -> None
    report.problems      # yearbook.problems.Problems: print them, fail on errors
    report.ok            # False when any error was found (exit code 1)
    report.manifest      # Path to <output>/manifest.json
    report.summary()     # one Vietnamese line: processed, skipped, failed, seconds

``run`` never raises for a bad photo or a bad caption row: every problem is
collected, the other photos are still processed, and the manifest lists the
good public ones. Publish ``web/``, ``print/`` and ``manifest.json`` from the
output folder; ``.state.json`` (the cache) is private.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..outputs import MARKER, UnsafeOutput, check_output_dir, mark_output
from ..problems import Problem, Problems, Severity
from ..text import nfc
from .captions import Caption, Sheet
from .ids import ArchiveFile, os_error_message, scan_archive
from .imaging import Metadata
from .settings import PhotoSettings
from .sheet import read_sheet
from .worker import (
    Job,
    OutputSpec,
    Result,
    peak_memory_mb,
    plan,
    process,
    recipe,
    write_atomic,
)

MANIFEST_VERSION = 1
MANIFEST_NAME = "manifest.json"
STATE_VERSION = 1
OUTPUT_DIRS = ("web", "print")
STATE_SAVE_SECONDS = 5.0
#: Files that show a folder is a previous output: the marker, or the cache state that
#: runs before the marker existed wrote.
OUTPUT_MARKERS = (MARKER, ".state.json")

Progress = Callable[[int, int], None]


def read_manifest(output: Path) -> dict[str, Any] | None:
    """What the last run wrote to ``<output>/manifest.json``; None before the first run.

    The one reader the website, the PDF and the release gate share.
    """
    path = output / MANIFEST_NAME
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass
class Report:
    """What a run did. ``problems`` holds every error and warning, located."""

    problems: Problems
    manifest: Path
    photos: int = 0
    processed: int = 0
    skipped: int = 0
    failed: int = 0
    excluded: int = 0
    #: Files in the archive that are not photos (each listed as a warning).
    ignored: int = 0
    removed: int = 0
    seconds: float = 0.0
    #: Largest peak resident memory of the run's processes, in MB.
    peak_memory_mb: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems.errors

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    def summary(self) -> str:
        return (
            f"Ảnh: {self.processed} đã xử lý, {self.skipped} bỏ qua (không đổi), "
            f"{self.failed} lỗi, {self.excluded} không công khai, "
            f"{self.ignored} tệp không phải ảnh, "
            f"{self.removed} tệp cũ đã xóa — {self.photos} ảnh trong manifest, "
            f"{self.seconds:.2f} giây"
        )


@dataclass
class _Photo:
    file: ArchiveFile
    row: Caption | None
    meta: Metadata
    stat: tuple[int, int] = (0, 0)
    result: Result | None = None


@dataclass
class _State:
    """The content-hash cache: what each source hashed to and which recipe made each output."""

    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    photos: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> _State:
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
            return cls()
        return cls(data.get("sources", {}), data.get("photos", {}))

    def dump(self) -> bytes:
        data = {"version": STATE_VERSION, "sources": self.sources, "photos": self.photos}
        return json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")


def _report(
    problems: Problems, path: Path, message: str, severity: Severity = Severity.ERROR
) -> None:
    """Add a problem about an archive file, named as it is in the archive.

    ``Problems.rel`` resolves symlinks, which would name a link's target
    instead of the file the editor sees in the archive.
    """
    shown = Path(path)
    if problems.root is not None:
        with contextlib.suppress(ValueError):
            shown = Path(os.path.relpath(os.path.abspath(path), os.path.abspath(problems.root)))
    problems.extend([Problem(shown.as_posix(), 0, 0, message, severity)])


def sheet_path(name: str) -> str:
    """A file name as typed in a sheet, in the archive's form: ``.\\1990\\a.jpg`` → ``1990/a.jpg``."""
    name = nfc(name.strip().replace("\\", "/"))
    while name.startswith("./"):
        name = name[2:]
    return "/".join(part for part in name.split("/") if part and part != ".")


def match_rows(sheet: Sheet, files: list[ArchiveFile], problems: Problems) -> dict[str, Caption]:
    """Caption rows by archive-relative path; a row may also name a file by its id or name."""
    by_rel = {f.rel: f for f in files}
    by_id: dict[str, list[ArchiveFile]] = {}
    by_name: dict[str, list[ArchiveFile]] = {}
    for f in files:
        by_id.setdefault(f.id, []).append(f)
        by_name.setdefault(f.rel.rsplit("/", 1)[-1], []).append(f)
    rows: dict[str, Caption] = {}
    for row in sheet.rows:
        if not row.file:
            continue
        name = sheet_path(row.file)
        target = by_rel.get(name)
        if target is None and len(by_name.get(name, [])) == 1:
            target = by_name[name][0]
        if target is None and len(by_id.get(name, [])) == 1:
            target = by_id[name][0]
        if target is None:
            problems.error(
                sheet.path,
                f"không có tệp ảnh '{row.file}' trong kho ảnh (kiểm tra tên tệp và thư mục)",
                *row.where("file"),
            )
            continue
        if target.rel in rows:
            first = rows[target.rel]
            problems.error(
                sheet.path,
                f"ảnh '{target.rel}' đã có dòng chú thích ở dòng {first.line}",
                *row.where("file"),
            )
            continue
        rows[target.rel] = row
    return rows


def _unique_files(files: list[ArchiveFile], problems: Problems) -> list[ArchiveFile]:
    """Refuse symlinks leading outside the archive and files whose ids collide."""
    kept: list[ArchiveFile] = []
    for f in files:
        if f.outside_target is not None:
            _report(
                problems,
                f.path,
                f"liên kết tượng trưng trỏ ra ngoài kho ảnh ({f.outside_target}): từ chối xử lý",
            )
        else:
            kept.append(f)
    by_id: dict[str, list[ArchiveFile]] = {}
    for f in kept:
        by_id.setdefault(f.id, []).append(f)
    unique: list[ArchiveFile] = []
    for group in by_id.values():
        if len(group) == 1:
            unique.append(group[0])
            continue
        for f in group:
            others = ", ".join(o.rel for o in group if o is not f)
            _report(
                problems,
                f.path,
                f"trùng mã ảnh '{f.id}' với tệp {others}: hãy đổi tên một trong các tệp",
            )
    return unique


def _metadata(row: Caption | None) -> Metadata:
    if row is None:
        return Metadata()
    return Metadata(row.caption, row.creator, row.credit, row.copyright, row.date_iso)


def _entry(photo: _Photo, result: Result) -> dict[str, Any]:
    """One manifest record, in the shape the website and PDF code read."""
    row = photo.row or Caption(Path(), 0)
    by_size: dict[tuple[int, int], dict[str, Any]] = {}
    print_spec: OutputSpec | None = None
    for spec in result.specs:
        if spec.kind == "print":
            print_spec = spec
            continue
        item = by_size.setdefault(spec.size, {"width": spec.size[0], "height": spec.size[1]})
        item[spec.fmt] = spec.rel
    assert print_spec is not None
    return {
        "id": photo.file.id,
        "source": photo.file.rel,
        "width": result.size[0],
        "height": result.size[1],
        "color": result.color,
        "placeholder": result.placeholder,
        "web": [by_size[k] for k in sorted(by_size)],
        "print": {
            "file": print_spec.rel,
            "width": print_spec.size[0],
            "height": print_spec.size[1],
        },
        "caption": row.caption,
        "alt": row.alt or row.caption,
        "credit": row.credit,
        "creator": row.creator,
        "copyright": row.copyright,
        "date": row.date,
        "date_iso": row.date_iso,
        "people": list(row.people),
        "place": row.place,
        "event": row.event,
        "focus": row.focus,
        "folder": photo.file.folder,
    }


def _cached_result(
    photo: _Photo, state: _State, present: set[str], settings: PhotoSettings
) -> Result | None:
    """The previous result if nothing that decides this photo's outputs has changed."""
    src = state.sources.get(photo.file.rel)
    cached = state.photos.get(photo.file.id)
    if not src or not cached or [src.get("size"), src.get("mtime_ns")] != list(photo.stat):
        return None
    if cached.get("source") != photo.file.rel or cached.get("sha256") != src.get("sha256"):
        return None
    if not (cached.get("color") and cached.get("placeholder")):
        return None
    size = tuple(cached["size"])
    specs = plan(photo.file.id, size, settings)  # type: ignore[arg-type]
    outputs = cached.get("outputs", {})
    for spec in specs:
        if spec.rel not in present:
            return None
        if outputs.get(spec.rel) != recipe(spec, src["sha256"], photo.meta, settings):
            return None
    return Result(
        photo.file.rel, photo.file.id, src["sha256"], size, dict(outputs), specs,
        cached["color"], cached["placeholder"],
    )  # fmt: skip


def _listing(output: Path) -> set[str]:
    present: set[str] = set()
    for sub in OUTPUT_DIRS:
        with contextlib.suppress(FileNotFoundError):
            present.update(f"{sub}/{e.name}" for e in os.scandir(output / sub) if e.is_file())
    return present


def _make_job(photo: _Photo, state: _State, present: set[str], settings: PhotoSettings) -> Job:
    src = state.sources.get(photo.file.rel, {})
    sha = src.get("sha256") if [src.get("size"), src.get("mtime_ns")] == list(photo.stat) else None
    cached = state.photos.get(photo.file.id, {})
    existing = {k: v for k, v in cached.get("outputs", {}).items() if k in present}
    same = sha is not None and cached.get("sha256") == sha
    return Job(
        photo.file.path, photo.file.rel, photo.file.id, settings, photo.meta, sha, existing,
        cached.get("color", "") if same else "", cached.get("placeholder", "") if same else "",
    )  # fmt: skip


def _pool_context() -> multiprocessing.context.BaseContext:
    """``fork`` when this process has one thread, else ``forkserver`` (or ``spawn``).

    Forking starts workers in milliseconds, which matters for a 2-core machine
    processing a few dozen photos; but forking a threaded parent (``mkdocs
    serve`` runs a file watcher) can copy a lock held by another thread.
    """
    methods = multiprocessing.get_all_start_methods()
    if threading.active_count() == 1 and "fork" in methods:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        # Workers fork from a server that has already imported Pillow and our code.
        ctx.set_forkserver_preload([__name__.rsplit(".", 1)[0] + ".worker"])
        return ctx
    return multiprocessing.get_context("spawn")


def _execute(
    jobs: list[Job], workers: int, progress: Progress | None, checkpoint: Callable[[Result], None]
) -> list[Result]:
    results: list[Result] = []
    total = len(jobs)
    if workers <= 1 or total <= 1:
        for job in jobs:
            results.append(process(job))
            checkpoint(results[-1])
            if progress:
                progress(len(results), total)
        return results
    ctx = _pool_context()
    with ProcessPoolExecutor(max_workers=min(workers, total), mp_context=ctx) as pool:
        futures: dict[Future[Result], Job] = {pool.submit(process, job): job for job in jobs}
        for future in as_completed(futures):
            job = futures[future]
            try:
                result = future.result()
            except BrokenProcessPool:
                result = Result(job.rel, job.id)
                result.errors.append("tiến trình xử lý ảnh bị dừng đột ngột (thiếu bộ nhớ?)")
            results.append(result)
            checkpoint(result)
            if progress:
                progress(len(results), total)
    return results


def run(settings: PhotoSettings, progress: Progress | None = None) -> Report:
    """Bring ``<output>`` up to date with the archive and the caption sheet."""
    started = time.perf_counter()
    problems = Problems(root=settings.root)
    output = settings.output_dir
    report = Report(problems, output / MANIFEST_NAME)
    try:
        check_output_dir(
            output,
            project=settings.root,
            sources=[settings.archive_dir, settings.captions_path.parent, *settings.sources],
            what="thư mục ảnh đã xử lý",
            markers=OUTPUT_MARKERS,
        )
    except UnsafeOutput as exc:
        problems.error(output, str(exc))
        return report
    archive = settings.archive_dir
    if not archive.is_dir():
        problems.error(archive, "không tìm thấy thư mục kho ảnh")
        return report
    mark_output(output)
    scan = scan_archive(archive)
    for path, message in scan.errors:
        _report(problems, path, message)
    for path, message in scan.skipped:
        _report(problems, path, message, Severity.WARNING)
    report.ignored = len(scan.skipped)
    scanned = scan.photos
    files = _unique_files(scanned, problems)
    sheet = read_sheet(settings.captions_path, problems)
    rows = match_rows(sheet, [f for f in scanned if f.outside_target is None], problems)
    # Privacy follows the file, not the name: a symlink or hard link to a private photo
    # is private too, whatever its own row says.
    private = {f.identity for f in scanned if f.rel in rows and not rows[f.rel].public}

    photos: list[_Photo] = []
    for f in files:
        row = rows.get(f.rel)
        if (row is not None and not row.public) or f.identity in private:
            report.excluded += 1
            continue
        if row is None or not row.caption:
            where = "chưa có dòng trong" if row is None else "chưa có mô tả (caption) trong"
            _report(
                problems,
                f.path,
                f"ảnh {where} {problems.rel(sheet.path)} — chạy 'yearbook photos sheet' "
                "để thêm dòng trống rồi điền vào",
                Severity.ERROR if settings.release else Severity.WARNING,
            )
        try:
            st = f.path.stat()
        except OSError as exc:
            _report(problems, f.path, os_error_message(exc))
            continue
        photos.append(_Photo(f, row, _metadata(row), (st.st_size, st.st_mtime_ns)))

    state_path = output / ".state.json"
    state = _State.load(state_path)
    present = _listing(output)
    jobs: list[Job] = []
    for photo in photos:
        cached = _cached_result(photo, state, present, settings)
        if cached is not None:
            photo.result = cached
            report.skipped += 1
        else:
            jobs.append(_make_job(photo, state, present, settings))

    by_rel = {p.file.rel: p for p in photos}
    last_save = time.monotonic()

    def checkpoint(result: Result) -> None:
        """Record finished photos now and then, so a killed run does not redo them."""
        nonlocal last_save
        if not result.errors:
            _remember(state, by_rel[result.rel], result)
        if time.monotonic() - last_save > STATE_SAVE_SECONDS:
            write_atomic(state_path, state.dump())
            last_save = time.monotonic()

    # Biggest files first: the pool's last task is then a small one.
    jobs.sort(key=lambda j: -by_rel[j.rel].stat[0])
    for result in _execute(jobs, settings.worker_count, progress, checkpoint):
        photo = by_rel[result.rel]
        report.peak_memory_mb = max(report.peak_memory_mb, result.peak_mb)
        for message in result.warnings:
            _report(problems, photo.file.path, message, Severity.WARNING)
        if result.errors:
            report.failed += 1
            for message in result.errors:
                _report(problems, photo.file.path, message)
            continue
        photo.result = result
        if result.written:
            report.processed += 1
        else:
            report.skipped += 1

    manifest: dict[str, Any] = {}
    for photo in sorted(photos, key=lambda p: p.file.id):
        if photo.result is not None:
            manifest[photo.file.id] = _entry(photo, photo.result)
    report.photos = len(manifest)
    keep = {spec.rel for p in photos if p.result for spec in p.result.specs}
    report.removed = _remove_stale(output, keep)
    live = {p.file.id for p in photos if p.result}
    state.photos = {k: v for k, v in state.photos.items() if k in live}
    state.sources = {k: v for k, v in state.sources.items() if k in by_rel}
    mark_output(output)
    _write_if_changed(state_path, state.dump())
    data = {"version": MANIFEST_VERSION, "photos": manifest}
    _write_if_changed(
        report.manifest, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
    )
    report.seconds = time.perf_counter() - started
    report.peak_memory_mb = max(report.peak_memory_mb, peak_memory_mb())
    return report


def _write_if_changed(path: Path, data: bytes) -> None:
    """Rewrite only on change: an untouched manifest does not wake ``mkdocs serve``."""
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        pass
    write_atomic(path, data)


def _remember(state: _State, photo: _Photo, result: Result) -> None:
    state.sources[photo.file.rel] = {
        "size": photo.stat[0], "mtime_ns": photo.stat[1], "sha256": result.sha256,
    }  # fmt: skip
    state.photos[photo.file.id] = {
        "source": photo.file.rel,
        "sha256": result.sha256,
        "size": list(result.size),
        "color": result.color,
        "placeholder": result.placeholder,
        "outputs": result.outputs,
    }


def _remove_stale(output: Path, keep: set[str]) -> int:
    """Delete derivatives of removed, renamed or hidden photos, and leftovers of killed runs."""
    removed = 0
    for rel in sorted(_listing(output) - keep):
        with contextlib.suppress(FileNotFoundError):
            (output / rel).unlink()
            removed += 1
    return removed
