"""Colour for the print edition: the CMYK output profile, CSS colours and photos in CMYK.

A print house wants every colour already separated for its press: text in
100 % black, the design colours as chosen CMYK values, photos converted
through an ICC profile with a total area coverage (TAC) its press can dry.
The screen and archive editions stay sRGB; only the print edition goes
through this module.

- ``OutputProfile``: the characterised printing condition named in the PDF/X
  output intent. The default, ``fogra39``, is a profile we built from the
  FOGRA39L data under the Zlib licence (see ``profiles/PROVENANCE.md``).
- ``CmykConverter``: sRGB → CMYK for CSS colours (neutral greys become black
  only; the design's own colours come from ``template/print-colours.css``) and
  for photos (Pillow ImageCms, TAC limited afterwards).
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from PIL import Image, ImageCms, ImageMath

PROFILES_DIR = Path(__file__).resolve().parent / "profiles"
TEMPLATE_DIR = Path(__file__).resolve().parent / "template"
PRINT_COLOURS = TEMPLATE_DIR / "print-colours.css"

#: CSS / config names of the ICC rendering intents (Pillow's numbers).
INTENTS = {
    "perceptual": ImageCms.Intent.PERCEPTUAL,
    "relative-colorimetric": ImageCms.Intent.RELATIVE_COLORIMETRIC,
    "relative": ImageCms.Intent.RELATIVE_COLORIMETRIC,
    "saturation": ImageCms.Intent.SATURATION,
    "absolute-colorimetric": ImageCms.Intent.ABSOLUTE_COLORIMETRIC,
}


@dataclass(frozen=True)
class OutputProfile:
    """A CMYK printing condition: the ICC file and how the output intent names it."""

    key: str
    path: Path
    condition: str  # OutputConditionIdentifier (a registered characterisation, or a name)
    info: str  # a description for people
    registry: str = ""  # RegistryName, when ``condition`` is registered (ICC registry)

    @cached_property
    def data(self) -> bytes:
        return self.path.read_bytes()

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @cached_property
    def description(self) -> str:
        return ImageCms.getProfileDescription(self.icc).strip()

    @property
    def icc(self) -> ImageCms.ImageCmsProfile:
        return ImageCms.ImageCmsProfile(io.BytesIO(self.data))


BUILT_IN = {
    "fogra39": (
        "FOGRA39-kyyeu.icc",
        "FOGRA39",
        "Coated FOGRA39 (ISO 12647-2:2004/Amd 1), offset printing on coated paper",
        "http://www.color.org",
    ),
}


def output_profile(name: str, project_dir: Path | None = None) -> OutputProfile:
    """``fogra39`` (built in) or the path of a CMYK output ``.icc`` (relative to the project).

    Raises ValueError with a Vietnamese message when the file is missing or not CMYK.
    """
    key = name.strip()
    if key.lower() in BUILT_IN:
        file, condition, info, registry = BUILT_IN[key.lower()]
        return OutputProfile(key.lower(), PROFILES_DIR / file, condition, info, registry)
    path = Path(key)
    if not path.is_absolute() and project_dir is not None:
        path = project_dir / path
    if not path.is_file():
        known = ", ".join(BUILT_IN)
        raise ValueError(f"không tìm thấy hồ sơ màu '{name}' (dùng {known} hoặc đường dẫn .icc)")
    try:
        icc = ImageCms.getOpenProfile(str(path))
    except (OSError, ImageCms.PyCMSError) as exc:
        raise ValueError(f"'{name}' không phải hồ sơ màu ICC đọc được: {exc}") from None
    if icc.profile.xcolor_space.strip() != "CMYK":
        raise ValueError(f"hồ sơ màu '{name}' không phải CMYK ({icc.profile.xcolor_space.strip()})")
    description = ImageCms.getProfileDescription(icc).strip() or path.stem
    return OutputProfile(path.stem, path, description, description)


def intent(name: str) -> ImageCms.Intent:
    try:
        return INTENTS[name.strip().lower()]
    except KeyError:
        known = ", ".join(k for k in INTENTS if k != "relative")
        raise ValueError(f"cách chuyển màu '{name}' không hợp lệ (dùng {known})") from None


# -- CSS colours --------------------------------------------------------------------------

_HEX = re.compile(r"#([0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3,4})\b")
_RGB = re.compile(r"\brgba?\(\s*([^)]*)\)", re.I)
_NAMED = re.compile(r"(?<![-\w#.])(white|black)(?![-\w])", re.I)
_TOKEN = re.compile(r"--cmyk-([0-9a-fA-F]{6})\s*:\s*(device-cmyk\([^)]*\))")
_NAMED_RGB = {"white": (255, 255, 255), "black": (0, 0, 0)}
#: Declarations that may carry a colour; anything else (font names, URLs, content) is left alone.
_COLOUR_PROPS = re.compile(
    r"(?P<prop>(?:^|[;{\s])(?:color|background(?:-color)?|border(?:-(?:top|right|bottom|left))?"
    r"(?:-color)?|outline(?:-color)?|text-decoration(?:-color)?|column-rule(?:-color)?|"
    r"fill|stroke|box-shadow|text-shadow|caret-color)\s*:)(?P<value>[^;}]*)",
    re.I,
)


def design_tokens(path: Path = PRINT_COLOURS) -> dict[tuple[int, int, int], str]:
    """The design's sRGB colours and the CMYK each prints as (``--cmyk-8e1b14: device-cmyk(…)``)."""
    tokens: dict[tuple[int, int, int], str] = {}
    for hexa, value in _TOKEN.findall(path.read_text("utf-8")):
        tokens[(int(hexa[0:2], 16), int(hexa[2:4], 16), int(hexa[4:6], 16))] = value
    return tokens


def _parse_hex(text: str) -> tuple[tuple[int, int, int], float]:
    if len(text) in (3, 4):
        text = "".join(ch * 2 for ch in text)
    rgb = (int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16))
    alpha = int(text[6:8], 16) / 255 if len(text) == 8 else 1.0
    return rgb, alpha


def _parse_rgb_args(args: str) -> tuple[tuple[int, int, int], float] | None:
    parts = [p for p in re.split(r"[\s,/]+", args.strip()) if p]
    if len(parts) not in (3, 4):
        return None
    channels = []
    for part in parts[:3]:
        try:
            value = float(part[:-1]) * 2.55 if part.endswith("%") else float(part)
        except ValueError:
            return None
        channels.append(max(0, min(255, round(value))))
    alpha = 1.0
    if len(parts) == 4:
        raw = parts[3]
        alpha = float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
    return (channels[0], channels[1], channels[2]), alpha


def _fmt(values: tuple[float, ...]) -> str:
    return " ".join(f"{v:.3f}".rstrip("0").rstrip(".") or "0" for v in values)


class CmykConverter:
    """sRGB → the output profile's CMYK, for CSS colours and for photos."""

    def __init__(
        self,
        profile: OutputProfile,
        rendering_intent: str = "relative-colorimetric",
        tac_percent: float = 300,
        tokens: dict[tuple[int, int, int], str] | None = None,
    ) -> None:
        self.profile = profile
        self.intent_name = rendering_intent
        self.intent = intent(rendering_intent)
        self.tac_percent = float(tac_percent)
        self.tokens = design_tokens() if tokens is None else tokens

    @cached_property
    def _transform(self) -> ImageCms.ImageCmsTransform:
        flags = ImageCms.Flags.BLACKPOINTCOMPENSATION
        return ImageCms.buildTransform(
            ImageCms.createProfile("sRGB"), self.profile.icc, "RGB", "CMYK", self.intent, flags
        )

    @cached_property
    def _black_ramp(self) -> list[float]:
        """L* of K-only tints 0…100 % on this press (for greys printed in black only)."""
        to_lab = ImageCms.buildTransform(
            self.profile.icc, ImageCms.createProfile("LAB", 5000), "CMYK", "LAB", 1
        )
        ramp = Image.new("CMYK", (101, 1))
        ramp.putdata([(0, 0, 0, round(k * 2.55)) for k in range(101)])
        lab = ImageCms.applyTransform(ramp, to_lab)
        return [lab.getpixel((k, 0))[0] / 2.55 for k in range(101)]

    @property
    def key(self) -> str:
        """Identifies the conversion (profile, intent, TAC): photo caches are kept per key."""
        text = f"{self.profile.sha256}:{int(self.intent)}:{self.tac_percent:g}"
        return hashlib.sha256(text.encode()).hexdigest()[:12]

    # CSS ---------------------------------------------------------------------------------

    def cmyk(self, rgb: tuple[int, int, int]) -> tuple[float, float, float, float]:
        """One sRGB colour as CMYK fractions: neutral greys as black only, others by ICC."""
        r, g, b = rgb
        if max(rgb) - min(rgb) <= 3:
            if min(rgb) >= 253:
                return (0.0, 0.0, 0.0, 0.0)
            lightness = _srgb_lightness((r + g + b) / 3)
            ramp = self._black_ramp
            k = min(range(101), key=lambda i: abs(ramp[i] - lightness))
            return (0.0, 0.0, 0.0, k / 100)
        pixel = ImageCms.applyTransform(Image.new("RGB", (1, 1), rgb), self._transform)
        values = [v / 255 for v in pixel.getpixel((0, 0))]
        total = sum(values) * 100
        if total > self.tac_percent:
            c, m, y, k = values
            scale = max(0.0, (self.tac_percent / 100 - k) / max(c + m + y, 1e-6))
            values = [c * scale, m * scale, y * scale, k]
        return (values[0], values[1], values[2], values[3])

    def css_colour(self, rgb: tuple[int, int, int], alpha: float = 1.0) -> str:
        token = self.tokens.get(rgb)
        value = token if token else f"device-cmyk({_fmt(self.cmyk(rgb))})"
        if alpha < 1.0:
            value = value[:-1] + f" / {alpha:g})"
        return value

    def convert_css(self, css: str) -> str:
        """Every sRGB colour in colour properties of ``css`` → ``device-cmyk()``."""

        def value(match: re.Match[str]) -> str:
            text = match["value"]
            text = _HEX.sub(lambda m: self.css_colour(*_parse_hex(m[1])), text)

            def rgb_call(m: re.Match[str]) -> str:
                parsed = _parse_rgb_args(m[1])
                return self.css_colour(*parsed) if parsed else m[0]

            text = _RGB.sub(rgb_call, text)
            text = _NAMED.sub(lambda m: self.css_colour(_NAMED_RGB[m[1].lower()]), text)
            return match["prop"] + text

        return _COLOUR_PROPS.sub(value, css)

    def profile_css(self, url: str) -> str:
        """The output intent for WeasyPrint (``components`` is required by WeasyPrint 70)."""
        # No ``rendering-intent`` descriptor: WeasyPrint 70 misreads it (warns "Unknown
        # descriptor") and device-cmyk() colours are not converted anyway.
        return f'@color-profile device-cmyk {{ src: url("{url}"); components: c, m, y, k; }}'

    # photos ------------------------------------------------------------------------------

    def convert_image(self, image: Image.Image) -> Image.Image:
        """A photo in this press's CMYK (greyscale stays greyscale: black ink only)."""
        if image.mode in ("L", "LA", "I;16", "I"):
            return image.convert("L")
        source = None
        icc = image.info.get("icc_profile")
        if icc:
            try:
                source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            except (OSError, ImageCms.PyCMSError):
                source = None
        rgb = image.convert("RGB")
        if source is not None and source.profile.xcolor_space.strip() == "RGB":
            transform = ImageCms.buildTransform(
                source,
                self.profile.icc,
                "RGB",
                "CMYK",
                self.intent,
                ImageCms.Flags.BLACKPOINTCOMPENSATION,
            )
        else:
            transform = self._transform
        return limit_ink(ImageCms.applyTransform(rgb, transform), self.tac_percent)

    def convert_file(self, source: Path, target: Path, quality: int = 92) -> None:
        """Write ``source`` as a CMYK JPEG at ``target`` atomically.

        No resolution tag is written: a camera's "72 dpi" says nothing about the size the
        photo is printed at (preflight measures that in the PDF).
        """
        with Image.open(source) as image:
            image.load()
            converted = self.convert_image(image)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        converted.save(tmp, "JPEG", quality=quality, optimize=False)
        tmp.replace(target)


def _srgb_lightness(value: float) -> float:
    """CIE L* of an sRGB grey level 0…255."""
    c = value / 255
    linear = c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    return 116 * linear ** (1 / 3) - 16 if linear > 0.008856 else 903.3 * linear


def limit_ink(image: Image.Image, tac_percent: float) -> Image.Image:
    """Scale C, M and Y down where C+M+Y+K exceeds ``tac_percent`` (K is kept: it carries detail)."""
    limit = tac_percent * 2.55
    c, m, y, k = image.split()
    if ink_extrema(image)[1] <= tac_percent:
        return image

    def scale(channel: Image.Image) -> Image.Image:
        return ImageMath.lambda_eval(
            lambda a: a["convert"](
                a["x"]
                * a["min"](
                    a["max"](
                        (a["float"](a["k"]) * -1 + limit)
                        / a["max"](a["float"](a["c"] + a["m"] + a["y"]), 1.0),
                        0.0,
                    ),
                    1.0,
                )
                + 0.5,
                "L",
            ),
            x=channel,
            c=c,
            m=m,
            y=y,
            k=k,
        )

    return Image.merge("CMYK", (scale(c), scale(m), scale(y), k))


def ink_extrema(image: Image.Image, reduce: int = 1) -> tuple[float, float]:
    """Lowest and highest total ink (%) of a CMYK image, optionally box-averaged first."""
    if reduce > 1 and min(image.size) > reduce * 4:
        image = image.reduce(reduce)
    c, m, y, k = image.split()
    total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"], c=c, m=m, y=y, k=k)
    low, high = total.getextrema()
    return low / 2.55, high / 2.55
