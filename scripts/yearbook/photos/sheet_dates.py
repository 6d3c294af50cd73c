"""A first guess at a photo's date for a new caption row: EXIF, else a year in its name.

Staff fill dates by hand from memory; a guess they can correct beats an
empty cell. Only new rows get a guess — a cell someone filled or cleared is
never touched.
"""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from ..text import nfc

_EXIF_IFD = 0x8769
_DATE_TIME_ORIGINAL = 36867
_EXIF_DATE = re.compile(r"^(\d{4}):(\d{2}):(\d{2})")
_NAME_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


def exif_date(path: Path) -> str:
    """``DateTimeOriginal`` as "dd/mm/yyyy", or "" when absent or unreadable."""
    try:
        with Image.open(path) as image:
            raw = image.getexif().get_ifd(_EXIF_IFD).get(_DATE_TIME_ORIGINAL)
    except (OSError, UnidentifiedImageError, ValueError, SyntaxError):
        return ""
    if isinstance(raw, bytes):
        raw = raw.decode("ascii", "replace")
    m = _EXIF_DATE.match(str(raw or "").strip())
    if not m or m[1] == "0000":
        return ""
    year, month, day = int(m[1]), int(m[2]), int(m[3])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return f"{year}" if year else ""
    return f"{day:02d}/{month:02d}/{year}"


def guess_date(path: Path, span: tuple[int, int] | None = None) -> str:
    """EXIF date, else the one year in the file or folder name (within ``span`` if given)."""
    if found := exif_date(path):
        return found
    years = {y for y in _NAME_YEAR.findall(nfc(path.name))}
    if span is not None:
        years = {y for y in years if span[0] <= int(y) <= span[1]}
    return years.pop() if len(years) == 1 else ""
