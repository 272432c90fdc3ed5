"""A document seen through the canonical tokenizer, and span construction on its tokens.

Every rule baseline works on token indices so that its spans start and end on canonical
token boundaries by construction.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from bench.documents import Document
from bench.standoff import Span
from bench.tokenize import Token, split_sentences, tokenize


def is_punct(text: str) -> bool:
    return all(unicodedata.category(c)[0] in "PS" for c in text)


def is_capitalised(text: str) -> bool:
    """"Kyiv", "NATO", "U.S.", "McDonald": an upper-case letter first."""
    return text[:1].isupper()


def is_word(text: str) -> bool:
    return text[:1].isalpha()


@dataclass
class DocTokens:
    doc: Document
    tokens: list[Token] = field(init=False)
    # (first token index, end token index) of each canonical sentence
    sentences: list[tuple[int, int]] = field(init=False)

    def __post_init__(self) -> None:
        self.tokens = tokenize(self.doc.text)
        index = {t.start: i for i, t in enumerate(self.tokens)}
        self.sentences = []
        for sent in split_sentences(self.doc.text, self.tokens):
            first = index[sent[0].start]
            self.sentences.append((first, first + len(sent)))

    def words(self, i: int, j: int) -> list[str]:
        return [t.text for t in self.tokens[i:j]]

    def gap(self, i: int) -> str:
        """The text between token ``i - 1`` and token ``i``."""
        return self.doc.text[self.tokens[i - 1].end : self.tokens[i].start] if i > 0 else ""

    def sentence_of(self, i: int) -> tuple[int, int]:
        for a, b in self.sentences:
            if a <= i < b:
                return a, b
        raise IndexError(i)

    def span(self, task: str, i: int, j: int, label: str, sid: str, attrs: dict[str, Any] | None = None) -> Span:
        """A span over tokens ``i .. j-1``."""
        start, end = self.tokens[i].start, self.tokens[j - 1].end
        return Span(self.doc.id, task, start, end, label, self.doc.text[start:end], sid, dict(attrs or {}))


def trim(dt: DocTokens, i: int, j: int) -> tuple[int, int]:
    """Shrink ``[i, j)`` so that it neither begins nor ends with a punctuation token
    (an abbreviation such as "U.S." is a word, not punctuation)."""
    while i < j and is_punct(dt.tokens[i].text):
        i += 1
    while j > i and is_punct(dt.tokens[j - 1].text):
        j -= 1
    return i, j
