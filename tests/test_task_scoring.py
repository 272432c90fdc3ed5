"""Span schemes, quote records and numeric attributes on constructed cases with known answers."""
import pytest

from bench.tasks.numeric_claims import score_numeric
from bench.tasks.quotes import score_quotes
from bench.semeval import match_spans, scheme_counts, scheme_scores
from bench.standoff import Span

D = "doc"


def s(start, end, label, id="", task="entities", **attrs):
    return Span(D, task, start, end, label, "", id, attrs)


def test_semeval_schemes_separate_boundary_and_type_errors():
    gold = [s(0, 5, "PERSON"), s(10, 15, "GPE"), s(20, 25, "ORG"), s(30, 35, "LOC")]
    pred = [s(0, 5, "PERSON"),   # correct
            s(10, 15, "ORG"),    # wrong type
            s(20, 23, "ORG"),    # wrong boundary
            s(40, 45, "GPE")]    # spurious; LOC missed
    outcomes = match_spans(gold, pred)
    kinds = sorted(o.kind for o in outcomes)
    assert kinds == ["correct", "missed", "spurious", "wrong_boundary", "wrong_type"]
    scores = scheme_scores(scheme_counts(gold, pred))
    assert (scores["strict"]["COR"], scores["strict"]["INC"]) == (1, 2)
    assert (scores["exact"]["COR"], scores["exact"]["INC"]) == (2, 1)
    assert (scores["partial"]["COR"], scores["partial"]["PAR"]) == (2, 1)
    assert scores["partial"]["precision"] == pytest.approx(2.5 / 4)
    assert (scores["ent_type"]["COR"], scores["ent_type"]["INC"]) == (2, 1)
    assert scores["strict"]["recall"] == pytest.approx(1 / 4)


def q(start, end, label, id, **attrs):
    return s(start, end, label, id, task="quotes", **attrs)


GOLD_Q = [
    q(0, 8, "SPEAKER", "S1", source="Ann Lee"), q(9, 13, "CUE", "C1"),
    q(14, 30, "INDIRECT", "Q1", quote="a", speaker="S1", cue="C1", source="Ann Lee"),
    q(32, 40, "DIRECT", "Q2", quote="a", speaker="S1", cue="C1", source="Ann Lee"),
    q(50, 60, "DIRECT", "Q3", quote="b", speaker="S2", cue=None, source="Bo Chan"),
    q(61, 63, "SPEAKER", "S2", source="Bo Chan"),
]


def test_quote_records_match_by_overlap_and_score_attribution():
    pred = [
        q(0, 8, "SPEAKER", "p1", source="Ann Lee"), q(9, 13, "CUE", "p2"),
        q(14, 40, "INDIRECT", "p3", speaker="p1", cue="p2"),     # one piece covering record a: overlap, not exact
        q(50, 60, "DIRECT", "p4", speaker="p5"), q(61, 63, "SPEAKER", "p5", source="he"),
        q(70, 75, "DIRECT", "p6"),                               # spurious record
    ]
    out = score_quotes(GOLD_Q, pred).figures()
    assert out["records"] == {"gold": 2, "pred": 3, "matched": 2, "exact": 1}
    assert out["speaker"]["exact"] == 2 and out["cue"]["exact"] == 1
    a = out["attribution"]
    assert (a["matched_with_speaker"], a["strict"]) == (2, 2)
    # record b's predicted source "he" differs, but its speaker span is the gold mention of Bo Chan
    assert a["lenient"] == 2


def test_lenient_attribution_accepts_another_mention_of_the_same_source():
    gold = GOLD_Q + [q(80, 83, "SPEAKER", "S3", source="Ann Lee")]
    pred = [q(80, 83, "SPEAKER", "x", source="Ann"), q(14, 30, "INDIRECT", "y", quote="r", speaker="x")]
    a = score_quotes(gold, pred).figures()["attribution"]
    assert (a["strict"], a["lenient"], a["matched_with_speaker"]) == (0, 1, 1)


def v(start, end, label, id, **attrs):
    return s(start, end, label, id, task="numeric_claims", **attrs)


def test_numeric_values_matched_then_attributes_compared():
    gold = [v(0, 12, "VALUE", "V1", number=3000.0, modifier="approx", unit=None, thing="T1"), v(13, 20, "THING", "T1"),
            v(30, 32, "VALUE", "V2", number=30.0, modifier="exact", unit="U1", thing=None), v(33, 36, "UNIT", "U1"),
            v(50, 53, "VALUE", "V3", number=6.0, modifier="exact", unit=None, thing=None)]
    pred = [v(7, 12, "VALUE", "a", number=3000.0, modifier="exact", thing="b"), v(13, 20, "THING", "b"),   # overlap, modifier wrong
            v(30, 32, "VALUE", "c", number=30.02, unit="d"), v(33, 36, "UNIT", "d"),                       # number off by 0.07%
            v(60, 61, "VALUE", "e", number=1.0)]                                                           # spurious; V3 missed
    out = score_numeric(gold, pred).figures()
    assert out["values"] == {"gold": 3, "pred": 3, "matched": 2, "exact": 1}
    acc = out["accuracy"]
    assert acc["number"] == 1.0 and acc["modifier"] == 0.5 and acc["unit"] == 1.0 and acc["thing"] == 1.0
    assert acc["always_exact_modifier"] == 0.5
    far = score_numeric(gold, [v(30, 32, "VALUE", "c", number=31.0)]).figures()
    assert far["accuracy"]["number"] == 0.0
