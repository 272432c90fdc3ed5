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
from operator import attrgetter
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple, Sequence

from .standoff import Span

if TYPE_CHECKING:
    import numpy as np

SCHEMES = ("strict", "exact", "partial", "ent_type")
OUTCOMES = ("correct", "wrong_type", "wrong_boundary", "wrong_both", "missed", "spurious")


@dataclass(frozen=True)
class Outcome:
    """One SemEval outcome: a gold span, a predicted span, or a pair, and its kind."""

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


# -- the same counts in whole-array operations ----------------------------------------------

class SpanColumns(NamedTuple):
    """Spans of one side as parallel integer arrays: ``doc`` codes, ``start``/``end`` offsets
    (characters, or token positions: any layout that keeps order and overlaps) and ``label``
    codes shared with the other side. Within a side spans never overlap (the checks of
    :mod:`bench.standoff` and any tag decoding guarantee it)."""

    doc: "np.ndarray"
    start: "np.ndarray"
    end: "np.ndarray"
    label: "np.ndarray"


def span_columns(spans: Sequence[Span], docs: dict[str, int], labels: dict[str, int]) -> SpanColumns:
    """Columns of Span objects; ``docs`` and ``labels`` give (and collect) the codes."""
    import numpy as np

    n = len(spans)
    for codes, field in ((docs, "doc"), (labels, "label")):  # new names get the next codes, in order of appearance
        for name in dict.fromkeys(map(attrgetter(field), spans)):
            codes.setdefault(name, len(codes))
    # map() with attrgetter: no Python code runs per span
    doc = np.fromiter(map(docs.__getitem__, map(attrgetter("doc"), spans)), dtype=np.int64, count=n)
    label = np.fromiter(map(labels.__getitem__, map(attrgetter("label"), spans)), dtype=np.int64, count=n)
    start = np.fromiter(map(attrgetter("start"), spans), dtype=np.int64, count=n)
    end = np.fromiter(map(attrgetter("end"), spans), dtype=np.int64, count=n)
    return SpanColumns(doc, start, end, label)


class _Item(NamedTuple):  # what the one-by-one matchers read of a span
    doc: int
    start: int
    end: int
    label: int


def fast_counts(gold: SpanColumns, pred: SpanColumns) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    """:func:`scheme_counts` and the kinds of :func:`match_spans` (how many of each), identical
    to them but in array operations.

    Spans that share a character form groups (the connected runs of overlapping spans); the
    one-to-one matchers only ever pair spans within a group, so groups are independent. A
    group of one gold span and at most one prediction, or of a lone prediction, is decided
    by comparing bounds and labels; the rare larger groups go through the matchers above.
    """
    import numpy as np

    ng = len(gold.start)
    doc = np.concatenate([gold.doc, pred.doc])
    start = np.concatenate([gold.start, pred.start])
    end = np.concatenate([gold.end, pred.end])
    is_pred = np.arange(len(start)) >= ng
    order = np.lexsort((end, start, doc))
    doc, start, end, is_pred = doc[order], start[order], end[order], is_pred[order]
    # a group starts where a span begins at or after the furthest end seen so far in its document
    width = int(end.max(initial=0)) + 1
    reach = np.maximum.accumulate(doc * width + end)
    new = np.ones(len(start), dtype=bool)
    new[1:] = doc[1:] * width + start[1:] >= reach[:-1]
    group = np.cumsum(new) - 1
    n_groups = int(group[-1]) + 1 if len(group) else 0
    n_pred = np.bincount(group, weights=is_pred, minlength=n_groups).astype(np.int64)
    n_gold = np.bincount(group, minlength=n_groups) - n_pred

    schemes = {s: dict.fromkeys(("COR", "INC", "PAR", "MIS", "SPU"), 0) for s in SCHEMES}
    kinds = dict.fromkeys(OUTCOMES, 0)
    missed = int(np.sum((n_gold == 1) & (n_pred == 0)))
    spurious = int(np.sum((n_gold == 0) & (n_pred == 1)))
    for c in schemes.values():
        c["MIS"] += missed
        c["SPU"] += spurious
    kinds["missed"] += missed
    kinds["spurious"] += spurious

    # one gold span and one prediction: the group's gold and pred, found by position in the sort
    pair = (n_gold == 1) & (n_pred == 1)
    g_of = np.full(n_groups, -1)
    p_of = np.full(n_groups, -1)
    g_of[group[~is_pred]] = order[~is_pred]  # order: each sorted span's index in the input
    p_of[group[is_pred]] = order[is_pred] - ng
    gi, pi = g_of[pair], p_of[pair]
    exact = (gold.start[gi] == pred.start[pi]) & (gold.end[gi] == pred.end[pi])
    same = gold.label[gi] == pred.label[pi]
    n_pair = len(gi)
    cor_strict = int(np.sum(exact & same))
    n_exact, n_same = int(exact.sum()), int(same.sum())
    for scheme, cor, other in (("strict", cor_strict, "INC"), ("exact", n_exact, "INC"),
                               ("partial", n_exact, "PAR"), ("ent_type", n_same, "INC")):
        schemes[scheme]["COR"] += cor
        schemes[scheme][other] += n_pair - cor
    kinds["correct"] += cor_strict
    kinds["wrong_type"] += n_exact - cor_strict
    kinds["wrong_boundary"] += n_same - cor_strict
    kinds["wrong_both"] += n_pair - n_exact - n_same + cor_strict

    rest = (n_gold + n_pred > 1) & ~pair
    if rest.any():
        in_rest = rest[group]
        g_idx = order[in_rest & ~is_pred]
        p_idx = order[in_rest & is_pred] - ng
        items = [[_Item(*map(int, row)) for row in zip(c.doc[i], c.start[i], c.end[i], c.label[i])]
                 for c, i in ((gold, g_idx), (pred, p_idx))]
        for scheme, c in scheme_counts(*items).items():
            for k, v in c.items():
                schemes[scheme][k] += v
        for o in match_spans(*items):
            kinds[o.kind] += 1
    return schemes, kinds
