"""What the three rule systems share: one task each; run options are accepted and unused."""
from __future__ import annotations


class RuleSystem:
    task: str
    name: str

    def __init__(self, **options):
        self.options = options  # device, batch_size, model: nothing to configure

    def check_task(self, task: str) -> None:
        if task != self.task:
            raise ValueError(f"{self.name} predicts task {self.task!r}, not {task!r}")
