"""SemEval-2013 span schemes, matched one-to-one as nervaluate 1.2.1 matches them.

``NERVALUATE_CASES`` are the cases of nervaluate's own ``tests/test_strategies.py`` (MIT
licence): the tag sequences and the expected COR/INC/PAR/MIS/SPU of each strategy. The
randomised test compares every count with nervaluate itself.
"""
import random

import pytest

from bench.bio import tags_to_spans
from collections import Counter

from bench.semeval import OUTCOMES, SCHEMES, fast_counts, match_spans, scheme_counts, scheme_scores, span_columns
from bench.standoff import Span
from bench.tokenize import Token

# (test name in nervaluate, scheme, gold tags, predicted tags, (COR, INC, PAR, MIS, SPU))
NERVALUATE_CASES = [
    ('test_perfect_match', 'strict', 'O B-PER I-PER O O O B-ORG I-ORG', 'O B-PER I-PER O O O B-ORG I-ORG', (2, 0, 0, 0, 0)),
    ('test_missed_entity', 'strict', 'O B-PER I-PER O O O B-ORG I-ORG', 'O B-PER I-PER O O O O O', (1, 0, 0, 1, 0)),
    ('test_wrong_label', 'strict', 'O B-PER I-PER O O O B-ORG I-ORG', 'O B-PER I-PER O O O B-LOC I-LOC', (1, 1, 0, 0, 0)),
    ('test_wrong_boundary', 'strict', 'O B-PER I-PER O O O B-ORG I-ORG', 'O B-PER I-PER O O O B-LOC O', (1, 1, 0, 0, 0)),
    ('test_shifted_boundary', 'strict', 'O B-PER I-PER O O O B-ORG I-ORG', 'O B-PER I-PER O O O O B-LOC', (1, 1, 0, 0, 0)),
    ('test_extra_entity', 'strict', 'O B-PER I-PER O O O B-ORG I-ORG', 'O B-PER I-PER O B-PER O B-LOC I-LOC', (1, 1, 0, 0, 1)),
    ('test_perfect_match', 'ent_type', 'O B-PER I-PER O O O B-ORG I-ORG', 'O B-PER I-PER O O O B-ORG I-ORG', (2, 0, 0, 0, 0)),
    ('test_missed_entity', 'ent_type', 'O B-PER I-PER O O O B-ORG I-ORG', 'O B-PER I-PER O O O O O', (1, 0, 0, 1, 0)),
    ('test_wrong_label', 'ent_type', 'O B-PER I-PER O O O B-ORG I-ORG', 'O B-PER I-PER O O O B-LOC I-LOC', (1, 1, 0, 0, 0)),
    ('test_wrong_boundary', 'ent_type', 'O B-PER I-PER O O O B-ORG I-ORG', 'O B-PER I-PER O O O B-LOC O', (1, 1, 0, 0, 0)),
    ('test_shifted_boundary', 'ent_type', 'O B-PER I-PER O O O B-ORG I-ORG', 'O B-PER I-PER O O O O B-LOC', (1, 1, 0, 0, 0)),
    ('test_extra_entity', 'ent_type', 'O B-PER I-PER O O O B-ORG I-ORG', 'O B-PER I-PER O B-PER O B-LOC I-LOC', (1, 1, 0, 0, 1)),
    ('test_perfect_match', 'exact', 'O B-PER I-PER O O O B-ORG I-ORG', 'O B-PER I-PER O O O B-ORG I-ORG', (2, 0, 0, 0, 0)),
    ('test_missed_entity', 'exact', 'O B-PER I-PER O O O B-ORG I-ORG', 'O B-PER I-PER O O O O O', (1, 0, 0, 1, 0)),
    ('test_wrong_label', 'exact', 'O B-PER I-PER O O O B-ORG I-ORG', 'O B-PER I-PER O O O B-LOC I-LOC', (2, 0, 0, 0, 0)),
    ('test_wrong_boundary', 'exact', 'O B-PER I-PER O O O B-ORG I-ORG', 'O B-PER I-PER O O O B-LOC O', (1, 1, 0, 0, 0)),
    ('test_shifted_boundary', 'exact', 'O B-PER I-PER O O O B-ORG I-ORG', 'O B-PER I-PER O O O O B-LOC', (1, 1, 0, 0, 0)),
    ('test_extra_entity', 'exact', 'O B-PER I-PER O O O B-ORG I-ORG', 'O B-PER I-PER O B-PER O B-LOC I-LOC', (2, 0, 0, 0, 1)),
    ('test_perfect_match', 'partial', 'O B-PER I-PER O O O B-ORG I-ORG', 'O B-PER I-PER O O O B-ORG I-ORG', (2, 0, 0, 0, 0)),
    ('test_missed_entity', 'partial', 'O B-PER I-PER O O O B-ORG I-ORG', 'O B-PER I-PER O O O O O', (1, 0, 0, 1, 0)),
    ('test_wrong_label', 'partial', 'O B-PER I-PER O O O B-ORG I-ORG', 'O B-PER I-PER O O O B-LOC I-LOC', (2, 0, 0, 0, 0)),
    ('test_wrong_boundary', 'partial', 'O B-PER I-PER O O O B-ORG I-ORG', 'O B-PER I-PER O O O B-LOC O', (1, 0, 1, 0, 0)),
    ('test_shifted_boundary', 'partial', 'O B-PER I-PER O O O B-ORG I-ORG', 'O B-PER I-PER O O O O B-LOC', (1, 0, 1, 0, 0)),
    ('test_extra_entity', 'partial', 'O B-PER I-PER O O O B-ORG I-ORG', 'O B-PER I-PER O B-PER O B-LOC I-LOC', (2, 0, 0, 0, 1)),
]


def spans(tags: str, doc: str = "d") -> list[Span]:
    """Token i covers characters [2i, 2i + 1): tokens separated by one space."""
    toks = [Token("x", 2 * i, 2 * i + 1) for i in range(len(tags.split()))]
    return [Span(doc, "entities", a, b, label) for a, b, label in tags_to_spans(toks, tags.split())]


@pytest.mark.parametrize("name,scheme,gold,pred,expected", NERVALUATE_CASES, ids=[c[0] + "-" + c[1] for c in NERVALUATE_CASES])
def test_nervaluate_strategy_cases(name, scheme, gold, pred, expected):
    c = scheme_counts(spans(gold), spans(pred))[scheme]
    assert (c["COR"], c["INC"], c["PAR"], c["MIS"], c["SPU"]) == expected


def test_two_predictions_on_one_gold_span_count_one_spurious():
    gold = [Span("d", "entities", 0, 18, "PERSON")]  # "Volodymyr Zelensky"
    pred = [Span("d", "entities", 0, 9, "PERSON"), Span("d", "entities", 10, 18, "PERSON")]
    scores = scheme_scores(scheme_counts(gold, pred))
    for scheme in SCHEMES:
        assert scores[scheme]["possible"] == 1, scheme
        assert scores[scheme]["SPU"] == 1, scheme
    assert scores["ent_type"]["precision"] == pytest.approx(0.5)
    assert scores["ent_type"]["f1"] == pytest.approx(2 / 3)
    kinds = sorted(o.kind for o in match_spans(gold, pred))
    assert kinds == ["spurious", "wrong_boundary"]


def _random_tags(rng: random.Random, n: int) -> list[str]:
    tags, inside = [], None
    for _ in range(n):
        r = rng.random()
        if r < 0.5:
            tags.append("O"); inside = None
        elif inside and r < 0.75:
            tags.append("I-" + inside)
        else:
            inside = rng.choice("ABC"); tags.append("B-" + inside)
    return tags


def test_counts_equal_nervaluate_on_random_documents():
    nervaluate = pytest.importorskip("nervaluate")
    rng = random.Random(7)
    for trial in range(300):
        n_docs = rng.randint(1, 3)
        gold_docs = [_random_tags(rng, rng.randint(1, 25)) for _ in range(n_docs)]
        pred_docs = [_random_tags(rng, len(g)) for g in gold_docs]
        ours_gold, ours_pred, theirs_gold, theirs_pred = [], [], [], []
        for d, (g, p) in enumerate(zip(gold_docs, pred_docs)):
            ours_gold += spans(" ".join(g), f"d{d}")
            ours_pred += spans(" ".join(p), f"d{d}")
            toks = [Token("x", i, i + 1) for i in range(len(g))]
            theirs_gold.append([{"label": l, "start": a, "end": b - 1} for a, b, l in tags_to_spans(toks, g)])
            theirs_pred.append([{"label": l, "start": a, "end": b - 1} for a, b, l in tags_to_spans(toks, p)])
        ref = nervaluate.Evaluator(theirs_gold, theirs_pred, tags=list("ABC"), loader="dict").evaluate()["overall"]
        ours = scheme_scores(scheme_counts(ours_gold, ours_pred))
        for scheme in SCHEMES:
            r, o = ref[scheme], ours[scheme]
            assert (o["COR"], o["INC"], o["PAR"], o["MIS"], o["SPU"]) == (r.correct, r.incorrect, r.partial, r.missed, r.spurious), (trial, scheme)
            assert o["f1"] == pytest.approx(r.f1), (trial, scheme)


def test_outcomes_are_one_to_one_and_add_up():
    rng = random.Random(3)
    for _ in range(200):
        g = _random_tags(rng, 30)
        p = _random_tags(rng, 30)
        gold, pred = spans(" ".join(g)), spans(" ".join(p))
        outcomes = match_spans(gold, pred)
        matched = [o.gold for o in outcomes if o.gold is not None and o.pred is not None]
        assert len(matched) == len(set(map(id, matched)))
        assert sum(o.gold is not None for o in outcomes) == len(gold)
        assert sum(o.pred is not None for o in outcomes) == len(pred)


def test_array_counts_equal_the_one_by_one_matchers():
    """``fast_counts`` (groups of overlapping spans, in array operations) gives exactly the
    counts of ``scheme_counts`` and the outcome kinds of ``match_spans``: on random
    documents with crowded overlaps (one prediction across several gold spans and back),
    across several documents, with shuffled input."""
    rng = random.Random(11)
    big_groups = 0
    for trial in range(1500):
        gold, pred = [], []
        for d in range(rng.randint(1, 3)):
            for side in (gold, pred):
                pos, length = 0, rng.randint(0, 40)
                while True:
                    pos += rng.randint(0, 4)
                    width = rng.randint(1, 5)
                    if pos + width > length:
                        break
                    if rng.random() < 0.6:
                        side.append(Span(f"d{d}", "entities", pos, pos + width, rng.choice("ABC")))
                    pos += width
        rng.shuffle(gold)
        rng.shuffle(pred)
        docs, labels = {}, {}
        schemes, kinds = fast_counts(span_columns(gold, docs, labels), span_columns(pred, docs, labels))
        assert schemes == scheme_counts(gold, pred), trial
        ref = Counter(o.kind for o in match_spans(gold, pred))
        assert kinds == {k: ref.get(k, 0) for k in OUTCOMES}, trial
        def overlaps(a, side):
            return sum(a.doc == b.doc and a.start < b.end and b.start < a.end for b in side)
        big_groups += any(overlaps(p, gold) > 1 for p in pred) or any(overlaps(g, pred) > 1 for g in gold)
    assert big_groups > 200  # the crowded groups the arrays hand to the matchers were exercised
