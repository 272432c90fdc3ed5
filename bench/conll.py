"""CoNLL-style column files (token ... tag, IOB2), as external gold or as predictions.

An external corpus keeps its own tokens: each CoNLL document becomes a Document whose
text is its tokens joined by single spaces (sentences by line breaks), so any system can
read it as plain text and its spans map back onto the original tokens.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .bio import corpus_spans, repair_iob2
from .corpus import Corpus, Sentence, file_hash
from .documents import Document
from .standoff import InputError, Problem, Span
from .tokenize import Token


@dataclass
class ConllSentence:
    tokens: list[str]
    tags: list[str]
    line: int  # line number of the first token


def read_conll(path: Path, tag_column: int = -1) -> list[list[ConllSentence]]:
    """Documents of sentences; ``-DOCSTART-`` lines split documents (a file without them is one)."""
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError([Problem(name, None, f"cannot read file: {exc.strerror}")]) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError([Problem(name, line, f"not UTF-8: byte 0x{data[exc.start]:02x}")]) from None
    docs: list[list[ConllSentence]] = [[]]
    current: ConllSentence | None = None
    for lineno, line in enumerate(text.splitlines(), 1):
        cols = line.split()
        if not cols or cols[0] == "-DOCSTART-":
            if current:
                docs[-1].append(current)
            current = None
            if cols and docs[-1]:
                docs.append([])
            continue
        if len(cols) < 2:
            raise InputError([Problem(name, lineno, f"expected a token and a tag column, got {line.strip()!r}", field="tag")])
        if current is None:
            current = ConllSentence([], [], lineno)
        current.tokens.append(cols[0])
        current.tags.append(cols[tag_column])
    if current:
        docs[-1].append(current)
    docs = [d for d in docs if d]
    if not docs:
        raise InputError([Problem(name, None, "file is empty: no tokens")])
    return docs


def conll_corpus(path: Path, prefix: str | None = None) -> tuple[Corpus, list[str]]:
    """An external gold corpus for the entity task's coarse view.

    Returns the corpus (gold spans labelled PER/ORG/LOC/MISC) and the repairs that were
    needed to read its tags as valid IOB2 (one line each).
    """
    prefix = prefix or path.stem
    documents: dict[str, Document] = {}
    sentences: list[Sentence] = []
    all_tags: list[list[str]] = []
    repairs: list[str] = []
    for d, doc in enumerate(read_conll(path)):
        doc_id = f"{prefix}-{d:04d}"
        parts: list[str] = []
        offset = 0
        for i, sent in enumerate(doc):
            toks = []
            for word in sent.tokens:
                toks.append(Token(word, offset, offset + len(word)))
                offset += len(word) + 1
            parts.append(" ".join(sent.tokens))
            try:
                _, fixes = repair_iob2(sent.tags)
            except ValueError as exc:
                raise InputError([Problem(str(path), sent.line, str(exc), doc=doc_id, field="tag")]) from None
            repairs += [f"{path}:{sent.line + r.position}: {r.found} -> {r.fixed} ({r.reason})" for r in fixes]
            all_tags.append(sent.tags)
            sentences.append(Sentence(doc_id, i, tuple(toks)))
        text = "\n".join(parts)
        documents[doc_id] = Document(doc_id, text, source=str(path))
    spans = [Span(sent.doc, "entities", a, b, label, documents[sent.doc].text[a:b])
             for sent, found in zip(sentences, corpus_spans([s.tokens for s in sentences], all_tags)) for a, b, label in found]
    corpus = Corpus(documents, spans, version=file_hash(path)[:16], views={"entities": ("conll",)}, tasks=("entities",))
    corpus.__dict__["sentences"] = sentences  # the file's own tokens, not the canonical tokenizer's
    return corpus, repairs
