import random

import pytest

from bench.bio import repair_iob2, tags_to_spans
from bench.corpus import Sentence, sentence_tags
from bench.standoff import Span
from bench.tasks import TASKS
from bench.tokenize import tokenize


@pytest.mark.parametrize("task", list(TASKS))
def test_gold_round_trip_spans_tags_spans_is_exact(corpus, task):
    gold = corpus.task_spans(task)
    tags = sentence_tags(corpus.sentences, gold)
    back = set()
    for sent, sent_tags in zip(corpus.sentences, tags):
        assert len(sent_tags) == len(sent.tokens)
        for start, end, label in tags_to_spans(sent.tokens, sent_tags):
            back.add((sent.doc, start, end, label))
    assert back == {(s.doc, s.start, s.end, s.label) for s in gold}
    assert len(back) == len(gold)


def test_coarse_view_maps_types(corpus):
    tags = sentence_tags(corpus.sentences, corpus.task_spans("entities"), view="conll")
    used = {t[2:] for sent in tags for t in sent if t != "O"}
    assert used <= {"PER", "ORG", "LOC", "MISC"} and "NORP" not in used
    assert "MISC" in used  # NORP -> MISC


def _tags(toks, spans: list[tuple[int, int, str]]) -> list[str]:
    """Tags of one sentence of ``toks`` for character spans (start, end, label)."""
    (tags,) = sentence_tags([Sentence("d", 0, tuple(toks))], [Span("d", "entities", a, b, label) for a, b, label in spans])
    return tags


def test_adjacent_spans_of_one_type_stay_apart():
    toks = tokenize("Iraq Syria")
    tags = _tags(toks, [(0, 4, "GPE"), (5, 10, "GPE")])
    assert tags == ["B-GPE", "B-GPE"]
    assert tags_to_spans(toks, tags) == [(0, 4, "GPE"), (5, 10, "GPE")]


def test_repair_turns_orphan_inside_tags_into_begins():
    fixed, repairs = repair_iob2(["I-PER", "I-PER", "O", "I-LOC", "B-ORG", "I-LOC"])
    assert fixed == ["B-PER", "I-PER", "O", "B-LOC", "B-ORG", "B-LOC"]
    assert [(r.position, r.found, r.fixed) for r in repairs] == [(0, "I-PER", "B-PER"), (3, "I-LOC", "B-LOC"), (5, "I-LOC", "B-LOC")]


def test_repair_refuses_tags_without_prefix():
    with pytest.raises(ValueError, match="PER"):
        repair_iob2(["O", "PER"])


def test_random_valid_sequences_round_trip():
    rng = random.Random(7)
    toks = tokenize(" ".join(f"w{i}" for i in range(30)))
    for _ in range(200):
        tags, _ = repair_iob2([rng.choice(["O", "B-A", "I-A", "B-B", "I-B"]) for _ in toks])
        assert _tags(toks, tags_to_spans(toks, tags)) == tags
