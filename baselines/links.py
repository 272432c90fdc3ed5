"""Turning tagged spans into records: the links and attributes a token tagger can't predict.

A tagger gives DIRECT/INDIRECT/SPEAKER/CUE or VALUE/UNIT/THING spans and nothing more.
These heuristics make them scoreable as records: each content span is a quote (joined to the
previous piece when both share speaker and cue and stand close together),
linked to the nearest SPEAKER and CUE of its sentence (a quote with no speaker of its own
takes the last one before it); each VALUE gets its number and modifier from its words and
links to a UNIT and a THING that follow it closely in the same sentence, before the next VALUE.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from typing import Sequence

from bench.standoff import Span
from bench.tokenize import split_sentences, tokenize

from .values import parse_value

JOIN_GAP = 40  # characters between two pieces of one quotation (an attribution between them, a line break); chosen on reuters-dev
MAX_GAP = 40  # characters between a VALUE and its UNIT/THING: "170 millimeter self-propelled howitzers"


def _sentence_index(text: str):
    starts = [s[0].start for s in split_sentences(text, tokenize(text))]
    return lambda offset: bisect_right(starts, offset) - 1


def _distance(a: Span, b: Span) -> int:
    return max(a.start - b.end, b.start - a.end, 0)


def link_quotes(text: str, spans: Sequence[Span]) -> list[Span]:
    sentence = _sentence_index(text)
    ids = [replace(s, id=s.id or f"{s.label[0]}{n}") for n, s in enumerate(sorted(spans, key=lambda s: s.start), 1)]
    speakers = [s for s in ids if s.label == "SPEAKER"]
    cues = [s for s in ids if s.label == "CUE"]
    out = []
    last_speaker = None
    previous: Span | None = None  # the last content piece
    for n, s in enumerate(ids):
        if s.label == "SPEAKER":
            out.append(replace(s, attrs={"source": s.text}))
            continue
        if s.label == "CUE":
            out.append(s)
            continue
        same = lambda xs: [x for x in xs if sentence(x.start) == sentence(s.start)]  # noqa: E731
        speaker = min(same(speakers), key=lambda x: _distance(x, s), default=None)
        if speaker is None:
            speaker = max((x for x in speakers if x.end <= s.start), key=lambda x: x.end, default=last_speaker)
        cue = min(same(cues), key=lambda x: _distance(x, s), default=None)
        last_speaker = speaker or last_speaker
        quote = f"q{n}"
        if previous is not None and speaker is not None and previous.attrs["speaker"] == speaker.id \
                and (cue is None or previous.attrs["cue"] in (None, cue.id)) and s.start - previous.end <= JOIN_GAP:
            # the next piece of the same quotation: a mixed quote, or a quotation over several lines
            quote, cue = previous.attrs["quote"], cue or next((c for c in cues if c.id == previous.attrs["cue"]), None)
        piece = replace(s, attrs={"quote": quote, "speaker": speaker.id if speaker else None,
                                  "cue": cue.id if cue else None, "source": speaker.text if speaker else ""})
        out.append(piece)
        previous = piece
    return out


def link_values(text: str, spans: Sequence[Span]) -> list[Span]:
    sentence = _sentence_index(text)
    ids = [replace(s, id=s.id or f"{s.label[0]}{n}") for n, s in enumerate(sorted(spans, key=lambda s: s.start), 1)]
    out = []
    for s in ids:
        if s.label != "VALUE":
            out.append(s)
            continue

        # a UNIT or THING belongs to the closest VALUE before it
        limit = min((x.start for x in ids if x.label == "VALUE" and x.start >= s.end), default=len(text))

        def follower(label: str) -> Span | None:
            after = [x for x in ids if x.label == label and s.end <= x.start < limit and x.start - s.end <= MAX_GAP
                     and sentence(x.start) == sentence(s.start)]
            return min(after, key=lambda x: x.start, default=None)

        number, modifier = parse_value(s.text)
        unit, thing = follower("UNIT"), follower("THING")
        out.append(replace(s, attrs={"number": number, "modifier": modifier,
                                     "unit": unit.id if unit else None, "thing": thing.id if thing else None}))
    return out
