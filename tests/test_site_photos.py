"""Figures and galleries from a photo manifest (no MkDocs build)."""

from __future__ import annotations

import json
from pathlib import Path

import jinja2

from yearbook.plugin.photos import PhotoRenderer, template_env
from yearbook.web.photos import load_library, make_figure
from yearbook.web.theme import THEME_DIR

REPO = Path(__file__).resolve().parent.parent


def manifest(tmp_path: Path) -> Path:
    def entry(pid: str, folder: str, date: str, credit: str = "Lưu trữ") -> dict:
        return {
            "id": pid, "width": 1600, "height": 1000, "color": "#334455",
            "web": [{"width": w, "height": w * 10 // 16, "jpeg": f"web/{pid}-{w}.jpg",
                     "webp": f"web/{pid}-{w}.webp"} for w in (480, 960, 1600)],
            "print": {"file": f"print/{pid}.jpg", "width": 2480, "height": 1550},
            "caption": f"Chú thích {pid}", "alt": f"Mô tả {pid}", "credit": credit,
            "date_iso": date, "folder": folder, "people": ["nguyen-van-an"], "event": "Tái lập tỉnh",
        }  # fmt: skip

    photos = {
        "a": entry("a", "1989-1994", "1990-05"),
        "b": entry("b", "1989-1994", "1989"),
        "c": entry("c", "1994-1999", "1995", credit=""),
    }
    (tmp_path / "manifest.json").write_text(json.dumps({"version": 1, "photos": photos}))
    return tmp_path


def renderer(tmp_path: Path) -> PhotoRenderer:
    env = template_env(jinja2.FileSystemLoader(THEME_DIR))
    return PhotoRenderer(load_library(manifest(tmp_path)), env, default_credit="Tư liệu Văn phòng")


def test_galleries_by_folder_year_and_event(tmp_path: Path) -> None:
    lib = load_library(manifest(tmp_path))
    assert [p.id for p in lib.gallery("folder", "1989-1994")] == ["b", "a"]
    assert [p.id for p in lib.gallery("year", "1995")] == ["c"]
    assert {p.id for p in lib.gallery("event", "tai-lap-tinh")} == {"a", "b", "c"}
    assert lib.gallery("year", "2000") == []


def test_figure_urls_are_relative_to_the_page(tmp_path: Path) -> None:
    lib = load_library(manifest(tmp_path))
    f = make_figure(lib.photos["a"], lambda p: "../../" + p)
    assert f.src == "../../assets/photos/web/a-960.jpg"
    assert f.srcset.endswith("../../assets/photos/web/a-1600.jpg 1600w")
    assert f.full == "../../assets/photos/web/a-1600.jpg"


def test_page_rendering_first_eager_rest_lazy_and_credit(tmp_path: Path) -> None:
    r = renderer(tmp_path)
    html = (
        '<p><img alt="Ảnh một" src="photo:a" /></p>\n'
        '<p>Chữ <img alt="" src="/x.png" /></p>\n'
        '<p><img alt="Bộ ảnh" src="gallery:folder:1989-1994" /></p>\n'
        '<p><img alt="" src="photo:c" /></p>'
    )
    out = r.render_page(html, "giai-doan/1989-1994/", "", "docs/x.md")
    assert out.count("<figure") == 4
    assert out.count('loading="lazy"') == 3
    assert 'fetchpriority="high"' in out
    assert 'src="/x.png"' in out, "other images are left alone"
    assert 'alt="Ảnh một"' in out and 'alt="Mô tả c"' in out, "alt falls back to the manifest"
    assert "Ảnh: Lưu trữ</span>" in out and "Ảnh: Tư liệu Văn phòng</span>" in out
    assert "<p><figure" not in out
    assert r.problems == []


def test_unknown_photo_and_bad_gallery_are_reported_with_line(tmp_path: Path) -> None:
    r = renderer(tmp_path)
    source = "---\ntitle: x\n---\n\nChữ\n\n![x](photo:khong-co)\n\n![y](gallery:month:5)\n"
    html = '<p><img alt="x" src="photo:khong-co" /></p><p><img alt="y" src="gallery:month:5" /></p>'
    assert "<figure" not in r.render_page(html, "x/", source, "docs/x.md")
    assert str(r.problems[0]).startswith("docs/x.md:7: lỗi: ảnh 'khong-co'")
    assert str(r.problems[1]).startswith("docs/x.md:9: lỗi: bộ ảnh 'month:5' không hợp lệ")
