"""Span-level matching of the SemEval-2013 task 9 schemes (as in nervaluate).

Each predicted span is compared with the gold spans of its document:
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


def match_spans(gold: Sequence[Span], pred: Sequence[Span]) -> list[Outcome]:
    """One outcome per prediction and per gold span left unmatched.

    Gold spans of one task never overlap, so sorted by start they are sorted by end too:
    the candidates of a prediction are found by bisection, in O(n log n) overall.
    """
    by_doc: dict[str, list[Span]] = defaultdict(list)
    for g in gold:
        by_doc[g.doc].append(g)
    starts: dict[str, list[int]] = {}
    for doc, spans in by_doc.items():
        spans.sort(key=lambda g: (g.start, g.end))
        starts[doc] = [g.start for g in spans]
    exact = {(g.doc, g.start, g.end): g for g in gold}
    matched: set[int] = set()
    out: list[Outcome] = []
    for p in sorted(pred, key=lambda s: (s.doc, s.start, s.end)):
        g = exact.get((p.doc, p.start, p.end))
        if g is not None:
            matched.add(id(g))
            out.append(Outcome("correct" if g.label == p.label else "wrong_type", g, p))
            continue
        spans = by_doc.get(p.doc, [])
        k = bisect_left(starts.get(p.doc, []), p.end) - 1
        overlapping = []
        while k >= 0 and spans[k].end > p.start:
            overlapping.append(spans[k])
            k -= 1
        if not overlapping:
            out.append(Outcome("spurious", None, p))
            continue
        # prefer a same-type gold span, then the one sharing the most characters
        g = max(overlapping, key=lambda g: (g.label == p.label, min(g.end, p.end) - max(g.start, p.start), -g.start))
        matched.add(id(g))
        out.append(Outcome("wrong_boundary" if g.label == p.label else "wrong_both", g, p))
    out += [Outcome("missed", g, None) for g in gold if id(g) not in matched]
    return out


def scheme_counts(outcomes: Sequence[Outcome]) -> dict[str, dict[str, int]]:
    """COR/INC/PAR/MIS/SPU per scheme, as nervaluate counts them."""
    table = {
        # outcome:        strict  exact  partial  ent_type
        "correct":        ("COR", "COR", "COR", "COR"),
        "wrong_type":     ("INC", "COR", "COR", "INC"),
        "wrong_boundary": ("INC", "INC", "PAR", "COR"),
        "wrong_both":     ("INC", "INC", "PAR", "INC"),
        "missed":         ("MIS", "MIS", "MIS", "MIS"),
        "spurious":       ("SPU", "SPU", "SPU", "SPU"),
    }
    counts = {s: dict.fromkeys(("COR", "INC", "PAR", "MIS", "SPU"), 0) for s in SCHEMES}
    for o in outcomes:
        for scheme, cat in zip(SCHEMES, table[o.kind]):
            counts[scheme][cat] += 1
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
