"""Preflight on files a print house would reject: it must say why, page by page."""

from __future__ import annotations

from pathlib import Path

from weasyprint import HTML

from yearbook.pdf.preflight import Expect, preflight


def test_rgb_text_links_and_missing_pdfx_are_errors(tmp_path: Path):
    html = (
        "<html><head><title>Sai</title><style>@page { size: 148mm 210mm }</style></head><body>"
        '<p style="color: rgb(200, 0, 0)">Chữ đỏ RGB</p>'
        '<p style="break-before: page"><a href="https://example.org/">liên kết</a></p>'
        "</body></html>"
    )
    path = tmp_path / "sai.pdf"
    HTML(string=html).write_pdf(path)
    report = preflight(path, Expect(trim_mm=(148, 210)))
    assert not report.ok
    messages = [str(f) for f in report.errors]
    assert any("trang 1" in m and "RGB" in m for m in messages), messages
    assert any("trang 2" in m and "annotation" in m for m in messages), messages
    assert any("PDF/X-4" in m for m in messages), messages
    assert any("output intent" in m for m in messages), messages
    assert any("bleed" in m for m in messages), messages
    assert any("chia hết cho 4" in m for m in messages), messages


def test_a_broken_file_is_an_error_not_a_traceback(tmp_path: Path):
    path = tmp_path / "hong.pdf"
    path.write_bytes(b"%PDF-1.7\nnot really\n")
    report = preflight(path, Expect(trim_mm=(210, 297)))
    assert not report.ok
    assert "không mở được" in str(report.errors[0])
