"""Spans <-> IOB2 tags over the canonical tokens, and repair of invalid tag sequences."""
from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from dataclasses import dataclass
from typing import Sequence

from .tokenize import Token


@lru_cache(maxsize=None)
def make_tag(prefix: str, label: str) -> str:
    """One shared string per tag: a million-token corpus holds a few dozen tag strings."""
    return f"{prefix}-{label}"


def spans_to_tags(tokens: Sequence[Token], spans: Sequence[tuple[int, int, str]]) -> list[str]:
    """IOB2 tags for ``tokens`` from character spans ``(start, end, label)``.

    A span tags every token it overlaps, so a span from a system with another tokenizer
    (on an external corpus) lands on the tokens it touches. Spans must not overlap.
    """
    tags = ["O"] * len(tokens)
    starts = [t.start for t in tokens]
    for start, end, label in sorted(spans):
        begin, inside = make_tag("B", label), make_tag("I", label)
        i = max(bisect_right(starts, start) - 1, 0)
        if i < len(tokens) and tokens[i].end <= start:
            i += 1
        first = True
        while i < len(tokens) and tokens[i].start < end:
            tags[i] = begin if first else inside
            first = False
            i += 1
    return tags


def tags_to_spans(tokens: Sequence[Token], tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Character spans of the chunks in a *valid* IOB2 sequence (see :func:`repair_iob2`)."""
    spans: list[tuple[int, int, str]] = []
    start = label = None
    end = 0
    for tok, tag in zip(tokens, tags):
        prefix, _, typ = tag.partition("-")
        if prefix == "I" and label == typ:
            end = tok.end
            continue
        if label is not None:
            spans.append((start, end, label))
            label = None
        if prefix in ("B", "I"):
            start, end, label = tok.start, tok.end, typ
    if label is not None:
        spans.append((start, end, label))
    return spans


@dataclass(frozen=True)
class Repair:
    position: int
    found: str
    fixed: str
    reason: str


def repair_iob2(tags: Sequence[str]) -> tuple[list[str], list[Repair]]:
    """Make a tag sequence valid IOB2 and say what was changed.

    ``I-X`` that does not continue an ``X`` chunk (after ``O``, at the start, or after
    another type) starts a new chunk: it becomes ``B-X``. This is the conlleval reading,
    which is also what seqeval's default mode does; seqeval's strict mode would drop the
    chunk instead, so repairing first makes both modes score the same chunks. A tag with
    no ``B-``/``I-`` prefix (other than ``O``) is refused: its meaning is ambiguous.
    """
    fixed: list[str] = []
    repairs: list[Repair] = []
    prev = "O"
    for i, tag in enumerate(tags):
        prefix, sep, typ = tag.partition("-")
        if tag != "O" and (not sep or prefix not in ("B", "I") or not typ):
            raise ValueError(f"tag {i + 1} {tag!r} is not IOB2 (expected O, B-TYPE or I-TYPE)")
        if prefix == "I" and prev[2:] != typ:
            new = f"B-{typ}"
            why = "I- at the start" if i == 0 else f"I- after {prev}"
            repairs.append(Repair(i, tag, new, why))
            tag = new
        fixed.append(tag)
        prev = tag
    return fixed, repairs
