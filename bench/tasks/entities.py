"""Named entities: OntoNotes 5 name types, with the coarse CoNLL-2003 view derived from them."""
from __future__ import annotations

from .base import Task

ENTITY_LABELS = (
    "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE",
)
# The coarse CoNLL view of entities is derived, never annotated.
CONLL_LABELS = ("PER", "ORG", "LOC", "MISC")
_COARSE = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


def coarse_label(label: str) -> str:
    """Map an OntoNotes name type onto the CoNLL-2003 types (CoNLL types map to themselves)."""
    if label in CONLL_LABELS:
        return label
    return _COARSE.get(label, "MISC")


class EntitiesTask(Task):
    def __init__(self) -> None:
        super().__init__("entities", ENTITY_LABELS, description="named entities, OntoNotes 5 name types",
                         title="Named entities", views=("fine", "conll"))

    def view_labels(self, view: str) -> tuple[str, ...]:
        return CONLL_LABELS if view == "conll" else self.labels

    def view_label(self, label: str, view: str) -> str:
        return coarse_label(label) if view == "conll" else label

    def view_title(self, view: str) -> str:
        return ("Named entities, coarse CoNLL view (PER/ORG/LOC/MISC)" if view == "conll"
                else "Named entities (OntoNotes types)")
