"""Grounding: turning the strings a model wrote into standoff spans of the text.

Pure functions: text and items in, spans and loss counts out.

- Each string is looked up with :func:`.matching.find` (exact, then normalised, then
  fuzzy; settled on canonical token boundaries without edge punctuation).
- The occurrence is chosen by context. Items (entities, quote pieces, values) are taken
  in the model's order, which is the text's order when the model follows the prompt: each
  goes to the first free occurrence at or after the end of the previous item, else to the
  nearest free one before it; a better tier wins over a nearer one. Links go to the free
  occurrence nearest their item: a speaker or cue nearest its quote (a cue also near its
  speaker), a unit or thing nearest its value, preferring one after it.
- Within a task no two spans overlap: an occurrence that overlaps a span already placed is
  not free; a link may share a span with an identical one of the same label (two quotes
  of one speaker, two values of one thing).
- A quote piece is cut at line breaks. A piece whose type the model left open ("mixed")
  is DIRECT when quotation marks enclose it in the text, else INDIRECT.
- Values get ``number`` and ``modifier`` read safely: the model's number when it is a
  finite number (or a string that reads as one), else the number read from the span's
  words; the model's modifier when it is one of the four, else the one its words imply.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any, Sequence

from bench.standoff import Span
from bench.tasks import MODIFIERS

from .losses import Losses
from .matching import FUZZY_THRESHOLD, TIER_RANK, Match, SearchText, find
from .outputs import EntityItem, QuoteItem, ValueItem

OPENING_MARKS = "“‘\"'«„‚"
CLOSING_MARKS = "”’\"'»‟‛"
BEFORE_WEIGHT = 3  # a unit or thing before its value costs three characters for one after it
LINE_WEIGHT = 200  # each line break between a link and its item costs as much as 200 characters
MAX_SOURCE_CHARS = 200


@dataclass(frozen=True)
class Placement:
    start: int
    end: int
    label: str
    id: str


@dataclass
class Placed:
    """The spans placed so far in one task of one text."""

    items: list[Placement] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)

    def free(self, start: int, end: int) -> bool:
        return all(end <= p.start or start >= p.end for p in self.items)

    def same(self, start: int, end: int, label: str) -> Placement | None:
        return next((p for p in self.items if (p.start, p.end, p.label) == (start, end, label)), None)

    def add(self, start: int, end: int, label: str, prefix: str) -> Placement:
        n = self.counters[prefix] = self.counters.get(prefix, 0) + 1
        placement = Placement(start, end, label, f"{prefix}{n}")
        self.items.append(placement)
        return placement


@dataclass
class Grounding:
    spans: list[Span]
    losses: Losses


# -- choosing an occurrence ----------------------------------------------------------------

def rank(m: Match, query: str) -> int:
    """How much a match is trusted. A query in lower case may be the model's lower-casing of
    the text ("two" for "Two"), so its exact and normalised matches rank alike; otherwise an
    exact match outranks a normalised one ("US" is not "us")."""
    if m.tier == "normalised" and query == query.lower():
        return TIER_RANK["exact"]
    return TIER_RANK[m.tier]


def choose_in_order(matches: Sequence[Match], query: str, cursor: int, placed: Placed) -> tuple[Match | None, str]:
    """The occurrence for the next item: the first free one at or after ``cursor`` among the
    best-ranked found there, else the nearest free one before it. Returns ``(match, loss kind if none)``."""
    free = [m for m in matches if placed.free(m.start, m.end)]
    if not free:
        return None, "overlapping" if matches else "ungrounded"
    after = [m for m in free if m.start >= cursor]
    pool = after or free
    best_rank = min(rank(m, query) for m in pool)
    best = [m for m in pool if rank(m, query) == best_rank]
    return (best[0] if after else best[-1]), ""


def distance(text: str, m: Match, lo: int, hi: int, prefer_after: bool) -> int:
    """Characters between ``m`` and the anchor ``[lo, hi)``, weighted by side and line breaks."""
    if m.start >= hi:
        gap, between = m.start - hi, (hi, m.start)
    else:
        gap, between = max(lo - m.end, 0), (m.end, lo)
        if prefer_after:
            gap = gap * BEFORE_WEIGHT + 1
    return gap + LINE_WEIGHT * text.count("\n", *between)


def choose_near(text: str, matches: Sequence[Match], query: str, anchors: Sequence[tuple[int, int]], placed: Placed, label: str,
                prefer_after: bool = False) -> tuple[Match | None, Placement | None, str]:
    """The occurrence of a link nearest its anchors (the first anchor may prefer what follows
    it). Returns ``(match, an identical span already placed or None, loss kind if no match)``."""
    options = []
    for m in matches:
        same = placed.same(m.start, m.end, label)
        if same is None and not placed.free(m.start, m.end):
            continue
        cost = sum(distance(text, m, lo, hi, prefer_after and k == 0) for k, (lo, hi) in enumerate(anchors))
        options.append((rank(m, query), cost, m.start, m, same))
    if not options:
        return None, None, "overlapping" if matches else "unlinked"
    _, _, _, m, same = min(options, key=lambda o: o[:3])
    return m, same, ""


def hull(spans: Sequence[Placement]) -> tuple[int, int]:
    return min(s.start for s in spans), max(s.end for s in spans)


# -- attributes ----------------------------------------------------------------------------

def quote_label(text: str, start: int, end: int) -> str:
    """DIRECT when quotation marks enclose ``[start, end)`` (a comma or stop may stand inside the closing mark)."""
    before = text[:start].rstrip()
    after = text[end:].lstrip()
    if after[:1] in ",.?!" and after[:1]:
        after = after[1:]
    return "DIRECT" if before[-1:] and before[-1] in OPENING_MARKS and after[:1] and after[0] in CLOSING_MARKS else "INDIRECT"


def _finite(x: Any) -> float | None:
    try:
        f = float(x)
    except (OverflowError, ValueError, TypeError):
        return None
    return f if math.isfinite(f) else None


def read_number(raw: Any, surface: str) -> float | None:
    """The model's number if it is one (or a short string that reads as one), else the span's."""
    from baselines.values import parse_value

    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        number = _finite(raw)
        if number is not None:
            return number
    if isinstance(raw, str) and len(raw) <= 64:
        number = _finite(raw.strip().replace(",", ""))
        if number is None:
            number = _finite(parse_value(raw)[0])
        if number is not None:
            return number
    return _finite(parse_value(surface)[0])


def read_modifier(raw: Any, surface: str) -> str:
    from baselines.values import parse_value

    if isinstance(raw, str) and raw.strip().lower() in MODIFIERS:
        return raw.strip().lower()
    return parse_value(surface)[1]


def _source(item: QuoteItem, speaker_text: str | None) -> str | None:
    source = item.source or speaker_text or item.speaker
    return " ".join(source.split())[:MAX_SOURCE_CHARS] or None if source else None


# -- the three tasks -----------------------------------------------------------------------

def _next_match(st: SearchText, query: str, cursor: int, placed: Placed, losses: Losses, threshold: float):
    """The occurrence of ``query`` in document order from ``cursor``, or None with the loss counted."""
    m, why = choose_in_order(find(st, query, threshold), query, cursor, placed)
    if m is None:
        losses.count(why)
        return None
    losses.fuzzy += m.tier == "fuzzy"
    return m


def ground_entities(st: SearchText, items: Sequence[EntityItem], doc: str = "", threshold: float = FUZZY_THRESHOLD) -> Grounding:
    losses, placed, spans = Losses(items=len(items)), Placed(), []
    cursor = 0
    for item in items:
        m = _next_match(st, item.text, cursor, placed, losses, threshold)
        if m is None:
            continue
        p = placed.add(m.start, m.end, item.label, "E")
        spans.append(Span(doc, "entities", p.start, p.end, item.label, st.text[p.start : p.end], p.id))
        cursor = m.end
    return Grounding(spans, losses)


def _link(st: SearchText, placed: Placed, losses: Losses, query: str | None, label: str, prefix: str,
          anchors: Sequence[tuple[int, int]], threshold: float, prefer_after: bool = False) -> Placement | None:
    if query is None:
        return None
    m, same, why = choose_near(st.text, find(st, query, threshold), query, anchors, placed, label, prefer_after)
    if m is None:
        losses.count(why)
        return None
    losses.fuzzy += m.tier == "fuzzy"
    return same or placed.add(m.start, m.end, label, prefix)


def ground_quotes(st: SearchText, items: Sequence[QuoteItem], doc: str = "", threshold: float = FUZZY_THRESHOLD) -> Grounding:
    losses, placed = Losses(items=len(items)), Placed()
    # pass 1: every content piece, so that no speaker or cue lands inside a later quotation
    records: list[tuple[QuoteItem, list[Placement]]] = []
    cursor = 0
    for item in items:
        pieces = []
        for piece in item.pieces:
            m = _next_match(st, piece.text, cursor, placed, losses, threshold)
            if m is None:
                continue
            label = piece.type or quote_label(st.text, m.start, m.end)
            pieces += [placed.add(a, b, label, "Q") for a, b in st.line_pieces(m.start, m.end)]
            cursor = m.end
        if pieces:
            records.append((item, pieces))
    # pass 2: speakers near their quote, cues near both
    spans: list[Span] = []
    speakers: dict[str, Span] = {}
    cues: dict[str, Span] = {}
    for n, (item, pieces) in enumerate(records, 1):
        content = hull(pieces)
        speaker = _link(st, placed, losses, item.speaker, "SPEAKER", "S", [content], threshold)
        cue = _link(st, placed, losses, item.cue, "CUE", "C", [content] + ([(speaker.start, speaker.end)] if speaker else []), threshold)
        source = _source(item, st.text[speaker.start : speaker.end] if speaker else None)
        if speaker and speaker.id not in speakers:
            speakers[speaker.id] = Span(doc, "quotes", speaker.start, speaker.end, "SPEAKER", st.text[speaker.start : speaker.end],
                                        speaker.id, {"source": source})
        if cue and cue.id not in cues:
            cues[cue.id] = Span(doc, "quotes", cue.start, cue.end, "CUE", st.text[cue.start : cue.end], cue.id)
        links = {"quote": f"q{n}", "speaker": speaker.id if speaker else None, "cue": cue.id if cue else None, "source": source}
        spans += [Span(doc, "quotes", p.start, p.end, p.label, st.text[p.start : p.end], p.id, dict(links)) for p in pieces]
    return Grounding(spans + list(speakers.values()) + list(cues.values()), losses)


def ground_values(st: SearchText, items: Sequence[ValueItem], doc: str = "", threshold: float = FUZZY_THRESHOLD) -> Grounding:
    losses, placed = Losses(items=len(items)), Placed()
    values: list[tuple[ValueItem, Placement]] = []
    cursor = 0
    for item in items:
        m = _next_match(st, item.text, cursor, placed, losses, threshold)
        if m is None:
            continue
        values.append((item, placed.add(m.start, m.end, "VALUE", "V")))
        cursor = m.end
    spans: list[Span] = []
    linked: dict[str, Span] = {}
    for item, v in values:
        anchor = [(v.start, v.end)]
        unit = _link(st, placed, losses, item.unit, "UNIT", "U", anchor, threshold, prefer_after=True)
        thing = _link(st, placed, losses, item.thing, "THING", "T", anchor, threshold, prefer_after=True)
        for p in (unit, thing):
            if p and p.id not in linked:
                linked[p.id] = Span(doc, "numeric_claims", p.start, p.end, p.label, st.text[p.start : p.end], p.id)
        surface = st.text[v.start : v.end]
        attrs = {"number": read_number(item.number, surface), "modifier": read_modifier(item.modifier, surface),
                 "unit": unit.id if unit else None, "thing": thing.id if thing else None}
        spans.append(Span(doc, "numeric_claims", v.start, v.end, "VALUE", surface, v.id, attrs))
    return Grounding(spans + list(linked.values()), losses)


GROUNDERS = {"entities": ground_entities, "quotes": ground_quotes, "numeric_claims": ground_values}


def ground(task: str, text: str | SearchText, items: Sequence, doc: str = "", threshold: float = FUZZY_THRESHOLD) -> Grounding:
    """Spans of ``task`` for the items a model returned on ``text``."""
    st = text if isinstance(text, SearchText) else SearchText(text)
    return GROUNDERS[task](st, items, doc, threshold)


# -- documents read in several chunks ------------------------------------------------------

LINKS = ("speaker", "cue", "unit", "thing")


def shift(spans: Sequence[Span], offset: int, prefix: str = "") -> list[Span]:
    """Spans of a chunk moved to document offsets, their ids (and links) prefixed to stay unique."""
    def renamed(attrs: dict) -> dict:
        out = dict(attrs)
        for key in LINKS + ("quote",):
            if out.get(key) is not None:
                out[key] = prefix + out[key]
        return out

    return [replace(s, start=s.start + offset, end=s.end + offset, id=prefix + s.id, attrs=renamed(s.attrs)) for s in spans]


def merge_chunks(chunks: Sequence[Sequence[Span]]) -> tuple[list[Span], int]:
    """One document's spans from its overlapping chunks (in document offsets, unique ids).

    A span identical to one already kept (same offsets and label: the overlap read twice)
    is merged into it and links to it follow; a span overlapping a kept one otherwise is
    dropped, and counted. Returns ``(spans, dropped)``.
    """
    kept: list[Span] = []
    alias: dict[str, str | None] = {}
    quote_alias: dict[str, str] = {}
    dropped = 0
    for chunk in chunks:
        for s in chunk:
            same = next((k for k in kept if (k.start, k.end, k.label) == (s.start, s.end, s.label)), None)
            if same is not None:
                alias[s.id] = same.id
                if "quote" in s.attrs and "quote" in same.attrs:
                    quote_alias.setdefault(s.attrs["quote"], same.attrs["quote"])
            elif any(s.start < k.end and k.start < s.end for k in kept):
                alias[s.id] = None
                dropped += 1
            else:
                kept.append(s)
    out = []
    for s in kept:
        attrs = dict(s.attrs)
        for key in LINKS:
            if attrs.get(key) is not None:
                attrs[key] = alias.get(attrs[key], attrs[key])
        if attrs.get("quote") is not None:
            attrs["quote"] = quote_alias.get(attrs["quote"], attrs["quote"])
        out.append(replace(s, attrs=attrs))
    return out, dropped
