"""Rebuild running text from CoNLL-2003 tokens, deterministically.

The Reuters corpora store no text: each user rebuilds it from their own CoNLL-2003 copy
and the stored sha256 proves the rebuild matches the one the annotations point into. So
the rules here are part of the corpus format (``DETOKENIZER``): changing one changes
every hash.

- one CoNLL sentence per line, so the canonical sentence splitter never joins two;
- tokens are joined by one space, except that punctuation closes up to the word before
  it ("said ." -> "said."), clitics close up ("Russia 's" -> "Russia's"), an opening
  bracket or "$" closes up to the word after it, and straight double quotes close up
  inward: a quote mark opens at the start of a line or after an even number of marks in
  the document, and closes otherwise;
- a token never closes up where the canonical tokenizer would then read the two as one
  ("Corp ." stays apart, since "Corp." is an abbreviation), so every CoNLL token
  boundary is a canonical token boundary and CoNLL's entity tags map onto spans exactly.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from .tokenize import tokenize

DETOKENIZER = "conll-detok-v1"

_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", "%", ")", "]", "}", "'s", "'S", "n't", "N'T", "'re", "'ve", "'ll", "'d", "'m", "..."}
_NO_SPACE_AFTER = {"(", "[", "{", "$"}
_QUOTE = '"'


@lru_cache(maxsize=4096)
def _joins(left: str, right: str) -> bool:
    """Whether the canonical tokenizer keeps a boundary between ``left`` and ``right`` written together."""
    return any(t.end == len(left) for t in tokenize(left + right))


def detokenize_sentence(tokens: Sequence[str], open_quote: bool) -> tuple[str, list[tuple[int, int]], bool]:
    """One line of text, the character span of each token, and the quote state after it.

    ``open_quote`` is true when a quotation is open at the start of the line.
    """
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    pos = 0
    glue_next = False
    for i, tok in enumerate(tokens):
        if tok == _QUOTE:
            opening = i == 0 or not open_quote
            open_quote = opening
        else:
            opening = False
        close_up = glue_next or tok in _NO_SPACE_BEFORE or (tok == _QUOTE and not opening)
        space = bool(parts) and not (close_up and _joins(tokens[i - 1], tok))
        if space:
            parts.append(" ")
            pos += 1
        parts.append(tok)
        offsets.append((pos, pos + len(tok)))
        pos += len(tok)
        glue_next = tok in _NO_SPACE_AFTER or (tok == _QUOTE and opening)
    return "".join(parts), offsets, open_quote


def detokenize_document(sentences: Sequence[Sequence[str]]) -> tuple[str, list[list[tuple[int, int]]]]:
    """The document's text (sentences on their own lines) and each token's character span."""
    lines: list[str] = []
    spans: list[list[tuple[int, int]]] = []
    base = 0
    open_quote = False
    for tokens in sentences:
        line, offsets, open_quote = detokenize_sentence(tokens, open_quote)
        lines.append(line)
        spans.append([(a + base, b + base) for a, b in offsets])
        base += len(line) + 1
    return "\n".join(lines), spans
