"""Write small but complete yearbooks into a temporary folder for tests.

The fixture book is valid as written (``yearbook check`` passes); tests then
break one thing at a time, or plant markers to follow them through a build.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from PIL import Image, ImageDraw

REPO = Path(__file__).resolve().parent.parent

MKDOCS_YML = """\
site_name: "Kỷ yếu thử nghiệm"
site_url: "https://ky-yeu.example/"
docs_dir: docs
site_dir: site
theme:
  name: material
  custom_dir: overrides
  language: vi
  font: false
markdown_extensions:
  - toc:
      permalink: true
      slugify: !!python/name:yearbook.text.slugify
  - admonition
  - attr_list
  - md_in_html
plugins:
  - yearbook:
      start_year: 1989
      end_year: 2019
      organization: "Văn phòng UBND tỉnh Quảng Ngãi"
      title: "Kỷ yếu 30 năm xây dựng và phát triển (1989–2019)"
      youth_unit: chi-doan
  - search:
      lang: vi
"""

PDF_PLUGIN = """\
  - with-pdf:
      output_path: pdf/ky-yeu.pdf
      cover_title: "Kỷ yếu thử nghiệm"
      toc_title: "Mục lục"
"""

CHAPTER = """\
---
title: "{title}"
start_year: {start}
end_year: {end}
order: {order}
authors:
  - Tổ Biên tập
unit: hctc
status: {status}
summary: "Tóm tắt giai đoạn {start}–{end}."
sources:
  - "Hồ sơ lưu trữ số {order}"
people: [nguyen-van-an]
reviewers:
  - name: Trần Văn Thẩm
    role: Nguyên Chánh Văn phòng
    date: 2020-03-15
    verdict: approve
    notes: "Ghi chú riêng của người thẩm định {order}."
approval:
  by: Lê Văn Duyệt
  role: Chánh Văn phòng
  date: 2020-07-20
---

# {title}

## Bối cảnh

Giai đoạn {start}–{end} của Văn phòng UBND tỉnh Quảng Ngãi.

![Lễ kỷ niệm](photo:le-ky-niem-1990)
"""

UNIT = """\
---
title: "Phòng Hành chính – Tổ chức"
unit: hctc
authors: [Phòng HCTC]
status: approved
approval:
  by: Lê Văn Duyệt
  date: 2020-07-20
---

# Phòng Hành chính – Tổ chức

## Chức năng, nhiệm vụ

Tham mưu công tác hành chính, tổ chức.
"""

ESSAY = """\
---
title: "Tuổi trẻ và Văn phòng"
authors: [Đoàn viên Chi Đoàn]
unit: hctc
status: {status}
---

# Tuổi trẻ và Văn phòng

Cảm xúc của thế hệ trẻ về quê hương Quảng Ngãi.
"""

FOREWORD = """\
---
title: "Lời giới thiệu"
authors: [Tổ Biên tập]
status: approved
approval:
  by: Lê Văn Duyệt
  date: 2020-07-20
---

# Lời giới thiệu

Kỷ yếu ghi lại chặng đường 30 năm xây dựng và phát triển.
"""

INDEX = """\
---
status: approved
---

# Kỷ yếu thử nghiệm

Trang chủ.
"""

PEOPLE = """\
nguyen-van-an:
  name: Nguyễn Văn An
  sample: true
  offices:
    - title: Chánh Văn phòng
      unit: hctc
      from: 1989
      to: 1994
"""

UNITS = """\
hctc:
  name: Phòng Hành chính – Tổ chức
  abbr: HCTC
  founded: 1989
  heads: [nguyen-van-an]
qttv:
  name: Phòng Quản trị – Tài vụ
  abbr: QTTV
"""

TIMELINE = """\
- date: 1/7/1989
  title: Tái lập tỉnh Quảng Ngãi
  chapter: 1989-2004
  people: [nguyen-van-an]
- date: khoảng 1992
  title: Sự kiện minh họa
  chapter: 2004-2019
"""

BOARD = """\
editorial_board:
  - name: Tổ Biên tập
    role: Biên soạn
printer: "Nhà in minh họa"
"""


def make_photo(path: Path, size: tuple[int, int] = (640, 480), color: str = "#8a3b2c") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", size, color)
    draw = ImageDraw.Draw(image)
    draw.rectangle((size[0] // 4, size[1] // 4, size[0] // 2, size[1] // 2), fill="#f0d060")
    image.save(path, quality=85)


CAPTIONS = """\
file,date,caption,alt,creator,credit,public
1989-2004/Lễ kỷ niệm 1990.jpg,1990,Lễ kỷ niệm năm 1990 tại trụ sở Văn phòng,Hội trường trang trí cờ hoa,Nguyễn Văn Ảnh,Phòng Hành chính – Tổ chức,có
2004-2019/anh-bia.jpg,2019,Trụ sở Văn phòng UBND tỉnh năm 2019,Tòa nhà trụ sở nhìn từ phía trước,Trần Thị Chụp,Lưu trữ Văn phòng,có
"""

APPROVAL = """\
approval:
  by: Lê Văn Duyệt
  role: Chánh Văn phòng
  date: 2020-07-21
"""


def write_book(
    root: Path, *, pdf: bool = False, essay_status: str = "draft", release_ready: bool = False
) -> Path:
    """Write a two-chapter book covering 1989–2019 into ``root``; return ``root``.

    ``release_ready``: everything approved (with approver and date), photos
    captioned and credited, no sample flags — a book that passes the release gate.
    """
    docs = root / "docs"
    (docs / "giai-doan").mkdir(parents=True, exist_ok=True)
    (docs / "don-vi").mkdir(parents=True, exist_ok=True)
    (docs / "tuoi-tre").mkdir(parents=True, exist_ok=True)
    (docs / "data").mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML + (PDF_PLUGIN if pdf else ""), "utf-8")
    shutil.copytree(REPO / "overrides", root / "overrides", dirs_exist_ok=True)
    (docs / "index.md").write_text(INDEX, "utf-8")
    (docs / "loi-gioi-thieu.md").write_text(FOREWORD, "utf-8")
    chapters = [("1989-2004", 1989, 2004, 1), ("2004-2019", 2004, 2019, 2)]
    for stem, start, end, order in chapters:
        title = f"Giai đoạn {start}–{end}"
        (docs / "giai-doan" / f"{stem}.md").write_text(
            CHAPTER.format(title=title, start=start, end=end, order=order, status="approved"),
            "utf-8",
        )
    (docs / "don-vi" / "hctc.md").write_text(UNIT, "utf-8")
    essay = ESSAY.format(status="approved" if release_ready else essay_status)
    if release_ready:
        essay = essay.replace("status: approved\n", "status: approved\n" + APPROVAL, 1)
    (docs / "tuoi-tre" / "tuoi-tre.md").write_text(essay, "utf-8")
    people = PEOPLE.replace("  sample: true\n", "") if release_ready else PEOPLE
    for name, text in (
        ("people", people),
        ("units", UNITS),
        ("timeline", TIMELINE),
        ("board", BOARD),
    ):
        (docs / "data" / f"{name}.yml").write_text(text, "utf-8")
    make_photo(root / "archive" / "1989-2004" / "Lễ kỷ niệm 1990.jpg")
    make_photo(root / "archive" / "2004-2019" / "anh-bia.jpg", (800, 500), "#2c5a8a")
    if release_ready:
        (root / "archive" / "captions.csv").write_text(CAPTIONS, "utf-8")
    return root
