"""One-to-one matching of items by overlap, within each document (quote records, values)."""
from __future__ import annotations

from collections import defaultdict
from typing import Callable, Sequence


def span_overlap(a, b) -> int:
    """Characters two spans share."""
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def greedy_match(gold: Sequence, pred: Sequence, overlap: Callable = span_overlap) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, pred index) within each document, largest overlap first."""
    pred_by_doc: dict[str, list[int]] = defaultdict(list)
    for j, p in enumerate(pred):
        pred_by_doc[p.doc].append(j)
    candidates = []
    for i, g in enumerate(gold):
        for j in pred_by_doc.get(g.doc, ()):
            o = overlap(g, pred[j])
            if o > 0:
                candidates.append((-o, i, j))
    candidates.sort()
    used_g, used_p, out = set(), set(), []
    for _, i, j in candidates:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            out.append((i, j))
    return out
