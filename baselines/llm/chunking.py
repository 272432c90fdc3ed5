"""Cutting a document that does not fit the model's context into chunks of whole lines.

A chunk is a run of lines (paragraphs, in news text) within a token budget. Consecutive
chunks overlap by up to ``overlap`` tokens of whole lines, so that an item near a chunk
edge is seen with context in one of them (:func:`.grounding.merge_chunks` merges the
items read twice). A single line longer than the budget is cut at token boundaries;
such a document is counted as cut for context length.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from bench.tokenize import tokenize


@dataclass(frozen=True)
class Chunk:
    start: int
    end: int
    cut: bool = False  # made by cutting a line that alone exceeds the budget


def line_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of each line with any non-space character."""
    spans, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            spans.append((start, end))
        start = end + 1
    return spans


def cut_line(text: str, start: int, end: int, budget: int, count: Callable[[str], int]) -> list[Chunk]:
    """A line longer than ``budget`` tokens as consecutive pieces that fit, cut between canonical tokens."""
    bounds = [start + t.end for t in tokenize(text[start:end])]
    pieces, lo = [], start
    while lo < end:
        ahead = [b for b in bounds if b > lo]
        # the longest run of tokens that fits (token counts grow with the text: bisect)
        good, bad = 0, len(ahead)
        while good < bad:
            mid = (good + bad + 1) // 2
            if count(text[lo : ahead[mid - 1]]) <= budget:
                good = mid
            else:
                bad = mid - 1
        hi = ahead[max(good, 1) - 1] if ahead else end  # a single token over the budget still goes alone
        pieces.append(Chunk(lo, hi, cut=True))
        lo = hi
        while lo < end and text[lo].isspace():
            lo += 1
    return pieces


def chunk_text(text: str, budget: int, count: Callable[[str], int], overlap: int = 0) -> list[Chunk]:
    """Chunks covering every line of ``text``, each within ``budget`` tokens by ``count``."""
    if budget < 1:
        raise ValueError(f"token budget must be positive, got {budget}")
    if count(text) <= budget:
        return [Chunk(0, len(text))]
    lines = line_spans(text)
    sizes = [count(text[a:b]) + 1 for a, b in lines]  # +1: the line break
    chunks: list[Chunk] = []
    i = 0
    while i < len(lines):
        if sizes[i] > budget:
            chunks += cut_line(text, *lines[i], budget, count)
            i += 1
            continue
        j, used = i, 0
        while j < len(lines) and used + sizes[j] <= budget:
            used += sizes[j]
            j += 1
        chunks.append(Chunk(lines[i][0], lines[j - 1][1]))
        if j >= len(lines):
            break
        # the next chunk starts with the last lines of this one that fit in the overlap
        k, kept = j, 0
        while k - 1 > i and kept + sizes[k - 1] <= overlap:
            k -= 1
            kept += sizes[k]
        i = k
    return chunks
