"""Where a string the model wrote occurs in the text.

Three tiers, tried in order (``find``):

1. **exact**: the string itself (and the string without edge punctuation or quotation
   marks, which models often copy along or change);
2. **normalised**: the same after folding quotation marks, dashes, whitespace and case
   (:mod:`.textnorm`), mapped back to original offsets;
3. **fuzzy**: only when neither finds anything, spans of whole canonical tokens whose
   normalised text scores at least ``FUZZY_THRESHOLD`` against the normalised string with
   rapidfuzz's ``ratio`` (an indel similarity, 0-100), best-scoring first, non-overlapping.

Every match is *settled*: widened to canonical token boundaries, then stripped of leading
and trailing tokens that are punctuation or quotation marks. An exact or normalised
occurrence that settling would widen (``"Russia"`` inside ``"Russian"``) is no match at
that tier; the fuzzy tier judges it by its score.
"""
from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from bench.tokenize import Token, tokenize

from .textnorm import fold, normalise

FUZZY_THRESHOLD = 85.0
MIN_FUZZY_CHARS = 3  # below this a fuzzy score says nothing ("he" would match "the")
MAX_QUERY_CHARS = 20_000  # a longer "span" is no span: refused without searching
TIERS = ("exact", "normalised", "fuzzy")
TIER_RANK = {t: i for i, t in enumerate(TIERS)}
KEEP_AT_EDGE = frozenset("%")  # punctuation by Unicode category, but a unit of its own


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    tier: str
    score: float = 100.0


def is_edge_junk(token: str) -> bool:
    """A token that never begins or ends a span: punctuation and quotation marks only."""
    return all(unicodedata.category(c).startswith("P") and c not in KEEP_AT_EDGE for c in token)


def strip_edges(text: str) -> str:
    """``text`` without surrounding whitespace, punctuation and quotation marks (unchanged if nothing would remain)."""
    lo, hi = 0, len(text)
    while lo < hi and (text[lo].isspace() or is_edge_junk(text[lo])):
        lo += 1
    while hi > lo and (text[hi - 1].isspace() or is_edge_junk(text[hi - 1])):
        hi -= 1
    return text[lo:hi] if lo < hi else text.strip()


class SearchText:
    """A text prepared once for many searches: its tokens and its normalised view."""

    def __init__(self, text: str):
        self.text = text
        self.tokens: list[Token] = tokenize(text)
        self.starts = [t.start for t in self.tokens]
        self.ends = [t.end for t in self.tokens]
        self.norm = normalise(text)
        # tokens that may begin or end a span
        self.content = [i for i, t in enumerate(self.tokens) if not is_edge_junk(t.text)]

    def settle(self, start: int, end: int) -> tuple[int, int] | None:
        """``[start, end)`` widened to token boundaries, minus edge punctuation tokens; None if nothing is left."""
        first = bisect_right(self.ends, start)  # first token ending after start
        last = bisect_left(self.starts, end) - 1  # last token starting before end
        while first <= last and is_edge_junk(self.tokens[first].text):
            first += 1
        while last >= first and is_edge_junk(self.tokens[last].text):
            last -= 1
        if first > last:
            return None
        return self.tokens[first].start, self.tokens[last].end

    def line_pieces(self, start: int, end: int) -> list[tuple[int, int]]:
        """``[start, end)`` cut at line breaks, each piece settled (a span never crosses a line)."""
        pieces = []
        lo = start
        while lo < end:
            nl = self.text.find("\n", lo, end)
            hi = end if nl < 0 else nl
            settled = self.settle(lo, hi) if hi > lo else None
            if settled:
                pieces.append(settled)
            lo = hi + 1
        return pieces


def _occurrences(haystack: str, needle: str):
    pos = haystack.find(needle)
    while pos >= 0:
        yield pos, pos + len(needle)
        pos = haystack.find(needle, pos + 1)


def _settled_inside(st: SearchText, start: int, end: int) -> tuple[int, int] | None:
    """The settled span if settling only trims ``[start, end)``; None if it would have to widen it."""
    settled = st.settle(start, end)
    if settled and settled[0] >= start and settled[1] <= end:
        return settled
    return None


def find_exact(st: SearchText, variants: list[str]) -> list[Match]:
    found = {}
    for q in variants:
        for a, b in _occurrences(st.text, q):
            settled = _settled_inside(st, a, b)
            if settled:
                found.setdefault(settled, Match(*settled, "exact"))
    return list(found.values())


def find_normalised(st: SearchText, variants: list[str]) -> list[Match]:
    found = {}
    for q in dict.fromkeys(fold(v) for v in variants):
        if not q:
            continue
        for a, b in _occurrences(st.norm.text, q):
            settled = _settled_inside(st, *st.norm.to_original(a, b))
            if settled:
                found.setdefault(settled, Match(*settled, "normalised"))
    return list(found.values())


def find_fuzzy(st: SearchText, query: str, threshold: float = FUZZY_THRESHOLD) -> list[Match]:
    """Token spans scoring at least ``threshold``; overlapping ones keep only the best."""
    from rapidfuzz import fuzz

    q = fold(strip_edges(query))
    if len(q) < MIN_FUZZY_CHARS or not st.norm.text:
        return []
    if fuzz.partial_ratio(q, st.norm.text, score_cutoff=threshold) == 0:
        return []  # nothing anywhere comes close: skip the window scan
    # ratio = 2M / (len(q) + len(w)) >= t/100 bounds the window's length
    lo_len = len(q) * threshold / (200 - threshold)
    hi_len = len(q) * (200 - threshold) / threshold
    first = st.norm.first
    candidates = []
    content = st.content
    for a, i in enumerate(content):
        begin = first[st.tokens[i].start]
        for j in content[a:]:
            length = first[st.tokens[j].end] - begin
            if length > hi_len:
                break
            if length < lo_len:
                continue
            score = fuzz.ratio(q, st.norm.text[begin : begin + length], score_cutoff=threshold)
            if score:
                candidates.append(Match(st.tokens[i].start, st.tokens[j].end, "fuzzy", score))
    candidates.sort(key=lambda m: (-m.score, abs((m.end - m.start) - len(query)), m.start))
    kept: list[Match] = []
    for m in candidates:
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    return kept


def find(st: SearchText, query: str, threshold: float = FUZZY_THRESHOLD) -> list[Match]:
    """Every place ``query`` may refer to, in text order: exact and normalised matches, or
    else fuzzy ones. Empty when the string is nowhere (or absurdly long)."""
    query = query.strip()
    if not query or len(query) > MAX_QUERY_CHARS or len(query) > 2 * len(st.text) + 50:
        return []
    variants = list(dict.fromkeys([query, strip_edges(query)]))
    found: dict[tuple[int, int], Match] = {}
    for m in find_exact(st, variants) + find_normalised(st, variants):
        found.setdefault((m.start, m.end), m)
    if not found:
        for m in find_fuzzy(st, query, threshold):
            found.setdefault((m.start, m.end), m)
    return sorted(found.values(), key=lambda m: (m.start, m.end))
