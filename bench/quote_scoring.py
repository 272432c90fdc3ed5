"""Quote records: content matched one-to-one by overlap, then speaker, cue and attribution."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Sequence

from .standoff import Span
from .tasks import QUOTE_CONTENT


@dataclass
class Record:
    doc: str
    pieces: list[Span]
    speaker: Span | None
    cue: Span | None
    source: str

    @property
    def chars(self) -> frozenset[int]:
        return frozenset(i for p in self.pieces for i in range(p.start, p.end))

    @property
    def start(self) -> int:
        return min(p.start for p in self.pieces)

    @property
    def key(self) -> frozenset:
        return frozenset((p.start, p.end, p.label) for p in self.pieces)


def records(spans: Sequence[Span]) -> list[Record]:
    """Group content pieces by (document, ``quote`` id); a piece without one is its own record."""
    by_id = {(s.doc, s.id): s for s in spans if s.id}
    groups: dict[tuple[str, str], list[Span]] = defaultdict(list)
    for n, s in enumerate(spans):
        if s.label in QUOTE_CONTENT:
            rid = s.attrs.get("quote")
            groups[(s.doc, rid if isinstance(rid, str) and rid else f"#piece{n}")].append(s)
    out = []
    for (doc, _), pieces in groups.items():
        pieces.sort(key=lambda s: s.start)
        link = lambda name: next((by_id[(doc, p.attrs[name])] for p in pieces if isinstance(p.attrs.get(name), str) and (doc, p.attrs[name]) in by_id), None)  # noqa: E731
        speaker = link("speaker")
        source = next((p.attrs["source"] for p in pieces if isinstance(p.attrs.get("source"), str)), None)
        if source is None and speaker is not None:
            source = speaker.attrs.get("source") or speaker.text
        out.append(Record(doc, pieces, speaker, link("cue"), source or ""))
    return sorted(out, key=lambda r: (r.doc, r.start))


def greedy_match(gold: Sequence, pred: Sequence, overlap) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, pred index) within each document, largest overlap first."""
    pred_by_doc: dict[str, list[int]] = defaultdict(list)
    for j, p in enumerate(pred):
        pred_by_doc[p.doc].append(j)
    pairs = []
    for i, g in enumerate(gold):
        for j in pred_by_doc.get(g.doc, ()):
            o = overlap(g, pred[j])
            if o > 0:
                pairs.append((-o, i, j))
    pairs.sort()
    used_g, used_p, out = set(), set(), []
    for _, i, j in pairs:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            out.append((i, j))
    return out


def span_overlap(a: Span, b: Span) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def _same(a: Span | None, b: Span | None) -> bool:
    return a is not None and b is not None and (a.start, a.end) == (b.start, b.end)


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def attribution(g: Record, p: Record, gold_speakers: Sequence[Span]) -> tuple[bool, bool]:
    """Is a matched record attributed right: strictly (the same speaker mention) and
    leniently (the same source: by name, or by pointing at another mention of it)?"""
    strict = _same(g.speaker, p.speaker)
    same_source = bool(p.source) and _norm(p.source) == _norm(g.source)
    mentions_source = p.speaker is not None and any(
        s.doc == p.doc and span_overlap(s, p.speaker) and _norm(s.attrs.get("source", "")) == _norm(g.source) for s in gold_speakers
    )
    return strict, strict or same_source or mentions_source


def score_quotes(gold: Sequence[Span], pred: Sequence[Span]) -> dict:
    """Record, speaker and cue scores plus attribution accuracy on matched records.

    Returns the figures and, under ``pairs``/``gold_records``/``pred_records``, what
    the per-sentence counts and the error report need.
    """
    g_rec, p_rec = records(gold), records(pred)
    pairs = greedy_match(g_rec, p_rec, lambda a, b: len(a.chars & b.chars))
    exact = sum(1 for i, j in pairs if g_rec[i].key == p_rec[j].key)
    out = {
        "records": {"gold": len(g_rec), "pred": len(p_rec), "matched": len(pairs), "exact": exact},
    }
    for label in ("SPEAKER", "CUE"):
        gs = [s for s in gold if s.label == label]
        ps = [s for s in pred if s.label == label]
        overlap_pairs = greedy_match(gs, ps, span_overlap)
        ex = len({(s.doc, s.start, s.end) for s in gs} & {(s.doc, s.start, s.end) for s in ps})
        out[label.lower()] = {"gold": len(gs), "pred": len(ps), "exact": ex, "overlap": len(overlap_pairs)}
    # attribution on matched records whose gold has a speaker
    gold_speakers = [s for s in gold if s.label == "SPEAKER"]
    strict = lenient = total = 0
    for i, j in pairs:
        if g_rec[i].speaker is None:
            continue
        total += 1
        a, b = attribution(g_rec[i], p_rec[j], gold_speakers)
        strict += a
        lenient += b
    out["attribution"] = {"matched_with_speaker": total, "strict": strict, "lenient": lenient}
    out["_pairs"] = (g_rec, p_rec, pairs)
    return out
