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


# How a tag sequence is read into chunks (as seqeval's ``scheme.py`` names its readings):
# - ``conlleval``: an ``I-X`` that continues no ``X`` chunk starts one (seqeval's default mode);
# - ``strict``: the IOB2 scheme; only a ``B-X`` starts a chunk, a stray ``I-X`` is dropped
#   (seqeval ``mode='strict', scheme=IOB2``);
# - ``lenient``: any prefix scheme a model may emit (IOB1, IOB2, BIOES/BILOU, IO, bare
#   types): a chunk starts at B/S/U or a change of type and ends after E/L/S/U.
POLICIES = ("conlleval", "strict", "lenient")
_LENIENT_PREFIXES = {"B", "I", "E", "S", "L", "U"}


def _split(tag: str, policy: str) -> tuple[str, str | None]:
    if tag == "O":
        return "O", None
    prefix, sep, typ = tag.partition("-")
    if policy == "lenient":
        if sep and prefix.upper() in _LENIENT_PREFIXES and typ:
            return prefix.upper(), typ
        return ("O", None) if tag.strip().upper() in ("", "O", "OUTSIDE") else ("I", tag.strip())
    if not sep or prefix not in ("B", "I") or not typ:
        raise ValueError(f"tag {tag!r} is not IOB2 (expected O, B-TYPE or I-TYPE)")
    return prefix, typ


def chunks(tags: Sequence[str], policy: str = "conlleval") -> list[tuple[str, int, int]]:
    """The chunks ``(type, first, end)`` (token indices, ``end`` exclusive) of a tag sequence,
    read by ``policy`` (see ``POLICIES``). The one decoder of the harness: scoring, spans,
    gold loading and model outputs all read tags here."""
    out: list[tuple[str, int, int]] = []
    typ: str | None = None
    begin = 0
    keep = True
    for i, tag in enumerate(tags):
        prefix, t = _split(tag, policy)
        continues = t is not None and t == typ and (prefix == "I" or (policy == "lenient" and prefix in ("E", "L")))
        if typ is not None and not continues:
            if keep:
                out.append((typ, begin, i))
            typ = None
        if t is not None and not continues:
            typ, begin, keep = t, i, policy != "strict" or prefix == "B"
        if policy == "lenient" and typ is not None and prefix in ("E", "L", "S", "U"):
            out.append((typ, begin, i + 1))
            typ = None
    if typ is not None and keep:
        out.append((typ, begin, len(tags)))
    return out


def tags_to_spans(tokens: Sequence[Token], tags: Sequence[str], policy: str = "conlleval") -> list[tuple[int, int, str]]:
    """Character spans ``(start, end, type)`` of the chunks of ``tags`` over ``tokens``."""
    return [(tokens[a].start, tokens[b - 1].end, typ) for typ, a, b in chunks(tags, policy)]


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
