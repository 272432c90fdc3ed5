"""The harness's seqeval numbers equal seqeval's own, on randomised tag sequences."""
import json
import math
import random

import pytest
from seqeval.metrics import classification_report
from seqeval.scheme import IOB2

from bench.bio import repair_iob2
from bench.scoring import chunks, seqeval_scores

TAGS = ["O", "O", "O", "B-A", "I-A", "B-B", "I-B", "B-C", "I-C"]


def random_case(rng):
    true = [repair_iob2([rng.choice(TAGS[:7]) for _ in range(rng.randint(1, 15))])[0] for _ in range(rng.randint(1, 10))]
    pred = [[rng.choice(TAGS) for _ in t] for t in true]  # invalid sequences included
    return true, pred


def assert_same(ref, mine):
    assert set(ref) == set(mine)
    for key, row in ref.items():
        for a, b in (("precision", "precision"), ("recall", "recall"), ("f1-score", "f1"), ("support", "support")):
            expected = float(row[a])
            if math.isnan(expected):  # seqeval's NaN averages when nothing is predicted or gold
                assert mine[key][b] == 0.0
            else:
                assert mine[key][b] == pytest.approx(expected, abs=1e-12), (key, a)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # seqeval averages over no labels
@pytest.mark.parametrize("seed", range(8))
def test_equal_to_seqeval_in_both_modes(seed):
    rng = random.Random(seed)
    for _ in range(60):
        true, pred = random_case(rng)
        ours = seqeval_scores(true, pred)
        assert_same(classification_report(true, pred, output_dict=True, zero_division=0), ours["default"]["report"])
        strict = classification_report(true, pred, output_dict=True, zero_division=0, mode="strict", scheme=IOB2)
        assert_same(strict, ours["strict"]["report"])


def test_strict_and_default_differ_on_orphan_inside_tags():
    true = [["B-A", "I-A", "O"]]
    pred = [["I-A", "I-A", "O"]]
    ours = seqeval_scores(true, pred)
    assert ours["default"]["report"]["micro avg"]["f1"] == 1.0
    assert ours["strict"]["report"]["micro avg"]["f1"] == 0.0
    assert ours["invalid_tags"] == 1
    assert chunks(["I-A", "I-A"], "default") == {("A", 0, 2)}  # (type, first, end), end exclusive
    assert chunks(["I-A", "I-A"], "strict") == set()


def test_results_are_plain_json_without_nan():
    ours = seqeval_scores([["O", "O"]], [["O", "O"]])
    text = json.dumps(ours, allow_nan=False)
    assert '"f1": 0.0' in text
    assert all(type(v) in (int, float) for v in ours["strict"]["report"]["macro avg"].values())


def test_tags_without_prefix_are_refused():
    with pytest.raises(ValueError, match="not IOB2"):
        seqeval_scores([["B-PER"]], [["PER"]])


def test_invalid_tag_count():
    """Each I-X that continues no X chunk counts once, at the start of a sentence too."""
    scores = seqeval_scores([["O"] * 5, ["O", "O"]], [["O", "I-A", "I-A", "B-B", "I-A"], ["I-B", "I-B"]])
    assert scores["invalid_tags"] == 3
