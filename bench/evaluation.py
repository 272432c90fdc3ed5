"""Score one system's predictions for one task: seqeval, span schemes, task figures, CIs."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Sequence

from .bio import make_tag, repair_iob2, tags_to_spans
from .bootstrap import DEFAULT_RESAMPLES, f1_ci
from .corpus import Corpus, Sentence, relabel, sentence_tags, view_label
from .numeric_scoring import score_numeric
from .quote_scoring import score_quotes
from .scoring import seqeval_scores
from .semeval import OUTCOMES, match_spans, scheme_counts, scheme_scores
from .standoff import Span


@dataclass
class Predictions:
    """What a system produced for one task: standoff spans, or IOB2 tags per sentence."""

    spans: list[Span] | None = None
    tags: list[list[str]] | None = None
    dropped_labels: dict[str, int] = field(default_factory=dict)


class UnitIndex:
    """Which sentence (bootstrap unit) a character offset of a document falls in."""

    def __init__(self, sentences: Sequence[Sentence]):
        self.starts: dict[str, list[int]] = {}
        self.ids: dict[str, list[int]] = {}
        for n, sent in enumerate(sentences):
            self.starts.setdefault(sent.doc, []).append(sent.tokens[0].start)
            self.ids.setdefault(sent.doc, []).append(n)

    def __call__(self, doc: str, offset: int) -> int:
        starts = self.starts[doc]
        return self.ids[doc][max(bisect_right(starts, offset) - 1, 0)]


def _unit_counts(n_units: int, tps, fps, fns) -> list[list[int]]:
    """Per-unit [TP, FP, FN] from lists of unit indices."""
    out = [[0, 0, 0] for _ in range(n_units)]
    for k, items in enumerate((tps, fps, fns)):
        for u in items:
            out[u][k] += 1
    return out


def _matched_units(n_units: int, unit_of: UnitIndex, gold: Sequence, pred: Sequence, pairs: Sequence[tuple[int, int]]) -> list[list[int]]:
    """Per-sentence [TP, FP, FN] of a one-to-one matching; each item counts in the sentence it starts in."""
    matched_g = {i for i, _ in pairs}
    matched_p = {j for _, j in pairs}
    return _unit_counts(
        n_units,
        [unit_of(gold[i].doc, gold[i].start) for i, _ in pairs],
        [unit_of(p.doc, p.start) for j, p in enumerate(pred) if j not in matched_p],
        [unit_of(g.doc, g.start) for i, g in enumerate(gold) if i not in matched_g],
    )


def _headline(units: list, n_resamples: int, seed: int) -> dict:
    tp = sum(u[0] for u in units)
    fp = sum(u[1] for u in units)
    fn = sum(u[2] for u in units)
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
    lo, hi = f1_ci(units, n_resamples, seed) if n_resamples else (f1, f1)
    return {"f1": f1, "ci": [lo, hi], "tp": tp, "fp": fp, "fn": fn}


def predicted_spans(corpus: Corpus, task: str, pred: Predictions) -> tuple[list[list[str]] | None, list[Span], list[str]]:
    """The prediction's own tags (if it came as tags), its spans, and the tag repairs applied."""
    if pred.tags is None:
        return None, [s for s in pred.spans or [] if s.task == task], []
    repairs: list[str] = []
    spans = []
    for sent, tags in zip(corpus.sentences, pred.tags):
        fixed, fixes = repair_iob2(tags)
        repairs += [f"{sent.id} token {r.position + 1}: {r.found} -> {r.fixed} ({r.reason})" for r in fixes]
        text = corpus.documents[sent.doc].text
        spans += [Span(sent.doc, task, a, b, label, text[a:b]) for a, b, label in tags_to_spans(sent.tokens, fixed)]
    return [list(t) for t in pred.tags], spans, repairs


def evaluate(corpus: Corpus, task: str, pred: Predictions, view: str = "fine",
             n_resamples: int = DEFAULT_RESAMPLES, seed: int = 0) -> dict:
    """All scores of one task in one view; ``headline`` is seqeval's strict micro F1 with its CI."""
    gold_spans = relabel(corpus.task_spans(task), view)
    gold_tags = sentence_tags(corpus.sentences, gold_spans)
    raw_tags, spans, repairs = predicted_spans(corpus, task, pred)
    spans = relabel(spans, view)
    if raw_tags is None:
        tags = sentence_tags(corpus.sentences, spans)
    else:  # scored as given, so seqeval's two modes see the invalid tags themselves
        tags = [[t if t == "O" else make_tag(t[0], view_label(t[2:], view)) for t in sent] for sent in raw_tags]
    seq = seqeval_scores(gold_tags, tags)
    units = [list(u) for u in seq["strict"]["units"]]
    outcomes = match_spans(gold_spans, spans)
    result = {
        "task": task,
        "view": view,
        "headline": {"metric": "seqeval strict (IOB2) micro F1", **_headline(units, n_resamples, seed)},
        "seqeval": {
            "strict": seq["strict"]["report"],
            "default": seq["default"]["report"],
            "invalid_tags": seq["invalid_tags"],
            "repairs": repairs[:50],
            "repairs_total": len(repairs),
        },
        "spans": scheme_scores(scheme_counts(gold_spans, spans)),
        "outcomes": {k: sum(o.kind == k for o in outcomes) for k in OUTCOMES},
        "dropped_labels": dict(pred.dropped_labels),
        "units": units,
    }
    unit_of = UnitIndex(corpus.sentences)
    n = len(corpus.sentences)
    if task == "quotes":
        q = score_quotes(gold_spans, spans)
        q["records"]["f1"] = _headline(_matched_units(n, unit_of, *q.pop("_pairs")), n_resamples, seed)
        for name in ("speaker", "cue"):
            c = q[name]
            for kind in ("exact", "overlap"):
                c[f"{kind}_f1"] = 2 * c[kind] / (c["gold"] + c["pred"]) if c["gold"] + c["pred"] else 0.0
        a = q["attribution"]
        a["strict_accuracy"] = a["strict"] / a["matched_with_speaker"] if a["matched_with_speaker"] else 0.0
        a["lenient_accuracy"] = a["lenient"] / a["matched_with_speaker"] if a["matched_with_speaker"] else 0.0
        result["quotes"] = q
    if task == "numeric_claims":
        m = score_numeric(gold_spans, spans)
        m["values"]["f1"] = _headline(_matched_units(n, unit_of, *m.pop("_pairs")), n_resamples, seed)
        result["numeric"] = m
    return result
