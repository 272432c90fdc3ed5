"""Numeric claims: VALUE spans matched first, then their attributes and links."""
from __future__ import annotations

import math
from typing import Sequence

from .quote_scoring import greedy_match, span_overlap
from .standoff import Span

# A predicted number is right when within this relative tolerance of the gold number.
NUMBER_RTOL = 1e-3


def linked(span: Span, name: str, index: dict) -> Span | None:
    """The span a link attribute points to, from an index {(doc, id): span}."""
    return index.get((span.doc, span.attrs.get(name)))


def _linked_offsets(span: Span, name: str, index: dict) -> tuple[int, int] | None:
    target = linked(span, name, index)
    return (target.start, target.end) if target is not None else None


def score_numeric(gold: Sequence[Span], pred: Sequence[Span]) -> dict:
    gv = [s for s in gold if s.label == "VALUE"]
    pv = [s for s in pred if s.label == "VALUE"]
    pairs = greedy_match(gv, pv, span_overlap)
    g_index = {(s.doc, s.id): s for s in gold if s.id}
    p_index = {(s.doc, s.id): s for s in pred if s.id}
    acc = dict.fromkeys(("number", "modifier", "unit", "thing", "always_exact_modifier"), 0)
    exact = 0
    for i, j in pairs:
        g, p = gv[i], pv[j]
        exact += (g.start, g.end) == (p.start, p.end)
        gn, pn = g.attrs.get("number"), p.attrs.get("number")
        if isinstance(pn, (int, float)) and not isinstance(pn, bool) and math.isfinite(pn):
            acc["number"] += math.isclose(pn, gn, rel_tol=NUMBER_RTOL, abs_tol=0.0 if gn else 1e-9)
        acc["modifier"] += p.attrs.get("modifier", "exact") == g.attrs.get("modifier")
        acc["always_exact_modifier"] += g.attrs.get("modifier") == "exact"
        acc["unit"] += _linked_offsets(g, "unit", g_index) == _linked_offsets(p, "unit", p_index)
        acc["thing"] += _linked_offsets(g, "thing", g_index) == _linked_offsets(p, "thing", p_index)
    n = len(pairs)
    return {
        "values": {"gold": len(gv), "pred": len(pv), "matched": n, "exact": exact},
        "accuracy": {k: (v / n if n else 0.0) for k, v in acc.items()},
        "correct": acc,
        "number_rtol": NUMBER_RTOL,
        "_pairs": (gv, pv, pairs),
    }
