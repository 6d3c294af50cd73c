"""Generate the sample archive: drawn scenes, clearly marked as illustrations (CC0).

Run ``python -m yearbook.photos.sample [ARCHIVE]``. The yearbook needs photos
to show its layout before the office's real, verified photos arrive; drawn
scenes cannot be mistaken for history, and every caption says "Ảnh minh họa".
The output is deterministic (fixed seeds), so regenerating changes no bytes
of the committed files except where this script changed.
"""

from __future__ import annotations

import math
import random
import sys
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from yearbook.text import fold

CREDIT = "Tổ Biên tập (ảnh minh họa)"
COPYRIGHT = "CC0 1.0 — ảnh minh họa do máy tạo, dùng tự do"
_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
    "C:/Windows/Fonts/arialbd.ttf",
)


@dataclass(frozen=True)
class SamplePhoto:
    file: str
    date: str
    caption: str
    people: str = ""
    place: str = "Văn phòng UBND tỉnh Quảng Ngãi"
    event: str = ""
    public: str = ""
    kind: str = "scene"  # scene | portrait | cover


PALETTES = {
    "1989-1994": ((196, 170, 130), (120, 96, 70)),  # sepia
    "1994-1999": ((170, 190, 200), (90, 110, 120)),
    "1999-2004": ((150, 200, 235), (70, 120, 70)),
    "2004-2011": ((120, 180, 240), (60, 140, 80)),
    "2011-2016": ((90, 160, 245), (50, 150, 90)),
    "2016-2019": ((70, 150, 250), (40, 160, 100)),
}

PHOTOS: tuple[SamplePhoto, ...] = (
    SamplePhoto("1989-1994/Lễ kỷ niệm 1990.jpg", "1990", "Ảnh minh họa: lễ kỷ niệm một năm tái lập tỉnh", event="Kỷ niệm 1 năm tái lập tỉnh"),
    SamplePhoto("1989-1994/tru-so-1989.jpg", "07/1989", "Ảnh minh họa: trụ sở làm việc những ngày đầu tái lập tỉnh"),
    SamplePhoto("1989-1994/hop-giao-ban-1991.jpg", "khoảng 1991", "Ảnh minh họa: cuộc họp giao ban của Văn phòng", people="nguyen-van-an"),
    SamplePhoto("1989-1994/van-thu-1992.jpg", "1992", "Ảnh minh họa: bộ phận văn thư tiếp nhận công văn", people="tran-thi-anh"),
    SamplePhoto("1989-1994/tong-ket-1993.jpg", "12/1993", "Ảnh minh họa: hội nghị tổng kết công tác năm 1993"),
    SamplePhoto("1994-1999/hoi-nghi-1995.jpg", "1995", "Ảnh minh họa: hội nghị cán bộ, công chức", people="le-van-binh"),
    SamplePhoto("1994-1999/may-vi-tinh-1996.jpg", "khoảng 1996", "Ảnh minh họa: những máy vi tính đầu tiên của Văn phòng"),
    SamplePhoto("1994-1999/doan-thanh-nien-1997.jpg", "03/1997", "Ảnh minh họa: Đoàn thanh niên ra quân tình nguyện"),
    SamplePhoto("1994-1999/phong-kinh-te-1998.jpg", "1998", "Ảnh minh họa: Phòng Kinh tế làm việc với các sở", people="pham-minh-dao"),
    SamplePhoto("1994-1999/tai-lieu-noi-bo-1999.jpg", "1999", "Ảnh minh họa: tài liệu nội bộ", public="không"),
    SamplePhoto("1999-2004/mot-cua-2000.jpg", "2000", "Ảnh minh họa: tiếp nhận hồ sơ theo cơ chế một cửa"),
    SamplePhoto("1999-2004/cong-bao-2001.jpg", "khoảng 2001", "Ảnh minh họa: số Công báo tỉnh đầu tiên"),
    SamplePhoto("1999-2004/hoi-thao-2002.jpg", "09/2002", "Ảnh minh họa: hội thảo cải cách hành chính"),
    SamplePhoto("1999-2004/van-nghe-2003.jpg", "2003", "Ảnh minh họa: hội diễn văn nghệ chào mừng ngày truyền thống"),
    SamplePhoto("1999-2004/trong-cay-2004.jpg", "2004", "Ảnh minh họa: Tết trồng cây"),
    SamplePhoto("2004-2011/mang-noi-bo-2005.jpg", "2005", "Ảnh minh họa: triển khai mạng nội bộ", people="hoang-thi-y"),
    SamplePhoto("2004-2011/dung-quat-2006.jpg", "khoảng 2006", "Ảnh minh họa: đoàn công tác khảo sát khu kinh tế", place="Quảng Ngãi"),
    SamplePhoto("2004-2011/the-thao-2007.jpg", "2007", "Ảnh minh họa: giải thể thao công chức"),
    SamplePhoto("2004-2011/tiep-dan-2009.jpg", "06/2009", "Ảnh minh họa: buổi tiếp công dân định kỳ", people="vo-van-hung"),
    SamplePhoto("2004-2011/tong-ket-2010.jpg", "12/2010", "Ảnh minh họa: tổng kết giai đoạn 2006–2010"),
    SamplePhoto("2011-2016/van-ban-dien-tu-2012.jpg", "2012", "Ảnh minh họa: chuyển sang văn bản điện tử"),
    SamplePhoto("2011-2016/hop-truc-tuyen-2013.jpg", "khoảng 2013", "Ảnh minh họa: phòng họp trực tuyến"),
    SamplePhoto("2011-2016/tap-huan-2014.jpg", "05/2014", "Ảnh minh họa: lớp tập huấn nghiệp vụ văn phòng"),
    SamplePhoto("2011-2016/tu-thien-2015.jpg", "2015", "Ảnh minh họa: Công đoàn thăm hỏi gia đình khó khăn"),
    SamplePhoto("2011-2016/dai-hoi-2016.jpg", "2016", "Ảnh minh họa: đại hội chi bộ nhiệm kỳ mới", people="pham-minh-dao"),
    SamplePhoto("2016-2019/anh-bia.jpg", "2019", "Ảnh minh họa: bình minh trên trụ sở — ảnh bìa kỷ yếu", kind="cover"),
    SamplePhoto("2016-2019/cong-dich-vu-2017.jpg", "2017", "Ảnh minh họa: cổng dịch vụ công trực tuyến"),
    SamplePhoto("2016-2019/tinh-nguyen-2018.jpg", "07/2018", "Ảnh minh họa: thanh niên tình nguyện hè"),
    SamplePhoto("2016-2019/ky-niem-30-nam.jpg", "07/2019", "Ảnh minh họa: lễ kỷ niệm 30 năm tái lập tỉnh", people="hoang-thi-y", event="Kỷ niệm 30 năm tái lập tỉnh"),
    SamplePhoto("2016-2019/khen-thuong-2019.jpg", "2019", "Ảnh minh họa: trao tặng danh hiệu thi đua"),
    SamplePhoto("2016-2019/tap-the-2019.jpg", "08/2019", "Ảnh minh họa: tập thể cán bộ, công chức Văn phòng"),
    SamplePhoto("chan-dung/nguyen-van-an.jpg", "", "Ảnh minh họa: chân dung đồng chí Nguyễn Văn An (nhân vật giả định)", people="nguyen-van-an", kind="portrait"),
    SamplePhoto("chan-dung/tran-thi-anh.jpg", "", "Ảnh minh họa: chân dung đồng chí Trần Thị Ánh (nhân vật giả định)", people="tran-thi-anh", kind="portrait"),
    SamplePhoto("chan-dung/le-van-binh.jpg", "", "Ảnh minh họa: chân dung đồng chí Lê Văn Bình (nhân vật giả định)", people="le-van-binh", kind="portrait"),
    SamplePhoto("chan-dung/pham-minh-dao.jpg", "", "Ảnh minh họa: chân dung đồng chí Phạm Minh Đạo (nhân vật giả định)", people="pham-minh-dao", kind="portrait"),
    SamplePhoto("chan-dung/vo-van-hung.jpg", "", "Ảnh minh họa: chân dung đồng chí Võ Văn Hùng (nhân vật giả định)", people="vo-van-hung", kind="portrait"),
    SamplePhoto("chan-dung/hoang-thi-y.jpg", "", "Ảnh minh họa: chân dung đồng chí Hoàng Thị Ý (nhân vật giả định)", people="hoang-thi-y", kind="portrait"),
)  # fmt: skip


def _font(size: int) -> tuple[ImageFont.FreeTypeFont | ImageFont.ImageFont, bool]:
    """A font and whether it has Vietnamese glyphs (Pillow's built-in one does not)."""
    for candidate in _FONT_CANDIDATES:
        if Path(candidate).is_file():
            return ImageFont.truetype(candidate, size), True
    return ImageFont.load_default(size), False


def _label(draw: ImageDraw.ImageDraw, xy: tuple[int, int], text: str, size: int) -> None:
    """Text with a dark outline; folded to ASCII when no Vietnamese font exists."""
    font, vietnamese = _font(size)
    if not vietnamese:
        text = fold(text)
    draw.text(xy, text, font=font, fill=(255, 255, 255), stroke_width=max(2, size // 12),
              stroke_fill=(30, 30, 30))  # fmt: skip


def _sky(
    size: tuple[int, int], top: tuple[int, int, int], bottom: tuple[int, int, int]
) -> Image.Image:
    w, h = size
    mask = Image.linear_gradient("L").resize((w, h))
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def _scene(photo: SamplePhoto, rng: random.Random, size: tuple[int, int]) -> Image.Image:
    w, h = size
    folder = photo.file.split("/")[0]
    sky, ground = PALETTES.get(folder, ((150, 190, 230), (80, 130, 80)))
    im = _sky(size, tuple(min(255, c + 50) for c in sky), sky)  # type: ignore[arg-type]
    draw = ImageDraw.Draw(im)
    horizon = int(h * rng.uniform(0.58, 0.7))
    draw.rectangle((0, horizon, w, h), fill=ground)
    sun = (int(w * rng.uniform(0.1, 0.9)), int(h * rng.uniform(0.1, 0.3)))
    draw.ellipse((sun[0] - 45, sun[1] - 45, sun[0] + 45, sun[1] + 45), fill=(255, 236, 170))
    # a building with windows and a flag
    bx, bw = int(w * rng.uniform(0.15, 0.45)), int(w * rng.uniform(0.3, 0.45))
    top = horizon - int(h * rng.uniform(0.25, 0.38))
    draw.rectangle((bx, top, bx + bw, horizon), fill=(236, 226, 200), outline=(90, 80, 60), width=3)
    for row in range(top + 20, horizon - 30, 42):
        for col in range(bx + 18, bx + bw - 30, 46):
            draw.rectangle((col, row, col + 24, row + 24), fill=(80, 110, 140))
    pole = bx + bw // 2
    draw.line((pole, top, pole, top - 90), fill=(70, 70, 70), width=4)
    draw.rectangle((pole, top - 90, pole + 60, top - 50), fill=(218, 37, 29))
    cx, cy = pole + 30, top - 70
    star = [
        (cx + 14 * math.cos(math.radians(-90 + 36 * i)) * (1 if i % 2 == 0 else 0.4),
         cy + 14 * math.sin(math.radians(-90 + 36 * i)) * (1 if i % 2 == 0 else 0.4))
        for i in range(10)
    ]  # fmt: skip
    draw.polygon(star, fill=(255, 222, 0))
    # trees and people
    for _ in range(rng.randint(3, 6)):
        tx = rng.randint(0, w)
        draw.rectangle((tx - 6, horizon - 40, tx + 6, horizon + 10), fill=(90, 60, 30))
        draw.ellipse((tx - 40, horizon - 110, tx + 40, horizon - 30), fill=(40, 120, 50))
    for _ in range(rng.randint(4, 12)):
        px = rng.randint(20, w - 20)
        py = horizon + rng.randint(20, h - horizon - 40)
        shirt = rng.choice([(240, 240, 240), (40, 60, 120), (200, 60, 60), (230, 200, 80)])
        draw.ellipse((px - 10, py - 52, px + 10, py - 32), fill=(230, 190, 150))
        draw.rectangle((px - 14, py - 32, px + 14, py + 10), fill=shirt)
    im = im.filter(ImageFilter.GaussianBlur(1.2))
    return im


def _portrait(photo: SamplePhoto, rng: random.Random, size: tuple[int, int]) -> Image.Image:
    w, h = size
    im = _sky(size, (200, 215, 235), (120, 150, 190))
    draw = ImageDraw.Draw(im)
    shirt = rng.choice([(245, 245, 245), (40, 60, 110), (110, 40, 40)])
    draw.ellipse((w * 0.12, h * 0.62, w * 0.88, h * 1.25), fill=shirt)
    draw.rectangle((w * 0.43, h * 0.52, w * 0.57, h * 0.66), fill=(225, 185, 150))
    draw.ellipse((w * 0.3, h * 0.2, w * 0.7, h * 0.6), fill=(232, 192, 156))
    draw.chord((w * 0.28, h * 0.16, w * 0.72, h * 0.48), 180, 360, fill=(30, 25, 20))
    return im.filter(ImageFilter.GaussianBlur(1.0))


def _cover(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    w, h = size
    im = _sky(size, (255, 196, 120), (120, 170, 230))
    draw = ImageDraw.Draw(im)
    draw.ellipse((w * 0.62, h * 0.42, w * 0.78, h * 0.66), fill=(255, 240, 200))
    for i, shade in enumerate(((70, 110, 140), (50, 90, 110), (30, 70, 80))):
        base = h * (0.62 + 0.08 * i)
        points = [
            (x, base - 60 * math.sin(x / w * math.pi * (2 + i) + i)) for x in range(0, w + 40, 40)
        ]
        draw.polygon([(0, h), *points, (w, h)], fill=shade)
    for _ in range(14):
        x, y = rng.randint(0, w), rng.randint(int(h * 0.08), int(h * 0.35))
        draw.line((x, y, x + 14, y - 8, x + 28, y), fill=(60, 60, 60), width=3)
    return im.filter(ImageFilter.GaussianBlur(1.5))


def render(photo: SamplePhoto, seed: int) -> Image.Image:
    """One sample image, the same for the same seed."""
    rng = random.Random(seed)
    if photo.kind == "portrait":
        im = _portrait(photo, rng, (600, 800))
        year = ""
    elif photo.kind == "cover":
        im = _cover(rng, (1800, 1000))
        year = "2019"
    else:
        im = _scene(photo, rng, (1200, 800))
        year = photo.date.split("/")[-1].split()[-1]
    draw = ImageDraw.Draw(im)
    w, h = im.size
    _label(draw, (int(w * 0.04), int(h * 0.04)), f"Ảnh minh họa {year}".strip(), max(24, h // 20))
    return im


def write_archive(archive: Path) -> None:
    """Write every sample photo and the caption sheet (UTF-8 with BOM, for Excel)."""
    rows = ["file,date,caption,alt,people,place,event,creator,credit,copyright,public,notes"]
    for seed, photo in enumerate(PHOTOS):
        path = archive / photo.file
        path.parent.mkdir(parents=True, exist_ok=True)
        render(photo, seed).save(path, "JPEG", quality=82, optimize=True)
        cells = [
            photo.file, photo.date, photo.caption, "", photo.people, photo.place, photo.event,
            CREDIT, CREDIT, COPYRIGHT, photo.public, "ảnh do máy tạo (yearbook.photos.sample)",
        ]  # fmt: skip
        rows.append(",".join(_csv(c) for c in cells))
    (archive / "captions.csv").write_text("\ufeff" + "\n".join(rows) + "\n", encoding="utf-8")


def _csv(value: str) -> str:
    return f'"{value.replace(chr(34), chr(34) * 2)}"' if any(c in value for c in ',"\n') else value


if __name__ == "__main__":
    write_archive(Path(sys.argv[1] if len(sys.argv) > 1 else "archive"))
