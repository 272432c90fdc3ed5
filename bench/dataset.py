"""The gold as Hugging Face ``datasets`` objects: one row per sentence, IOB2 tags as ClassLabel."""
from __future__ import annotations

from .corpus import Corpus, load_corpus, sentence_tags
from .tasks import TASKS, get_task


def tag_names(task: str, view: str = "fine") -> list[str]:
    """The IOB2 tag inventory: O, then B-/I- for each label in the task's order."""
    labels = get_task(task).view_labels(view)
    return ["O"] + [f"{p}-{label}" for label in labels for p in ("B", "I")]


def task_dataset(task: str, view: str = "fine", corpus: Corpus | None = None):
    """A ``DatasetDict`` with one ``test`` split for one task.

    Columns: ``id`` (doc#sentence), ``document``, ``sentence``, ``tokens``, ``token_starts``,
    ``token_ends``, ``tags`` (Sequence of ClassLabel), and ``spans`` (the gold spans of the
    sentence, with labels in the chosen view). ``view='conll'`` (entities only) gives the
    coarse PER/ORG/LOC/MISC types.
    """
    from datasets import ClassLabel, Dataset, DatasetDict, Features, Sequence, Value

    if task not in TASKS:
        raise KeyError(f"unknown task {task!r} (known: {', '.join(TASKS)})")
    if view not in TASKS[task].views:
        raise ValueError(f"task {task} has the views {', '.join(TASKS[task].views)}, not {view}")
    corpus = corpus or load_corpus()
    spans = corpus.task_spans(task)
    tags = sentence_tags(corpus.sentences, spans, view)
    names = tag_names(task, view)
    rows = {k: [] for k in ("id", "document", "sentence", "tokens", "token_starts", "token_ends", "tags", "spans")}
    for sent, sent_tags in zip(corpus.sentences, tags):
        lo, hi = sent.tokens[0].start, sent.tokens[-1].end
        rows["id"].append(sent.id)
        rows["document"].append(sent.doc)
        rows["sentence"].append(sent.index)
        rows["tokens"].append([t.text for t in sent.tokens])
        rows["token_starts"].append([t.start for t in sent.tokens])
        rows["token_ends"].append([t.end for t in sent.tokens])
        rows["tags"].append([names.index(t) for t in sent_tags])
        rows["spans"].append([
            {"start": s.start, "end": s.end, "text": s.text, "label": get_task(s.task).view_label(s.label, view), "id": s.id}
            for s in spans if s.doc == sent.doc and lo <= s.start < hi
        ])
    features = Features({
        "id": Value("string"),
        "document": Value("string"),
        "sentence": Value("int32"),
        "tokens": Sequence(Value("string")),
        "token_starts": Sequence(Value("int32")),
        "token_ends": Sequence(Value("int32")),
        "tags": Sequence(ClassLabel(names=names)),
        "spans": [{"start": Value("int32"), "end": Value("int32"), "text": Value("string"),
                   "label": Value("string"), "id": Value("string")}],
    })
    return DatasetDict({"test": Dataset.from_dict(rows, features=features)})


def load_benchmark(corpus: Corpus | None = None) -> dict:
    """Every task's DatasetDict in each of its views: ``<task>`` for the first view, and
    ``<task>_<view>`` for the others (``entities_conll``: the coarse entity types)."""
    corpus = corpus or load_corpus()
    out = {}
    for name, task in TASKS.items():
        for n, view in enumerate(corpus.task_views(name)):
            out[name if n == 0 else f"{name}_{view}"] = task_dataset(name, view, corpus)
    return out
