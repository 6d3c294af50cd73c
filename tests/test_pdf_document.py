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
