"""The search index writer (yearbook.web.search): sections, text kept exactly, size."""

from __future__ import annotations

import json

from yearbook.web.search import SearchIndex, decode, encode_id, sections


def _payload(index: SearchIndex) -> dict:
    script = index.script()
    assert script.startswith("window.__ybSearchIndex=")
    return json.loads(script[script.index("=") + 1 : script.rindex(";")])


def test_text_comes_back_exactly_with_accents_and_punctuation():
    html = (
        "<h1>Giai đoạn</h1><p>Ngày 1/7/1989, tỉnh <strong>Quảng Ngãi</strong> được tái lập.</p>"
        '<h2 id="boi-canh">Bối cảnh<a class="headerlink" href="#boi-canh">¶</a></h2>'
        "<p>Hoà hợp — “hòa bình”; họa sĩ.</p>"
    )
    index = SearchIndex()
    index.add_page("giai-doan/1989-1994/", "Giai đoạn 1989–1994", html, "Tóm tắt")
    data = _payload(index)
    texts = [decode(d[3], data["vocab"]) for d in data["docs"]]
    assert texts == [
        "Ngày 1/7/1989, tỉnh Quảng Ngãi được tái lập.",
        "Hoà hợp — “hòa bình”; họa sĩ.",
    ]
    assert [d[:3] for d in data["docs"]] == [
        ["giai-doan/1989-1994/", "Giai đoạn 1989–1994", -1],
        ["giai-doan/1989-1994/#boi-canh", "Bối cảnh", 0],
    ]
    assert data["docs"][0][4] == "Tóm tắt"


def test_word_ids_of_every_length_round_trip():
    vocab = [f"từ{i}" for i in range(5000)]
    stream = "".join(encode_id(i) for i in (0, 59, 60, 1859, 1860, 4999))
    assert len(stream) == 1 + 1 + 2 + 2 + 3 + 3
    assert decode(stream, vocab) == "từ0 từ59 từ60 từ1859 từ1860 từ4999"


def test_sample_marks_and_hidden_parts_are_not_indexed():
    html = (
        '<div class="admonition note"><p class="admonition-title">Nội dung minh họa</p>'
        "<p>Đây là bài mẫu, mọi chi tiết là minh họa.</p></div>"
        "<p>Đồng chí Nguyễn Văn An (minh họa) phát biểu (ảnh minh họa số 2).</p>"
        "<figure><figcaption>Ảnh minh họa: trụ sở cũ.</figcaption></figure>"
        '<p>Tên <span class="yb-sample-mark">(tên minh họa)</span> thật.</p>'
        '<div class="admonition tip"><p class="admonition-title">Ghi chú</p><p>Giữ lại.</p></div>'
    )
    (section,) = sections(html)
    text = section.text[0]
    assert "minh họa" not in text and "bài mẫu" not in text
    assert "Đồng chí Nguyễn Văn An phát biểu." in text
    assert "trụ sở cũ." in text and "Tên thật." in text and "Ghi chú Giữ lại." in text


def test_index_is_compact():
    """Each word costs one to three characters, not its spelling."""
    body = "<p>" + " ".join(["Văn phòng Ủy ban nhân dân tỉnh Quảng Ngãi"] * 2000) + "</p>"
    index = SearchIndex()
    index.add_page("a/", "A", body)
    assert len(index.script().encode()) < len(body.encode()) / 5
