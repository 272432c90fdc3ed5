"""What a generative system lost between the model's words and scoreable spans.

Every count is kept per task and stored in the result's provenance, so that a low score
can be told apart from output that never reached the scorer.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields


@dataclass
class Losses:
    # per item or string
    items: int = 0  # items the model returned (entities, quote records, values), well-formed or not
    malformed: int = 0  # items of the wrong shape or type (no text, a list for a label, ...): skipped
    ungrounded: int = 0  # entity, quote-piece or value strings found nowhere in the text: dropped
    unlinked: int = 0  # speaker, cue, unit or thing strings found nowhere: the link is null
    fuzzy: int = 0  # strings placed only by a fuzzy match (kept)
    overlapping: int = 0  # strings whose every place overlaps a span already placed in the task: dropped
    # per document
    invalid_json: int = 0  # documents with a response that was no JSON of the schema after one repair attempt
    repaired_json: int = 0  # documents with a response that needed the repair (kept)
    output_truncated: int = 0  # documents with a response that stopped at the output token limit
    cut_for_context: int = 0  # documents with a line longer than the context allows, cut mid-line

    def add(self, other: "Losses") -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def count(self, kind: str, n: int = 1) -> None:
        setattr(self, kind, getattr(self, kind) + n)

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


LOSS_KINDS = tuple(f.name for f in fields(Losses))
