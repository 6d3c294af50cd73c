"""The last resort: an unexpected error becomes one Vietnamese line and a log file.

Editors should see ``lỗi nội bộ`` and where the details are, never a Python
traceback; the traceback goes into a log file that a developer can be sent.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import traceback
from pathlib import Path

#: Exit code of an internal error (1 is "the content has errors").
EXIT_INTERNAL = 2
LOG_DIR = Path(".cache") / "yearbook" / "loi"


def write_log(exc: BaseException, argv: list[str] | None = None) -> Path:
    """Write the traceback and the command line to a new log file; return its path."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    name = f"loi-noi-bo-{stamp}-{os.getpid()}.log"
    text = (
        f"yearbook {' '.join(argv if argv is not None else sys.argv[1:])}\n"
        f"cwd: {os.getcwd()}\npython: {sys.version.split()[0]}\n\n"
        + "".join(traceback.format_exception(exc))
    )
    for folder in (Path.cwd() / LOG_DIR, Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / name
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    return Path(os.devnull)


def report_internal_error(exc: BaseException) -> int:
    """Log ``exc``, tell the editor in one line where the log is; return the exit code."""
    path = write_log(exc)
    where = path if path.as_posix() == os.devnull else _shown(path)
    sys.stderr.write(
        f"lỗi nội bộ: {exc.__class__.__name__} — đây là lỗi của chương trình, không phải của "
        f"nội dung. Chi tiết đã ghi vào {where}; hãy gửi tệp này cho người phụ trách kỹ thuật.\n"
    )
    return EXIT_INTERNAL


def _shown(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()
