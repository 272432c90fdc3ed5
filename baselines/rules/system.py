"""What the three rule systems share: one task each; run options are accepted and unused."""
from __future__ import annotations


class RuleSystem:
    task: str
    name: str
    # (version, what changed, {corpus: {figure: value}}): each version's scores as released, so a
    # result's provenance shows what the rules scored before and after they were developed on dev
    history: tuple[tuple[str, str, dict[str, dict[str, float]]], ...] = ()

    def __init__(self, **options):
        self.options = options  # device, batch_size, model: nothing to configure

    def check_task(self, task: str) -> None:
        if task != self.task:
            raise ValueError(f"{self.name} predicts task {self.task!r}, not {task!r}")

    def provenance(self) -> dict:
        if not self.history:
            return {}
        return {"developed_on": "reuters-dev (CoNLL-2003 dev stories); reuters-test only scored",
                "versions": [{"version": v, "changes": what, "scores": scores} for v, what, scores in self.history]}
