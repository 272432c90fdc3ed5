"""CoNLL-style column files (token ... tag, IOB2), as external gold or as predictions.

An external corpus keeps its own tokens: each CoNLL document becomes a Document whose
text is its tokens joined by single spaces (sentences by line breaks), so any system can
read it as plain text and its spans map back onto the original tokens.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .bio import corpus_spans
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
    """Documents of sentences; ``-DOCSTART-`` lines split documents (a file without them is one).

    Blank lines are found first and each sentence's lines are split in one comprehension, so
    a million-token file is read in well under a second.
    """
    from .standoff import open_regular

    name = str(path)
    fh = open_regular(path)
    if isinstance(fh, Problem):
        raise InputError([fh])
    with fh:
        data = fh.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError([Problem(name, line, f"not UTF-8: byte 0x{data[exc.start]:02x}")]) from None
    lines = text.splitlines()
    breaks = [i for i, line in enumerate(lines) if not line or line.isspace() or line.startswith("-DOCSTART-")]
    docs: list[list[ConllSentence]] = [[]]
    share = {}.setdefault
    prev = -1
    for i in breaks + [len(lines)]:
        if i > prev + 1:
            cols = [line.split() for line in lines[prev + 1 : i]]
            if min(map(len, cols)) < 2:
                k = next(n for n, c in enumerate(cols) if len(c) < 2)
                raise InputError([Problem(name, prev + 2 + k, f"expected a token and a tag column, got {lines[prev + 1 + k].strip()!r}",
                                          field="tag")])
            # one string object per distinct word and tag: a million-token file repeats most of them
            docs[-1].append(ConllSentence([share(c[0], c[0]) for c in cols], [share(c[tag_column], c[tag_column]) for c in cols], prev + 2))
        if i < len(lines) and lines[i].startswith("-DOCSTART-") and docs[-1]:
            docs.append([])
        prev = i
    docs = [d for d in docs if d]
    if not docs:
        raise InputError([Problem(name, None, "file is empty: no tokens")])
    return docs


def conll_corpus(path: Path, prefix: str | None = None) -> tuple[Corpus, list[str]]:
    """An external gold corpus for the entity task's coarse view.

    Each CoNLL document becomes a Document whose text is its tokens joined by single spaces
    (sentences by line breaks). Returns the corpus (gold spans labelled PER/ORG/LOC/MISC)
    and the repairs that were needed to read its tags as valid IOB2 (one line each).
    """
    from itertools import accumulate

    from .bio import corpus_chunks, repair_messages

    prefix = prefix or path.stem
    docs = read_conll(path)
    flat = [sent for doc in docs for sent in doc]
    try:
        found = corpus_chunks([sent.tags for sent in flat], "conlleval")
    except ValueError as exc:
        bad = next((sent, i) for sent in flat for i, t in enumerate(sent.tags) if t != "O" and (t[:2] not in ("B-", "I-") or len(t) < 3))
        raise InputError([Problem(str(path), bad[0].line + bad[1], str(exc), field="tag")]) from None
    repairs = [f"{path}:{flat[n].line + r.position}: {r.found} -> {r.fixed} ({r.reason})" for n, r in repair_messages(found, [s.tags for s in flat])]
    documents: dict[str, Document] = {}
    sentences: list[Sentence] = []
    for d, doc in enumerate(docs):
        doc_id = f"{prefix}-{d:04d}"
        offset = 0
        for i, sent in enumerate(doc):
            words = sent.tokens
            ends = list(accumulate((len(w) + 1 for w in words), initial=offset))
            sentences.append(Sentence(doc_id, i, tuple(map(Token, words, ends[:-1], [e - 1 for e in ends[1:]]))))
            offset = ends[-1]
        documents[doc_id] = Document(doc_id, "\n".join(" ".join(sent.tokens) for sent in doc), source=str(path))
    spans = [Span(sent.doc, "entities", a, b, label, documents[sent.doc].text[a:b])
             for sent, chunks in zip(sentences, corpus_spans([s.tokens for s in sentences], found)) for a, b, label in chunks]
    corpus = Corpus(documents, spans, version=file_hash(path)[:16], views={"entities": ("conll",)}, tasks=("entities",))
    corpus.__dict__["sentences"] = sentences  # the file's own tokens, not the canonical tokenizer's
    return corpus, repairs
