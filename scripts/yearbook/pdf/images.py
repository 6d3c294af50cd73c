"""Pick the photo derivative each edition embeds.

The website's ``<img>`` points at a web derivative (and a ``srcset`` WeasyPrint
ignores). For the PDF every photo is resolved through the pipeline's manifest:
the screen edition gets the smallest JPEG that still gives the target dpi at
its printed width, the print edition the 300 dpi print derivative. WebP is
never embedded (WeasyPrint would re-encode it as a lossless PNG).
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import tinycss2
from bs4 import BeautifulSoup, Tag

from ..photos.pipeline import read_manifest
from .settings import MM_PER_INCH

_DERIVED = re.compile(
    r"(?:^|/)(?:web|print)/(?P<id>[^/]+?)(?:-(?P<w>\d+))?\.(?:jpe?g|webp|png|avif)$", re.I
)
PHOTO_ATTRS = ("data-photo", "data-photo-id")
GALLERY_COLUMNS = 3
GALLERY_GAP_MM = 4  # must match the grid gap in styles.scss
FIGURE_GAP_MM = 6  # between a half-width photo and the text beside it (styles.scss)
#: Photos are linked as ``yearbook-photo:web/<id>-960.jpg`` and resolved by ``render``'s
#: URL fetcher: WeasyPrint names each image after the MD5 of its URL, so a ``file://``
#: URL would put the build folder into the PDF and break reproducible releases.
PHOTO_URL = "yearbook-photo:"


def declarations(style: str) -> dict[str, str]:
    """Inline CSS as {property: value}; values may hold ``;`` (data URIs), so parse properly."""
    out: dict[str, str] = {}
    for decl in tinycss2.parse_declaration_list(style, skip_whitespace=True, skip_comments=True):
        if decl.type == "declaration":
            value = tinycss2.serialize(decl.value).strip()
            out[decl.lower_name] = value + (" !important" if decl.important else "")
    return out


def set_style(tag: Tag, styles: dict[str, str]) -> None:
    if styles:
        tag["style"] = "; ".join(f"{k}: {v}" for k, v in styles.items())
    else:
        tag.attrs.pop("style", None)


def load_manifest(photos_dir: Path | None) -> dict[str, dict[str, Any]]:
    data = read_manifest(photos_dir) if photos_dir is not None else None
    return (data or {}).get("photos", {})


def photo_id(img: Tag) -> str | None:
    for attr in PHOTO_ATTRS:
        value = img.get(attr)
        if value:
            return str(value)
    match = _DERIVED.search(str(img.get("src", "")).split("?")[0])
    return match["id"] if match else None


def in_gallery(img: Tag) -> bool:
    for parent in img.parents:
        classes = parent.get("class") or []
        cells = ("gallery", "grid", "__previews", "pdf-period-card")
        if any(cell in c for c in classes for cell in cells):
            return True
    return False


def print_cap_mm(entry: dict[str, Any], print_dpi: int) -> float | None:
    width = (entry.get("print") or {}).get("width") or entry.get("width")
    return width / print_dpi * MM_PER_INCH if width else None


def needed_pixels(width_mm: float, dpi: int) -> int:
    return math.ceil(width_mm / MM_PER_INCH * dpi)


def pick_web(entry: dict[str, Any], min_width: int) -> str | None:
    """Smallest web JPEG at least ``min_width`` wide, else the largest one."""
    variants = sorted((v for v in entry.get("web", []) if v.get("jpeg")), key=lambda v: v["width"])
    if not variants:
        return None
    for variant in variants:
        if variant["width"] >= min_width:
            return variant["jpeg"]
    return variants[-1]["jpeg"]


def resolve_images(
    soup: BeautifulSoup,
    manifest: dict[str, dict[str, Any]],
    photos_dir: Path | None,
    mode: str,
    *,
    text_width_mm: float,
    dpi: int,
    print_dpi: int = 300,
) -> int:
    """Point every archive photo at this edition's derivative; return how many changed.

    Every photo is also capped at the size its print derivative fills at ``print_dpi``
    (in every edition, so that both paginate alike): a small scan is printed small
    rather than blurred.
    """
    changed = 0
    for img in soup.find_all("img"):
        for attr in ("srcset", "sizes", "loading", "decoding"):
            img.attrs.pop(attr, None)
        pid = photo_id(img)
        entry = manifest.get(pid or "")
        if not entry or photos_dir is None:
            if pid and img.get("data-photo") and not img.get("src"):
                img.decompose()  # a template placeholder whose photo is not public
            continue
        cap = print_cap_mm(entry, print_dpi)
        figure = img.find_parent("figure")
        placed = None
        if cap is not None and isinstance(figure, Tag) and is_text_figure(figure):
            placed = figure_size(figure, entry, cap, text_width_mm)
        if mode == "print" and entry.get("print", {}).get("file"):
            rel = entry["print"]["file"]
        else:
            if placed is not None:
                width_mm = placed[0]
            elif in_gallery(img):
                width_mm = text_width_mm / GALLERY_COLUMNS
            else:
                width_mm = text_width_mm
            rel = pick_web(entry, needed_pixels(width_mm, dpi))
            if rel is None:
                continue
        img["src"] = PHOTO_URL + rel
        img["data-photo"] = pid
        if placed is not None and isinstance(figure, Tag):
            place_figure(figure, img, *placed)
        elif cap is not None:
            gap = GALLERY_GAP_MM * (GALLERY_COLUMNS - 1)
            room = (text_width_mm - gap) / GALLERY_COLUMNS if in_gallery(img) else text_width_mm
            styles = declarations(str(img.get("style", "")))
            styles["max-width"] = f"{min(room, cap):.1f}mm"
            set_style(img, styles)
        changed += 1
    pair_half_figures(soup)
    # <picture><source> would win in a browser; WeasyPrint ignores it, drop it for clarity.
    for source in soup.select("picture > source"):
        source.decompose()
    return changed


def is_text_figure(figure: Tag) -> bool:
    """A photo in the run of the text (not a gallery cell, portrait card or thumbnail)."""
    classes = figure.get("class") or []
    if "pdf-opening__photo" in classes:
        return True
    return "yb-figure--figure" in classes and not in_gallery(figure)


def figure_size(
    figure: Tag, entry: dict[str, Any], cap_mm: float, text_width_mm: float
) -> tuple[float, str]:
    """Full text width for a landscape photo with the pixels for it, else half width.

    A photo too small even for half width is set at the size its pixels allow. Returns
    the width in mm and the placement ("full" or "half").
    """
    width, height = entry.get("width") or 0, entry.get("height") or 0
    landscape = width >= height * 1.15
    half = (text_width_mm - FIGURE_GAP_MM) / 2
    if "pdf-opening__photo" in (figure.get("class") or []):
        return min(text_width_mm, cap_mm), "full"
    if landscape and cap_mm >= text_width_mm * 0.98:
        return text_width_mm, "full"
    return min(half, cap_mm), "half"


def place_figure(figure: Tag, img: Tag, size: float, placement: str) -> None:
    """The figure gets the photo's width, so its caption starts and ends with the photo."""
    classes = [c for c in figure.get("class") or [] if not c.startswith("pdf-figure--")]
    figure["class"] = [*classes, f"pdf-figure--{placement}"]
    styles = declarations(str(figure.get("style", "")))
    styles["width"] = f"{size:.1f}mm"
    set_style(figure, styles)
    img_styles = declarations(str(img.get("style", "")))
    img_styles.pop("max-width", None)
    set_style(img, img_styles)


#: Elements a half-width photo can stand beside; before anything else it stands alone.
_PROSE = ("p", "ul", "ol", "blockquote", "dl")


def pair_half_figures(soup: BeautifulSoup) -> None:
    """Half-width photos next to each other share a row; one with no text to run beside it
    (before a heading, at the end of a chapter) is centred instead of floating by a void."""
    for figure in soup.select("figure.pdf-figure--half"):
        if figure.decomposed or "pdf-figure-pair" in (figure.parent.get("class") or []):
            continue
        run = [figure]
        nxt = figure.find_next_sibling()
        while isinstance(nxt, Tag) and "pdf-figure--half" in (nxt.get("class") or []):
            run.append(nxt)
            nxt = nxt.find_next_sibling()
        if len(run) > 1:
            row = soup.new_tag("div", attrs={"class": "pdf-figure-pair"})
            figure.insert_before(row)
            for member in run:
                row.append(member.extract())
        elif not (isinstance(nxt, Tag) and nxt.name in _PROSE):
            figure["class"] = [*(figure.get("class") or []), "pdf-figure--alone"]


def fix_image_sizes(soup: BeautifulSoup) -> None:
    """Turn ``width``/``height``/``align`` attributes into CSS, keeping any inline ``style``.

    Replaces with-pdf's ``fix_image_alignment``, which loses the existing style.
    Archive photos carry their derivative's pixel size for the browser's layout;
    on paper the stylesheet sizes them, so those attributes are dropped.
    """
    for img in soup.find_all("img"):
        if photo_id(img):
            img.attrs.pop("width", None)
            img.attrs.pop("height", None)
        styles = declarations(str(img.get("style", "")))
        align = img.attrs.pop("align", None)
        if align in ("left", "right"):
            side = "right" if align == "left" else "left"
            styles.update({"float": align, f"margin-{side}": "1em", "margin-bottom": "0.5em"})
        for attr in ("width", "height"):
            value = img.attrs.pop(attr, None)
            if value:
                value = str(value)
                styles[attr] = f"{value}px" if value.isdecimal() else value
        set_style(img, styles)
