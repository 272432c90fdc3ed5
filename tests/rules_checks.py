"""Helpers for the rule-baseline tests: run a system, check spans with the bench validator."""
from __future__ import annotations

import json
from pathlib import Path

from bench.documents import Document
from bench.standoff import parse_spans


def predict(system, text: str, task: str, doc_id: str = "t"):
    return system.predict([Document(doc_id, text)], task)


def pairs(spans, label: str | None = None) -> list[tuple[str, str]]:
    return [(s.label, s.text) for s in spans if label is None or s.label == label]


def assert_valid(spans, documents: list[Document], tmp_path: Path) -> None:
    """Token boundaries, no overlap, resolvable links and unique ids, per bench's own checks."""
    path = tmp_path / "pred.jsonl"
    path.write_text("".join(json.dumps(s.to_dict(), ensure_ascii=False) + "\n" for s in spans), encoding="utf-8")
    _, problems = parse_spans(path, {d.id: d for d in documents})
    assert not problems, [str(p) for p in problems]
    for s in spans:
        text = documents[0].text if len(documents) == 1 else {d.id: d for d in documents}[s.doc].text
        assert text[s.start:s.end] == s.text
        assert s.text == s.text.strip()
