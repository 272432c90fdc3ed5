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


from .errors import SystemFailure  # noqa: E402,F401  (raised here, re-exported for plug-ins)


@dataclass
class MappedPredictions:
    """A system's spans in the task's labels, and how many of each unmapped label were dropped."""

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
        if not isinstance(s.label, str):
            raise SystemFailure(f"system {system.name!r}: a {task} span of document {s.doc!r} has a label of type {type(s.label).__name__}, not a string")
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
                 tasks: Sequence[str] = (), label_map: Mapping[str, Mapping[str, str]] | None = None,
                 timeout: float | None = 3600):
        if not tasks:
            raise SystemFailure(f"system command {command!r}: name the tasks it covers (--task); a program is never assumed to do all three")
        self.command = command
        try:
            self.argv = shlex.split(command)
        except ValueError as exc:
            raise SystemFailure(f"system command {command!r}: {exc}") from None
        if not self.argv:
            raise SystemFailure("system command is empty")
        self.name = name or self.argv[0].rsplit("/", 1)[-1]
        self.version = version
        self.tasks = tuple(tasks)
        self.label_map = dict(label_map or {})
        self.timeout = timeout

    def predict(self, documents: Sequence[Document], task: str) -> list[Span]:
        payload = "".join(json.dumps({"id": d.id, "text": d.text, "task": task}, ensure_ascii=False) + "\n" for d in documents)
        stdout, stderr, code = self._call(payload.encode("utf-8"))
        if code != 0:
            last = (stderr.decode("utf-8", "replace").strip().splitlines() or ["no message"])[-1][:200]
            raise SystemFailure(f"system command {self.command!r} exited {code}: {last}")
        return self._parse(stdout, task)

    def _call(self, payload: bytes) -> tuple[bytes, bytes, int]:
        """Run the program in its own process group, which is killed with everything in it
        on a timeout, an error or a signal to bench (SIGINT, SIGTERM, SIGHUP)."""
        import os
        import signal

        try:
            proc = subprocess.Popen(self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    start_new_session=True)
        except FileNotFoundError:
            raise SystemFailure(f"system command {self.command!r}: program {self.argv[0]!r} not found") from None
        except PermissionError:
            raise SystemFailure(f"system command {self.command!r}: program {self.argv[0]!r} is not executable") from None
        try:
            stdout, stderr = proc.communicate(payload, timeout=self.timeout)
        except subprocess.TimeoutExpired:
            raise SystemFailure(f"system command {self.command!r} timed out after {self.timeout:g} s (--timeout)") from None
        finally:
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait()
        return stdout, stderr, proc.returncode

    def _parse(self, stdout: bytes, task: str) -> list[Span]:
        from .standoff import MAX_LINE_BYTES, parse_json_line

        where = f"system command {self.command!r}: stdout line"
        spans = []
        for lineno, raw in enumerate(stdout.split(b"\n"), 1):
            if len(raw) > MAX_LINE_BYTES:
                raise SystemFailure(f"{where} {lineno}: {len(raw):,} bytes, over the {MAX_LINE_BYTES:,}-byte limit for one record")
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise SystemFailure(f"{where} {lineno}: not UTF-8: byte 0x{raw[exc.start]:02x} at column {exc.start + 1}") from None
            if not line.strip():
                continue
            try:
                rec = parse_json_line(line)
            except ValueError as exc:
                raise SystemFailure(f"{where} {lineno}: {exc}") from None
            if not isinstance(rec, dict):
                raise SystemFailure(f"{where} {lineno}: a JSON {type(rec).__name__}, not a span object")
            for fld, types in (("doc", str), ("label", str), ("start", int), ("end", int)):
                if fld not in rec:
                    raise SystemFailure(f"{where} {lineno}: field {fld!r} is missing")
                if not isinstance(rec[fld], types) or isinstance(rec[fld], bool):
                    raise SystemFailure(f"{where} {lineno}: field {fld!r} must be {'a string' if types is str else 'an integer'}, "
                                        f"got a JSON {type(rec[fld]).__name__}")
            text = rec.get("text", "")
            if not isinstance(text, str):
                raise SystemFailure(f"{where} {lineno}: field 'text' must be a string")
            sid = rec.get("id", "")
            if not isinstance(sid, str):
                raise SystemFailure(f"{where} {lineno}: field 'id' must be a string")
            attrs = {k: v for k, v in rec.items() if k not in ("doc", "task", "id", "start", "end", "text", "label")}
            spans.append(Span(rec["doc"], task, rec["start"], rec["end"], rec["label"], text, sid, attrs))
        return spans
