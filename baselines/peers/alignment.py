"""Snapping another tool's character spans onto the benchmark's canonical tokens."""
from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right

from bench.tokenize import Token, tokenize


def _is_punct(text: str) -> bool:
    return all(unicodedata.category(c).startswith("P") for c in text)


class TokenGrid:
    """A document's canonical tokens, for snapping spans to whole tokens."""

    def __init__(self, text: str):
        self.text = text
        self.tokens: list[Token] = tokenize(text)
        self.starts = [t.start for t in self.tokens]
        self.ends = [t.end for t in self.tokens]

    def snap(self, start: int, end: int) -> tuple[int, int] | None:
        """The whole tokens a span touches, without punctuation at its edges; None if nothing is left."""
        i = bisect_right(self.ends, start)          # first token ending after start
        j = bisect_left(self.starts, end) - 1       # last token starting before end
        while i <= j and _is_punct(self.tokens[i].text):
            i += 1
        while j >= i and _is_punct(self.tokens[j].text):
            j -= 1
        if i > j:
            return None
        return self.tokens[i].start, self.tokens[j].end


def drop_overlaps(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Keep the earliest (then longest) of overlapping spans: a task's spans never overlap."""
    kept: list[tuple[int, int, str]] = []
    for start, end, label in sorted(spans, key=lambda s: (s[0], -s[1])):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end, label))
    return kept


def disjoint(parts: list[tuple[int, int]], taken: list[tuple[int, int]]) -> bool:
    """Whether ``parts`` overlap neither each other nor anything already ``taken``."""
    spans = sorted(parts)
    if any(a[1] > b[0] for a, b in zip(spans, spans[1:])):
        return False
    return not any(a < e and s < b for a, b in parts for s, e in taken)
