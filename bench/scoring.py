"""Token-level (seqeval) scoring from per-sentence counts.

seqeval is the reference: every number here equals seqeval's ``classification_report`` on
the same tags (tests compare them on randomised sequences). The harness counts chunks per
sentence itself, rather than calling seqeval, so that the bootstrap can resample sentences
from their TP/FP/FN counts without re-scoring.

seqeval traps handled on purpose:
- ``mode='strict'`` is ignored unless ``scheme=IOB2`` is also given: ``strict`` here is
  always the IOB2 scheme;
- in strict mode an ``I-X`` that does not continue an ``X`` chunk is dropped, in default
  mode it starts a chunk: both are computed and the invalid tags counted;
- a tag without a ``B-``/``I-`` prefix would be mis-typed by seqeval: it is refused;
- seqeval's dict output holds numpy ints and NaN averages when there are no entities:
  results here are plain ints and floats, with 0.0 where a ratio has no denominator
  (seqeval's ``zero_division`` default).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

from .bio import chunks as decode_chunks
from .prf import PRF

MODES = ("strict", "default")


def chunks(tags: Sequence[str], mode: str = "strict") -> set[tuple[str, int, int]]:
    """Chunks ``(type, first, end)`` of one sentence's IOB2 tags, as seqeval reads them in
    ``mode`` (``default``: conlleval; ``strict``: the IOB2 scheme), by :func:`bench.bio.chunks`."""
    return set(decode_chunks(tags, "conlleval" if mode == "default" else "strict"))


def invalid_tags(tags: Sequence[str]) -> int:
    """How many ``I-X`` tags do not continue an ``X`` chunk (repaired to ``B-X`` in default mode)."""
    n, prev = 0, "O"
    for tag in tags:
        if tag.startswith("I-") and prev[2:] != tag[2:]:
            n += 1
        prev = tag
    return n


@dataclass
class Counts:
    """TP/FP/FN per label for one unit (sentence)."""

    tp: dict[str, int] = field(default_factory=dict)
    fp: dict[str, int] = field(default_factory=dict)
    fn: dict[str, int] = field(default_factory=dict)

    def add(self, label: str, kind: str, n: int = 1) -> None:
        d = getattr(self, kind)
        d[label] = d.get(label, 0) + n

    @property
    def labels(self) -> set[str]:
        return set(self.tp) | set(self.fp) | set(self.fn)

    def total(self) -> tuple[int, int, int]:
        return sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values())


def unit_counts(true: Sequence[str], pred: Sequence[str], mode: str = "strict") -> Counts:
    if len(true) != len(pred):
        raise ValueError(f"tag sequences differ in length: {len(true)} gold vs {len(pred)} predicted")
    t, p = chunks(true, mode), chunks(pred, mode)
    c = Counts()
    for typ, *_ in t & p:
        c.add(typ, "tp")
    for typ, *_ in p - t:
        c.add(typ, "fp")
    for typ, *_ in t - p:
        c.add(typ, "fn")
    return c


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    return PRF(tp, fp, fn).scores()


def report(units: Iterable[Counts]) -> dict:
    """seqeval's ``classification_report(output_dict=True)`` from per-unit counts.

    Per label P/R/F1/support; ``micro avg``, ``macro avg`` (unweighted mean of the
    per-label figures) and ``weighted avg`` (weighted by support), over the labels seen in
    gold or prediction, like seqeval.
    """
    tp: dict[str, int] = {}
    fp: dict[str, int] = {}
    fn: dict[str, int] = {}
    for u in units:
        for src, dst in ((u.tp, tp), (u.fp, fp), (u.fn, fn)):
            for k, v in src.items():
                dst[k] = dst.get(k, 0) + v
    labels = sorted(set(tp) | set(fp) | set(fn))
    out: dict[str, dict] = {}
    for label in labels:
        a, b, c = tp.get(label, 0), fp.get(label, 0), fn.get(label, 0)
        out[label] = {**prf(a, b, c), "support": a + c, "tp": a, "fp": b, "fn": c}
    T, F, N = sum(tp.values()), sum(fp.values()), sum(fn.values())
    support = T + N
    out["micro avg"] = {**prf(T, F, N), "support": support, "tp": T, "fp": F, "fn": N}
    for name in ("macro avg", "weighted avg"):
        avg = {}
        for metric in ("precision", "recall", "f1"):
            values = [out[label][metric] for label in labels]
            if not labels:
                avg[metric] = 0.0  # seqeval gives NaN here, which JSON cannot carry
            elif name == "macro avg":
                avg[metric] = sum(values) / len(values)
            else:
                weights = [out[label]["support"] for label in labels]
                avg[metric] = sum(v * w for v, w in zip(values, weights)) / support if support else 0.0
        out[name] = {**avg, "support": support}
    return out


def seqeval_scores(true: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> dict:
    """Both modes' reports and the per-unit counts behind them (for the bootstrap)."""
    if len(true) != len(pred):
        raise ValueError(f"{len(true)} gold sentences vs {len(pred)} predicted")
    out = {"invalid_tags": sum(invalid_tags(p) for p in pred)}
    for mode in MODES:
        units = [unit_counts(t, p, mode) for t, p in zip(true, pred)]
        out[mode] = {"report": report(units), "units": [u.total() for u in units]}
    return out
