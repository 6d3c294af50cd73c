"""WeasyPrint's only way out: files of this build, nothing else.

WeasyPrint follows every URL in the document: images, stylesheets, fonts and
``<link rel="attachment">``, which embeds the file into the PDF. With its default
fetcher a ``file:///etc/passwd`` (or a relative path climbing out of the
template folder) in a page puts that file into the public PDFs, and an
``http://`` URL makes the offline build go online. ``BuildFetcher`` serves only
regular files under the build's own folders (template, photo derivatives, the
built site) plus self-contained ``data:`` URLs, and remembers every refusal;
``refusal_error`` then names the pages that asked, and the build fails.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import url2pathname

from bs4 import BeautifulSoup
from mkdocs.exceptions import PluginError
from weasyprint.urls import URLFetcher

from ..problems import Problem, Problems
from .images import PHOTO_URL

#: Attributes through which HTML makes WeasyPrint fetch something.
URL_ATTRIBUTES = ("src", "href", "data", "poster")


class FetchRefused(ValueError):
    """Raised to WeasyPrint, which then leaves the resource out (and logs a warning)."""


class BuildFetcher(URLFetcher):
    """Serves ``yearbook-photo:<rel>`` from the photo folder and ``file:`` URLs under
    ``roots``; refuses (and records) everything else."""

    def __init__(self, roots: Iterable[Path], photos_dir: Path | None = None) -> None:
        super().__init__(allowed_protocols=("file", "data"))
        self.photos_dir = photos_dir.resolve() if photos_dir else None
        self.roots = [Path(r).resolve() for r in roots]
        if self.photos_dir:
            self.roots.append(self.photos_dir)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> Any:
        target = self.local_url(url)
        if target is None:
            if url not in self.refused:
                self.refused.append(url)
            raise FetchRefused(f"không được phép đọc '{url}'")
        return super().fetch(target, headers)

    def local_url(self, url: str) -> str | None:
        """The URL to open if ``url`` is one of this build's files (or ``data:``)."""
        if url.startswith("data:"):
            return url
        if url.startswith(PHOTO_URL):
            if self.photos_dir is None:
                return None
            path = self.photos_dir / unquote(url[len(PHOTO_URL) :])
        else:
            parts = urlsplit(url)
            if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
                return None
            path = Path(url2pathname(unquote(parts.path)))
        try:
            real = path.resolve()
        except (OSError, RuntimeError):  # a symlink loop
            return None
        if not any(real.is_relative_to(root) for root in self.roots):
            return None
        # A missing file of the build is an ordinary broken image (WeasyPrint warns),
        # not a refusal; a folder or device is never served.
        return real.as_uri() if real.is_file() or not real.exists() else None


def pages_asking(document: str, base_url: str, urls: Iterable[str]) -> dict[str, list[str]]:
    """For each refused URL, the pages (with-pdf's ``data-url``) that name it."""
    wanted = {u: [] for u in urls}  # type: dict[str, list[str]]
    soup = BeautifulSoup(document, "html.parser")
    for element in soup.find_all(True):
        for attribute in URL_ATTRIBUTES:
            value = element.get(attribute)
            if not isinstance(value, str) or not value.strip():
                continue
            url = urljoin(base_url, value.strip())
            if url in wanted:
                # The innermost part with a data-url: a page (sections nest pages).
                part = element.find_parent(attrs={"data-url": True})
                page = part.get("data-url") if part else None
                label = str(page) if page else "bìa, mục lục hoặc phần phụ của sách"
                if label not in wanted[url]:
                    wanted[url].append(label)
    return wanted


def page_sources(nav: Any, page_path_for_id: Any, config: Any) -> dict[str, str]:
    """with-pdf's ``data-url`` of each page → its file, as messages show it."""
    problems = Problems(Path(config.config_file_path or ".").resolve().parent)
    return {
        f"/{page_path_for_id(page)}": problems.rel(page.file.abs_src_path)
        for page in getattr(nav, "pages", [])
        if page.file.abs_src_path
    }


def refusal_error(
    document: str,
    base_url: str,
    fetcher: BuildFetcher,
    output: str,
    sources: dict[str, str] | None = None,
) -> PluginError:
    """The build's error for every resource WeasyPrint was refused, one line per page
    (``path: lỗi: …``, the page's file when known)."""
    lines = []
    for url, pages in pages_asking(document, base_url, fetcher.refused).items():
        message = f"PDF {output}: không được nhúng '{url}' (chỉ dùng tệp của bản dựng này)"
        for page in pages or ["(không rõ trang)"]:
            where = (sources or {}).get(page) or f"trang {page}"
            lines.append(str(Problem(where, 0, 0, message)))
    return PluginError(
        "Nội dung đòi đọc tệp hoặc địa chỉ ngoài bản dựng; không tạo PDF:\n" + "\n".join(lines)
    )
