"""A normalised view of a text for matching model output against it, with a map back to
the original offsets.

Models copy text imperfectly: they straighten curly quotes, turn dashes into hyphens,
change case and re-space ("Russia ’s", "facts - intelligence"). The normalised view folds
all of that away: quotation marks become ``'`` or ``"``, every dash a hyphen, characters
are NFKC-normalised and case-folded, and whitespace is dropped altogether, so that any
re-spacing of the same characters still matches. Each normalised character remembers the
offset of the original character it came from.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

SINGLE_QUOTES = "‘’‚‛′`´"
DOUBLE_QUOTES = "“”„‟″«»"
DASHES = "‐‑‒–—―−﹘﹣－"


def fold_char(ch: str) -> str:
    """The normalised form of one character (possibly empty or several characters)."""
    if ch.isspace():
        return ""
    if ch in SINGLE_QUOTES:
        return "'"
    if ch in DOUBLE_QUOTES:
        return '"'
    if ch in DASHES:
        return "-"
    return unicodedata.normalize("NFKC", ch).casefold().replace(" ", "")


@dataclass(frozen=True)
class NormalisedText:
    text: str
    # origin[i]: offset in the original text of the character normalised character i came from
    origin: tuple[int, ...]
    # first[j]: index of the first normalised character that comes from original offset >= j
    first: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original ``[start, end)`` that normalised ``[start, end)`` (non-empty) comes from."""
        return self.origin[start], self.origin[end - 1] + 1

    def from_original(self, start: int, end: int) -> str:
        """The normalised form of original ``[start, end)``."""
        return self.text[self.first[start] : self.first[end]]


def normalise(text: str) -> NormalisedText:
    chars: list[str] = []
    origin: list[int] = []
    first: list[int] = []
    for offset, ch in enumerate(text):
        first.append(len(chars))
        for c in fold_char(ch):
            chars.append(c)
            origin.append(offset)
    first.append(len(chars))
    return NormalisedText("".join(chars), tuple(origin), tuple(first))


def fold(text: str) -> str:
    """Just the normalised string (for a query, which needs no offset map)."""
    return "".join(fold_char(ch) for ch in text)
