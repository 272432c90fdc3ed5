"""Normalising a value phrase ("around 3,000", "six", "more than twenty-five") to its number
and modifier, for systems that find VALUE spans but do not normalise them."""
from __future__ import annotations

import re

from .rules.lexicon_numbers import MODIFIERS, word_number

_DIGITS = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|\.\d+")


def parse_value(text: str) -> tuple[float | None, str]:
    """The number and modifier of a value phrase such as "around 3,000" or "six"."""
    words = text.lower().split()
    modifier = "exact"
    for phrase, mod in sorted(MODIFIERS.items(), key=lambda kv: -len(kv[0])):
        if tuple(words[: len(phrase)]) == phrase:
            modifier, words = mod, words[len(phrase):]
            break
    m = _DIGITS.search(" ".join(words))
    if m:
        number = float(m.group().replace(",", ""))
        scale = word_number([w for w in words if w in ("hundred", "thousand", "million", "billion", "trillion")])
        return number * (scale or 1), modifier
    return word_number([w for w in re.split(r"[\s-]+", " ".join(words)) if w]), modifier
