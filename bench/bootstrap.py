"""Bootstrap confidence intervals and a paired significance test from per-unit counts.

Units are sentences; each carries its (TP, FP, FN). A resample draws units with
replacement and sums their counts, so 10,000 resamples cost a few matrix products,
never a re-scoring.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

from .prf import f1_of_counts

if TYPE_CHECKING:
    import numpy as np

DEFAULT_RESAMPLES = 10_000
ALPHA = 0.05


_f1 = f1_of_counts


class _Summer:
    """Per-resample sums of one system's per-unit (TP, FP, FN), by gathering the drawn units.

    Counts are packed side by side into int64 words, as many to a word as their largest
    possible sum allows (the unit count times the column's largest value), so a resample
    costs one or two gathers instead of three."""

    def __init__(self, units: "np.ndarray"):
        import numpy as np

        widths = [(len(units) * max(int(units[:, k].max(initial=0)), 1)).bit_length() for k in range(3)]
        if int(units.min(initial=0)) < 0:
            widths = [64] * 3  # nothing to pack safely
        groups: list[list[tuple[int, int]]] = [[]]  # per word: (column, shift)
        used = 0
        for k, w in enumerate(widths):
            if groups[-1] and used + w > 63:
                groups.append([])
                used = 0
            groups[-1].append((k, used))
            used += w
        self.words = [(sum((units[:, c] << shift for c, shift in g), np.zeros(len(units), dtype=np.int64)), g) for g in groups]
        self.widths = widths

    def __call__(self, idx: "np.ndarray") -> "np.ndarray":
        import numpy as np

        out = np.empty(idx.shape[:1] + (3,), dtype=np.int64)
        rows = max(1, 250_000 // max(idx.shape[1], 1))  # gathered a few rows at a time: a small temporary
        for packed, group in self.words:
            s = np.concatenate([packed[idx[r : r + rows]].sum(axis=1) for r in range(0, len(idx), rows)])
            for c, shift in group:
                out[:, c] = (s >> shift) & ((1 << self.widths[c]) - 1) if len(group) > 1 else s
        return out


def resampled_f1(systems: list, n_resamples: int = DEFAULT_RESAMPLES, seed: int = 0) -> list["np.ndarray"]:
    """F1 of each resample for each system's per-unit counts; all drawn on the same resamples."""
    import numpy as np

    arrays = [np.asarray(u, dtype=np.int64).reshape(-1, 3) for u in systems]
    n = len(arrays[0])
    if any(len(a) != n for a in arrays):
        raise ValueError("paired systems must be scored on the same units")
    out = [np.zeros(n_resamples) for _ in arrays]
    if n == 0:
        return out
    summers = [_Summer(a) for a in arrays]
    rng = np.random.default_rng(seed)
    chunk = max(1, min(500, 4_000_000 // n))  # resamples per batch: about 32 MB of draws at a time
    sizes = [min(chunk, n_resamples - lo) for lo in range(0, n_resamples, chunk)]
    # int32 draws are the very values int64 ones would be (numpy draws 32 bits for a range
    # this small either way) in half the memory
    dtype = np.int32 if n < 2**31 else np.int64
    batches = (_drawn_ahead if n * n_resamples >= 4_000_000 else _drawn)(rng, n, sizes, dtype)
    lo = 0
    for size in sizes:
        idx = next(batches)
        for o, summed in zip(out, summers):
            o[lo : lo + size] = _f1(summed(idx))
        del idx  # before the next batch is drawn: never more than two batches in memory
        lo += size
    return out


def _drawn(rng, n: int, sizes: list[int], dtype) -> Iterator["np.ndarray"]:
    """The unit indices of each batch of resamples, drawn in order."""
    for size in sizes:
        yield rng.integers(0, n, size=(size, n), dtype=dtype)


def _drawn_ahead(rng, n: int, sizes: list[int], dtype) -> Iterator["np.ndarray"]:
    """:func:`_drawn`, each batch drawn in a worker thread while the one before is summed:
    numpy draws without holding the GIL, and on a large corpus drawing is most of the
    bootstrap's time. One generator draws the same batches in the same order."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        ahead = pool.submit(rng.integers, 0, n, size=(sizes[0], n), dtype=dtype) if sizes else None
        for k in range(len(sizes)):
            idx = ahead.result()  # the batch before is let go here, before the one after is drawn
            if k + 1 < len(sizes):
                ahead = pool.submit(rng.integers, 0, n, size=(sizes[k + 1], n), dtype=dtype)
            yield idx


def percentiles(values: "np.ndarray", qs: list[float]) -> tuple[float, ...]:
    """``numpy.percentile(values, qs)`` (its default, linear method), to the last bit: the
    same index arithmetic and interpolation. numpy's own imports ``numpy.ma`` on first use,
    a fifth of a small ``bench evaluate``'s start-up."""
    import numpy as np

    x = np.sort(np.asarray(values, dtype=float).ravel())
    n = len(x)
    out = []
    for q in qs:
        v = (n - 1) * (q / 100)
        if v >= n - 1:
            out.append(float(x[-1]))
            continue
        lo = max(int(np.floor(v)), 0)
        g = v - lo if v >= 0 else 0.0
        a, b = float(x[lo]), float(x[lo + 1])
        diff = b - a
        out.append(a + diff * g if g < 0.5 else b - diff * (1 - g))
    return tuple(out)


def f1_cis(systems: list, n_resamples: int = DEFAULT_RESAMPLES, seed: int = 0, alpha: float = ALPHA) -> list[tuple[float, float]]:
    """Percentile bootstrap interval of micro F1 for each of several per-unit counts on the
    same units: each interval is the one :func:`f1_ci` gives it alone (the same seed draws
    the same units), with the units drawn once for all."""
    return [(float(lo), float(hi)) for lo, hi in
            (percentiles(f1s, [100 * alpha / 2, 100 * (1 - alpha / 2)]) for f1s in resampled_f1(systems, n_resamples, seed))]


def f1_ci(units, n_resamples: int = DEFAULT_RESAMPLES, seed: int = 0, alpha: float = ALPHA) -> tuple[float, float]:
    """Percentile bootstrap interval of micro F1."""
    return f1_cis([units], n_resamples, seed, alpha)[0]


@dataclass(frozen=True)
class PairedTest:
    """Two systems' F1 on the same units, the CI of their difference and its p-value."""

    f1_a: float
    f1_b: float
    delta: float
    ci: tuple[float, float]
    p_value: float
    n_resamples: int

    @property
    def significant(self) -> bool:
        return self.p_value < ALPHA


def paired_bootstrap(units_a, units_b, n_resamples: int = DEFAULT_RESAMPLES, seed: int = 0) -> PairedTest:
    """Paired bootstrap test of F1(A) - F1(B): both systems are resampled on the same units.

    The two-sided p-value is twice the share of resamples on the far side of zero from the
    observed difference (at least 1/n_resamples when none are, so never exactly 0).
    """
    import numpy as np

    a = np.asarray(units_a, dtype=np.int64).reshape(-1, 3)
    b = np.asarray(units_b, dtype=np.int64).reshape(-1, 3)
    fa, fb = float(_f1(a.sum(0))), float(_f1(b.sum(0)))
    ra, rb = resampled_f1([a, b], n_resamples, seed)
    d = ra - rb
    lo, hi = percentiles(d, [100 * ALPHA / 2, 100 * (1 - ALPHA / 2)])
    if fa == fb and np.all(d == 0):
        p = 1.0
    else:
        far = np.mean(d <= 0) if fa > fb else np.mean(d >= 0)
        p = float(min(1.0, max(2 * far, 1 / n_resamples)))
    return PairedTest(fa, fb, fa - fb, (float(lo), float(hi)), p, n_resamples)
