"""Check every internal link and anchor of a built site, from the HTML on disk.

MkDocs validates Markdown links, but not what templates, generated pages,
galleries and ``srcset`` write; the release gate checks the output a reader
gets. Pure reading: no MkDocs, no network. Links with a scheme (``https:``,
``mailto:``, ``data:``…) are outside the site and not followed.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

#: (tag, attribute) pairs that point at another file of the site.
URL_ATTRS = {
    ("a", "href"),
    ("link", "href"),
    ("img", "src"),
    ("script", "src"),
    ("source", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("iframe", "src"),
    ("object", "data"),
    ("embed", "src"),
}
SRCSET_TAGS = {"img", "source"}
#: ``<link rel=…>`` values a browser fetches; canonical, alternate, sitemap… are only named.
LOADED_RELS = {"stylesheet", "icon", "shortcut", "preload", "modulepreload", "manifest"}
#: Pages MkDocs writes for servers, whose links are relative to wherever they are served.
SKIP_PAGES = {"404.html"}


@dataclass
class Link:
    page: str  # site-relative path of the HTML file
    tag: str
    url: str
    line: int
    rel: str = ""  # of <link>: stylesheet, icon, canonical…

    @property
    def loads(self) -> bool:
        """True when a browser fetches the target to show the page (not a link to follow)."""
        if self.tag == "a":
            return False
        if self.tag == "link":
            return bool(set(self.rel.lower().split()) & LOADED_RELS)
        return True


@dataclass
class _Parsed:
    links: list[Link] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


class _Collector(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.result = _Parsed()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        rel = next((v or "" for k, v in attrs if k == "rel"), "")
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name") and (name == "id" or tag == "a"):
                self.result.ids.add(value)
            if (tag, name) in URL_ATTRS:
                self.result.links.append(Link(self.page, tag, value.strip(), line, rel))
            elif name == "srcset" and tag in SRCSET_TAGS:
                for candidate in value.split(","):
                    url = candidate.strip().split(" ")[0]
                    if url:
                        self.result.links.append(Link(self.page, tag, url, line))

    handle_startendtag = handle_starttag


def parse_html(text: str, page: str) -> tuple[list[Link], set[str]]:
    """Links and anchor targets (``id``, ``<a name>``) of one HTML document."""
    collector = _Collector(page)
    collector.feed(text)
    collector.close()
    return collector.result.links, collector.result.ids


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme) or url.startswith("//")


def resolve(site: Path, page: str, path: str, base_path: str = "/") -> str | None:
    """Site-relative file a link's path points at, or None when it leaves the site."""
    if path.startswith("/"):
        prefix = base_path if base_path.endswith("/") else base_path + "/"
        if not path.startswith(prefix) and path + "/" != prefix:
            return None
        target = path[len(prefix) :]
    else:
        target = posixpath.join(posixpath.dirname(page), path)
    target = posixpath.normpath(target) if target else "."
    if target.startswith(".."):
        return None
    if target == ".":
        target = ""
    candidate = site / target if target else site
    if path.endswith("/") or candidate.is_dir():
        target = posixpath.join(target, "index.html") if target else "index.html"
    return target


@dataclass
class LinkReport:
    pages: int = 0
    links: int = 0
    broken: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.broken


def check_site(site: Path, base_path: str = "/", *, from_disk: bool = False) -> LinkReport:
    """Every internal ``href``/``src``/``srcset`` and ``#anchor`` of every page of ``site``.

    ``base_path`` is the path part of ``site_url`` (links written as ``/…``
    must start with it). ``from_disk``: the site is opened over ``file://``, where
    ``/…`` and ``folder/`` links do not work and nothing may load from the network
    (links a reader follows to the web are fine). Problems read ``page.html:line: …``.
    """
    report = LinkReport()
    html_files = sorted(p for p in site.rglob("*.html") if p.is_file())
    parsed: dict[str, tuple[list[Link], set[str]]] = {}
    for path in html_files:
        rel = path.relative_to(site).as_posix()
        parsed[rel] = parse_html(path.read_text("utf-8", errors="replace"), rel)

    def ids_of(target: str) -> set[str] | None:
        if target not in parsed:
            file = site / target
            if not file.is_file() or file.suffix != ".html":
                return None
            parsed[target] = parse_html(file.read_text("utf-8", errors="replace"), target)
        return parsed[target][1]

    for rel in sorted(parsed):
        if posixpath.basename(rel) in SKIP_PAGES:
            continue
        report.pages += 1
        links, _ = parsed[rel]
        for link in links:
            if not link.url:
                continue
            if is_external(link.url):
                if from_disk and link.loads and not link.url.startswith("data:"):
                    report.broken.append(
                        f"{rel}:{link.line}: tải '{link.url}' từ mạng (bản ngoại tuyến không có mạng)"
                    )
                continue
            report.links += 1
            parts = urlsplit(link.url)
            path, fragment = unquote(parts.path), unquote(parts.fragment)
            target = resolve(site, rel, path, base_path) if path else rel
            where = f"{rel}:{link.line}"
            if target is None:
                report.broken.append(f"{where}: liên kết '{link.url}' ra ngoài trang web")
                continue
            if from_disk and (path.startswith("/") or (path and path.endswith("/"))):
                report.broken.append(f"{where}: liên kết '{link.url}' không mở được từ đĩa")
                continue
            if not (site / target).is_file():
                report.broken.append(f"{where}: liên kết hỏng '{link.url}' (không có {target})")
                continue
            if fragment and link.tag == "a":
                ids = ids_of(target)
                if ids is not None and fragment not in ids:
                    report.broken.append(
                        f"{where}: không có mục '#{fragment}' trong {target} ('{link.url}')"
                    )
    return report
