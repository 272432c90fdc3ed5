"""Systems: anything that turns documents into standoff spans.

A system declares its name, version, the tasks it covers and a label map onto each
task's labels, and implements ``predict(documents, task)``. It is plugged in three ways:

- a Python object registered in the entry-point group ``bench.systems`` (so a separate
  pip package can add one), or named directly as ``package.module:attr``;
- an external command (any language) reading JSONL documents on stdin and writing JSONL
  standoff predictions on stdout (:class:`CommandSystem`);
- a prediction file, scored with ``bench evaluate`` (no system object at all).
"""
from __future__ import annotations

import importlib
import json
import shlex
import subprocess
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any, Mapping, Protocol, Sequence, runtime_checkable

from .documents import Document
from .standoff import Span
from .tasks import TASKS

ENTRY_POINT_GROUP = "bench.systems"


@runtime_checkable
class System(Protocol):
    name: str
    version: str
    tasks: tuple[str, ...]
    # per task: the system's own label -> the task's label; labels missing here are
    # dropped before scoring and counted in the result, never silently scored as errors
    label_map: Mapping[str, Mapping[str, str]]

    def predict(self, documents: Sequence[Document], task: str) -> list[Span]:
        ...


class SystemFailure(Exception):
    """A system could not be found, built or run; the message is one line for the user."""


@dataclass
class MappedPredictions:
    spans: list[Span]
    dropped: dict[str, int] = field(default_factory=dict)  # system label -> count


def apply_label_map(system: System, task: str, spans: Sequence[Span], extra_labels: Sequence[str] = ()) -> MappedPredictions:
    """Map a system's labels onto the task's, dropping (and counting) what doesn't map.

    ``extra_labels`` are kept too: the coarse CoNLL types, for a system that only
    predicts those and is scored in the coarse view.
    """
    mapping = dict(system.label_map.get(task, {}))
    valid = set(TASKS[task].labels) | set(extra_labels)
    kept: list[Span] = []
    dropped: dict[str, int] = {}
    for s in spans:
        label = mapping.get(s.label, s.label if s.label in valid else None)
        if label is None or label not in valid:
            dropped[s.label] = dropped.get(s.label, 0) + 1
            continue
        kept.append(Span(s.doc, task, s.start, s.end, label, s.text, s.id, s.attrs))
    return MappedPredictions(kept, dropped)


def available_systems() -> dict[str, str]:
    """Registered systems: entry-point name -> ``module:attr``."""
    return {ep.name: ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)}


def load_system(spec: str, options: Mapping[str, Any] | None = None) -> System:
    """Build a system from an entry-point name or ``package.module:attr``.

    ``attr`` may be a System instance, or a class/factory called with ``options``
    (e.g. ``model``, ``device``, ``batch_size``) that returns one.
    """
    options = dict(options or {})
    registered = available_systems()
    target = registered.get(spec, spec)
    if ":" not in target:
        known = ", ".join(sorted(registered)) or "none installed"
        raise SystemFailure(f"unknown system {spec!r}: not a registered system ({known}) nor 'package.module:attr'")
    module_name, _, attr = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise SystemFailure(f"system {spec!r}: cannot import {module_name!r}: {exc}") from None
    try:
        obj = getattr(module, attr)
    except AttributeError:
        raise SystemFailure(f"system {spec!r}: module {module_name!r} has no attribute {attr!r}") from None
    if isinstance(obj, type) or (callable(obj) and not isinstance(obj, System)):
        try:
            obj = obj(**options)
        except TypeError as exc:
            raise SystemFailure(f"system {spec!r}: cannot build it with options {sorted(options)}: {exc}") from None
    if not isinstance(obj, System):
        raise SystemFailure(f"system {spec!r}: {target} is not a system (needs name, version, tasks, label_map, predict)")
    return obj


class CommandSystem:
    """An external program as a system.

    The command reads one JSON object per line on stdin, ``{"id", "text", "task"}``, and
    writes standoff span records (``doc``, ``start``, ``end``, ``label``, optional ``text``
    and attributes) as JSON lines on stdout. Its labels map through ``label_map`` like
    any other system's.
    """

    def __init__(self, command: str, name: str | None = None, version: str = "external",
                 tasks: Sequence[str] = tuple(TASKS), label_map: Mapping[str, Mapping[str, str]] | None = None,
                 timeout: float | None = 3600):
        self.command = command
        self.argv = shlex.split(command)
        self.name = name or self.argv[0].rsplit("/", 1)[-1]
        self.version = version
        self.tasks = tuple(tasks)
        self.label_map = dict(label_map or {})
        self.timeout = timeout

    def predict(self, documents: Sequence[Document], task: str) -> list[Span]:
        payload = "".join(json.dumps({"id": d.id, "text": d.text, "task": task}, ensure_ascii=False) + "\n" for d in documents)
        try:
            proc = subprocess.run(self.argv, input=payload, capture_output=True, text=True, timeout=self.timeout)
        except FileNotFoundError:
            raise SystemFailure(f"system command {self.command!r}: program {self.argv[0]!r} not found") from None
        except subprocess.TimeoutExpired:
            raise SystemFailure(f"system command {self.command!r} timed out after {self.timeout} s") from None
        if proc.returncode != 0:
            last = (proc.stderr.strip().splitlines() or ["no message"])[-1]
            raise SystemFailure(f"system command {self.command!r} exited {proc.returncode}: {last}")
        spans = []
        for lineno, line in enumerate(proc.stdout.splitlines(), 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                attrs = {k: v for k, v in rec.items() if k not in ("doc", "task", "id", "start", "end", "text", "label")}
                spans.append(Span(rec["doc"], task, rec["start"], rec["end"], rec["label"], rec.get("text", ""), rec.get("id", ""), attrs))
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise SystemFailure(f"system command {self.command!r}: stdout line {lineno}: not a span record ({exc})") from None
        return spans
