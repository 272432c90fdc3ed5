"""The three tasks: their labels, attributes and links (ANNOTATION_SCHEME.md)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Task:
    name: str
    labels: tuple[str, ...]
    # link attribute -> label of the span it must point to
    links: dict[str, str] = field(default_factory=dict)
    description: str = ""


ENTITY_LABELS = (
    "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE",
)
QUOTE_CONTENT = ("DIRECT", "INDIRECT")
MODIFIERS = ("exact", "approx", "min", "max")

TASKS: dict[str, Task] = {
    "entities": Task("entities", ENTITY_LABELS, description="named entities, OntoNotes 5 name types"),
    "quotes": Task(
        "quotes",
        ("DIRECT", "INDIRECT", "SPEAKER", "CUE"),
        links={"speaker": "SPEAKER", "cue": "CUE"},
        description="quotations, their speakers and reporting cues",
    ),
    "numeric_claims": Task(
        "numeric_claims",
        ("VALUE", "UNIT", "THING"),
        links={"unit": "UNIT", "thing": "THING"},
        description="numeric values with modifier, unit and what is counted",
    ),
}

# The coarse CoNLL view of entities is derived, never annotated.
CONLL_LABELS = ("PER", "ORG", "LOC", "MISC")
_COARSE = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


def coarse_label(label: str) -> str:
    """Map an OntoNotes name type onto the CoNLL-2003 types (CoNLL types map to themselves)."""
    if label in CONLL_LABELS:
        return label
    return _COARSE.get(label, "MISC")


def get_task(name: str) -> Task:
    try:
        return TASKS[name]
    except KeyError:
        raise KeyError(f"unknown task {name!r} (known: {', '.join(TASKS)})") from None
