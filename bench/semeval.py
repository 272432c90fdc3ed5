"""Span-level matching of the SemEval-2013 task 9 schemes (as in nervaluate).

Each predicted span is compared with the gold spans of its document, one-to-one: a gold
span is matched by at most one prediction, exactly as nervaluate 1.2.1 matches them:
- ``strict``: exact boundaries and type;
- ``exact``: exact boundaries, any type;
- ``partial``: overlapping boundaries, any type (a partial match counts one half);
- ``ent_type``: overlapping boundaries and the right type.
Each prediction also gets one outcome for error analysis: correct, wrong_type,
wrong_boundary, wrong_both, spurious; each unmatched gold span is missed.
"""
from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from typing import Sequence

from .standoff import Span

SCHEMES = ("strict", "exact", "partial", "ent_type")
OUTCOMES = ("correct", "wrong_type", "wrong_boundary", "wrong_both", "missed", "spurious")


@dataclass(frozen=True)
class Outcome:
    kind: str
    gold: Span | None
    pred: Span | None


class _DocumentGold:
    """A document's gold spans sorted by start (so by end too: they never overlap), with
    the ones a prediction overlaps found by bisection."""

    def __init__(self, spans: list[Span]):
        self.spans = sorted(spans, key=lambda g: (g.start, g.end))
        self.starts = [g.start for g in self.spans]

    def overlapping(self, p: Span) -> range:
        """Indices of the gold spans sharing a character with ``p``, in document order."""
        hi = bisect_left(self.starts, p.end)
        lo = hi
        while lo > 0 and self.spans[lo - 1].end > p.start:
            lo -= 1
        return range(lo, hi)


def _by_document(gold: Sequence[Span], pred: Sequence[Span]) -> list[tuple[_DocumentGold, list[Span]]]:
    golds: dict[str, list[Span]] = defaultdict(list)
    preds: dict[str, list[Span]] = defaultdict(list)
    for g in gold:
        golds[g.doc].append(g)
    for p in pred:
        preds[p.doc].append(p)
    return [(_DocumentGold(golds.get(doc, [])), sorted(preds.get(doc, []), key=lambda s: (s.start, s.end)))
            for doc in sorted(set(golds) | set(preds))]


def match_spans(gold: Sequence[Span], pred: Sequence[Span]) -> list[Outcome]:
    """One outcome per prediction and per gold span left unmatched, one-to-one.

    Predictions are taken in document order; each takes the gold span with its exact
    boundaries if that is still free, else the free overlapping gold span of its type, else
    any free overlapping one (the most shared characters first). A gold span is matched
    at most once: a second prediction on it is spurious, as in nervaluate.
    """
    out: list[Outcome] = []
    for doc_gold, preds in _by_document(gold, pred):
        taken: set[int] = set()
        for p in preds:
            free = [i for i in doc_gold.overlapping(p) if i not in taken]
            if not free:
                out.append(Outcome("spurious", None, p))
                continue
            spans = doc_gold.spans
            i = max(free, key=lambda i: ((spans[i].start, spans[i].end) == (p.start, p.end), spans[i].label == p.label,
                                         min(spans[i].end, p.end) - max(spans[i].start, p.start), -spans[i].start))
            g = spans[i]
            taken.add(i)
            exact = (g.start, g.end) == (p.start, p.end)
            kind = ("correct" if g.label == p.label else "wrong_type") if exact else ("wrong_boundary" if g.label == p.label else "wrong_both")
            out.append(Outcome(kind, g, p))
        out += [Outcome("missed", g, None) for i, g in enumerate(doc_gold.spans) if i not in taken]
    return out


def _scheme_match(doc_gold: _DocumentGold, preds: list[Span], scheme: str, counts: dict[str, int]) -> None:
    """nervaluate 1.2.1's strategy for one scheme over one document (its ``instance``).

    Predictions in order; each looks at the gold spans not yet matched, in order, and takes
    the first that matches its scheme's way (for ``ent_type``: the same-type overlap with
    the closest boundaries), else the first it overlaps (INC, or PAR for ``partial``), else
    it is SPU. Gold spans never matched are MIS. Only overlapping gold spans can match, so
    the search is over those alone.
    """
    spans = doc_gold.spans
    taken: set[int] = set()
    for p in preds:
        best = first_overlap = None
        best_distance = None
        for i in doc_gold.overlapping(p):
            if i in taken:
                continue
            g = spans[i]
            same_bounds = (g.start, g.end) == (p.start, p.end)
            if scheme == "ent_type":
                if g.label == p.label:
                    distance = abs(p.start - g.start) + abs(p.end - g.end)
                    if best_distance is None or distance < best_distance:
                        best, best_distance = i, distance
                elif first_overlap is None:
                    first_overlap = i
                continue
            if same_bounds and (scheme != "strict" or g.label == p.label):
                best = i
                break
            if first_overlap is None:
                first_overlap = i
        if best is not None:
            taken.add(best)
            counts["COR"] += 1
        elif first_overlap is not None:
            taken.add(first_overlap)
            counts["PAR" if scheme == "partial" else "INC"] += 1
        else:
            counts["SPU"] += 1
    counts["MIS"] += len(spans) - len(taken)


def scheme_counts(gold: Sequence[Span], pred: Sequence[Span]) -> dict[str, dict[str, int]]:
    """COR/INC/PAR/MIS/SPU per scheme, matched one-to-one per document as nervaluate 1.2.1 does."""
    counts = {s: dict.fromkeys(("COR", "INC", "PAR", "MIS", "SPU"), 0) for s in SCHEMES}
    for doc_gold, preds in _by_document(gold, pred):
        for scheme in SCHEMES:
            _scheme_match(doc_gold, preds, scheme, counts[scheme])
    return counts


def scheme_scores(counts: dict[str, dict[str, int]]) -> dict[str, dict]:
    out = {}
    for scheme, c in counts.items():
        possible = c["COR"] + c["INC"] + c["PAR"] + c["MIS"]
        actual = c["COR"] + c["INC"] + c["PAR"] + c["SPU"]
        hits = c["COR"] + (0.5 * c["PAR"] if scheme == "partial" else 0.0)
        p = hits / actual if actual else 0.0
        r = hits / possible if possible else 0.0
        out[scheme] = {**c, "possible": possible, "actual": actual, "precision": p, "recall": r,
                       "f1": 2 * p * r / (p + r) if p + r else 0.0}
    return out
