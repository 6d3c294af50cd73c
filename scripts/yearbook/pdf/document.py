"""Turn with-pdf's combined HTML into the book's print document.

with-pdf concatenates every page of the nav into one HTML document with the
website's ``<head>`` (Material's CSS and scripts) and its own English-default
table of contents. These pure functions on the soup make a book out of it:
our stylesheet only, no web widgets or lightbox links, chapters classified
for right-hand openings and running heads, "Mục lục" after the foreword, and
the people index turned into page references. Each function is idempotent
because with-pdf may run the hook more than once per process.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from .. import typography
from .images import declarations, set_style
from .settings import PdfSettings

#: Web-only things that make no sense on paper.
WEB_ONLY = (
    "script",
    "noscript",
    "iframe",
    "video",
    "audio",
    "form",
    "input",
    "button",
    "nav",
    ".md-source-file",
    ".md-content__button",
    ".md-feedback",
    ".md-top",
    ".md-dialog",
    ".md-search",
    ".headerlink",
    ".md-annotation",
    ".web-only",
    ".yb-web-only",
    ".pdf-hide",
    "[data-pdf-hide]",
    ".yb-download",
    ".md-banner",
    ".yb-review",  # reviewers and verdicts are internal; the colophon names the board
    ".yb-folder__more",  # links to the website's photo pages, which the book does not hold
    ".yb-gallery__more",
)
IMAGE_LINK = re.compile(r"\.(jpe?g|png|webp|avif|gif|tiff?)(\?.*)?$", re.I)
INDEX_URL = "/nhan-vat/"
COLOPHON_URL = "/xuat-ban/"


def page_url(src_uri: str) -> str:
    """with-pdf's ``data-url`` of a page (directory URLs): ``giai-doan/a.md`` → ``/giai-doan/a/``."""
    path = re.sub(r"(^|/)index\.md$", r"\1", src_uri)
    path = re.sub(r"\.md$", "/", path)
    return "/" + path if path else "/."


def clean_head(soup: BeautifulSoup, settings: PdfSettings) -> None:
    """Drop the website's CSS/JS/meta and state the document's own metadata."""
    html = soup.find("html")
    if isinstance(html, Tag):
        html["lang"] = "vi"
    head = soup.find("head")
    if not isinstance(head, Tag):
        head = soup.new_tag("head")
        soup.html.insert(0, head)
    for tag in head.find_all(["link", "style", "script", "meta", "title", "base"]):
        tag.decompose()
    head.append(soup.new_tag("meta", charset="utf-8"))
    title = soup.new_tag("title")
    title.string = settings.title
    head.append(title)
    meta = {
        "author": settings.organization,
        "description": f"{settings.title} — {settings.organization}",
        "keywords": ", ".join(k for k in ("kỷ yếu", settings.organization, settings.years) if k),
        "generator": "Kỷ yếu số (MkDocs, mkdocs-with-pdf, WeasyPrint)",
    }
    if settings.build_iso:
        meta["dcterms.created"] = settings.build_iso
        meta["dcterms.modified"] = settings.build_iso
    for name, content in meta.items():
        head.append(soup.new_tag("meta", attrs={"name": name, "content": content}))


def strip_web_only(soup: BeautifulSoup) -> None:
    body = soup.body or soup
    for selector in WEB_ONLY:
        for tag in body.select(selector):
            if tag.decomposed:
                continue
            tag.decompose()
    # Lightbox wrappers (glightbox) and plain links to image files: keep the image only.
    for a in body.find_all("a"):
        classes = a.get("class") or []
        if "glightbox" in classes or (IMAGE_LINK.search(str(a.get("href", ""))) and a.find("img")):
            a.unwrap()
    for tag in body.find_all(True, attrs={"data-gallery": True}):
        del tag["data-gallery"]
    # Blur-up placeholders (inline WebP backgrounds) only matter while a browser loads.
    for img in body.find_all("img", style=True):
        styles = declarations(str(img["style"]))
        set_style(img, {k: v for k, v in styles.items() if not k.startswith("background")})


def flatten_tabs(soup: BeautifulSoup) -> None:
    """Print every tab of a content-tab set one after the other, each with its label."""
    for tabset in soup.select("div.tabbed-set"):
        labels = [
            label.get_text(" ", strip=True) for label in tabset.select(".tabbed-labels > label")
        ]
        if not labels:
            labels = [label.get_text(" ", strip=True) for label in tabset.find_all("label")]
        blocks = tabset.select(".tabbed-content > .tabbed-block") or tabset.select(
            ".tabbed-content"
        )
        flat = soup.new_tag("div", attrs={"class": "pdf-tabs"})
        for i, block in enumerate(blocks):
            part = soup.new_tag("div", attrs={"class": "pdf-tab"})
            if i < len(labels) and labels[i]:
                heading = soup.new_tag("p", attrs={"class": "pdf-tab-label"})
                heading.string = labels[i]
                part.append(heading)
            for child in list(block.contents):
                part.append(child.extract())
            flat.append(part)
        tabset.replace_with(flat)


def article_of(url: str, soup: BeautifulSoup) -> Tag | None:
    for tag in soup.find_all(["article", "section"], attrs={"data-url": url}):
        return tag
    return None


def classify(soup: BeautifulSoup, settings: PdfSettings) -> None:
    """Mark pages by kind so the stylesheet can open chapters on the right and set running heads."""
    prefixes = {
        "chapter": f"/{settings.chapters_dir.strip('/')}/",
        "unit": f"/{settings.units_dir.strip('/')}/",
        "essay": f"/{settings.essays_dir.strip('/')}/",
    }
    special = {
        page_url(settings.foreword): "foreword",
        INDEX_URL: "index",
        COLOPHON_URL: "colophon",
        "/dong-thoi-gian/": "timeline",
        "/lanh-dao/": "leaders",
    }
    for part in soup.find_all(["article", "section"], attrs={"data-url": True}):
        url = str(part["data-url"])
        kind = special.get(url)
        if kind is None:
            for name, prefix in prefixes.items():
                if url.startswith(prefix):
                    kind = name if url != prefix else f"{name}-section"
                    break
        if kind is None and part.name == "article":
            # A nav section: with-pdf names it by a hash of its title; its pages tell the kind.
            child = part.find("section", attrs={"data-url": True})
            if child is not None:
                url = str(child["data-url"])
                kind = next(
                    (f"{n}-section" for n, pre in prefixes.items() if url.startswith(pre)), None
                )
        kind = kind or "page"
        classes = [c for c in (part.get("class") or []) if not c.startswith("pdf-kind-")]
        part["class"] = [*classes, "pdf-part", f"pdf-kind-{kind}"]
        heading = part.find(re.compile(r"^h[1-3]$"))
        if isinstance(heading, Tag):
            hclasses = [c for c in (heading.get("class") or []) if c != "pdf-title"]
            heading["class"] = [*hclasses, "pdf-title"]
            byline = part.find(class_="yb-authors")
            if isinstance(byline, Tag) and byline.find_next(re.compile(r"^h[1-3]$")) is heading:
                heading.insert_after(byline.extract())  # title first, then who wrote it


def drop_home(soup: BeautifulSoup) -> None:
    """The website's home page is a landing page, not a chapter: the cover replaces it."""
    for part in soup.find_all(["article", "section"], attrs={"data-url": "/."}):
        part.decompose()
    toc = soup.find(id="doc-toc")
    if isinstance(toc, Tag):
        for a in toc.find_all("a", href=re.compile(r"^#\.:")):
            li = a.find_parent("li")
            if li is not None and not li.decomposed:
                li.decompose()


def fix_toc(soup: BeautifulSoup, settings: PdfSettings, toc_title: str = "Mục lục") -> None:
    """Vietnamese title, no empty or "None" entries, placed after the foreword."""
    toc = soup.find(id="doc-toc")
    if not isinstance(toc, Tag):
        return
    toc["class"] = ["pdf-toc"]
    h1 = toc.find("h1")
    if isinstance(h1, Tag):
        h1.string = toc_title
        h1["class"] = ["pdf-toc-title"]
    for order in toc.select(".pdf-order"):
        order.decompose()
    ids = {str(t["id"]) for t in soup.find_all(id=True)}
    for a in toc.find_all("a"):
        if a.decomposed:  # inside an entry removed a moment ago
            continue
        text = a.get_text(" ", strip=True)
        dangling = str(a.get("href", "")).startswith("#") and a["href"][1:] not in ids
        if not text or text == "None" or dangling:
            li = a.find_parent("li")
            if li is not None:
                li.decompose()
    prune_toc(soup, toc)
    for depth, ul in enumerate_lists(toc):
        ul["class"] = [f"pdf-toc-level-{depth}"]
    foreword = soup.find(["article"], attrs={"data-url": page_url(settings.foreword)})
    if isinstance(foreword, Tag):
        foreword.insert_after(toc.extract())


def prune_toc(soup: BeautifulSoup, toc: Tag) -> None:
    """Sub-entries only under the book's parts (periods, units, essays), not a page's headings,
    and none for a part's own introduction (it is on the divider page the part entry names)."""
    top = toc.find("ul")
    if not isinstance(top, Tag):
        return
    for a in top.select("li li > a"):
        target = soup.find(id=str(a.get("href", ""))[1:])
        divider = target.find_parent(class_="pdf-divider") if isinstance(target, Tag) else None
        if divider is not None and a.find_parent("li") is not None:
            a.find_parent("li").decompose()
    for li in top.find_all("li", recursive=False):
        a = li.find("a")
        target = soup.find(id=str(a.get("href", ""))[1:]) if isinstance(a, Tag) else None
        if isinstance(target, Tag) and target.name in ("h1", "h2", "h3"):
            target = target.find_parent(["article", "section"])
        is_part = isinstance(target, Tag) and target.find("section", class_="pdf-part") is not None
        if not is_part:
            for sub in li.find_all("ul"):
                sub.decompose()


def enumerate_lists(toc: Tag) -> list[tuple[int, Tag]]:
    out = []
    for ul in toc.find_all("ul"):
        depth = sum(1 for p in ul.parents if p.name == "ul")
        out.append((depth + 1, ul))
    return out


def page_references(soup: BeautifulSoup) -> None:
    """In the people index, internal links become page numbers (``target-counter``)."""
    index = article_of(INDEX_URL, soup)
    if index is None:
        return
    for a in index.find_all("a", href=re.compile(r"^#")):
        classes = a.get("class") or []
        if "pdf-pageref" in classes:
            continue
        a["class"] = [*classes, "pdf-pageref"]
        a["title"] = a.get_text(" ", strip=True)


def remove_none_text(soup: BeautifulSoup) -> None:
    """Headings with no title come out of with-pdf as the literal "None"."""
    for heading in soup.find_all(re.compile(r"^h[1-6]$")):
        if heading.get_text(strip=True) == "None":
            heading.decompose()


def unwrap_dangling_links(soup: BeautifulSoup) -> int:
    """Internal links to pages the book does not contain (the home page, pages outside
    the nav such as per-period photo pages) keep their text and lose the link: WeasyPrint
    reports each as an error, and a printed book cannot follow them anyway. Called by the
    generator on the whole document (a hook sees it only after with-pdf's anchor check)."""

    def same(anchor: str) -> str:  # with-pdf's own normalisation of ids and hrefs
        return anchor.replace("%25", "-").replace("%", "-")

    ids = {same(str(t["id"])) for t in soup.find_all(id=True)}
    unwrapped = 0
    for a in soup.find_all("a", href=re.compile(r"^#")):
        if a.decomposed:
            continue
        if same(str(a["href"])[1:]) not in ids:
            a.unwrap()
            unwrapped += 1
    return unwrapped


#: Pages that open on a right-hand page with the book's one opening design.
OPENING_KINDS = ("chapter", "unit", "essay", "foreword")
ORDINALS = ("nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười")
_SIGNATURE_MAX = 80


def _kind(tag: Tag) -> str:
    return next((c[9:] for c in tag.get("class") or [] if c.startswith("pdf-kind-")), "")


def _new(soup: BeautifulSoup, name: str, cls: str, text: str | None = None) -> Tag:
    tag = soup.new_tag(name, attrs={"class": cls})
    if text is not None:
        tag.string = text
    return tag


def spaced_years(years: str) -> str:
    """``1989–1994`` → ``1989 – 1994`` (display type wants air around the dash)."""
    return re.sub(r"\s*[–-]\s*", " – ", years.strip())


def build_openings(soup: BeautifulSoup) -> None:
    """Chapters, unit articles, essays and the foreword open with one header: a kicker
    (the period), the title, the byline under it and, for a period, its cover photo.

    The website's byline sits above the title and with-pdf turns the title into an h1 or
    an h2 depending on nesting; here every opening gets the same structure, so one style
    sets them all and title and byline can never be drawn on top of each other.
    """
    for part in soup.select(".pdf-part"):
        if _kind(part) not in OPENING_KINDS or part.find(class_="pdf-opening", recursive=False):
            continue
        title = part.find(class_="pdf-title")
        if not isinstance(title, Tag):
            continue
        header = _new(soup, "header", "pdf-opening")
        byline = part.find(class_="yb-byline")
        years = byline.find(class_="yb-period__years") if isinstance(byline, Tag) else None
        if isinstance(years, Tag):
            header.append(_new(soup, "p", "pdf-opening__kicker", "Giai đoạn"))
            header.append(_new(soup, "p", "pdf-opening__years", spaced_years(years.get_text())))
        cover = str(byline.get("data-cover") or "") if isinstance(byline, Tag) else ""
        title.insert_before(header)
        header.append(title.extract())
        authors = part.find(class_="yb-authors")
        if isinstance(authors, Tag):
            header.append(authors.extract())
        if cover and _kind(part) == "chapter":
            header.append(opening_photo(soup, part, cover))
        if isinstance(byline, Tag):
            byline.decompose()
        part["class"] = [*(part.get("class") or []), "pdf-opens"]


def opening_photo(soup: BeautifulSoup, part: Tag, photo: str) -> Tag:
    """The period's cover photo for its opening: the chapter's own figure of it (with its
    caption) if the text shows it, else the bare photo (resolved like any other)."""
    for figure in part.find_all("figure", attrs={"data-photo": photo}):
        if not figure.find_parent(class_="yb-gallery"):
            figure = figure.extract()
            figure["class"] = [*(figure.get("class") or []), "pdf-opening__photo"]
            return figure
    figure = _new(soup, "figure", "yb-figure pdf-opening__photo")
    figure["data-photo"] = photo
    figure.append(soup.new_tag("img", attrs={"data-photo": photo, "alt": ""}))
    return figure


def drop_repeated_photos(soup: BeautifulSoup) -> None:
    """No photo printed twice in one chapter: the gallery keeps only photos the text has
    not shown, and goes when nothing is left."""
    for part in soup.select(".pdf-part"):
        if part.find_parent(class_="pdf-part") is not None and _kind(part).endswith("-section"):
            continue
        seen: set[str] = set()
        for figure in part.find_all("figure", attrs={"data-photo": True}):
            if figure.decomposed:
                continue
            pid = str(figure["data-photo"])
            if pid in seen:
                gallery = figure.find_parent(class_="yb-gallery")
                figure.decompose()
                if isinstance(gallery, Tag):
                    recount(gallery)
            seen.add(pid)


def recount(gallery: Tag) -> None:
    left = len(gallery.select("figure"))
    if not left:
        gallery.decompose()
        return
    count = gallery.find(class_="yb-gallery__count")
    if isinstance(count, Tag):
        count.string = f"({left} ảnh)"


def build_dividers(soup: BeautifulSoup, settings: PdfSettings) -> None:
    """A part of the book (periods, units, essays) opens with a divider page: its number,
    its title, the span of years and, for the periods, each period's years and cover photo.

    with-pdf gives a nav section its title as an h1 and then the section's index page with
    its own heading, often the same words: the repeat goes, a different one is the subtitle.
    """
    number = 0
    for part in soup.find_all("article", class_="pdf-part"):
        kind = _kind(part)
        if not kind.endswith("-section") or part.find(class_="pdf-divider"):
            continue
        number += 1
        title = part.find("h1", recursive=False) or part.find(class_="pdf-title")
        if not isinstance(title, Tag):
            continue
        divider = _new(soup, "header", "pdf-divider")
        label = ORDINALS[number - 1] if number <= len(ORDINALS) else str(number)
        divider.append(_new(soup, "p", "pdf-divider__number", f"Phần thứ {label}"))
        title.insert_before(divider)
        divider.append(title.extract())
        title["class"] = [c for c in title.get("class") or [] if c != "pdf-title"] + [
            "pdf-title",
            "pdf-divider__title",
        ]
        index = part.find("section", class_=f"pdf-kind-{kind}")
        if isinstance(index, Tag):
            sub = index.find(re.compile(r"^h[1-3]$"))
            if isinstance(sub, Tag):
                if sub.get_text(" ", strip=True) == title.get_text(" ", strip=True):
                    anchor = sub.get("id")
                    sub.decompose()
                    if anchor and not title.find(id=anchor):
                        title.insert(0, soup.new_tag("span", attrs={"id": anchor}))
                else:
                    sub["class"] = ["pdf-divider__subtitle"]
                    divider.append(sub.extract())
            intro = _new(soup, "div", "pdf-divider__intro")
            for child in list(index.contents):
                intro.append(child.extract())
            divider.append(intro)
            index.decompose()
        if kind == "chapter-section":
            if settings.years:
                title.insert_after(
                    _new(soup, "p", "pdf-divider__years", spaced_years(settings.years))
                )
            periods = period_cards(soup, part)
            if periods is not None:
                divider.append(periods)


def period_cards(soup: BeautifulSoup, part: Tag) -> Tag | None:
    """Years, title and cover photo of every period in the part, as a grid of cards."""
    cards = _new(soup, "div", "pdf-divider__periods")
    for chapter in part.find_all("section", class_="pdf-kind-chapter"):
        byline = chapter.find(class_="yb-byline")
        years = byline.find(class_="yb-period__years") if isinstance(byline, Tag) else None
        title = chapter.find(class_="pdf-title")
        if not isinstance(years, Tag) or not isinstance(title, Tag):
            continue
        card = _new(soup, "div", "pdf-period-card")
        cover = str(byline.get("data-cover") or "") if isinstance(byline, Tag) else ""
        if cover:
            card.append(soup.new_tag("img", attrs={"data-photo": cover, "alt": ""}))
        card.append(_new(soup, "p", "pdf-period-card__years", spaced_years(years.get_text())))
        name = title.get_text(" ", strip=True)
        name = re.sub(r"^Giai đoạn\s+[\d–-]+\s*[:.]\s*", "", name)
        card.append(_new(soup, "p", "pdf-period-card__title", name))
        cards.append(card)
    count = len(cards.contents)
    columns = count if count <= 4 else 3 if count in (5, 6, 9) else 4  # rows as full as can be
    cards["class"] = [*cards["class"], f"pdf-divider__periods--{columns}"]
    return cards if count else None


def keep_signature(soup: BeautifulSoup, settings: PdfSettings) -> None:
    """The foreword's place, date and signature stay on the page of its last paragraph."""
    foreword = article_of(page_url(settings.foreword), soup)
    if foreword is None or foreword.find(class_="pdf-signoff"):
        return
    paragraphs = foreword.find_all("p", recursive=False)
    tail: list[Tag] = []
    for p in reversed(paragraphs):
        text = p.get_text(" ", strip=True)
        styled = p.find(["em", "strong", "b", "i"])
        whole = styled is not None and styled.get_text(" ", strip=True) == text
        if not text or len(text) > _SIGNATURE_MAX or not whole:
            break
        tail.insert(0, p)
    if not tail:
        return
    block = _new(soup, "div", "pdf-signoff")
    before = tail[0].find_previous_sibling("p")
    tail[0].insert_before(block)
    if isinstance(before, Tag) and before.parent is foreword:
        block.append(before.extract())
    signature = _new(soup, "div", "pdf-signature")
    for p in tail:
        signature.append(p.extract())
    block.append(signature)


def prepare(soup: BeautifulSoup, settings: PdfSettings) -> BeautifulSoup:
    clean_head(soup, settings)
    strip_web_only(soup)
    flatten_tabs(soup)
    drop_home(soup)
    remove_none_text(soup)
    classify(soup, settings)
    build_dividers(soup, settings)  # reads the periods' bylines before the openings use them
    build_openings(soup)
    drop_repeated_photos(soup)
    keep_signature(soup, settings)
    fix_toc(soup, settings)
    page_references(soup)
    typography.apply(soup.body or soup)
    return soup
