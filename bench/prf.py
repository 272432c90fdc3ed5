"""One additive precision/recall/F1 count (as spaCy's ``PRFScore``): every score in the
harness — seqeval's chunks, the SemEval span schemes, quote records, numeric values,
annotator agreement, bootstrap resamples — is a sum of these.

Counts may be fractional (the SemEval ``partial`` scheme credits half a match). A ratio
with no denominator is 0.0, seqeval's ``zero_division`` default, never NaN.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True, slots=True)
class PRF:
    """TP/FP/FN counts that add up, with precision, recall and F1 read off them."""

    tp: float = 0
    fp: float = 0
    fn: float = 0

    def __add__(self, other: "PRF") -> "PRF":
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        # 2TP / (2TP + FP + FN) equals 2PR / (P + R) and is what the bootstrap computes in bulk
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp + self.fp + self.fn else 0.0

    def scores(self) -> dict[str, float]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1}

    @classmethod
    def of_units(cls, units: Iterable) -> "PRF":
        """The sum of per-unit ``(TP, FP, FN)`` triples."""
        tp = fp = fn = 0
        for a, b, c in units:
            tp += a
            fp += b
            fn += c
        return cls(tp, fp, fn)

    @classmethod
    def matched(cls, n_matched: float, n_gold: float, n_pred: float) -> "PRF":
        """The counts of a one-to-one matching of ``n_pred`` predictions against ``n_gold`` items."""
        return cls(n_matched, n_pred - n_matched, n_gold - n_matched)


def f1_of_counts(counts):
    """F1 of count triples along the last axis of a numpy array (the bootstrap's bulk form of :attr:`PRF.f1`)."""
    import numpy as np

    tp, fp, fn = counts[..., 0], counts[..., 1], counts[..., 2]
    denom = 2 * tp + fp + fn
    return np.divide(2 * tp, denom, out=np.zeros_like(denom, dtype=float), where=denom > 0)
