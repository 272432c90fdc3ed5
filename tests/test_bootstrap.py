"""CIs and the paired test on constructed cases where the answer is known."""
import numpy as np
import pytest

from bench.bootstrap import f1_ci, f1_cis, paired_bootstrap, resampled_f1


def test_identical_units_give_a_degenerate_interval():
    units = [[2, 1, 1]] * 50  # every sentence has F1 2*2/(4+1+1) = 2/3
    lo, hi = f1_ci(units, 2000, seed=1)
    assert lo == pytest.approx(2 / 3) and hi == pytest.approx(2 / 3)


def test_interval_contains_the_estimate_and_narrows_with_more_data():
    rng = np.random.default_rng(3)
    small = rng.integers(0, 4, size=(40, 3))
    large = np.tile(small, (25, 1))
    f1 = lambda u: 2 * u[:, 0].sum() / (2 * u[:, 0].sum() + u[:, 1].sum() + u[:, 2].sum())  # noqa: E731
    lo_s, hi_s = f1_ci(small, 2000, 0)
    lo_l, hi_l = f1_ci(large, 2000, 0)
    assert lo_s <= f1(small) <= hi_s and lo_l <= f1(large) <= hi_l
    # 25x the sentences: the interval shrinks by about sqrt(25) = 5
    assert 3.5 < (hi_s - lo_s) / (hi_l - lo_l) < 7


def test_intervals_drawn_together_are_each_the_one_drawn_alone():
    rng = np.random.default_rng(5)
    a, b = rng.integers(0, 4, size=(300, 3)), rng.integers(0, 9, size=(300, 3))  # 300 x 500 draws: several batches
    assert f1_cis([a, b], 1200, seed=3) == [f1_ci(a, 1200, seed=3), f1_ci(b, 1200, seed=3)]
    assert f1_cis([a, b], 1200, seed=3)[0] != f1_cis([b, a], 1200, seed=3)[0]
    with pytest.raises(ValueError, match="same units"):
        f1_cis([a, b[:-1]], 100)


def test_seeded_and_reproducible():
    units = np.random.default_rng(0).integers(0, 3, size=(100, 3))
    assert f1_ci(units, 500, seed=7) == f1_ci(units, 500, seed=7)
    assert f1_ci(units, 500, seed=7) != f1_ci(units, 500, seed=8)


def test_paired_test_of_a_system_against_itself():
    units = np.random.default_rng(1).integers(0, 3, size=(200, 3))
    t = paired_bootstrap(units, units, 1000)
    assert t.delta == 0 and t.p_value == 1.0 and not t.significant


def test_paired_test_finds_a_clear_improvement_and_not_a_tiny_one():
    rng = np.random.default_rng(2)
    base = rng.integers(0, 3, size=(500, 3))
    better = base.copy()
    better[:, 1] = 0  # no false positives anywhere
    t = paired_bootstrap(better, base, 2000)
    assert t.delta > 0 and t.significant and t.p_value <= 1 / 2000 * 2
    nudged = base.copy()
    nudged[0] = [nudged[0][0] + 1, nudged[0][1], max(nudged[0][2] - 1, 0)]  # one more hit in one sentence
    t2 = paired_bootstrap(nudged, base, 2000)
    assert not t2.significant and t2.ci[0] <= 0 <= t2.ci[1] + 1e-12


def test_resamples_share_draws_between_systems():
    a = [[1, 0, 0], [0, 1, 1]]
    fa, fb = resampled_f1([a, a], 100, seed=0)
    assert np.array_equal(fa, fb)
    with pytest.raises(ValueError):
        resampled_f1([a, a[:1]], 10)


@pytest.mark.parametrize("largest, words", [(1, 1), (15, 1), (10**4, 2), (10**7, 3)])
def test_resampled_f1_is_the_f1_of_the_drawn_units(largest, words):
    """Each resample's F1 is that of the units it drew, with the counts packed into int64
    words in any grouping (one word for small counts, up to one per column for large ones)."""
    from bench.bootstrap import _Summer

    units = np.random.default_rng(4).integers(0, largest + 1, size=(3_000, 3))
    units[0] = largest  # the bound the packing must respect is reached
    assert len(_Summer(units).words) == words
    (f1s,) = resampled_f1([units], 40, seed=5)
    idx = np.random.default_rng(5).integers(0, len(units), size=(40, len(units)))  # the same draws
    sums = units[idx].sum(axis=1)
    expected = 2 * sums[:, 0] / (2 * sums[:, 0] + sums[:, 1] + sums[:, 2])
    assert np.array_equal(f1s, expected)


def test_percentiles_equal_numpy_to_the_bit():
    from bench.bootstrap import percentiles

    rng = np.random.default_rng(6)
    qs = [2.5, 97.5, 0, 100, 50, 33.3, 0.01]
    for n in (1, 2, 3, 7, 40, 999, 10_000):
        for values in (rng.random(n), rng.integers(0, 4, n) / 3, np.full(n, 0.25), rng.normal(size=n)):
            assert percentiles(values, qs) == tuple(np.percentile(values, qs).tolist()), n


def test_batches_drawn_ahead_in_a_thread_are_the_batches_drawn_in_order():
    from bench.bootstrap import _drawn, _drawn_ahead

    sizes = [7, 7, 7, 3]
    ahead = list(_drawn_ahead(np.random.default_rng(11), 1000, sizes, np.int32))
    in_order = list(_drawn(np.random.default_rng(11), 1000, sizes, np.int32))
    assert [a.shape for a in ahead] == [(s, 1000) for s in sizes]
    assert all(np.array_equal(a, b) for a, b in zip(ahead, in_order))


def test_an_error_while_drawing_ahead_reaches_the_caller():
    from bench.bootstrap import _drawn_ahead

    class Broken:
        calls = 0

        def integers(self, *args, **kwargs):
            self.calls += 1
            if self.calls == 2:
                raise MemoryError("no room for the draws")
            return np.zeros((1, 3), dtype=np.int32)

    batches = _drawn_ahead(Broken(), 3, [1, 1, 1], np.int32)
    assert next(batches).shape == (1, 3)
    with pytest.raises(MemoryError, match="no room"):
        next(batches)
