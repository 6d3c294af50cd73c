"""Caption sheets as Excel and LibreOffice save them, and the messages editors get."""

from __future__ import annotations

from yearbook.photos.sheet import append_missing, read_sheet
from yearbook.problems import Problems


def _read(path):
    problems = Problems(root=path.parent)
    return read_sheet(path, problems), [str(p) for p in problems]


def test_semicolon_bom_crlf_and_vietnamese_headers(tmp_path):
    sheet = tmp_path / "captions.csv"
    text = (
        "\ufeffTệp;Ngày;Mô tả;Người trong ảnh;Nguồn;Công khai\r\n"
        '1989-1994/a.jpg;khoảng 1992;"Lễ kỷ niệm; ""30 năm""";nguyen-van-an, tran-thi-anh;Tổ Biên tập;có\r\n'
        "1989-1994/b.jpg;05/1990;Hội nghị;;;không\r\n"
        ";;;;;\r\n"
    )
    sheet.write_bytes(text.encode("utf-8"))
    parsed, problems = _read(sheet)
    assert problems == []
    a, b = parsed.rows
    assert a.file == "1989-1994/a.jpg"
    assert a.caption == 'Lễ kỷ niệm; "30 năm"'
    assert a.date == "khoảng 1992" and a.date_iso == "1992"
    assert a.people == ["nguyen-van-an", "tran-thi-anh"]
    assert a.credit == "Tổ Biên tập" and a.public
    assert b.date_iso == "1990-05" and not b.public


def test_errors_point_at_the_cell(tmp_path):
    sheet = tmp_path / "captions.csv"
    sheet.write_text(
        "file,date,caption,public,colour\n"
        "a.jpg,32/13/1990,ok,có,\n"
        "b.jpg,1990,ok,maybe,\n"
        ",1990,no file,,\n"
        'c.jpg,1991,"multi\nline",có,\n'
        "d.jpg,ngày xưa,x,,\n",
        encoding="utf-8",
    )
    _, problems = _read(sheet)
    assert problems[0] == (
        "captions.csv:1:26: lỗi: cột 'colour' không hợp lệ (các cột: file, date, caption, "
        "alt, people, place, event, creator, credit, copyright, public, focus, notes)"
    )
    assert any(p.startswith("captions.csv:2:7: lỗi: ") for p in problems)
    assert any(p.startswith("captions.csv:3:15: lỗi: cột public: 'maybe'") for p in problems)
    assert any(p.startswith("captions.csv:4:1: lỗi: thiếu tên tệp ảnh") for p in problems)
    # the record after a multi-line cell is still located on its real line
    assert any(p.startswith("captions.csv:7:7: lỗi: ngày tháng không đọc được") for p in problems)


def test_people_ids_must_be_slugs(tmp_path):
    sheet = tmp_path / "captions.csv"
    sheet.write_text("file,people\na.jpg,Nguyễn Văn An\n", encoding="utf-8")
    parsed, problems = _read(sheet)
    assert problems == [
        "captions.csv:2:7: lỗi: mã người 'Nguyễn Văn An' không hợp lệ "
        "(dùng mã trong dữ liệu nhân sự, ví dụ 'nguyen-van-an')"
    ]
    assert parsed.rows[0].people == []


def test_non_utf8_sheet_is_an_error_with_line(tmp_path):
    sheet = tmp_path / "captions.csv"
    sheet.write_bytes("file,caption\na.jpg,Lễ kỷ niệm\n".encode("utf-16-le"))
    _, problems = _read(sheet)
    assert len(problems) == 1 and "không phải UTF-8" in problems[0]


def test_yaml_sheet(tmp_path):
    sheet = tmp_path / "captions.yml"
    sheet.write_text(
        "- file: 1989-1994/a.jpg\n"
        "  caption: Lễ kỷ niệm\n"
        "  people: [nguyen-van-an]\n"
        "  date: 1990\n"
        "- file: b.jpg\n"
        "  captoin: typo\n",
        encoding="utf-8",
    )
    parsed, problems = _read(sheet)
    assert problems == ["captions.yml:6:3: lỗi: khóa 'captoin' không hợp lệ"]
    assert parsed.rows[0].people == ["nguyen-van-an"]
    assert parsed.rows[0].date_iso == "1990"


def test_append_keeps_existing_bytes(tmp_path):
    sheet = tmp_path / "captions.csv"
    original = (
        '\ufeffdate;file;caption\r\n1990;"a.jpg";"Giữ ""nguyên"""\r\n'.encode() + b"1991;b.jpg;x"
    )
    sheet.write_bytes(original)
    parsed, _ = _read(sheet)
    append_missing(parsed, ["1989-1994/Lễ; kỷ niệm.jpg", "c.jpg"])
    data = sheet.read_bytes()
    assert data.startswith(original)
    assert data[len(original) :] == '\r\n;"1989-1994/Lễ; kỷ niệm.jpg";\r\n;c.jpg;\r\n'.encode()
    reread, problems = _read(sheet)
    assert problems == []
    assert [r.file for r in reread.rows] == ["a.jpg", "b.jpg", "1989-1994/Lễ; kỷ niệm.jpg", "c.jpg"]


def test_append_creates_sheet_excel_can_open(tmp_path):
    sheet = tmp_path / "captions.csv"
    parsed, _ = _read(sheet)
    append_missing(parsed, ["a.jpg"])
    data = sheet.read_bytes()
    assert data.startswith(b"\xef\xbb\xbffile,date,caption,")
    reread, problems = _read(sheet)
    assert problems == [] and reread.rows[0].file == "a.jpg"
