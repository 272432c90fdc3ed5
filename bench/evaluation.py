"""Score one system's predictions for one task: seqeval, span schemes, the task's own figures, CIs."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from typing import Sequence

from .bio import CorpusChunks, EncodedTags, corpus_chunks, encode_tags, repair_messages, tag_codes
from .bootstrap import DEFAULT_RESAMPLES, f1_cis
from .corpus import Corpus, Sentence, relabel
from .prf import PRF
from .scoring import encoded_scores
from .semeval import Outcome, SpanColumns, fast_counts, match_spans, scheme_scores, span_columns
from .standoff import Span
from .tasks import TaskScores, get_task


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


REPAIRS_SHOWN = 50  # repair lines kept in a result; the total is kept too


def _headlines(unit_lists: list[list], n_resamples: int, seed: int) -> list[dict]:
    """F1 with its CI and counts for each list of per-sentence counts (the CIs drawn together,
    each as it would be alone)."""
    counts = [PRF.of_units(units) for units in unit_lists]
    cis = f1_cis(unit_lists, n_resamples, seed) if n_resamples else [(c.f1, c.f1) for c in counts]
    return [{"f1": c.f1, "ci": list(ci), "tp": c.tp, "fp": c.fp, "fn": c.fn} for c, ci in zip(counts, cis)]


@dataclass
class _TagPrediction:
    """A prediction that came as tags: its codes on the layout, and the chunks conlleval's reading finds."""

    codes: EncodedTags
    chunks: CorpusChunks


def _read_tags(corpus: Corpus, tags: list[list[str]]) -> _TagPrediction:
    lengths = corpus.layout.lengths
    if list(map(len, tags)) != lengths.tolist():
        raise ValueError(f"tags for {len(tags)} sentences do not fit the corpus's {len(lengths)} sentences, one tag per token")
    codes = encode_tags(tags, tag_codes(set(chain.from_iterable(tags)), "conlleval"))
    return _TagPrediction(codes, corpus_chunks(codes, "conlleval"))


def _repairs(corpus: Corpus, read: _TagPrediction, tags: list[list[str]], limit: int | None = None) -> list[str]:
    return [f"{corpus.sentences[n].id} token {r.position + 1}: {r.found} -> {r.fixed} ({r.reason})"
            for n, r in repair_messages(read.chunks, tags, limit)]


def _tag_spans(corpus: Corpus, task: str, read: _TagPrediction) -> list[Span]:
    found = read.chunks
    doc, a, b = corpus.layout.chunk_offsets(found)
    names, docs = found.type_names, corpus.layout.doc_names
    texts = [corpus.documents[d].text for d in docs]
    return [Span(docs[d], task, x, y, names[t], texts[d][x:y]) for d, x, y, t in zip(doc.tolist(), a.tolist(), b.tolist(), found.types.tolist())]


def predicted_spans(corpus: Corpus, task: str, pred: Predictions) -> tuple[list[list[str]] | None, list[Span], list[str]]:
    """The prediction's own tags (if it came as tags), its spans, and the tag repairs applied."""
    if pred.tags is None:
        return None, [s for s in pred.spans or [] if s.task == task], []
    read = _read_tags(corpus, pred.tags)
    return pred.tags, _tag_spans(corpus, task, read), _repairs(corpus, read, pred.tags)


class DeferredSpans(Sequence[Span]):
    """Spans made when first read: a prediction scored from its tags is counted on arrays, and
    a million of its chunks become Span objects only if an analysis asks for them."""

    def __init__(self, make):
        self._make = make
        self._spans: list[Span] | None = None

    def _get(self) -> list[Span]:
        if self._spans is None:
            self._spans, self._make = self._make(), None
        return self._spans

    def __len__(self) -> int:
        return len(self._get())

    def __getitem__(self, i):
        return self._get()[i]

    def __iter__(self):
        return iter(self._get())


@dataclass
class Evaluation:
    """Every score of one task in one view, typed: what ``bench.evaluate`` returns. The
    matchings behind the figures travel with it (``outcomes``, ``task_scores``), so an error
    analysis reads the pairs the scorer made instead of making its own."""

    task: str
    view: str
    headline: dict
    seqeval: dict
    spans: dict
    outcome_counts: dict[str, int]  # how many of each outcome kind (bench.semeval.OUTCOMES)
    units: list[list[int]]
    dropped_labels: dict[str, int]
    task_scores: TaskScores | None = None
    task_figures: dict = field(default_factory=dict)
    gold_spans: list[Span] = field(default_factory=list)  # in the view, as matched
    pred_spans: list[Span] = field(default_factory=list)

    @property
    def f1(self) -> float:
        return self.headline["f1"]

    @cached_property
    def outcomes(self) -> list[Outcome]:
        """One outcome per prediction and per missed gold span, paired; made when first asked
        for (scoring needs only their counts, which these reproduce)."""
        return match_spans(self.gold_spans, self.pred_spans)

    def to_dict(self) -> dict:
        """The scores as stored in a result file."""
        out = {
            "task": self.task,
            "view": self.view,
            "headline": {"metric": "seqeval strict (IOB2) micro F1", **self.headline},
            "seqeval": self.seqeval,
            "spans": self.spans,
            "outcomes": dict(self.outcome_counts),
            "dropped_labels": dict(self.dropped_labels),
            "units": self.units,
        }
        if self.task_scores is not None:
            out[self.task_scores.section] = self.task_figures
        return out


def evaluate(corpus: Corpus, task: str, pred: Predictions, view: str = "fine",
             n_resamples: int = DEFAULT_RESAMPLES, seed: int = 0) -> Evaluation:
    """All scores of one task in one view; the headline is seqeval's strict micro F1 with its CI."""
    import numpy as np

    t = get_task(task)
    gold_spans = relabel(corpus.task_spans(task), view)
    layout = corpus.layout
    docs = {name: k for k, name in enumerate(layout.doc_names)}
    label_codes: dict[str, int] = {}
    gold_columns = span_columns(gold_spans, docs, label_codes)
    if pred.tags is None:
        spans = relabel([s for s in pred.spans or [] if s.task == task], view)
        repairs: list[str] = []
        repairs_total = 0
        pred_columns = span_columns(spans, docs, label_codes)
        labels = sorted(label_codes)
        gold_codes, pred_codes = layout.codes(gold_spans, labels), layout.codes(spans, labels)
    else:  # the tags as given, in the view's labels, so seqeval's two modes see invalid tags themselves
        read = _read_tags(corpus, pred.tags)
        repairs = _repairs(corpus, read, pred.tags, REPAIRS_SHOWN)  # a line each for the first few; all are counted
        repairs_total = int(read.chunks.opened_inside.sum())
        spans = DeferredSpans(lambda: relabel(_tag_spans(corpus, task, read), view))
        in_view = [t.view_label(name, view) for name in read.codes.type_names]
        doc, a, b = layout.chunk_offsets(read.chunks)
        view_code = np.array([label_codes.setdefault(name, len(label_codes)) for name in in_view] or [0], dtype=np.int64)
        pred_columns = SpanColumns(doc.astype(np.int64), a.astype(np.int64), b.astype(np.int64), view_code[read.chunks.types])
        labels = sorted(label_codes)
        gold_codes = layout.codes(gold_spans, labels)
        code_of = {name: k for k, name in enumerate(labels)}
        table = np.zeros(2 * len(in_view) + 1, dtype=np.int32)
        for k, name in enumerate(in_view):
            table[2 * k + 1], table[2 * k + 2] = 2 * code_of[name] + 1, 2 * code_of[name] + 2
        pred_codes = EncodedTags(table[read.codes.codes], read.codes.offsets, labels)
    seq = encoded_scores(gold_codes, pred_codes)
    units = [list(u) for u in seq["strict"]["units"]]
    schemes, kinds = fast_counts(gold_columns, pred_columns)
    own = t.score(gold_spans, spans)
    matching = own.matching() if own is not None else None
    heads = _headlines([units] + ([_matched_units(len(corpus.sentences), UnitIndex(corpus.sentences), matching.gold, matching.pred,
                                                  matching.pairs)] if matching else []), n_resamples, seed)
    result = Evaluation(
        task=task,
        view=view,
        headline=heads[0],
        seqeval={"strict": seq["strict"]["report"], "default": seq["default"]["report"], "invalid_tags": seq["invalid_tags"],
                 "repairs": repairs, "repairs_total": repairs_total},
        spans=scheme_scores(schemes),
        outcome_counts=kinds,
        units=units,
        dropped_labels=dict(pred.dropped_labels),
        gold_spans=gold_spans,
        pred_spans=spans,
    )
    if own is not None:
        figures = own.figures()
        section = figures
        for key in own.headline[:-1]:
            section = section[key]
        section[own.headline[-1]] = heads[1]
        result.task_scores, result.task_figures = own, figures
    return result
