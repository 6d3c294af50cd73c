"""The offline edition: the site as one zip that works opened from disk (``file://``).

For units without a network: copy the zip to a USB stick, unzip, open
``index.html``. The zip is deterministic (sorted entries, fixed timestamps from
``SOURCE_DATE_EPOCH``, fixed permissions), so it is reproducible like the site.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..atomic import atomic_path
from ..buildinfo import build_datetime
from .links import LinkReport, check_site

README_NAME = "DOC-TRUOC.txt"
README = """\
KỶ YẾU — BẢN NGOẠI TUYẾN (đọc không cần mạng)

1. Giải nén toàn bộ tệp này vào máy tính hoặc USB.
2. Mở thư mục vừa giải nén, nháy đúp vào tệp index.html
   (mở bằng Chrome, Edge, Firefox hoặc Cốc Cốc).
3. Dùng thanh menu để đọc từng chương; ô "Tìm kiếm" tìm được cả khi gõ không dấu.
4. Bản PDF (đọc trên màn hình và bản in) nằm trong thư mục pdf/.

Không cần kết nối Internet: phông chữ, ảnh, chức năng tìm kiếm đều nằm trong thư mục này.
"""
#: ZIP cannot store dates before 1980.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def check_offline(site: Path) -> LinkReport:
    """Links as a reader from disk sees them: no folder links, nothing from the network."""
    return check_site(site, from_disk=True)


def _info(name: str, date_time: tuple[int, int, int, int, int, int]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, so the permissions below are honoured
    info.external_attr = 0o644 << 16
    return info


def write_zip(site: Path, out_zip: Path, *, folder: str) -> Path:
    """Zip ``site`` under one top folder, byte-identical for identical input."""
    when = build_datetime()
    date_time = max(ZIP_EPOCH, (when.year, when.month, when.day, when.hour, when.minute, 0))
    files = sorted(p for p in site.rglob("*") if p.is_file())
    with atomic_path(out_zip) as tmp, zipfile.ZipFile(tmp, "w", compresslevel=9) as zf:
        zf.writestr(_info(f"{folder}/{README_NAME}", date_time), README.encode("utf-8"))
        for path in files:
            name = f"{folder}/{path.relative_to(site).as_posix()}"
            zf.writestr(_info(name, date_time), path.read_bytes())
    return out_zip
