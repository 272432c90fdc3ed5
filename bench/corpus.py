"""The gold corpus: documents plus gold spans, its version hash and its sentence/tag view."""
from __future__ import annotations

import hashlib
from bisect import bisect_right
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Sequence

from .bio import spans_to_tags
from .documents import Document, load_documents
from .standoff import Span, load_spans
from .tasks import CONLL_LABELS, coarse_label
from .tokenize import SENTENCE_MODES, Token, split_units, tokenize

ANNOTATIONS = Path(os.environ.get("BENCH_ANNOTATIONS", Path(__file__).resolve().parent.parent / "annotations"))
DOCUMENTS_FILE = "documents.jsonl"
GOLD_FILE = "gold.jsonl"
MANIFEST_FILE = "corpus.json"  # optional: {"name": ..., "entity_views": ["conll"]}


@dataclass(frozen=True)
class Sentence:
    doc: str
    index: int  # position in the document
    tokens: tuple[Token, ...]

    @property
    def id(self) -> str:
        return f"{self.doc}#{self.index}"


@dataclass
class Corpus:
    documents: dict[str, Document]
    spans: list[Span]
    version: str = ""  # sha256 of the documents and gold files
    name: str = ""
    # the views its entity gold supports: fine OntoNotes types (and the coarse view derived
    # from them), or only the coarse CoNLL types where the gold is CoNLL's own tags
    entity_views: tuple[str, ...] = ("fine", "conll")
    sentence_mode: str = "canonical"  # or "lines": one sentence per line (bench.tokenize.split_units)

    @cached_property
    def sentences(self) -> list[Sentence]:
        out = []
        for doc in self.documents.values():
            for i, toks in enumerate(split_units(doc.text, tokenize(doc.text), self.sentence_mode)):
                out.append(Sentence(doc.id, i, tuple(toks)))
        return out

    def task_spans(self, task: str) -> list[Span]:
        return [s for s in self.spans if s.task == task]


def view_label(label: str, view: str) -> str:
    return coarse_label(label) if view == "conll" else label


def relabel(spans: Sequence[Span], view: str) -> list[Span]:
    """The spans with their labels in ``view`` (``conll``: coarse entity types)."""
    return [Span(s.doc, s.task, s.start, s.end, view_label(s.label, view), s.text, s.id, s.attrs) for s in spans]


def sentence_tags(sentences: Sequence[Sentence], spans: Sequence[Span], view: str = "fine") -> list[list[str]]:
    """IOB2 tags per sentence for the spans of one task (``view='conll'``: coarse entity types).

    A span belongs to the sentence its first character falls in and tags the tokens it
    overlaps there (on an external corpus a system's tokens may differ from the file's).
    """
    starts: dict[str, list[int]] = {}
    rows: dict[str, list[int]] = {}
    for n, sent in enumerate(sentences):
        starts.setdefault(sent.doc, []).append(sent.tokens[0].start)
        rows.setdefault(sent.doc, []).append(n)
    by_sentence: dict[int, list[tuple[int, int, str]]] = {}
    for s in spans:
        if s.doc not in starts:
            raise ValueError(f"span {s.id or ''} [{s.start}, {s.end}) names unknown document {s.doc}")
        row = rows[s.doc][max(bisect_right(starts[s.doc], s.start) - 1, 0)]
        by_sentence.setdefault(row, []).append((s.start, s.end, view_label(s.label, view)))
    return [spans_to_tags(sent.tokens, by_sentence.get(n, [])) for n, sent in enumerate(sentences)]


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
    views = manifest.get("entity_views", ["fine", "conll"]) if isinstance(manifest, dict) else None
    if not isinstance(views, list) or not views or not set(views) <= {"fine", "conll"}:
        raise InputError([Problem(str(path), None, "corpus manifest needs 'entity_views', a list of 'fine' and/or 'conll'", field="entity_views")])
    if manifest.get("sentences", "canonical") not in SENTENCE_MODES:
        raise InputError([Problem(str(path), None, f"'sentences' must be one of {', '.join(SENTENCE_MODES)}", field="sentences")])
    return manifest


def load_corpus(annotations: Path = ANNOTATIONS, gold_file: str = GOLD_FILE) -> Corpus:
    """Load the documents and the gold spans (checked; raises InputError if broken)."""
    docs_path, gold_path = annotations / DOCUMENTS_FILE, annotations / gold_file
    manifest = read_manifest(annotations)
    entity_views = tuple(manifest.get("entity_views", ("fine", "conll")))
    mode = manifest.get("sentences", "canonical")
    documents = {d.id: d for d in load_documents(docs_path)}
    coarse = CONLL_LABELS if "fine" not in entity_views else ()
    spans = load_spans(gold_path, documents, gold=True, extra_labels=coarse, sentences=mode)
    return Corpus(documents, spans, file_hash(docs_path, gold_path)[:16], annotations.resolve().name, entity_views, mode)
