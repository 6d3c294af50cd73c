"""A book full of hostile text that still passes ``yearbook check``, and the scanners that
search every output of its build for anything live: HTML, search index, sitemap, PDFs."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from bookfactory import write_book

SECRET = "BÍ-MẬT-CHÚ-THÍCH-7391"
#: Content of a file outside the build that a page tries to embed into the PDFs.
OUTSIDE = "NỘI-DUNG-NGOÀI-BẢN-DỰNG-5521"

CAPTION = "<img src=x onerror=alert('caption')> Lễ kỷ niệm"
ALT = "x] [K](javascript:alert('alt')) [y"
CREDIT = "<b onmouseover=alert('credit')>Phòng</b>"

#: As in the sample's mkdocs.yml: the lightbox whose captions are HTML.
GLIGHTBOX = """\
  - glightbox:
      touchNavigation: true
      loop: false
      effect: zoom
      skip_classes: [yb-photo]
"""

BODY = """

## Thử nội dung độc hại

<script>alert("script-tag")</script>

### Mục <img src="javascript:0" onerror="alert('toc')"> &lt;b onmouseover=alert('toc2')&gt;

<img src="javascript:alert('img-src')" onerror="alert('onerror')">

[Bấm vào](javascript:alert('md-link')) và [dữ liệu](data:text/html,<b>x</b>)

<a href="javascript:alert('raw-link')">liên kết thô</a> <a href="JaVaScRiPt:alert('case')">hoa</a>
<a href="file:///etc/passwd">tệp</a>

<iframe src="javascript:alert('iframe')"></iframe>

<div onclick="alert('click')" onmouseover="alert('hover')">Di chuột vào đây</div>

<svg onload="alert('svg')"><circle r="4"/></svg>

<!-- {secret} -->

<link rel="attachment" href="{outside}">

<img src="photo:anh-bia">

Người trong ảnh: [An](person:nguyen-van-an), còn mã `[Mã](person:khong-co-ai)` là ví dụ.

    [Ví dụ trong khối mã](person:nguyen-van-an)
"""


def write_hostile_book(root: Path, *, pdf: bool) -> Path:
    """The fixture book, with hostile body HTML, captions, alt text and description."""
    write_book(root, pdf=pdf)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace("      lang: vi\n", "      lang: vi\n" + GLIGHTBOX, 1),
        "utf-8",
    )
    outside = root.parent / "ngoai-ban-dung.txt"
    outside.write_text(OUTSIDE + "\n", "utf-8")
    chapter = root / "docs" / "giai-doan" / "1989-2004.md"
    text = chapter.read_text("utf-8")
    text = text.replace(
        "order: 1\n",
        'order: 1\ndescription: \'Mô tả "có ngoặc" 0;url=https://example.org/" http-equiv="refresh\'\n',
        1,
    )
    chapter.write_text(
        text + BODY.format(secret=SECRET, outside=outside.resolve().as_uri()), "utf-8"
    )
    timeline = root / "docs" / "data" / "timeline.yml"
    timeline.write_text(
        timeline.read_text("utf-8").replace(
            "  people: [nguyen-van-an]\n",
            "  people: [nguyen-van-an]\n  photos: [le-ky-niem-1990]\n",
        ),
        "utf-8",
    )
    (root / "archive" / "captions.csv").write_text(
        "file,date,caption,alt,people,creator,credit,public\n"
        f'1989-2004/Lễ kỷ niệm 1990.jpg,1990,"{CAPTION}","{ALT}",nguyen-van-an,Ảnh,"{CREDIT}",có\n'
        "2004-2019/anh-bia.jpg,2019,Trụ sở,Tòa nhà,,Ảnh,Lưu trữ,có\n",
        "utf-8",
    )
    return root


# --- scanning ---------------------------------------------------------------------------

_BAD_SCHEME = re.compile(r"^\s*(javascript|vbscript|data|file):", re.I)
#: The theme's search form (Material's markup, kept by the web layout): a no-op, not content.
THEME_SEARCH_FORM = ("form", "action", "javascript:void(0)")
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}


class _Live(HTMLParser):
    """Collects whatever would run or leak in a browser: handlers, bad URLs, comments,
    script elements that are not the theme's own, and frames."""

    def __init__(self, theme_scripts: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.theme_scripts = theme_scripts
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            image_data = tag == "img" and name == "src" and (value or "").startswith("data:image/")
            if name in URL_ATTRS and value and _BAD_SCHEME.match(value) and not image_data:
                if (tag, name, value) == THEME_SEARCH_FORM:
                    continue
                self.found.append(f"<{tag} {name}={value[:40]}>")
        if tag in ("iframe", "object", "embed", "frame", "base"):
            self.found.append(f"<{tag}>")
        if tag == "link" and dict(attrs).get("rel") == "attachment":
            self.found.append("<link rel=attachment>")
        if tag == "script":
            self._in_script = True
            if not self.theme_scripts:
                self.found.append("<script>")
        if tag == "meta" and (dict(attrs).get("http-equiv") or "").lower() == "refresh":
            self.found.append("<meta http-equiv=refresh>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert(" in data:
            self.found.append("<script>alert(…)")

    def handle_comment(self, data: str) -> None:
        if SECRET in data:
            self.found.append("<!-- comment -->")


def live_markup(html: str, *, theme_scripts: bool = True) -> list[str]:
    parser = _Live(theme_scripts)
    parser.feed(html)
    parser.close()
    return parser.found


def scan_site(site: Path) -> dict[str, list[str]]:
    """Every text output of the site: what is live in it, and any leaked secret."""
    found: dict[str, list[str]] = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix not in (".html", ".json", ".xml", ".txt", ".js"):
            continue
        text = path.read_text("utf-8", errors="replace")
        rel = path.relative_to(site).as_posix()
        hits: list[str] = []
        if SECRET in text:
            hits.append("secret comment")
        if OUTSIDE in text:
            hits.append("outside file")
        if path.suffix == ".html":
            hits += live_markup(text)
        elif rel.endswith("search_index.json"):
            # Material inserts titles and texts of results as HTML.
            for doc in json.loads(text)["docs"]:
                for key in ("title", "text"):
                    hits += [
                        f"{doc['location']} {key}: {h}"
                        for h in live_markup(doc.get(key, ""), theme_scripts=False)
                    ]
        elif path.suffix == ".xml" and "javascript:" in text.lower():
            hits.append("javascript: URL")
        if hits:
            found[rel] = hits
    return found
