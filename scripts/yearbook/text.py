"""Vietnamese text helpers: normalisation, ASCII slugs, accent folding, collation.

Vietnamese needs care that generic tools lack: ``đ`` is a letter of its own
(not ``d`` with a mark, so NFD does not remove it), tone marks may sit on
different vowels ("hoà" / "hòa"), and dictionary order is not code-point order.
"""

from __future__ import annotations

import re
import unicodedata

_COMBINING_TONES = {
    "\u0300": 1,  # huyền (grave)
    "\u0309": 2,  # hỏi (hook above)
    "\u0303": 3,  # ngã (tilde)
    "\u0301": 4,  # sắc (acute)
    "\u0323": 5,  # nặng (dot below)
}
# Marks that make a new letter (ă â ê ô ơ ư) rather than a tone.
_LETTER_MARKS = {"\u0306": "\u0306", "\u0302": "\u0302", "\u031b": "\u031b"}

_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]  # fmt: skip
_LETTER_RANK = {letter: i for i, letter in enumerate(_ALPHABET)}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


def fold(text: str) -> str:
    """Lower-case and strip every diacritic, mapping đ→d: "Lãnh đạo" → "lanh dao".

    Used for search (index and query alike) and for slugs, so that readers can
    type without tone marks and both tone placements ("hoà"/"hòa") meet.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).lower()


_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str, separator: str = "-") -> str:
    """An ASCII slug that keeps Vietnamese readable: "Lễ kỷ niệm 1990" → "le-ky-niem-1990".

    Signature matches Python-Markdown's ``toc.slugify`` so it can be used for
    heading anchors too (the default drops đ: "Lãnh đạo" → "lanh-ao").
    """
    return _NON_SLUG.sub(separator, fold(text)).strip(separator)


def _letters(word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Primary key (letters in Vietnamese alphabet order) and secondary key (tones)."""
    primary: list[int] = []
    tones: list[int] = []
    word = word.replace("Đ", "đ").lower()
    for ch in unicodedata.normalize("NFD", word):
        if ch in _COMBINING_TONES:
            tones.append(_COMBINING_TONES[ch])
            continue
        if ch in _LETTER_MARKS and primary:
            base = _ALPHABET[primary[-1]] if primary[-1] < len(_ALPHABET) else ""
            combined = unicodedata.normalize("NFC", base + ch)
            if combined in _LETTER_RANK:
                primary[-1] = _LETTER_RANK[combined]
            continue
        if unicodedata.combining(ch):
            continue
        if ch in _LETTER_RANK:
            primary.append(_LETTER_RANK[ch])
        elif ch.isdigit():
            primary.append(-10 + int(ch))
        else:
            primary.append(100 + ord(ch))
    tone_key = tuple(tones) if tones else (0,)
    return tuple(primary), tone_key


def vi_sort_key(text: str) -> tuple[tuple[tuple[int, ...], ...], tuple[tuple[int, ...], ...]]:
    """Vietnamese dictionary order: a ă â b c d đ e ê …, then tones (ngang huyền hỏi ngã sắc nặng)."""
    words = nfc(text).split()
    keys = [_letters(w) for w in words]
    return tuple(k[0] for k in keys), tuple(k[1] for k in keys)


def person_sort_key(name: str) -> tuple[object, ...]:
    """Order people the Vietnamese way: by given name (the last word), then the rest."""
    words = nfc(name).split()
    if not words:
        return ((), ())
    given, rest = words[-1], " ".join(words[:-1])
    return (vi_sort_key(given), vi_sort_key(rest))
