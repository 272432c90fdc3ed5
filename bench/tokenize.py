"""The canonical tokenizer and sentence splitter.

Deterministic and dependency-free, so that gold, predictions and every system see the same
tokens. Rules (ANNOTATION_SCHEME.md, "Tokens"):

- whitespace separates tokens and is never part of one;
- numbers keep their thousands separators and decimals ("3,000", "2.5");
- runs of letters and digits are one token ("2022", "Kyiv");
- abbreviations keep their period ("U.S.", "Gen."), so a period after them ends no sentence;
- possessive and clitic endings are split off ("Russia" "’s", "do" "n't" is not split: "don" "'t");
- every other character (punctuation, quotation marks, hyphens) is a token of its own,
  so "30-day" is "30" "-" "day".
"""
from __future__ import annotations

import re
from typing import NamedTuple

# Title and name abbreviations that end in a period; a general list, not taken from the texts.
ABBREVIATIONS = frozenset(
    """
    Adm Brig Capt Cmdr Col Cpl Dr Gen Gov Hon Insp Jr Lt Maj Messrs Mr Mrs Ms Mt Prof
    Pvt Rep Rev Sen Sgt Sr St Supt Co Corp Inc Ltd Jan Feb Mar Apr Jun Jul Aug Sep Sept
    Oct Nov Dec No vs etc
    """.split()
)

_APOSTROPHES = "'’"
_TOKEN = re.compile(
    r"""
    (?P<initials>(?:[^\W\d_]\.){2,})                 # U.S., U.K., e.g.
  | (?P<number>\d+(?:[.,]\d+)+)                      # 3,000  2.5  1,000,000
  | (?P<clitic>['’](?:s|re|ve|ll|d|m|t)(?![^\W_]))   # ’s 're 'll
  | (?P<word>[^\W_]+)                                # letters and digits
  | (?P<other>\S)                                    # any other single character
    """,
    re.VERBOSE | re.IGNORECASE,
)

_SENTENCE_END = {".", "!", "?"}
_CLOSERS = {"”", '"', "’", "'", ")", "]"}
_OPEN_QUOTE = "“"
_CLOSE_QUOTE = "”"


class Token(NamedTuple):
    """A token and its character offsets (a named tuple: a million of them are cheap)."""

    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens with character offsets."""
    tokens: list[Token] = []
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        if m.lastgroup == "word" and end < len(text) and text[end] == "." and m.group() in ABBREVIATIONS:
            end += 1  # "Gen." keeps its period
        elif tokens and start < tokens[-1].end:
            continue  # the period already taken by an abbreviation
        tokens.append(Token(text[start:end], start, end))
    return tokens


def split_sentences(text: str, tokens: list[Token] | None = None) -> list[list[Token]]:
    """Group tokens into sentences.

    A sentence ends at a line break, or after ".", "!" or "?" (and any closing quotes or
    brackets after it) when the next token starts after whitespace — but never inside a
    “curly” quotation, so a quotation of several sentences stays in one unit and a quote
    span is never cut in two.
    """
    if tokens is None:
        tokens = tokenize(text)
    sentences: list[list[Token]] = []
    current: list[Token] = []
    depth = 0
    for i, tok in enumerate(tokens):
        if current and "\n" in text[current[-1].end : tok.start]:
            sentences.append(current)
            current, depth = [], 0
        current.append(tok)
        if tok.text == _OPEN_QUOTE:
            depth += 1
        elif tok.text == _CLOSE_QUOTE:
            depth = max(0, depth - 1)
        if depth or i + 1 == len(tokens):
            continue
        if not text[tok.end : tokens[i + 1].start]:
            continue  # no whitespace follows: "2.5", "U.S.-led", ".”"
        prev = current[-2].text if len(current) > 1 else ""
        if tok.text in _SENTENCE_END or (tok.text in _CLOSERS and prev in _SENTENCE_END):
            sentences.append(current)
            current = []
    if current:
        sentences.append(current)
    return sentences


SENTENCE_MODES = ("canonical", "lines")


def split_units(text: str, tokens: list[Token] | None = None, mode: str = "canonical") -> list[list[Token]]:
    """Sentences by the canonical splitter, or (``mode="lines"``) one per line of text.

    The Reuters corpora use lines: their text is rebuilt with one CoNLL-2003 sentence per
    line, and CoNLL's sentences are the units its entity tags were made in ("N. Ireland"
    would end a canonical sentence after "N.").
    """
    if tokens is None:
        tokens = tokenize(text)
    if mode == "canonical":
        return split_sentences(text, tokens)
    out: list[list[Token]] = []
    current: list[Token] = []
    for tok in tokens:
        if current and "\n" in text[current[-1].end : tok.start]:
            out.append(current)
            current = []
        current.append(tok)
    if current:
        out.append(current)
    return out
