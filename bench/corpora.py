"""The named corpora: the seed articles and the standoff layers over CoNLL-2003 Reuters stories.

``newsie-v1`` is the two seed articles (text and gold in ``annotations/``). The
``reuters-*`` corpora live in ``annotations/<name>/`` as layers: ``documents.jsonl`` names
each CoNLL-2003 document (split, index, sha256 of its rebuilt text) and ``gold.jsonl`` holds
the hand-annotated quotes and numeric claims as offsets without text. Their entities are
CoNLL's own tags, in the coarse view only.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from .errors import InputError, Problem

if TYPE_CHECKING:
    from .corpus import Corpus

ANNOTATIONS = Path(os.environ.get("BENCH_ANNOTATIONS", Path(__file__).resolve().parent.parent / "annotations"))
DOCUMENTS_FILE = "documents.jsonl"
GOLD_FILE = "gold.jsonl"
MANIFEST_FILE = "corpus.json"  # optional: {"name": ..., "views": {"entities": ["conll"]}, "sentences": "lines"}

from .results import BENCH_CORPUS  # noqa: E402
LAYERS = ("reuters-dev", "reuters-test", "reuters-train")
LAYER_FIELDS = ("id", "split", "index", "sha256")
# A layer's entity gold is CoNLL's own tags, which exist in the coarse view only.
LAYER_VIEWS = {"entities": ("conll",)}


from .errors import UnknownCorpus  # noqa: E402,F401


def corpus_names(root: Path = ANNOTATIONS) -> list[str]:
    """The corpora this checkout has: the seed articles and every layer present."""
    return [BENCH_CORPUS] + [n for n in LAYERS if (root / n / DOCUMENTS_FILE).is_file()]


def corpus_dir(name: str, root: Path = ANNOTATIONS) -> Path:
    """The folder of a named corpus: the seed articles, a layer, or another annotated folder
    under ``annotations/`` (scored with ``--annotations``, named after its folder)."""
    if name == BENCH_CORPUS:
        return root
    if name and "/" not in name and name not in (".", "..") and (root / name / DOCUMENTS_FILE).is_file():
        return root / name
    raise UnknownCorpus(f"unknown corpus {name!r} (known: {', '.join(corpus_names(root))})")


def corpus_version(name: str, root: Path = ANNOTATIONS) -> str:
    """The gold version of a named corpus, from its files alone (no CoNLL copy needed)."""
    from .corpus import file_hash

    folder = corpus_dir(name, root)
    return file_hash(folder / DOCUMENTS_FILE, folder / GOLD_FILE)[:16]


def read_layer_documents(path: Path) -> list[dict]:
    entries = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([Problem(str(path), None, f"cannot read layer documents: {exc}")]) from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError([Problem(str(path), n, f"malformed JSON: {exc.msg}")]) from None
        missing = [f for f in LAYER_FIELDS if not isinstance(rec, dict) or f not in rec]
        if missing:
            raise InputError([Problem(str(path), n, "missing required field", field=missing[0])])
        if "text" in rec:
            raise InputError([Problem(str(path), n, "a layer stores no text", doc=rec["id"], field="text")])
        entries.append(rec)
    return entries


def load_layer(folder: Path, conll_dir: Path | None = None, name: str | None = None) -> "Corpus":
    """Rebuild a layer's documents from CoNLL-2003 and attach its gold (raises ConllUnavailable, InputError)."""
    from .corpus import Corpus, file_hash
    from .documents import Document
    from .reuters import entity_spans, rebuild_documents
    from .standoff import Span, load_spans

    docs_path, gold_path = folder / DOCUMENTS_FILE, folder / GOLD_FILE
    rebuilt = rebuild_documents(read_layer_documents(docs_path), conll_dir, layer=str(docs_path))
    documents = {d.id: Document(d.id, d.text, source=f"CoNLL-2003 {d.split} document {d.index}", sha256=d.sha256)
                 for d in rebuilt}
    spans = []
    for d in rebuilt:
        spans += [Span(d.id, "entities", a, b, label, d.text[a:b], f"E{i}") for i, (a, b, label) in enumerate(entity_spans(d, documents[d.id].tokens), 1)]
    gold = load_spans(gold_path, documents, gold=True, layer=True, tasks=("quotes", "numeric_claims"), sentences="lines")
    return Corpus(documents, spans + gold, file_hash(docs_path, gold_path)[:16], name or folder.name, dict(LAYER_VIEWS), "lines")


def load_named(name: str = BENCH_CORPUS, conll_dir: Path | None = None, root: Path = ANNOTATIONS,
               tasks: Sequence[str] | None = None) -> "Corpus":
    """A corpus by name; ``tasks``: of an annotated folder, only these tasks' gold (a layer reads all of it)."""
    from .corpus import load_corpus

    folder = corpus_dir(name, root)
    if name not in LAYERS:  # the seed articles, or another annotated folder under annotations/
        return load_corpus(folder, tasks=tasks)
    return load_layer(folder, conll_dir, name)


def export(corpus: "Corpus", out: Path) -> None:
    """Write an ordinary annotations folder (documents with text, gold with text) for other tools."""
    from .documents import write_documents
    from .results import write_text_atomic
    from .standoff import spans_jsonl

    out.mkdir(parents=True, exist_ok=True)
    write_documents(list(corpus.documents.values()), out / DOCUMENTS_FILE)
    order = {d: i for i, d in enumerate(corpus.documents)}
    spans = sorted(corpus.spans, key=lambda s: (order[s.doc], s.task, s.start))
    write_text_atomic(out / GOLD_FILE, spans_jsonl(spans))
    manifest = {"name": corpus.name, "views": {t: list(v) for t, v in corpus.views.items()}, "sentences": corpus.sentence_mode,
                "gold_version": corpus.version}
    write_text_atomic(out / MANIFEST_FILE, json.dumps(manifest, indent=1) + "\n")
