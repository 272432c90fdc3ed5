"""A corpus's tokens as flat arrays, and spans <-> tag codes over them in array operations.

Every sentence's tokens laid end to end, in corpus order: ``starts``/``ends`` are character
offsets in their document, ``first[n]`` is sentence ``n``'s first token and ``doc[n]`` its
document's code. This is what a million-token corpus is scored on: spans become IOB2 codes
(:class:`bench.bio.EncodedTags`) and chunks become character spans without a Python step
per token.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter
from typing import TYPE_CHECKING, Sequence

from .bio import CorpusChunks, EncodedTags

if TYPE_CHECKING:
    import numpy as np

    from .corpus import Sentence
    from .standoff import Span


@dataclass(eq=False)
class TokenLayout:
    """Every token of a corpus in flat arrays, sentence by sentence."""

    starts: "np.ndarray"
    ends: "np.ndarray"
    first: "np.ndarray"  # per sentence, plus the total at the end
    doc: "np.ndarray"  # per sentence: index into doc_names
    doc_names: list[str]

    @classmethod
    def of_sentences(cls, sentences: Sequence["Sentence"]) -> "TokenLayout":
        import numpy as np

        names: dict[str, int] = {}
        doc = np.fromiter((names.setdefault(s.doc, len(names)) for s in sentences), dtype=np.int64, count=len(sentences))
        lengths = np.fromiter((len(s.tokens) for s in sentences), dtype=np.int64, count=len(sentences))
        total = int(lengths.sum())
        starts = np.fromiter((t.start for s in sentences for t in s.tokens), dtype=np.int64, count=total)
        ends = np.fromiter((t.end for s in sentences for t in s.tokens), dtype=np.int64, count=total)
        return cls(starts, ends, np.concatenate(([0], np.cumsum(lengths))), doc, list(names))

    @property
    def lengths(self) -> "np.ndarray":
        import numpy as np

        return np.diff(self.first)

    @cached_property
    def keys(self) -> tuple["np.ndarray", "np.ndarray"]:
        """Token starts and ends as one increasing key across documents (document code in the
        high 32 bits), made once: what spans are looked up by."""
        import numpy as np

        tok_doc = np.repeat(self.doc.astype(np.int64) << 32, self.lengths)
        return tok_doc + self.starts, tok_doc + self.ends

    def codes(self, spans: Sequence["Span"], labels: Sequence[str]) -> EncodedTags:
        """IOB2 codes of ``spans`` (labels already in the view scored), as
        :func:`bench.corpus.sentence_tags` defines them: a span belongs to the sentence its
        first character falls in and tags the tokens it overlaps there; where two spans
        touch one token, the later in (start, end, label) order wins."""
        import numpy as np

        names = sorted(set(labels))  # the order bench.bio.tag_codes gives types
        code_of = {name: 2 * k + 1 for k, name in enumerate(names)}
        n_sent = len(self.doc)
        offsets = self.first[:-1] + np.arange(n_sent)
        arr = np.zeros(int(self.first[-1]) + n_sent, dtype=np.int32)
        if not spans or not n_sent:
            return EncodedTags(arr, offsets, list(names))
        doc_code = {name: k for k, name in enumerate(self.doc_names)}
        unknown = next((s for s in spans if s.doc not in doc_code), None)
        if unknown is not None:
            raise ValueError(f"span {unknown.id or ''} [{unknown.start}, {unknown.end}) names unknown document {unknown.doc}")
        items = sorted(spans, key=attrgetter("start", "end", "label"))  # the order sentence_tags paints in
        n = len(items)
        # map() with attrgetter: no Python code runs per span
        d = np.fromiter(map(doc_code.__getitem__, map(attrgetter("doc"), items)), dtype=np.int64, count=n) << 32
        a = d + np.fromiter(map(attrgetter("start"), items), dtype=np.int64, count=n)
        b = d + np.fromiter(map(attrgetter("end"), items), dtype=np.int64, count=n)
        lab = np.fromiter(map(code_of.__getitem__, map(attrgetter("label"), items)), dtype=np.int32, count=n)
        key_starts, key_ends = self.keys
        # the sentence a span starts in: the last of its document starting at or before it, else its first
        lengths = self.lengths
        sent_key = np.where(lengths > 0, key_starts[np.minimum(self.first[:-1], len(key_starts) - 1)], -1)
        order = np.argsort(sent_key, kind="stable")
        ordered = sent_key[order]
        pos = np.maximum(np.searchsorted(ordered, a, side="right") - 1, np.searchsorted(ordered, d, side="left"))
        row = order[np.minimum(pos, n_sent - 1)]
        # the tokens of that sentence it overlaps: from the first ending after its start to the
        # last starting before its end
        lo = np.maximum(np.searchsorted(key_ends, a, side="right"), self.first[row])
        hi = np.minimum(np.searchsorted(key_starts, b, side="left"), self.first[row + 1])
        keep = ((self.doc[row].astype(np.int64) << 32) == d) & (lengths[row] > 0) & (lo < hi)
        lo, hi, lab, row = lo[keep], hi[keep], lab[keep], row[keep]
        counts = hi - lo
        within = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
        token = np.repeat(lo + row, counts) + within  # in the separated layout: one separator per sentence before
        value = np.repeat(lab, counts) + (within > 0)
        # a token touched by two spans keeps the later one's tag
        uniq, where = np.unique(token[::-1], return_index=True)
        arr[uniq] = value[::-1][where]
        return EncodedTags(arr, offsets, list(names))

    def chunk_offsets(self, found: CorpusChunks) -> tuple["np.ndarray", "np.ndarray", "np.ndarray"]:
        """Each chunk's document code and character start and end (chunks of codes laid out as
        :meth:`codes` lays them: one separator after each sentence)."""
        first = found.starts - found.sentence
        last = found.ends - 1 - found.sentence
        return self.doc[found.sentence], self.starts[first], self.ends[last]
