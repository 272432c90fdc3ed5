"""The gold corpus: documents plus gold spans, its version hash and its sentence/tag view."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from .documents import Document, load_documents
from .errors import InputError, Problem
from .standoff import Span, parse_records, read_records
from .tasks import TASKS, get_task
from .tokenize import SENTENCE_MODES, Token

if TYPE_CHECKING:
    from .layout import TokenLayout

from .corpora import ANNOTATIONS, DOCUMENTS_FILE, GOLD_FILE, MANIFEST_FILE  # noqa: E402,F401  (where corpora live)


@dataclass(frozen=True)
class Sentence:
    """A sentence (or line) of a document, as canonical tokens: the unit scoring and resampling run on."""

    doc: str
    index: int  # position in the document
    tokens: Sequence[Token]

    @property
    def id(self) -> str:
        return f"{self.doc}#{self.index}"

    @property
    def words(self) -> list[str]:
        words = getattr(self.tokens, "words", None)  # a CoNLL sentence holds its words (bench.conll.WordRow)
        return list(words) if words is not None else [t.text for t in self.tokens]


@dataclass
class Corpus:
    """Documents and their gold spans, with what the gold supports and how sentences are cut."""

    documents: dict[str, Document]
    spans: list[Span]
    version: str = ""  # sha256 of the documents and gold files
    name: str = ""
    # task -> the views its gold supports, where fewer than the task's own: CoNLL's own
    # entity tags support only the coarse view
    views: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sentence_mode: str = "canonical"  # or "lines": one sentence per line (bench.tokenize.split_units)
    tasks: tuple[str, ...] | None = None  # the tasks it has gold for (None: every task)

    def task_views(self, task: str) -> tuple[str, ...]:
        return self.views.get(task, get_task(task).views)

    def covers(self, task: str) -> bool:
        return self.tasks is None or task in self.tasks

    def first(self, n: int) -> "Corpus":
        """The first ``n`` documents with their gold, for a quick check; the version says so,
        so results on it never rank with the whole corpus's."""
        keep = list(self.documents)[:n]
        chosen = set(keep)
        out = Corpus({d: self.documents[d] for d in keep}, [s for s in self.spans if s.doc in chosen], f"{self.version}:first{n}",
                     self.name, dict(self.views), self.sentence_mode, self.tasks)
        if "sentences" in self.__dict__:  # a corpus with its own tokens (an external CoNLL file)
            out.__dict__["sentences"] = [s for s in self.sentences if s.doc in chosen]
            out.__dict__.pop("layout", None)
        return out

    @cached_property
    def sentences(self) -> list[Sentence]:
        out = []
        for doc in self.documents.values():
            for i, toks in enumerate(doc.units(self.sentence_mode)):
                out.append(Sentence(doc.id, i, tuple(toks)))
        return out

    @cached_property
    def layout(self) -> "TokenLayout":
        """The tokens of :attr:`sentences` as flat arrays (what scoring runs on)."""
        from .layout import TokenLayout

        return TokenLayout.of_sentences(self.sentences)

    def task_spans(self, task: str) -> list[Span]:
        return [s for s in self.spans if s.task == task]


def relabel(spans: Sequence[Span], view: str) -> list[Span]:
    """The spans with their labels in ``view`` (each task says what its views are); the same
    spans where the view changes no label."""
    mapping = {(t, label): get_task(t).view_label(label, view) for t, label in {(s.task, s.label) for s in spans}}
    if all(k[1] == v for k, v in mapping.items()):
        return list(spans)
    return [Span(s.doc, s.task, s.start, s.end, mapping[(s.task, s.label)], s.text, s.id, s.attrs) for s in spans]


def sentence_tags(sentences: Sequence[Sentence], spans: Sequence[Span], view: str = "fine", layout: "TokenLayout | None" = None) -> list[list[str]]:
    """IOB2 tags per sentence for the spans of one task (``view='conll'``: coarse entity types).

    A span belongs to the sentence its first character falls in and tags the tokens it
    overlaps there (on an external corpus a system's tokens may differ from the file's).
    ``layout``: the sentences' :class:`bench.layout.TokenLayout`, if at hand.
    """
    from .layout import TokenLayout

    labelled = relabel(spans, view)
    enc = (layout or TokenLayout.of_sentences(sentences)).codes(labelled, sorted({s.label for s in labelled}))
    tags = ["O"] + [f"{p}-{name}" for name in enc.type_names for p in "BI"]
    flat = [tags[c] for c in enc.codes.tolist()]
    return [flat[a : a + len(sent.tokens)] for a, sent in zip(enc.offsets.tolist(), sentences)]


def file_hash(*paths: Path) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.read_bytes())
    return h.hexdigest()


def read_manifest(annotations: Path) -> dict:
    path = annotations / MANIFEST_FILE
    if not path.is_file():
        return {}
    import json

    from .standoff import InputError, Problem

    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError([Problem(str(path), None, f"unreadable corpus manifest: {exc}")]) from None
    views = manifest.get("views", {}) if isinstance(manifest, dict) else None
    if not isinstance(views, dict) or not all(
            t in TASKS and isinstance(v, list) and v and set(v) <= set(TASKS[t].views) for t, v in views.items()):
        raise InputError([Problem(str(path), None, "corpus manifest 'views' must map tasks to lists of their views", field="views")])
    if manifest.get("sentences", "canonical") not in SENTENCE_MODES:
        raise InputError([Problem(str(path), None, f"'sentences' must be one of {', '.join(SENTENCE_MODES)}", field="sentences")])
    return manifest


def load_corpus(annotations: Path = ANNOTATIONS, gold_file: str = GOLD_FILE, tasks: Sequence[str] | None = None) -> Corpus:
    """Load the documents and the gold spans (checked; raises InputError if broken).

    ``tasks``: read and check the gold of these tasks only (all that scoring them needs); the
    corpus then covers just them.
    """
    docs_path, gold_path = annotations / DOCUMENTS_FILE, annotations / gold_file
    manifest = read_manifest(annotations)
    views = {t: tuple(v) for t, v in manifest.get("views", {}).items()}
    mode = manifest.get("sentences", "canonical")
    documents = {d.id: d for d in load_documents(docs_path)}
    records = read_records(gold_path)
    if tasks is not None:
        skipped = set(TASKS) - set(tasks)
        records = (r for r in records if isinstance(r, Problem) or not (isinstance(r[1], dict) and r[1].get("task") in skipped))
    spans, problems = parse_records(records, str(gold_path), documents, gold=True, extra_labels=view_labels(views), sentences=mode)
    if problems:
        raise InputError(problems)
    # the project's own folder is the seed corpus; another folder is named after itself
    from .results import BENCH_CORPUS

    name = BENCH_CORPUS if annotations.resolve() == ANNOTATIONS.resolve() else annotations.resolve().name
    return Corpus(documents, spans, file_hash(docs_path, gold_path)[:16], name, views, mode, tuple(tasks) if tasks is not None else None)


def view_labels(views: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """Labels a gold file may use besides the tasks' own: those of the views a corpus is restricted to."""
    return tuple(sorted({label for task, vs in views.items() for v in vs if v != "fine" for label in get_task(task).view_labels(v)}))


@dataclass
class CorpusSpec:
    """A corpus as the command line named it."""

    name: str
    corpus: Corpus
    external: bool = False  # an external CoNLL file given with --gold (named after its path)

    def views(self, task: str, coarse_only: bool = False) -> list[str]:
        """The views a task is scored in on this corpus; a system that only predicts coarse
        labels (``coarse_only``) is scored in the views other than ``fine`` alone."""
        views = list(self.corpus.task_views(task))
        if coarse_only and [v for v in views if v != "fine"]:
            views = [v for v in views if v != "fine"]
        return views

    def extra_labels(self, task: str, views: Sequence[str]) -> tuple[str, ...]:
        """Labels besides the task's own that predictions may use: those of the views scored, when fine is not."""
        if "fine" in views:
            return ()
        return tuple(label for v in views for label in get_task(task).view_labels(v))
