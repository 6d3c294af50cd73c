"""The print-document transforms on small HTML snippets (fast: no build, no WeasyPrint run)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from yearbook.pdf.document import flatten_tabs, prepare, strip_web_only
from yearbook.pdf.images import declarations, fix_image_sizes, resolve_images
from yearbook.pdf.render import page_css
from yearbook.pdf.settings import PdfSettings, default_editions, parse_trim

SETTINGS = PdfSettings(
    title="Kỷ yếu thử", organization="Văn phòng", editions=default_editions(output="a.pdf")
)


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(
        f"<html><head><title>x</title></head><body>{html}</body></html>", "html.parser"
    )


def test_lightbox_wrappers_and_web_widgets_are_removed() -> None:
    doc = soup(
        '<article><a class="glightbox" href="a.jpg"><img src="a.jpg"></a>'
        '<nav class="yb-periods-nav yb-web-only">← trước</nav>'
        '<a href="big.jpg"><img src="small.jpg"></a><script>x()</script></article>'
    )
    strip_web_only(doc)
    assert not doc.select("a.glightbox, nav, script")
    assert [i["src"] for i in doc.find_all("img")] == ["a.jpg", "small.jpg"]
    assert all(i.parent.name == "article" for i in doc.find_all("img"))


def test_placeholder_background_with_data_uri_is_dropped_but_other_styles_kept() -> None:
    doc = soup(
        '<img src="a.jpg" style="background-image: url(\'data:image/webp;base64,AAA=\'); '
        'background-size: cover; border: 1px solid red">'
    )
    strip_web_only(doc)
    assert declarations(doc.img["style"]) == {"border": "1px solid red"}


def test_inline_image_style_survives_size_attributes() -> None:
    doc = soup('<img src="x.png" style="border: 2px solid" width="120" align="left">')
    fix_image_sizes(doc)
    styles = declarations(doc.img["style"])
    assert styles["border"] == "2px solid"
    assert styles["width"] == "120px"
    assert styles["float"] == "left"


def test_content_tabs_print_every_tab_with_its_label() -> None:
    doc = soup(
        '<div class="tabbed-set"><input type="radio"><div class="tabbed-labels">'
        '<label>Năm 1989</label><label>Năm 2019</label></div><div class="tabbed-content">'
        '<div class="tabbed-block"><p>Một</p></div><div class="tabbed-block"><p>Hai</p></div>'
        "</div></div>"
    )
    flatten_tabs(doc)
    assert not doc.select(".tabbed-set, input")
    assert [p.get_text() for p in doc.select(".pdf-tab > p")] == [
        "Năm 1989",
        "Một",
        "Năm 2019",
        "Hai",
    ]


def test_toc_gets_vietnamese_title_and_loses_none_and_dangling_entries() -> None:
    doc = soup(
        '<article id="doc-toc"><h1>Table of contents</h1><ul>'
        '<li><a href="#a">Chương</a></li><li><a href="#b">None</a></li>'
        '<li><a href="#gone">Trang chủ</a></li></ul></article>'
        '<article data-url="/a/" id="a"><h1>Chương</h1></article>'
        '<article data-url="/b/" id="b"><h1>None</h1></article>'
    )
    prepare(doc, SETTINGS)
    text = doc.get_text(" ")
    assert "Mục lục" in text
    assert "Table of contents" not in text and "None" not in text
    assert [a.get_text() for a in doc.select(".pdf-toc a")] == ["Chương"]
    assert doc.title.string == "Kỷ yếu thử"
    assert doc.html["lang"] == "vi"


def test_people_index_links_become_page_references() -> None:
    doc = soup(
        '<article data-url="/nhan-vat/" id="nhan-vat/:"><h1>Danh mục nhân vật</h1>'
        '<p>Có mặt trong: <a href="#giai-doan/a/:">Giai đoạn A</a></p></article>'
    )
    prepare(doc, SETTINGS)
    assert doc.select_one("a.pdf-pageref")["href"] == "#giai-doan/a/:"


def test_unknown_photo_placeholder_is_removed_and_known_photo_is_capped() -> None:
    manifest = {
        "p1": {
            "web": [
                {"width": 480, "jpeg": "web/p1-480.jpg"},
                {"width": 960, "jpeg": "web/p1-960.jpg"},
            ],
            "print": {"file": "print/p1.jpg", "width": 1200, "height": 800},
        }
    }
    for mode, expected in (("web", "web/p1-960.jpg"), ("print", "print/p1.jpg")):
        doc = soup('<img data-photo="p1" srcset="x 1x"><img data-photo="missing" alt="">')
        resolve_images(doc, manifest, Path("/photos"), mode, text_width_mm=166, dpi=150)
        imgs = doc.find_all("img")
        assert len(imgs) == 1
        assert imgs[0]["src"].endswith(expected)
        assert "srcset" not in imgs[0].attrs
        # 1200 px at 300 dpi is 101.6 mm: never printed larger than that.
        assert declarations(imgs[0]["style"])["max-width"] == "101.6mm"


@pytest.mark.parametrize(
    ("value", "size"),
    [
        ("A4", (210.0, 297.0)),
        ("b5", (176.0, 250.0)),
        ("205x285", (205.0, 285.0)),
        ("190mm 270mm", (190.0, 270.0)),
    ],
)
def test_trim_sizes(value: str, size: tuple[float, float]) -> None:
    assert parse_trim(value) == size


def test_bad_trim_size_is_refused_in_vietnamese() -> None:
    with pytest.raises(ValueError, match="khổ giấy"):
        parse_trim("A44")


def test_print_page_box_has_bleed_and_marks_screen_has_none() -> None:
    screen, printed = default_editions(output="a.pdf")
    settings = PdfSettings(trim_mm=parse_trim("B5"))
    assert "bleed" not in page_css(settings, screen)
    css = page_css(settings, printed)
    assert "size: 176.0mm 250.0mm" in css
    # WeasyPrint's own marks are RGB and inside the bleed: yearbook.pdf.prepress draws ours.
    assert "bleed: 3.0mm" in css and "marks: none" in css


# --- the designed book --------------------------------------------------------------------

BYLINE = (
    '<div class="yb-byline" data-cover="c1"><p class="yb-period"><span class="yb-period__label">'
    'Giai đoạn</span> <span class="yb-period__years">1989–1994</span></p>'
    '<p class="yb-authors"><span>Biên soạn: Tổ Biên tập</span></p></div>'
)


def text(tag) -> str:
    """Text with the typography's non-breaking spaces read as spaces."""
    return tag.get_text().replace("\u00a0", " ")


def figure(pid: str) -> str:
    return (
        f'<figure class="yb-figure yb-figure--figure" data-photo="{pid}">'
        f'<img data-photo="{pid}"><figcaption>Ảnh {pid}</figcaption></figure>'
    )


def chapter_part() -> str:
    gallery = (
        '<div class="yb-gallery"><p class="yb-gallery__title">Ảnh <span class="yb-gallery__count">'
        '(3 ảnh)</span></p><div class="yb-gallery__grid">'
        + "".join(figure(p).replace("--figure", "--gallery") for p in ("c1", "p2", "p3"))
        + "</div></div>"
    )
    return (
        '<article data-url="/X/"><h1>Các giai đoạn</h1>'
        '<section data-url="/giai-doan/"><h1>Các giai đoạn</h1><p>Giới thiệu.</p></section>'
        f'<section data-url="/giai-doan/a/">{BYLINE}<h1>Giai đoạn 1989–1994: Tái lập</h1>'
        f"<p>Văn bản.</p>{figure('c1')}{figure('p2')}{gallery}</section></article>"
    )


def test_opening_has_kicker_years_title_then_byline_and_the_period_photo() -> None:
    doc = prepare(soup(chapter_part()), SETTINGS)
    header = doc.select_one("section.pdf-kind-chapter > header.pdf-opening")
    assert header is not None
    names = [c.get("class")[0] for c in header.find_all(recursive=False)]
    assert names[:2] == ["pdf-opening__kicker", "pdf-opening__years"]
    assert text(header.find(class_="pdf-title")) == "Giai đoạn 1989–1994: Tái lập"
    assert header.find(class_="yb-authors").find_previous_sibling(class_="pdf-title")
    photo = header.select_one("figure.pdf-opening__photo")
    assert photo["data-photo"] == "c1" and photo.figcaption  # the text's own figure, moved
    assert not doc.select(".yb-byline")


def test_a_photo_is_printed_once_and_the_gallery_count_follows() -> None:
    doc = prepare(soup(chapter_part()), SETTINGS)
    chapter = doc.select_one("section.pdf-kind-chapter")
    ids = [f["data-photo"] for f in chapter.find_all("figure")]
    assert sorted(ids) == ["c1", "p2", "p3"]
    assert chapter.select_one(".yb-gallery__count").get_text() == "(1 ảnh)"


def test_part_divider_drops_the_repeated_heading_and_shows_years_and_period_cards() -> None:
    settings = PdfSettings(title="Kỷ yếu", years="1989–2019")
    doc = prepare(soup(chapter_part()), settings)
    divider = doc.select_one("article > header.pdf-divider")
    assert text(divider.find(class_="pdf-divider__number")) == "Phần thứ nhất"
    assert [h.get_text() for h in doc.find_all("h1")].count("Các giai đoạn") == 1
    assert text(divider.find(class_="pdf-divider__years")) == "1989 – 2019"
    card = divider.select_one(".pdf-period-card")
    assert card.img["data-photo"] == "c1"
    assert text(card.find(class_="pdf-period-card__title")) == "Tái lập"
    assert "Giới thiệu." in divider.get_text()


def test_foreword_signature_is_kept_with_its_last_paragraph() -> None:
    doc = soup(
        '<article data-url="/loi-gioi-thieu/"><h1>Lời giới thiệu</h1><p>Một.</p><p>Cuối.</p>'
        "<p><em>Quảng Ngãi, tháng 8 năm 2020</em></p><p><strong>TỔ BIÊN TẬP</strong></p></article>"
    )
    prepare(doc, SETTINGS)
    block = doc.select_one(".pdf-signoff")
    assert [text(p) for p in block.find_all("p")] == [
        "Cuối.",
        "Quảng Ngãi, tháng 8 năm 2020",
        "TỔ BIÊN TẬP",
    ]


def test_reviews_are_not_printed() -> None:
    doc = soup(
        '<article data-url="/giai-doan/a/"><h1>T</h1><section class="yb-review"><h2>Thẩm định'
        "</h2><li>A — cần chỉnh sửa</li></section></article>"
    )
    prepare(doc, SETTINGS)
    assert "cần chỉnh sửa" not in doc.get_text()


def test_text_photos_are_full_width_when_wide_and_sharp_else_half_width_paired() -> None:
    manifest = {
        "wide": {"width": 3000, "height": 2000, "print": {"file": "print/w.jpg", "width": 3000}},
        "small": {"width": 1200, "height": 800, "print": {"file": "print/s.jpg", "width": 1200}},
        "tall": {"width": 1500, "height": 2000, "print": {"file": "print/t.jpg", "width": 1500}},
    }
    doc = soup(figure("wide") + "<p>x</p>" + figure("small") + figure("tall") + "<p>y</p>")
    resolve_images(doc, manifest, Path("/p"), "print", text_width_mm=136, dpi=300)
    placed = {f["data-photo"]: f for f in doc.find_all("figure")}
    assert "pdf-figure--full" in placed["wide"]["class"]
    assert declarations(placed["wide"]["style"])["width"] == "136.0mm"
    for pid in ("small", "tall"):
        assert "pdf-figure--half" in placed[pid]["class"]
        assert declarations(placed[pid]["style"])["width"] == "65.0mm"
        assert "pdf-figure-pair" in placed[pid].parent["class"]
