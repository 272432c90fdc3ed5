"""The registry of tasks. ``register_task`` adds one (a toy task in a test, a new task in a
plug-in); everything else in the harness asks the task, never its name."""
from __future__ import annotations

from .base import Cell, Column, Matching, Reference, Table, Task, TaskScores
from .entities import CONLL_LABELS, ENTITY_LABELS, EntitiesTask, coarse_label
from .numeric_claims import MODIFIERS, NumericClaimsTask
from .quotes import QUOTE_CONTENT, QuotesTask

TASKS: dict[str, Task] = {}


def register_task(task: Task, replace: bool = False) -> Task:
    if task.name in TASKS and not replace:
        raise ValueError(f"a task named {task.name!r} is already registered")
    TASKS[task.name] = task
    return task


def unregister_task(name: str) -> None:
    TASKS.pop(name, None)


def get_task(name: str) -> Task:
    try:
        return TASKS[name]
    except KeyError:
        raise KeyError(f"unknown task {name!r} (known: {', '.join(TASKS)})") from None


for _task in (EntitiesTask(), QuotesTask(), NumericClaimsTask()):
    register_task(_task)

__all__ = ["CONLL_LABELS", "Cell", "Column", "Reference", "ENTITY_LABELS", "MODIFIERS", "Matching", "QUOTE_CONTENT", "TASKS", "Table", "Task",
           "TaskScores", "coarse_label", "get_task", "register_task", "unregister_task"]
