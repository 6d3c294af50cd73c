"""Default-deny publishing (issue 9 §3): only approved pages and allow-listed assets leave docs/.

One public build (website, both PDFs, offline zip) of a book with every kind of
careless file planted, each carrying its own marker; the markers are then
searched in every output file. Check-level cases use the loader directly.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile_support import all_output_text, run_cli

from bookfactory import make_photo, write_book
from yearbook.cli import main
from yearbook.loader import load_book
from yearbook.model import BookConfig

DRAFT_PAGE = "docs/don-vi/x.markdown"
#: file (relative to the book) → content; every marker must stay out of every output.
PLANTED = {
    DRAFT_PAGE: "---\ntitle: Trang X\nunit: hctc\nstatus: draft\n---\n\n# Trang X\n\nLEAK-MDX1\n",
    "docs/don-vi/y.MKD": "---\ntitle: Trang Y\nunit: hctc\nstatus: review\n---\n\nLEAK-MKD2\n",
    "docs/don-vi/x/style.css": "/* LEAK-ASSET3 */\n",
    "docs/don-vi/x/ghi-chu.txt": "LEAK-TXT4\n",
    "docs/giai-doan/1989-2004.md~": "notes: LEAK-BACKUP5\n",
    "docs/giai-doan/1989-2004.md.orig": "notes: LEAK-ORIG6\n",
    "docs/BANSAO.MD": "---\nstatus: approved\n---\n\nLEAK-UPPER7\n",
    "docs/ghi-chu.txt": "LEAK-TXT8\n",
    "docs/bien-ban.docx": "LEAK-DOCX9",
    "docs/so-lieu.csv": "a,b\nLEAK-CSV10,1\n",
    "docs/khac/trang-le.md": "# Trang lẻ\n\nLEAK-NOFM11\n",
    "docs/khac/index.md": "---\ntitle: Mục khác\n---\n\nLEAK-INDEX12\n",
}
ALLOWED_ASSET = ("docs/assets/them.css", "/* OK-ASSET-PUBLISHED */\n")


def plant(root: Path) -> None:
    for rel, text in {**PLANTED, ALLOWED_ASSET[0]: ALLOWED_ASSET[1]}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    # The section index page exists without a status: not public either.
    index = root / "docs/tuoi-tre/index.md"
    index.write_text("---\ntitle: Tuổi trẻ\n---\n\nLEAK-SECTION13\n", "utf-8")


def plant_photos(root: Path) -> None:
    """The chapter's photo carries a COM comment, camera EXIF and GPS; a private photo is
    linked into another folder under a new name."""
    from PIL import Image

    photo = root / "archive/1989-2004/Lễ kỷ niệm 1990.jpg"
    exif = Image.Exif()
    exif[0x010F] = "LEAK-EXIF-MAKE"
    exif.get_ifd(0x8825)[1] = "N"
    with Image.open(photo) as im:
        im.convert("RGB").save(photo, "JPEG", comment=b"LEAK-COM-NOTE", exif=exif)
    make_photo(root / "archive/rieng/mat.jpg")
    (root / "archive/khac").mkdir(parents=True)
    os.symlink("../rieng/mat.jpg", root / "archive/khac/ban-sao-lo.jpg")
    (root / "archive/captions.csv").write_text(
        "file,caption,public\n1989-2004/Lễ kỷ niệm 1990.jpg,Lễ kỷ niệm,có\n"
        "rieng/mat.jpg,Ảnh riêng,không\nkhac/ban-sao-lo.jpg,Bản sao,có\n",
        "utf-8",
    )


@pytest.fixture(scope="module")
def leaky_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_book(tmp_path_factory.mktemp("deny") / "book", pdf=True)
    plant(root)
    plant_photos(root)
    site = root / "out"
    run_cli(root, "build", "-d", str(site))
    run_cli(root, "build", "--offline", "-d", str(site))
    return site


@pytest.mark.pdf
def test_unapproved_pages_and_stray_files_never_reach_any_output(leaky_site: Path) -> None:
    texts = all_output_text(leaky_site)
    kinds = {p.suffix for p in texts}
    assert {".html", ".pdf", ".zip", ".xml"} <= kinds, kinds
    assert any("Giai đoạn 1989–2004" in t for p, t in texts.items() if p.suffix == ".pdf")
    markers = [f"LEAK-{tail}" for tail in
               ("MDX1", "MKD2", "ASSET3", "TXT4", "BACKUP5", "ORIG6", "UPPER7", "TXT8",
                "DOCX9", "CSV10", "NOFM11", "INDEX12", "SECTION13")]  # fmt: skip
    for path, text in texts.items():
        for marker in markers:
            assert marker not in text, f"{marker} in {path}"
    names = {p.relative_to(leaky_site).as_posix() for p in texts}
    for rel in PLANTED:
        assert rel.removeprefix("docs/") not in names, rel
    assert not (leaky_site / "don-vi/x").exists()


@pytest.mark.pdf
def test_photo_metadata_and_linked_private_photo_never_reach_any_output(leaky_site: Path) -> None:
    blobs: dict[str, bytes] = {}
    for path in leaky_site.rglob("*"):
        if path.is_file():
            blobs[path.relative_to(leaky_site).as_posix()] = path.read_bytes()
            if path.suffix == ".zip":
                with zipfile.ZipFile(path) as zf:
                    blobs.update({f"{path.name}!{n}": zf.read(n) for n in zf.namelist()})
    assert any("le-ky-niem-1990" in name for name in blobs), "the public photo is published"
    assert any(b"\xff\xd8" in data for name, data in blobs.items() if name.endswith(".pdf"))
    for name, data in blobs.items():
        for marker in (b"LEAK-COM-NOTE", b"LEAK-EXIF-MAKE", b"ban-sao-lo", b"rieng/mat"):
            assert marker not in data, (marker, name)
        assert "ban-sao-lo" not in name and "/mat-" not in name, name


@pytest.mark.pdf
def test_allow_listed_asset_is_still_published(leaky_site: Path) -> None:
    assert "OK-ASSET-PUBLISHED" in (leaky_site / "assets/them.css").read_text("utf-8")


def test_check_lists_every_unpublished_file(tmp_path: Path) -> None:
    root = write_book(tmp_path / "book")
    plant(root)
    code, out = run_cli(root, "check", expect=None)
    assert code == 0, out  # warnings only: drafts and stray files are not mistakes
    for rel in ("docs/don-vi/x/ghi-chu.txt", "docs/giai-doan/1989-2004.md~",
                "docs/giai-doan/1989-2004.md.orig", "docs/ghi-chu.txt", "docs/bien-ban.docx",
                "docs/so-lieu.csv", "docs/BANSAO.MD"):  # fmt: skip
        assert f"{rel}: cảnh báo: " in out, rel
    for rel in ("docs/khac/trang-le.md", "docs/khac/index.md", "docs/tuoi-tre/index.md"):
        assert f"{rel}:1:1: cảnh báo: trang chưa có 'status: approved'" in out, rel


def test_gate_counts_every_markdown_suffix(tmp_path: Path) -> None:
    """`x.markdown` with status: draft used to be invisible to the gate ("all approved")."""
    from yearbook.release.gate import check_approvals

    root = write_book(tmp_path / "book", release_ready=True)
    (root / DRAFT_PAGE).write_text(PLANTED[DRAFT_PAGE], "utf-8")
    book = load_book(
        BookConfig(docs_dir=root / "docs", project_dir=root, start_year=1989, end_year=2019)
    )
    assert DRAFT_PAGE.removeprefix("docs/") in {p.src_uri for p in book.pages}
    result = check_approvals(book)
    assert not result.ok
    assert any(d.startswith(DRAFT_PAGE + ":4:") for d in result.details), result.details


def test_images_under_docs_are_refused(tmp_path: Path) -> None:
    root = write_book(tmp_path / "book")
    make_photo(root / "docs/giai-doan/anh-gps.jpg")
    code, out = run_cli(root, "check", expect=None)
    assert code == 1
    assert "docs/giai-doan/anh-gps.jpg: lỗi: ảnh đặt trong docs/" in out
    assert "archive/" in out
    result = CliRunner().invoke(main, ["build", "--no-pdf", "-f", str(root / "mkdocs.yml")])
    assert result.exit_code != 0


def test_second_book_denies_by_default_too(tmp_path: Path) -> None:
    """Another agency's folders and names: the same rules, not the sample's layout."""
    from conftest import copy_second_book

    root = copy_second_book(tmp_path / "book")
    planted = {
        "docs/khac/ghi-nho.markdown": "---\ntitle: Ghi nhớ\nstatus: review\n---\n\nLEAK-2ND-A\n",
        "docs/chang-duong/ban-nhap.md~": "LEAK-2ND-B\n",
        "docs/phong-ban/bang.xlsx": "LEAK-2ND-C",
    }
    for rel, text in planted.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
    index = root / "docs/cam-nhan/index.md"
    index.write_text(index.read_text("utf-8").replace("status: approved\n", "") + "LEAK-2ND-D\n")
    code, out = run_cli(root, "check", expect=None)
    assert code == 0, out
    for rel in (*planted, "docs/cam-nhan/index.md"):
        assert f"{rel}" in out, rel
    site = root / "out"
    run_cli(root, "build", "--no-pdf", "-d", str(site))
    for path, text in all_output_text(site).items():
        assert "LEAK-2ND" not in text, path


def test_symlinked_asset_from_outside_docs_is_not_copied(tmp_path: Path) -> None:
    root = write_book(tmp_path / "book")
    secret = tmp_path / "bi-mat.css"
    secret.write_text("/* LEAK-LINK */\n", "utf-8")
    (root / "docs/assets").mkdir()
    os.symlink(secret, root / "docs/assets/kieu.css")
    _, out = run_cli(root, "check", expect=None)
    assert "docs/assets/kieu.css: cảnh báo: liên kết tượng trưng trỏ ra ngoài docs/" in out
    site = root / "out"
    run_cli(root, "build", "--no-pdf", "-d", str(site))
    assert not (site / "assets/kieu.css").exists()
