"""CoNLL-style column files (token ... tag, IOB2), as external gold or as predictions.

An external corpus keeps its own tokens: each CoNLL document becomes a Document whose
text is its tokens joined by single spaces (sentences by line breaks), so any system can
read it as plain text and its spans map back onto the original tokens.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter
from pathlib import Path
from typing import Sequence

from .corpus import Corpus, Sentence, file_hash
from .documents import Document
from .standoff import InputError, Problem, Span
from .tokenize import Token


@dataclass
class ConllSentence:
    """One sentence of a CoNLL file: its tokens, their tags and where it starts."""

    tokens: list[str]
    tags: list[str]
    line: int  # line number of the first token


# line breaks other than "\n" that str.splitlines() also honours
_OTHER_BREAKS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# searched in "\n" + text: a line is what follows a "\n" (faster than ^ with re.MULTILINE)
_SPACE_LINE = re.compile(r"\n[^\S\n]+(?:\n|$)")  # a line of whitespace only
_DATA_LINE = re.compile(r"\n(?!-DOCSTART-)[^\S\n]*\S[^\n]*")


def _uniform_columns(text: str, tag_column: int) -> int | None:
    """The number of fields on every token line, where the file (cut by "\n" only: the caller
    has checked) is laid out plainly: no line of whitespace only, and every token line with
    the same number of fields (at least two, ``tag_column`` among them). None otherwise."""
    lines = "\n" + text
    if _SPACE_LINE.search(lines) or not (first := _DATA_LINE.search(lines)):
        return None
    n = len(first.group().split())
    if n < 2 or not -n <= tag_column < n:
        return None
    other = re.compile(r"\n(?!-DOCSTART-)(?![^\S\n]*(?:\S+[^\S\n]+){%d}\S+[^\S\n]*(?:\n|$))[^\S\n]*\S" % (n - 1))
    return None if other.search(lines) else n


def read_conll(path: Path, tag_column: int = -1) -> list[list[ConllSentence]]:
    """Documents of sentences; ``-DOCSTART-`` lines split documents (a file without them is one).

    The text is cut at blank lines first and each block's lines split in one comprehension,
    so a million-token file is read in about half a second and never holds all its lines
    at once.
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
    del data
    docs: list[list[ConllSentence]] = [[]]
    share = {}.setdefault  # one string object per distinct word and tag: a million-token file repeats most of them
    first_line = 1
    other_breaks = _OTHER_BREAKS.search(text)
    columns = None if other_breaks else _uniform_columns(text, tag_column)
    for block in [text] if other_breaks else text.split("\n\n"):
        if columns and "-DOCSTART-" not in block:
            # a plain file's block is one sentence: its fields are cut in one call, and every
            # `columns`-th is a word (or a tag)
            fields = block.split()
            if fields:
                words, tags = fields[0::columns], fields[tag_column % columns :: columns]
                docs[-1].append(ConllSentence(list(map(share, words, words)), list(map(share, tags, tags)),
                                              first_line + len(block) - len(block.lstrip("\n"))))
            first_line += block.count("\n") + 2
            continue
        lines = block.splitlines()
        breaks = [i for i, line in enumerate(lines) if not line or line.isspace() or line.startswith("-DOCSTART-")]
        prev = -1
        for i in breaks + [len(lines)]:
            if i > prev + 1:
                cols = [line.split() for line in lines[prev + 1 : i]]
                if min(map(len, cols)) < 2:
                    k = next(n for n, c in enumerate(cols) if len(c) < 2)
                    raise InputError([Problem(name, first_line + prev + 1 + k,
                                              f"expected a token and a tag column, got {lines[prev + 1 + k].strip()!r}", field="tag")])
                docs[-1].append(ConllSentence([share(c[0], c[0]) for c in cols], [share(c[tag_column], c[tag_column]) for c in cols],
                                              first_line + prev + 1))
            if i < len(lines) and lines[i].startswith("-DOCSTART-") and docs[-1]:
                docs.append([])
            prev = i
        first_line += block.count("\n") + 2
    docs = [d for d in docs if d]
    if not docs:
        raise InputError([Problem(name, None, "file is empty: no tokens")])
    return docs


class WordRow(Sequence[Token]):
    """A sentence's tokens when they are its words joined by single spaces from ``start``.
    Tokens are made when asked for, so a million-token file holds its words, not a million
    :class:`Token` tuples."""

    __slots__ = ("words", "start", "_starts")

    def __init__(self, words: list[str], start: int):
        self.words = words
        self.start = start
        self._starts: list[int] | None = None

    def __len__(self) -> int:
        return len(self.words)

    def __getitem__(self, i):
        if self._starts is None:
            from itertools import accumulate

            self._starts = list(accumulate((len(w) + 1 for w in self.words[:-1]), initial=self.start))
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self.words)))]
        w = self.words[i]
        start = self._starts[i]
        return Token(w, start, start + len(w))

    def __repr__(self) -> str:
        return f"WordRow({self.words!r}, {self.start})"


def conll_corpus(path: Path, prefix: str | None = None) -> tuple[Corpus, list[str]]:
    """An external gold corpus for the entity task's coarse view.

    Each CoNLL document becomes a Document whose text is its tokens joined by single spaces
    (sentences by line breaks). Returns the corpus (gold spans labelled PER/ORG/LOC/MISC)
    and the repairs that were needed to read its tags as valid IOB2 (one line each).
    Offsets are computed in whole-array operations and tokens made only when asked for.
    """
    import numpy as np

    from .bio import corpus_chunks, repair_messages
    from .layout import TokenLayout

    prefix = prefix or path.stem
    docs = read_conll(path)
    flat = [sent for doc in docs for sent in doc]
    try:
        found = corpus_chunks([sent.tags for sent in flat], "conlleval")
    except ValueError as exc:
        bad = next((sent, i) for sent in flat for i, t in enumerate(sent.tags) if t != "O" and (t[:2] not in ("B-", "I-") or len(t) < 3))
        raise InputError([Problem(str(path), bad[0].line + bad[1], str(exc), field="tag")]) from None
    repairs = [f"{path}:{flat[n].line + r.position}: {r.found} -> {r.fixed} ({r.reason})" for n, r in repair_messages(found, [s.tags for s in flat])]
    doc_ids = [f"{prefix}-{d:04d}" for d in range(len(docs))]
    # each token is followed by one character (a space, or a line break after a sentence's last):
    # a token starts where the running sum of (length + 1) stood before it, counted from its
    # document's first token (in place, so a million tokens need few temporary arrays)
    doc_of_sentence = np.repeat(np.arange(len(docs)), [len(doc) for doc in docs])
    words_of = attrgetter("tokens")  # with map(): no Python code per sentence
    lengths = np.fromiter(map(len, map(words_of, flat)), dtype=np.int64, count=len(flat))
    first = np.concatenate(([0], np.cumsum(lengths)))
    word_len = np.fromiter(map(len, chain.from_iterable(map(words_of, flat))), dtype=np.int64, count=int(first[-1]))
    starts = word_len + 1
    np.cumsum(starts, out=starts)
    starts -= word_len + 1
    doc_first = first[np.searchsorted(doc_of_sentence, np.arange(len(docs)))]
    starts -= np.repeat(starts[np.minimum(doc_first, max(len(starts) - 1, 0))], np.diff(np.append(doc_first, len(starts))))
    starts = starts.astype(np.int32)
    layout = TokenLayout(starts, starts + word_len.astype(np.int32), first, doc_of_sentence, doc_ids)
    del word_len
    sentence_start = starts[first[:-1]].tolist()
    begins = iter(sentence_start)
    sentences = [Sentence(doc_id, i, WordRow(sent.tokens, next(begins))) for doc_id, doc in zip(doc_ids, docs) for i, sent in enumerate(doc)]
    documents = {doc_id: Document(doc_id, "\n".join(map(" ".join, map(words_of, doc))), source=str(path))
                 for doc_id, doc in zip(doc_ids, docs)}
    doc_code, a, b = layout.chunk_offsets(found)
    names = found.type_names
    texts = [documents[doc_ids[d]].text for d in range(len(docs))]
    spans = [Span(doc_ids[d], "entities", x, y, names[t], texts[d][x:y])
             for d, x, y, t in zip(doc_code.tolist(), a.tolist(), b.tolist(), found.types.tolist())]
    corpus = Corpus(documents, spans, version=file_hash(path)[:16], views={"entities": ("conll",)}, tasks=("entities",))
    corpus.__dict__["sentences"] = sentences  # the file's own tokens, not the canonical tokenizer's
    corpus.__dict__["layout"] = layout
    return corpus, repairs
