"""A corpus's tokens as flat arrays, and spans <-> tag codes over them in array operations.

Every sentence's tokens laid end to end, in corpus order: ``starts``/``ends`` are character
offsets in their document, ``first[n]`` is sentence ``n``'s first token and ``doc[n]`` its
document's code. This is what a million-token corpus is scored on: spans become IOB2 codes
(:class:`bench.bio.EncodedTags`) and chunks become character spans without a Python step
per token.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from .bio import CorpusChunks, EncodedTags

if TYPE_CHECKING:
    import numpy as np

    from .corpus import Sentence
    from .standoff import Span


@dataclass
class TokenLayout:
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

    def codes(self, spans: Sequence["Span"], labels: Sequence[str]) -> EncodedTags:
        """IOB2 codes of ``spans`` (labels already in the view scored), as
        :func:`bench.corpus.sentence_tags` defines them: a span belongs to the sentence its
        first character falls in and tags the tokens it overlaps there; where two spans
        touch one token, the later in (start, end, label) order wins."""
        import numpy as np

        from .bio import tag_codes

        mapping, names = tag_codes({f"B-{label}" for label in labels}, "strict")
        code_of = {name: 2 * k + 1 for k, name in enumerate(names)}
        n_sent = len(self.doc)
        lengths = self.lengths
        offsets = self.first[:-1] + np.arange(n_sent)
        arr = np.zeros(int(self.first[-1]) + n_sent, dtype=np.int32)
        if spans:
            # sort as sentence_tags paints: by (start, end, label) within a document
            items = sorted(spans, key=lambda s: (s.start, s.end, s.label))
            doc_code = {name: k for k, name in enumerate(self.doc_names)}
            width = int(max(int(self.ends.max(initial=0)), max(s.end for s in items))) + 1
            unknown = next((s for s in items if s.doc not in doc_code), None)
            if unknown is not None:
                raise ValueError(f"span {unknown.id or ''} [{unknown.start}, {unknown.end}) names unknown document {unknown.doc}")
            d = np.fromiter((doc_code[s.doc] for s in items), dtype=np.int64, count=len(items))
            a = np.fromiter((s.start for s in items), dtype=np.int64, count=len(items))
            b = np.fromiter((s.end for s in items), dtype=np.int64, count=len(items))
            lab = np.fromiter((code_of[s.label] for s in items), dtype=np.int32, count=len(items))
            # the sentence a span starts in: the last of its document starting at or before it (else its first)
            tok_doc = np.repeat(self.doc, lengths)
            sent_key = self.doc * width + self.starts[np.minimum(self.first[:-1], max(len(self.starts) - 1, 0))]
            empty = lengths == 0
            sent_key[empty] = -1  # an empty sentence starts nowhere
            span_key = d * width + a
            order = np.argsort(sent_key, kind="stable")
            pos = np.searchsorted(sent_key[order], span_key, side="right") - 1
            first_of_doc = np.searchsorted(sent_key[order], d * width, side="left")
            pos = np.maximum(pos, first_of_doc)
            row = order[np.minimum(pos, n_sent - 1)]
            row_ok = (self.doc[row] == d) & ~empty[row]
            # tokens of that sentence the span overlaps: from the first ending after its start
            # to the last starting before its end
            tok_key_end = tok_doc * width + self.ends
            tok_key_start = tok_doc * width + self.starts
            lo = np.maximum(np.searchsorted(tok_key_end, d * width + a, side="right"), self.first[row])
            hi = np.minimum(np.searchsorted(tok_key_start, d * width + b, side="left"), self.first[row + 1])
            keep = row_ok & (lo < hi)
            lo, hi, lab, row = lo[keep], hi[keep], lab[keep], row[keep]
            counts = hi - lo
            starts_rep = np.repeat(lo, counts)
            within = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
            token = starts_rep + within
            value = np.repeat(lab, counts) + (within > 0)
            # a token touched by two spans keeps the later one's tag
            token_rev, value_rev = token[::-1], value[::-1]
            uniq, where = np.unique(token_rev, return_index=True)
            sent_of_token = np.repeat(np.arange(n_sent), lengths)
            arr[uniq + sent_of_token[uniq]] = value_rev[where]
        return EncodedTags(arr, offsets, list(names))

    def chunk_offsets(self, found: CorpusChunks) -> tuple["np.ndarray", "np.ndarray", "np.ndarray"]:
        """Each chunk's document code and character start and end (chunks of codes laid out as
        :meth:`codes` lays them: one separator after each sentence)."""
        first = found.starts - found.sentence
        last = found.ends - 1 - found.sentence
        return self.doc[found.sentence], self.starts[first], self.ends[last]
