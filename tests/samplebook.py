"""Generate a complete, valid yearbook of any size, for the PDF tests and the benchmark.

``write_sample_book(root, chapters=3, photos=12)`` writes ``mkdocs.yml``, the
docs (foreword, period chapters, a unit, an essay, data files), an archive of
Pillow-made photos with a caption sheet, and one *draft* essay carrying
``DRAFT_MARKER`` so a test can prove gating. The text is real Vietnamese
(NFC) so extraction can be checked against ``SENTENCES``.
"""

from __future__ import annotations

import csv
import itertools
import random
import shutil
from pathlib import Path

from PIL import Image, ImageDraw

DRAFT_MARKER = "DẤU-NHÁP-KHÔNG-ĐƯỢC-IN"
DRAFT_TITLE = "Bài viết nháp chưa duyệt"

SENTENCES = (
    "Ngày 1/7/1989, tỉnh Quảng Ngãi chính thức được tái lập.",
    "Văn phòng vừa xây dựng bộ máy, vừa phục vụ sự chỉ đạo, điều hành của Ủy ban nhân dân tỉnh.",
    "Cán bộ, công chức đã vượt qua nhiều khó khăn về trụ sở, phương tiện và kinh phí.",
    "Công tác tham mưu tổng hợp ngày càng đi vào nền nếp, khoa học và hiệu quả.",
    "Việc ứng dụng công nghệ thông tin giúp xử lý văn bản nhanh chóng, chính xác hơn.",
    "Những thế hệ đi trước đã để lại truyền thống đoàn kết, tận tụy và trách nhiệm.",
    "Đội ngũ trẻ tiếp bước, giữ gìn và phát huy những giá trị tốt đẹp ấy.",
    "Hội nghị tổng kết đánh giá cao sự đóng góp của từng phòng, ban, đơn vị.",
    "Quảng Ngãi bước vào thời kỳ công nghiệp hóa với Khu kinh tế Dung Quất.",
    "Mỗi bức ảnh tư liệu gợi nhớ một chặng đường gian khó mà vẻ vang.",
    "Chế độ một cửa liên thông được triển khai, rút ngắn thời gian giải quyết thủ tục.",
    "Người dân và doanh nghiệp ghi nhận sự chuyển biến tích cực trong cải cách hành chính.",
)

#: The repository's theme overrides (the website's templates), when run from a checkout.
REPO_OVERRIDES = Path(__file__).resolve().parents[1] / "overrides"

HEADINGS = ("Bối cảnh", "Tổ chức bộ máy", "Những kết quả nổi bật", "Kỷ niệm và con người")

MKDOCS_YML = """\
site_name: "Kỷ yếu 30 năm Văn phòng UBND tỉnh Quảng Ngãi (1989–2019)"
site_author: "Tổ Biên tập Kỷ yếu"
copyright: "© Văn phòng UBND tỉnh Quảng Ngãi"
docs_dir: docs
site_dir: site
use_directory_urls: true
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
  - tables
plugins:
  - yearbook:
      start_year: 1989
      end_year: 2019
      title: "Kỷ yếu 30 năm xây dựng và phát triển (1989–2019)"
      organization: "Văn phòng UBND tỉnh Quảng Ngãi"
      edition: "Bản thử nghiệm"
      release_date: "28/08/2020"
      cover:
        place: "Quảng Ngãi"
      pdf:
        printer: "Nhà in thử nghiệm"
        archive: {archive}
        running_head: "Kỷ yếu 30 năm xây dựng và phát triển"
        print_output: pdf/ky-yeu-30-nam-ban-in.pdf
        archive_output: pdf/ky-yeu-30-nam-luu-tru.pdf
  - with-pdf:
      output_path: pdf/ky-yeu-30-nam.pdf
      cover_title: "Kỷ yếu 30 năm xây dựng và phát triển"
      cover_subtitle: "Văn phòng UBND tỉnh Quảng Ngãi (1989–2019)"
      author: "Tổ Biên tập Kỷ yếu"
      toc_title: "Mục lục"
      toc_level: 2
      ordered_chapter_level: 0
      back_cover: true
"""

FRONT = """\
---
title: "{title}"
start_year: {start}
end_year: {end}
order: {order}
authors: [Tổ Biên tập]
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
  - name: Phạm Thị Góp Ý
    role: Nguyên Phó Chánh Văn phòng
    date: 2020-03-20
    verdict: revise
{approval}---

"""

APPROVAL = """\
approval:
  by: Lê Văn Duyệt
  role: Chánh Văn phòng
  date: 2020-07-20
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

Kỷ yếu ghi lại chặng đường 30 năm xây dựng và phát triển của Văn phòng Ủy ban nhân dân tỉnh.

{body}

*Quảng Ngãi, tháng 8 năm 2020*

**TỔ BIÊN TẬP**
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

Tham mưu công tác hành chính, tổ chức, thi đua – khen thưởng, văn thư và lưu trữ.

{body}
"""

ESSAY = """\
---
title: "Tiếp lửa truyền thống"
authors: [Chi Đoàn Văn phòng]
unit: hctc
status: approved
approval:
  by: Lê Văn Duyệt
  date: 2020-07-20
---

# Tiếp lửa truyền thống

{body}
"""

PEOPLE = """\
nguyen-van-an:
  name: Nguyễn Văn An
  sample: true
  offices:
    - title: Chánh Văn phòng
      unit: hctc
      from: 1989
      to: 2004
le-thi-yen:
  name: Lê Thị Yến
  sample: true
  offices:
    - title: Chánh Văn phòng
      unit: hctc
      from: 2004
"""

UNITS = """\
hctc:
  name: Phòng Hành chính – Tổ chức
  abbr: HCTC
  founded: 1989
  heads: [nguyen-van-an]
"""

BOARD = """\
editorial_board:
  - name: Tổ Biên tập
    role: Biên soạn
printer: "Nhà in thử nghiệm"
"""


def periods(count: int, start: int = 1989, end: int = 2019) -> list[tuple[int, int]]:
    """``count`` consecutive periods covering ``start``–``end`` (shared boundary years)."""
    count = max(1, min(count, end - start))
    bounds = [start + round(i * (end - start) / count) for i in range(count + 1)]
    return list(itertools.pairwise(bounds))


def paragraphs(rng: random.Random, count: int, sentences: int = 5) -> str:
    return "\n\n".join(
        " ".join(rng.choice(SENTENCES) for _ in range(sentences)) for _ in range(count)
    )


def make_photo(path: Path, size: tuple[int, int], seed: int) -> None:
    """A photo-like JPEG: a gradient with shapes and noise (so it compresses like a photo)."""
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    w, h = size
    base = Image.linear_gradient("L").resize((w, h)).convert("RGB")
    tint = Image.new("RGB", (w, h), tuple(rng.randrange(40, 220) for _ in range(3)))
    image = Image.blend(base, tint, 0.6)
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x, y = rng.randrange(w), rng.randrange(h)
        r = rng.randrange(w // 12, w // 4)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    noise = Image.effect_noise((w, h), 24).convert("RGB")
    image = Image.blend(image, noise, 0.12)
    image.save(path, quality=88)


def write_sample_book(
    root: Path,
    *,
    chapters: int = 3,
    photos: int = 12,
    paragraphs_per_section: int = 3,
    photo_size: tuple[int, int] = (2400, 1600),
    archive: bool = False,
    seed: int = 1989,
    overrides: Path | None = REPO_OVERRIDES,
) -> Path:
    """Write the book into ``root`` and return it. Photos are spread over the chapters."""
    rng = random.Random(seed)
    docs = root / "docs"
    for folder in ("giai-doan", "don-vi", "tuoi-tre", "data"):
        (docs / folder).mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(
        MKDOCS_YML.format(archive="true" if archive else "false"), "utf-8"
    )
    (root / "overrides").mkdir(parents=True, exist_ok=True)
    if overrides is not None and overrides.is_dir():
        shutil.copytree(overrides, root / "overrides", dirs_exist_ok=True)
    (docs / "index.md").write_text(
        "---\ntitle: Trang chủ\nstatus: approved\n---\n\n# Kỷ yếu 30 năm\n\nTrang chủ của kỷ yếu.\n",
        "utf-8",
    )
    (docs / "loi-gioi-thieu.md").write_text(FOREWORD.format(body=paragraphs(rng, 3)), "utf-8")
    (docs / "don-vi" / "hctc.md").write_text(UNIT.format(body=paragraphs(rng, 2)), "utf-8")
    (docs / "tuoi-tre" / "tiep-lua.md").write_text(ESSAY.format(body=paragraphs(rng, 2)), "utf-8")

    spans = periods(chapters)
    per_chapter = [
        photos // len(spans) + (1 if i < photos % len(spans) else 0) for i in range(len(spans))
    ]
    rows: list[dict[str, str]] = []
    timeline: list[str] = []
    number = 0
    for order, ((start, end), count) in enumerate(zip(spans, per_chapter, strict=True), start=1):
        stem = f"{start}-{end}"
        ids = []
        for _ in range(count):
            number += 1
            pid = f"anh-{stem}-{number:03d}" if number > 1 else "anh-bia"
            portrait = number % 5 == 0
            size = (photo_size[1], photo_size[0]) if portrait else photo_size
            make_photo(root / "archive" / stem / f"{pid}.jpg", size, seed + number)
            ids.append(pid)
            rows.append(
                {
                    "file": f"{stem}/{pid}.jpg",
                    "date": str(start + 1),
                    "caption": f"Hoạt động của Văn phòng năm {start + 1} (ảnh số {number}).",
                    "alt": f"Ảnh tư liệu số {number}",
                    "creator": "Lê Minh Khoa",
                    "credit": "Lưu trữ Văn phòng UBND tỉnh",
                    "copyright": "© Văn phòng UBND tỉnh Quảng Ngãi",
                    "public": "có",
                }
            )
        body = [f"# Giai đoạn {start}–{end}\n"]
        for i, heading in enumerate(HEADINGS):
            body.append(f"## {heading}\n")
            body.append(paragraphs(rng, paragraphs_per_section) + "\n")
            if i < len(ids) and i < 2:
                body.append(f"![Ảnh tư liệu giai đoạn {start}–{end}](photo:{ids[i]})\n")
        if len(ids) > 2:
            body.append(f"![Ảnh tư liệu giai đoạn {start}–{end}](gallery:folder:{stem})\n")
        front = FRONT.format(
            title=f"Giai đoạn {start}–{end}", start=start, end=end, order=order,
            status="approved", approval=APPROVAL,
        )  # fmt: skip
        (docs / "giai-doan" / f"{stem}.md").write_text(front + "\n".join(body), "utf-8")
        timeline.append(
            f"- date: {start + 1}\n  title: Sự kiện năm {start + 1}\n  chapter: {stem}\n"
        )
    draft = ESSAY.replace("status: approved", "status: draft").format(
        body=f"{DRAFT_MARKER} {SENTENCES[0]} [Nguyễn Văn An](person:nguyen-van-an)"
    )
    (docs / "tuoi-tre" / "nhap.md").write_text(
        draft.replace("Tiếp lửa truyền thống", DRAFT_TITLE), "utf-8"
    )
    data = {"people": PEOPLE, "units": UNITS, "timeline": "".join(timeline), "board": BOARD}
    for name, text in data.items():
        (docs / "data" / f"{name}.yml").write_text(text, "utf-8")
    with (root / "archive" / "captions.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]) if rows else ["file"])
        writer.writeheader()
        writer.writerows(rows)
    return root
