"""The Reuters corpora: standoff layers over CoNLL-2003 news-prose documents.

No Reuters text is stored in the repository (the CoNLL-2003 licence is research-only).
Each corpus folder holds ``documents.jsonl`` with, per document, its id, the CoNLL split
and document index, and the sha256 of the rebuilt text, but no text; the text is rebuilt
from the user's own CoNLL-2003 copy by ``bench.detokenize`` and checked against the hash.

Which documents are news prose is decided by one mechanical rule (``is_news_prose``),
so that sports results, tables and listings stay out without anyone choosing by hand.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

from .detokenize import DETOKENIZER, detokenize_document
from .tokenize import Token

# corpus name -> CoNLL-2003 split file stem
SPLITS = {"reuters-train": "train", "reuters-dev": "dev", "reuters-test": "test"}
CONLL_FILES = {"train": "train.txt", "dev": "dev.txt", "test": "test.txt"}
HF_DATASET = "conll2003"

# The news-prose rule (README, "The Reuters corpora"). A body line (every CoNLL sentence
# after the headline) is a prose sentence when it has at least PROSE_MIN_TOKENS tokens,
# ends with sentence punctuation or a closing quotation mark, and fewer than
# PROSE_MAX_DIGIT_SHARE of its tokens contain a digit. A document is news prose when at
# least PROSE_MIN_SHARE of its body lines are prose sentences.
PROSE_MIN_TOKENS = 8
PROSE_MAX_DIGIT_SHARE = 0.2
PROSE_MIN_SHARE = 0.6
_SENTENCE_END = {".", "?", "!", '"', "'"}


def is_prose_sentence(tokens: Sequence[str]) -> bool:
    digits = sum(1 for t in tokens if any(c.isdigit() for c in t))
    return len(tokens) >= PROSE_MIN_TOKENS and tokens[-1] in _SENTENCE_END and digits < PROSE_MAX_DIGIT_SHARE * len(tokens)


def is_news_prose(sentences: Sequence[Sequence[str]]) -> bool:
    body = sentences[1:]
    return bool(body) and sum(map(is_prose_sentence, body)) >= PROSE_MIN_SHARE * len(body)


def document_id(split: str, index: int) -> str:
    """``test-0042``: the CoNLL split and the 0-based index of its ``-DOCSTART-`` document."""
    return f"{split}-{index:04d}"


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class RebuiltDocument:
    """A CoNLL-2003 document rebuilt as text, with its CoNLL tokens and tags."""

    id: str
    split: str
    index: int
    text: str
    tokens: list[list[str]]  # CoNLL tokens per sentence
    tags: list[list[str]]  # CoNLL NER tags per sentence
    token_spans: list[list[tuple[int, int]]]  # character span of each token in ``text``

    @property
    def sha256(self) -> str:
        return text_sha256(self.text)


def rebuild(split: str, index: int, sentences: Sequence[tuple[Sequence[str], Sequence[str]]]) -> RebuiltDocument:
    """One document's text from its (tokens, tags) sentences."""
    tokens = [list(t) for t, _ in sentences]
    text, spans = detokenize_document(tokens)
    return RebuiltDocument(document_id(split, index), split, index, text, tokens, [list(g) for _, g in sentences], spans)


def default_conll_dir() -> Path | None:
    """``$BENCH_CONLL``, else ``../shared/data/conll2003`` beside the checkout, when present."""
    env = os.environ.get("BENCH_CONLL")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent.parent
    for candidate in (here.parent / "shared" / "data" / "conll2003", here / "shared" / "data" / "conll2003"):
        if candidate.is_dir():
            return candidate
    return None


from .errors import ConllUnavailable  # noqa: E402


HOW_TO_GET = ("get CoNLL-2003 English (train.txt, dev.txt, test.txt in the 4-column format) and pass its folder with "
              "--conll DIR or $BENCH_CONLL; see README, 'The Reuters corpora'")


def read_split(split: str, conll_dir: Path | None = None) -> list[list[tuple[list[str], list[str]]]]:
    """The documents of one CoNLL-2003 split as (tokens, tags) sentences.

    Read from ``conll_dir`` (or :func:`default_conll_dir`); without a folder, from the
    Hugging Face dataset ``conll2003`` where the hub is reachable.
    """
    folder = conll_dir or default_conll_dir()
    if folder is not None:
        from .conll import read_conll
        from .standoff import InputError

        path = Path(folder) / CONLL_FILES[split]
        if not path.is_file():
            raise ConllUnavailable(f"CoNLL-2003 {split} split not found at {path}: {HOW_TO_GET}")
        try:
            docs = read_conll(path)
        except InputError as exc:
            raise ConllUnavailable(f"{exc}") from None
        return [[(s.tokens, s.tags) for s in doc] for doc in docs]
    return _read_split_from_hub(split)


def _read_split_from_hub(split: str) -> list[list[tuple[list[str], list[str]]]]:
    try:
        from datasets import load_dataset

        data = load_dataset(HF_DATASET, split={"dev": "validation"}.get(split, split))
    except Exception as exc:  # noqa: BLE001 - any failure of the hub means the same to the user
        reason = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
        raise ConllUnavailable(f"no CoNLL-2003 copy found (no --conll DIR, no $BENCH_CONLL, no ../shared/data/conll2003, "
                               f"and the Hugging Face dataset '{HF_DATASET}' could not be loaded: {reason}); {HOW_TO_GET}") from None
    return documents_from_rows(data, data.features["ner_tags"].feature.names)


def documents_from_rows(rows, tag_names: Sequence[str]) -> list[list[tuple[list[str], list[str]]]]:
    """Group the sentence rows of the hub dataset into documents at its ``-DOCSTART-`` rows."""
    docs: list[list[tuple[list[str], list[str]]]] = [[]]
    for row in rows:
        tokens = list(row["tokens"])
        if tokens and tokens[0] == "-DOCSTART-":
            if docs[-1]:
                docs.append([])
            continue
        if tokens:
            docs[-1].append((tokens, [tag_names[t] for t in row["ner_tags"]]))
    return [d for d in docs if d]


def rebuild_documents(entries: Sequence[Mapping], conll_dir: Path | None = None, layer: str = "") -> list[RebuiltDocument]:
    """Rebuild the documents a layer names (``id``, ``split``, ``index``, ``sha256``) and check their hashes."""
    cache: dict[str, list] = {}
    out = []
    for e in entries:
        split, index = e["split"], e["index"]
        if split not in cache:
            cache[split] = read_split(split, conll_dir)
        docs = cache[split]
        if not 0 <= index < len(docs):
            raise ConllUnavailable(f"{layer}: document {e['id']} is CoNLL-2003 {split} document {index}, but that copy has "
                                   f"only {len(docs)} documents: not the standard English release")
        doc = rebuild(split, index, docs[index])
        if doc.sha256 != e["sha256"]:
            raise ConllUnavailable(f"{layer}: document {e['id']} (CoNLL-2003 {split} document {index}) rebuilds to text with "
                                   f"sha256 {doc.sha256[:12]}..., not the annotated {e['sha256'][:12]}...: this CoNLL-2003 copy "
                                   f"differs from the one annotated")
        out.append(doc)
    return out


def entity_spans(doc: RebuiltDocument, canonical: Sequence[Token] | None = None) -> list[tuple[int, int, str]]:
    """CoNLL's own entity tags as character spans of the rebuilt text (PER/ORG/LOC/MISC).

    A final period that the canonical tokenizer splits off ("Fla." is "Fla" "."), is left
    out, as the guidelines leave out every sentence period. ``canonical``: the text's
    canonical tokens, where already made.
    """
    from .bio import corpus_spans
    from .tokenize import tokenize

    ends = {t.end for t in (tokenize(doc.text) if canonical is None else canonical)}
    tokens = [[Token(w, a, b) for w, (a, b) in zip(words, offsets)] for words, offsets in zip(doc.tokens, doc.token_spans)]
    spans = []
    for found in corpus_spans(tokens, doc.tags):
        for a, b, label in found:
            if doc.text[b - 1] == "." and b - 1 in ends and b - 1 > a:
                b -= 1
            spans.append((a, b, label))
    return spans


__all__ = [
    "ConllUnavailable",
    "entity_spans",
    "read_split",
    "rebuild_documents",
    "DETOKENIZER",
    "SPLITS",
    "RebuiltDocument",
    "default_conll_dir",
    "document_id",
    "is_news_prose",
    "rebuild",
    "text_sha256",
]
