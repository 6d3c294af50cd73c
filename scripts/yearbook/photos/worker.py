"""The one function that does image I/O: read an original, write its derivatives.

It runs in worker processes, so everything it needs travels in a picklable
:class:`Job` and everything it finds comes back in a :class:`Result` —
including problems, as plain data, because a worker must never print or exit.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import astuple, dataclass, field
from pathlib import Path

from PIL import Image, ImageFile, UnidentifiedImageError

from .. import atomic
from . import imaging
from .ids import REFUSED_FORMATS
from .imaging import Metadata
from .settings import PhotoSettings

#: Bump when a change to the code changes the pixels or bytes of derivatives:
#: every recipe changes with it, so the next run regenerates everything once.
PIPELINE_VERSION = 2
HEIF_SUFFIXES = frozenset({".heic", ".heif"})


@dataclass(frozen=True)
class OutputSpec:
    """One derivative file: ``rel`` is relative to the output folder."""

    rel: str
    kind: str  # "web" or "print"
    fmt: str  # "jpeg" or "webp"
    size: tuple[int, int]


def plan(photo_id: str, size: tuple[int, int], settings: PhotoSettings) -> list[OutputSpec]:
    """Every derivative of a photo whose oriented original is ``size``."""
    specs: list[OutputSpec] = []
    for w, h in imaging.web_sizes(size, settings.widths):
        specs.append(OutputSpec(f"web/{photo_id}-{w}.jpg", "web", "jpeg", (w, h)))
        specs.append(OutputSpec(f"web/{photo_id}-{w}.webp", "web", "webp", (w, h)))
    print_size = imaging.fit(size, (settings.print_width, settings.print_height))
    specs.append(OutputSpec(f"print/{photo_id}.jpg", "print", "jpeg", print_size))
    return specs


def recipe(spec: OutputSpec, sha256: str, meta: Metadata, settings: PhotoSettings) -> str:
    """A hash of everything that decides one output's bytes.

    Keyed per output, so changing the WebP quality re-encodes only WebP files
    and adding a width only adds that width.
    """
    if spec.fmt == "webp":
        encoder: list[object] = [settings.webp_quality, settings.webp_method]
    elif spec.kind == "print":
        encoder = [settings.print_quality]
    else:
        encoder = [settings.jpeg_quality]
    key = [PIPELINE_VERSION, sha256, spec.rel, spec.fmt, spec.size, encoder, astuple(meta)]
    return hashlib.sha1(json.dumps(key).encode("utf-8")).hexdigest()[:20]


@dataclass
class Job:
    path: Path
    rel: str
    id: str
    settings: PhotoSettings
    meta: Metadata
    #: Known content hash (the file's size and mtime are unchanged), or None.
    sha256: str | None = None
    #: Outputs already on disk and the recipe that made them.
    existing: dict[str, str] = field(default_factory=dict)
    color: str = ""
    placeholder: str = ""


@dataclass
class Result:
    rel: str
    id: str
    sha256: str = ""
    size: tuple[int, int] = (0, 0)
    outputs: dict[str, str] = field(default_factory=dict)  # rel -> recipe
    specs: list[OutputSpec] = field(default_factory=list)
    color: str = ""
    placeholder: str = ""
    written: int = 0
    #: Peak resident memory of the process that made this result, in MB.
    peak_mb: float = 0.0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
    """A derivative, atomically; no fsync, since a lost one is simply made again next run."""
    atomic.write_atomic(path, data, durable=False)


@contextlib.contextmanager
def pixel_limit(max_pixels: int) -> Iterator[None]:
    """Pillow's own bomb guard follows our limit for the duration of one photo only.

    Truncated files must fail too: WeasyPrint sets Pillow's global
    ``LOAD_TRUNCATED_IMAGES`` on import, which would let a cut-off JPEG through
    with a grey bottom half when the pipeline runs in the same process as a build.
    """
    saved = Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES
    Image.MAX_IMAGE_PIXELS = max_pixels
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES = saved


_heif_ready = False


def _ensure_heif() -> None:
    """Register pillow-heif on first HEIC, not at import (no global state at import)."""
    global _heif_ready
    if not _heif_ready:
        import pillow_heif

        pillow_heif.register_heif_opener()
        _heif_ready = True


def encode(im: Image.Image, spec: OutputSpec, meta: Metadata, settings: PhotoSettings) -> bytes:
    buf = io.BytesIO()
    exif, xmp = meta.exif(), meta.xmp()
    if spec.fmt == "webp":
        im.save(
            buf, "WEBP", quality=settings.webp_quality, method=settings.webp_method,
            exif=exif, xmp=xmp,
        )  # fmt: skip
    elif spec.kind == "print":
        im.save(buf, "JPEG", quality=settings.print_quality, exif=exif, xmp=xmp)
    else:
        im.save(buf, "JPEG", quality=settings.jpeg_quality, exif=exif, xmp=xmp)
    return buf.getvalue()


#: How Pillow's decoders say a file is cut off or damaged.
_BROKEN = (
    "truncated", "broken data stream", "premature end", "not enough image data",
    "buffer overrun", "unrecognized data stream", "could not create decoder",
)  # fmt: skip


def _describe(exc: BaseException) -> str:
    """A Vietnamese message for the ways an image file can be broken."""
    text = str(exc)
    if isinstance(exc, Image.DecompressionBombError):
        return f"ảnh quá lớn, có thể là 'bom giải nén' ({text})"
    if isinstance(exc, UnidentifiedImageError):
        return "không phải tệp ảnh hoặc định dạng không được hỗ trợ"
    if any(sign in text.lower() for sign in _BROKEN):
        return "ảnh bị hỏng hoặc bị cắt cụt (tệp không trọn vẹn)"
    if "decoder error" in text or "encoder error" in text or "Read error" in text:
        return "ảnh bị hỏng: không giải mã được dữ liệu ảnh"
    if isinstance(exc, OSError) and exc.errno is not None:
        from .ids import os_error_message

        return os_error_message(exc)
    return f"không đọc được ảnh ({type(exc).__name__}: {text})"


def process(job: Job) -> Result:
    """Read one original and write the derivatives it is missing.

    Decodes at most once, at the smallest JPEG DCT scale that still covers the
    largest missing output, and derives every size from that one decode.
    """
    result = Result(job.rel, job.id)
    settings = job.settings
    try:
        if job.path.stat().st_size == 0:
            result.errors.append("tệp rỗng (0 byte)")
            return result
        result.sha256 = job.sha256 or file_sha256(job.path)
        if job.path.suffix.lower() in HEIF_SUFFIXES:
            _ensure_heif()
        with (
            pixel_limit(settings.max_pixels),
            warnings.catch_warnings(),
            c_library_messages() as said,
        ):
            warnings.simplefilter("ignore")  # Pillow's EXIF and bomb warnings: checked here
            try:
                _process_image(job, result)
            except Exception as exc:  # one bad file must never stop the others
                result.errors.append(_describe(exc))
    except Exception as exc:
        result.errors.append(_describe(exc))
    else:
        if said:
            # libtiff & co. print to the terminal in English; put it in this file's message.
            note = f" (thư viện đọc ảnh báo: {'; '.join(said)[:300]})"
            if result.errors:
                result.errors[-1] += note
            else:
                result.warnings.append("ảnh có chỗ lỗi nhưng vẫn đọc được" + note)
    result.peak_mb = peak_memory_mb()
    return result


@contextlib.contextmanager
def c_library_messages() -> Iterator[list[str]]:
    """Collect what C libraries (libtiff, libjpeg, OpenJPEG) write to file descriptor 2.

    They bypass Python's ``sys.stderr``, so their English lines used to reach the editor's
    terminal with no file name. Only the worker's own descriptor is redirected, for one photo.
    """
    said: list[str] = []
    try:
        saved = os.dup(2)
    except OSError:
        yield said
        return
    with tempfile.TemporaryFile() as sink:
        with contextlib.suppress(ValueError, OSError):
            import sys

            sys.stderr.flush()
        os.dup2(sink.fileno(), 2)
        try:
            yield said
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            text = sink.read(4096).decode("utf-8", "replace")
            said.extend(line.strip() for line in text.splitlines() if line.strip())


def peak_memory_mb() -> float:
    """This process's peak resident memory (Linux ``VmHWM``; 0 where unknown)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _process_image(job: Job, result: Result) -> None:
    settings = job.settings
    # Never Ghostscript (EPS) or a stub plugin, whatever the file's suffix claims.
    formats = [f for f in Image.OPEN if f not in REFUSED_FORMATS]
    with Image.open(job.path, formats=formats) as im:
        w, h = im.size
        if w * h > settings.max_pixels:
            result.errors.append(
                f"ảnh quá lớn: {w}×{h} = {w * h / 1e6:.0f} triệu điểm ảnh, vượt giới hạn "
                f"{settings.max_pixels / 1e6:.0f} triệu (max_pixels) — có thể là 'bom giải nén'"
            )
            return
        orientation, exif_ok = imaging.read_orientation(im)
        if not exif_ok:
            result.warnings.append("dữ liệu EXIF hỏng: đã bỏ qua, ảnh vẫn được xử lý")
        frames = getattr(im, "n_frames", 1)
        if frames > 1:
            result.warnings.append(f"ảnh có {frames} trang/khung hình: chỉ dùng trang đầu tiên")
        result.size = imaging.oriented_size(im.size, orientation)
        result.specs = plan(job.id, result.size, settings)
        recipes = {s.rel: recipe(s, result.sha256, job.meta, settings) for s in result.specs}
        todo = [s for s in result.specs if job.existing.get(s.rel) != recipes[s.rel]]
        result.color, result.placeholder = job.color, job.placeholder
        need_color = not (job.color and job.placeholder)
        if not todo and not need_color:
            result.outputs = recipes
            return
        sizes = [s.size for s in todo] or [min(s.size for s in result.specs)]
        largest = max(sizes)
        if im.format == "JPEG":
            im.draft(im.mode, imaging.oriented_size(largest, orientation))
        im.load()
        rgb = imaging.orient(imaging.to_srgb(im, im.info.get("icc_profile")), orientation)
    # Drop everything the original carried (JPEG COM comment, ICC, XMP, DPI …): encoders read
    # some of it from ``info``; only the keep-list in ``job.meta`` is written.
    rgb = rgb.copy() if rgb is im else rgb
    rgb.info = {}
    derived = imaging.derive(rgb, sizes)
    for spec in todo:
        write_atomic(
            job.settings.output_dir / spec.rel,
            encode(derived[spec.size], spec, job.meta, settings),
        )
        result.written += 1
    if need_color:
        smallest = derived[min(derived)]
        result.color = imaging.dominant_color(smallest)
        result.placeholder = imaging.placeholder(smallest)
    result.outputs = recipes
