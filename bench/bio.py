"""IOB2 tags: the one decoder (tags to chunks and spans), tag code tables, and repair of
invalid sequences. Spans become tags in :mod:`bench.layout`."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    import numpy as np

from .tokenize import Token


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


@dataclass
class CorpusChunks:
    """The chunks of many tag sequences, as numpy arrays: ``starts``/``ends`` index the
    sequences laid end to end (one separator position after each), ``types`` index
    ``type_names``; ``sentence`` gives each chunk's sequence and ``offsets`` each sequence's
    first position. Gold and prediction of one corpus lay out identically, so equal
    (start, end, type) means the same chunk."""

    starts: "np.ndarray"
    ends: "np.ndarray"
    types: "np.ndarray"
    type_names: list[str]
    sentence: "np.ndarray"
    offsets: "np.ndarray"
    opened_inside: "np.ndarray"  # per chunk: opened by an I- tag (a repair in conlleval's reading)

    def repairs(self, limit: int | None = None) -> list[tuple[int, int, str]]:
        """``(sentence, token, type)`` of each I- tag that opens a chunk: read as a B- (the
        first ``limit`` of them)."""
        where = self.opened_inside.nonzero()[0][:limit]
        local = self.starts[where] - self.offsets[self.sentence[where]]
        return [(int(n), int(i), self.type_names[int(t)]) for n, i, t in zip(self.sentence[where], local, self.types[where])]

    def local(self) -> list[tuple[int, int, int, str]]:
        """``(sentence, first, end, type)`` with token indices within each sequence, in order."""
        first = self.starts - self.offsets[self.sentence]
        end = self.ends - self.offsets[self.sentence]
        names = self.type_names
        return [(int(n), int(a), int(b), names[t]) for n, a, b, t in zip(self.sentence, first, end, self.types)]


def tag_codes(tags: set[str], policy: str) -> tuple[dict[str, int], list[str]]:
    """``O`` -> 0, ``B-X`` -> 2k+1, ``I-X`` -> 2k+2 for the k-th type; refuses a tag that is not IOB2."""
    names = sorted({_split(t, policy)[1] for t in tags if t != "O"})
    codes = {"O": 0}
    for k, name in enumerate(names):
        codes[f"B-{name}"], codes[f"I-{name}"] = 2 * k + 1, 2 * k + 2
    return codes, names


@dataclass
class EncodedTags:
    """Tag sequences as one numpy array of codes (:func:`tag_codes`), laid end to end with a
    separator (0) after each; ``offsets`` is each sequence's first position."""

    codes: "np.ndarray"
    offsets: "np.ndarray"
    type_names: list[str]


def encode_tags(sentences: Sequence[Sequence[str]], codes: tuple[dict[str, int], list[str]]) -> EncodedTags:
    """Raises KeyError for a tag the code table lacks."""
    import numpy as np
    from itertools import chain

    mapping, names = codes
    lengths = np.fromiter(map(len, sentences), dtype=np.int64, count=len(sentences))
    offsets = np.concatenate(([0], np.cumsum(lengths + 1)[:-1])).astype(np.int64)
    total = int(lengths.sum())
    flat = np.fromiter(map(mapping.__getitem__, chain.from_iterable(sentences)), dtype=np.int32, count=total)
    return EncodedTags(np.insert(flat, np.cumsum(lengths), 0), offsets, names)  # a separator after each sequence


def encode_pair(true: Sequence[Sequence[str]], pred: Sequence[Sequence[str]], policy: str) -> tuple[EncodedTags, EncodedTags]:
    """Gold and prediction on one code table: the gold's, widened only when the prediction
    uses a tag the gold does not (one pass over each in the usual case)."""
    from itertools import chain

    codes = tag_codes(set(chain.from_iterable(true)), policy)
    gold = encode_tags(true, codes)
    try:
        return gold, encode_tags(pred, codes)
    except KeyError:
        codes = tag_codes(set(chain.from_iterable(true)) | set(chain.from_iterable(pred)), policy)
        return encode_tags(true, codes), encode_tags(pred, codes)


def corpus_chunks(sentences: "Sequence[Sequence[str]] | EncodedTags", policy: str = "conlleval") -> CorpusChunks:
    """The chunks of many IOB2 sequences read by ``conlleval`` (an ``I-X`` that continues no
    ``X`` starts a chunk) or ``strict`` (only a ``B-X`` starts one), in whole-array numpy
    operations: a chunk starts at every tag that does not continue the one before it, and
    ends before the first tag that does not continue it."""
    import numpy as np
    from itertools import chain

    if policy not in ("conlleval", "strict"):
        raise ValueError(f"corpus_chunks reads IOB2 by conlleval or strict, not {policy!r}")
    enc = sentences if isinstance(sentences, EncodedTags) else encode_tags(sentences, tag_codes(set(chain.from_iterable(sentences)), policy))
    arr, offsets = enc.codes, enc.offsets
    tagged = arr > 0
    typ = (arr - 1) >> 1
    inside = tagged & ((arr & 1) == 0)
    cont = np.zeros_like(tagged)
    cont[1:] = inside[1:] & (typ[1:] == typ[:-1])
    starts = np.flatnonzero(tagged & ~cont)
    nxt = np.zeros_like(tagged)
    nxt[:-1] = cont[1:]
    ends = np.flatnonzero(tagged & ~nxt) + 1
    types = typ[starts]
    opened_inside = inside[starts]
    if policy == "strict":
        keep = ~opened_inside
        starts, ends, types, opened_inside = starts[keep], ends[keep], types[keep], opened_inside[keep]
    sentence = np.searchsorted(offsets, starts, side="right") - 1
    return CorpusChunks(starts, ends, types, enc.type_names, sentence, offsets, opened_inside)


def chunks(tags: Sequence[str], policy: str = "conlleval") -> list[tuple[str, int, int]]:
    """The chunks ``(type, first, end)`` (token indices, ``end`` exclusive) of a tag sequence,
    read by ``policy`` (see ``POLICIES``). With :func:`corpus_chunks` the one decoder of the
    harness: scoring, spans, gold loading and model outputs all read tags here."""
    if policy != "lenient":
        return sorted(((typ, a, b) for _, a, b, typ in corpus_chunks([list(tags)], policy).local()), key=lambda c: c[1])
    out: list[tuple[str, int, int]] = []
    typ: str | None = None
    begin = 0
    for i, tag in enumerate(tags):
        prefix, t = _split(tag, policy)
        continues = t is not None and t == typ and prefix in ("I", "E", "L")
        if typ is not None and not continues:
            out.append((typ, begin, i))
            typ = None
        if t is not None and not continues:
            typ, begin = t, i
        if typ is not None and prefix in ("E", "L", "S", "U"):
            out.append((typ, begin, i + 1))
            typ = None
    if typ is not None:
        out.append((typ, begin, len(tags)))
    return out


def corpus_spans(tokens: Sequence[Sequence[Token]], tags: Sequence[Sequence[str]] | CorpusChunks,
                 policy: str = "conlleval") -> list[list[tuple[int, int, str]]]:
    """Character spans ``(start, end, type)`` of the chunks of each sequence, all read in one
    :func:`corpus_chunks` call (a million tokens at array speed)."""
    found = tags if isinstance(tags, CorpusChunks) else corpus_chunks(tags, policy)
    out: list[list[tuple[int, int, str]]] = [[] for _ in range(len(found.offsets))]
    for n, a, b, typ in found.local():
        out[n].append((tokens[n][a].start, tokens[n][b - 1].end, typ))
    return out


def repair_messages(found: CorpusChunks, tags: Sequence[Sequence[str]], limit: int | None = None) -> list[tuple[int, "Repair"]]:
    """The repairs conlleval's reading made (the first ``limit``), as (sentence, :class:`Repair`), from the chunks."""
    out = []
    for n, i, typ in found.repairs(limit):
        prev = tags[n][i - 1] if i else "O"
        out.append((n, Repair(i, tags[n][i], f"B-{typ}", "I- at the start" if i == 0 else f"I- after {prev}")))
    return out


def tags_to_spans(tokens: Sequence[Token], tags: Sequence[str], policy: str = "conlleval") -> list[tuple[int, int, str]]:
    """Character spans ``(start, end, type)`` of the chunks of ``tags`` over ``tokens``."""
    return [(tokens[a].start, tokens[b - 1].end, typ) for typ, a, b in chunks(tags, policy)]


@dataclass(frozen=True)
class Repair:
    """One tag changed by the IOB2 repair, and why."""

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
