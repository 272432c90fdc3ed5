"""Reading prediction files: standoff JSONL, or CoNLL-style token/tag columns."""
from __future__ import annotations

from pathlib import Path

from .corpus import Corpus
from .evaluation import Predictions
from .standoff import InputError, Problem, parse_spans
from .tasks import get_task

CONLL_SUFFIXES = {".conll", ".bio", ".iob", ".tsv", ".txt"}


def guess_format(path: Path) -> str:
    return "conll" if path.suffix.lower() in CONLL_SUFFIXES else "jsonl"


def read_predictions(path: Path, corpus: Corpus, task: str, fmt: str = "auto", allow_missing: bool = False,
                     view: str = "fine", name: str | None = None) -> Predictions:
    """Parse and check a prediction file against the corpus; raises InputError on bad input.

    ``name`` is what problems call the file (a run's scratch file is named after its target).
    """
    if name is not None:
        try:
            return read_predictions(path, corpus, task, fmt, allow_missing, view)
        except InputError as exc:
            raise InputError([type(p)(**{**p.__dict__, "file": name if p.file == str(path) else p.file}) for p in exc.problems]) from None
    fmt = guess_format(path) if fmt == "auto" else fmt
    labels = get_task(task).view_labels(view)
    if fmt == "conll":
        return _read_conll_predictions(path, corpus, set(labels))
    extra = labels if view != "fine" else ()
    spans, problems = parse_spans(path, corpus.documents, tasks=[task], extra_labels=extra)
    if problems:
        raise InputError(problems)
    if not allow_missing:
        check_missing(str(path), corpus, task, spans)
    return Predictions(spans=spans)


def check_missing(name: str, corpus: Corpus, task: str, spans) -> None:
    """Refuse predictions that leave documents out (``--allow-missing`` accepts them)."""
    seen = {s.doc for s in spans}
    missing = [d for d in corpus.documents if d not in seen]
    if missing:
        raise InputError([Problem(name, None, f"no {task} predictions for {len(missing)} of {len(corpus.documents)} documents "
                                  "(use --allow-missing if the system found nothing there)", doc=missing[0], field="doc")])


def _read_conll_predictions(path: Path, corpus: Corpus, labels: set[str]) -> Predictions:
    """Token/tag columns whose sentences and tokens must be the corpus's own, in order."""
    from itertools import chain

    from .conll import read_conll  # only for token/tag files

    sentences = [s for doc in read_conll(path) for s in doc]
    if len(sentences) != len(corpus.sentences):
        raise InputError([Problem(str(path), None, f"{len(sentences)} sentences, but the corpus has {len(corpus.sentences)} "
                                  "(write the canonical tokens with `bench tokens`, one sentence per block)")])
    for pred, gold in zip(sentences, corpus.sentences):
        words = gold.words
        if pred.tokens != words:
            i = next((k for k, (a, b) in enumerate(zip(pred.tokens, words)) if a != b), min(len(pred.tokens), len(words)))
            got = pred.tokens[i] if i < len(pred.tokens) else "end of sentence"
            want = words[i] if i < len(words) else "end of sentence"
            raise InputError([Problem(str(path), pred.line + i, f"token {got!r} differs from the corpus token {want!r} (sentence {gold.id})",
                                      doc=gold.doc, field="token")])
    valid = {"O"} | {f"{p}-{label}" for label in labels for p in ("B", "I")}
    unseen = set(chain.from_iterable(s.tags for s in sentences)) - valid
    if unseen:  # find the first, to name its line
        for pred, gold in zip(sentences, corpus.sentences):
            for k, tag in enumerate(pred.tags):
                if tag in unseen:
                    prefix, sep, typ = tag.partition("-")
                    if tag != "O" and (not sep or prefix not in ("B", "I") or not typ):
                        message = f"tag {tag!r} is not IOB2 (O, B-TYPE or I-TYPE)"
                    else:
                        message = f"unknown label {typ!r} (known: {', '.join(sorted(labels))})"
                    raise InputError([Problem(str(path), pred.line + k, message, doc=gold.doc, field="tag")])
    return Predictions(tags=[s.tags for s in sentences])


def missing_note(task: str, corpus: Corpus, pred: Predictions) -> str | None:
    """The loud line --allow-missing prints: which documents were scored as having no prediction."""
    seen = {s.doc for s in pred.spans or []} if pred.tags is None else set(corpus.documents)
    missing = [d for d in corpus.documents if d not in seen]
    if not missing:
        return None
    shown = ", ".join(missing[:5]) + (", ..." if len(missing) > 5 else "")
    return f"note: --allow-missing: {len(missing)} of {len(corpus.documents)} documents have no {task} predictions and were scored as such ({shown})"
