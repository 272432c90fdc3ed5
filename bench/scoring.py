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

from typing import Sequence

from .bio import EncodedTags, chunks as decode_chunks, corpus_chunks, encode_pair
from .prf import PRF

MODES = ("strict", "default")


def chunks(tags: Sequence[str], mode: str = "strict") -> set[tuple[str, int, int]]:
    """Chunks ``(type, first, end)`` of one sentence's IOB2 tags, as seqeval reads them in
    ``mode`` (``default``: conlleval; ``strict``: the IOB2 scheme), by :func:`bench.bio.chunks`."""
    return set(decode_chunks(tags, "conlleval" if mode == "default" else "strict"))


def corpus_counts(true, pred, mode: str = "strict") -> tuple[dict[str, PRF], list[tuple[int, int, int]]]:
    """Per-label counts and per-sentence (TP, FP, FN) of one mode (see :func:`encoded_counts`)."""
    return encoded_counts(*encode_pair(true, pred, "strict" if mode == "strict" else "conlleval"), mode)


def encoded_counts(g_enc: EncodedTags, p_enc: EncodedTags, mode: str = "strict") -> tuple[dict[str, PRF], list[tuple[int, int, int]]]:
    """Per-label counts and per-sentence (TP, FP, FN) of one mode, from tags encoded on one
    code table: whole-corpus chunk arrays from :func:`bench.bio.corpus_chunks`, matched by
    (start, end, type) keys."""
    import numpy as np

    policy = "strict" if mode == "strict" else "conlleval"
    gold, guess = corpus_chunks(g_enc, policy), corpus_chunks(p_enc, policy)
    names = g_enc.type_names
    n_types = max(len(names), 1)
    span = len(g_enc.codes) + 1

    def keys(c):
        return (c.starts * span + c.ends) * n_types + c.types

    gk, pk = keys(gold), keys(guess)
    hit_g = np.isin(gk, pk, assume_unique=True)
    hit_p = np.isin(pk, gk, assume_unique=True)
    per = [np.bincount(x, minlength=n_types) for x in (gold.types[hit_g], guess.types[~hit_p], gold.types[~hit_g])]
    labels = {names[k]: PRF(int(per[0][k]), int(per[1][k]), int(per[2][k])) for k in range(len(names)) if per[0][k] + per[1][k] + per[2][k]}
    n = len(g_enc.offsets)
    tp, fp, fn = (np.bincount(x, minlength=n) for x in (gold.sentence[hit_g], guess.sentence[~hit_p], gold.sentence[~hit_g]))
    return labels, list(zip(tp.tolist(), fp.tolist(), fn.tolist()))


def label_report(labels: dict[str, PRF]) -> dict:
    """seqeval's ``classification_report(output_dict=True)`` from per-label counts.

    Per label P/R/F1/support; ``micro avg``, ``macro avg`` (unweighted mean of the
    per-label figures) and ``weighted avg`` (weighted by support), over the labels seen in
    gold or prediction, like seqeval.
    """
    out: dict[str, dict] = {}
    total = PRF()
    for label, c in sorted(labels.items()):
        out[label] = {**c.scores(), "support": c.tp + c.fn, "tp": c.tp, "fp": c.fp, "fn": c.fn}
        total = total + c
    support = total.tp + total.fn
    out["micro avg"] = {**total.scores(), "support": support, "tp": total.tp, "fp": total.fp, "fn": total.fn}
    names = sorted(labels)
    for name in ("macro avg", "weighted avg"):
        avg = {}
        for metric in ("precision", "recall", "f1"):
            values = [out[label][metric] for label in names]
            if not names:
                avg[metric] = 0.0  # seqeval gives NaN here, which JSON cannot carry
            elif name == "macro avg":
                avg[metric] = sum(values) / len(values)
            else:
                weights = [out[label]["support"] for label in names]
                avg[metric] = sum(v * w for v, w in zip(values, weights)) / support if support else 0.0
        out[name] = {**avg, "support": support}
    return out


def seqeval_scores(true: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> dict:
    """Both modes' reports and the per-unit counts behind them (for the bootstrap)."""
    if len(true) != len(pred):
        raise ValueError(f"{len(true)} gold sentences vs {len(pred)} predicted")
    for n, (t, p) in enumerate(zip(true, pred)):
        if len(t) != len(p):
            raise ValueError(f"sentence {n + 1}: {len(t)} gold tags vs {len(p)} predicted")
    return encoded_scores(*encode_pair(true, pred, "strict"))  # one code table for both modes


def encoded_scores(gold: EncodedTags, pred: EncodedTags) -> dict:
    """:func:`seqeval_scores` of tags already encoded on one code table and layout."""
    # an I-X that continues no X chunk is what conlleval's reading repairs
    out: dict = {"invalid_tags": int(corpus_chunks(pred, "conlleval").opened_inside.sum())}
    for mode in MODES:
        labels, units = encoded_counts(gold, pred, mode)
        out[mode] = {"report": label_report(labels), "units": units}
    return out
