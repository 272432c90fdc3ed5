"""Prompts: one versioned template file per task, the task's JSON schema, and demonstrations.

``prompts/<task>.txt`` holds a system section and a user section (``### system``,
``### user``); ``{{text}}`` in the user section is replaced by the text to read.
``prompts/<task>.schema.json`` is the output's JSON schema, sent as ``response_format``
where the server takes it. ``prompts/demonstrations.jsonl`` holds k-shot demonstrations:
invented texts with their answers, never taken from a corpus the benchmark scores. A
k-shot prompt puts the task's first k demonstrations before the text as user/assistant
turns. The sha256 of the template and of the schema, k and the demonstration ids go into
every result's provenance.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from bench.systems import SystemFailure

PROMPT_DIR = Path(__file__).resolve().parent / "prompts"
DEMONSTRATIONS_FILE = "demonstrations.jsonl"
TEXT_SLOT = "{{text}}"
_SECTION = re.compile(r"^### (system|user)[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class Demonstration:
    id: str
    task: str
    text: str
    output: dict


@dataclass(frozen=True)
class Prompt:
    task: str
    template_path: str
    system: str
    user: str
    template_sha256: str
    schema: dict
    schema_sha256: str
    demonstrations: tuple[Demonstration, ...] = ()

    def fill(self, text: str) -> str:
        return self.user.replace(TEXT_SLOT, text)

    def messages(self, text: str) -> list[dict[str, str]]:
        """The chat for one text: the instructions, the demonstrations as earlier turns, the text."""
        messages = [{"role": "system", "content": self.system}]
        for demo in self.demonstrations:
            messages += [{"role": "user", "content": self.fill(demo.text)},
                         {"role": "assistant", "content": json.dumps(demo.output, ensure_ascii=False)}]
        messages.append({"role": "user", "content": self.fill(text)})
        return messages

    def provenance(self) -> dict:
        return {"template": self.template_path, "template_sha256": self.template_sha256, "schema_sha256": self.schema_sha256,
                "shots": len(self.demonstrations), "demonstrations": [d.id for d in self.demonstrations]}


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SystemFailure(f"prompt file {path}: cannot read it: {exc.strerror or exc}") from None


def parse_template(raw: str, where: str) -> tuple[str, str]:
    """The system and user sections of a template file."""
    parts = _SECTION.split(raw)
    if parts[1::2] != ["system", "user"]:
        raise SystemFailure(f"prompt file {where}: needs one '### system' and one '### user' section, in that order")
    system, user = (p.strip("\n") for p in parts[2::2])
    if TEXT_SLOT not in user:
        raise SystemFailure(f"prompt file {where}: its user section has no {TEXT_SLOT} slot for the text")
    return system, user


def load_demonstrations(path: Path, task: str) -> list[Demonstration]:
    demos = []
    for n, line in enumerate(_read(path).decode("utf-8", "replace").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            demo = Demonstration(str(rec["id"]), str(rec["task"]), str(rec["text"]), dict(rec["output"]))
        except (ValueError, KeyError, TypeError):
            raise SystemFailure(f"demonstrations {path}:{n}: needs a JSON object with id, task, text and output") from None
        if demo.task == task:
            demos.append(demo)
    return demos


def load_prompt(task: str, shots: int = 0, folder: str | Path | None = None) -> Prompt:
    """The prompt of ``task`` with ``shots`` demonstrations, from ``folder`` (default: the built-in prompts).

    A folder of one's own needs ``<task>.txt``; its schema and demonstrations default to the built-in ones.
    """
    base = Path(folder) if folder else PROMPT_DIR
    if not base.is_dir():
        raise SystemFailure(f"prompt folder {base} does not exist")
    shots = int(shots)
    if shots < 0:
        raise SystemFailure(f"shots must be 0 or more, got {shots}")
    template_path = base / f"{task}.txt"
    raw = _read(template_path)
    try:
        system, user = parse_template(raw.decode("utf-8"), str(template_path))
    except UnicodeDecodeError:
        raise SystemFailure(f"prompt file {template_path}: not UTF-8") from None
    schema_path = base / f"{task}.schema.json" if (base / f"{task}.schema.json").is_file() else PROMPT_DIR / f"{task}.schema.json"
    schema_raw = _read(schema_path)
    try:
        schema = json.loads(schema_raw)
    except ValueError:
        raise SystemFailure(f"schema {schema_path}: not valid JSON") from None
    demo_path = base / DEMONSTRATIONS_FILE if (base / DEMONSTRATIONS_FILE).is_file() else PROMPT_DIR / DEMONSTRATIONS_FILE
    demos = load_demonstrations(demo_path, task)
    if shots > len(demos):
        raise SystemFailure(f"{shots}-shot prompt for {task}: {demo_path} has only {len(demos)} demonstrations of that task")
    shown = template_path.name if base == PROMPT_DIR else str(template_path)
    return Prompt(task, shown, system, user, hashlib.sha256(raw).hexdigest(), schema, hashlib.sha256(schema_raw).hexdigest(),
                  tuple(demos[:shots]))
