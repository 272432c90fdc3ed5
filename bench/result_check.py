"""Checking a stored result file before anything ranks or reports it.

A result must have the shape ``make_result`` writes (a schema check, so a list, ``{}``,
a missing key, a string F1 or a stray JSON file is one clear line, never a traceback) and
must be what the scorer wrote: its content hash must hold, and every headline figure
must follow from the per-sentence counts it stores. An edited score (100, NaN) fails both.
"""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from .results import SCHEMA, check_name, content_hash
from .errors import BadName
from .standoff import MAX_LINE_BYTES, open_regular, parse_json_line, Problem

MAX_RESULT_BYTES = 256 * MAX_LINE_BYTES  # results hold per-sentence counts: megabytes, not gigabytes


from .errors import BadResult  # noqa: E402,F401


def _is_count(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool) and x >= 0


def _is_share(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) and 0.0 <= x <= 1.0


def _need(cond: bool, path: Path, where: str, what: str) -> None:
    if not cond:
        raise BadResult(f"{path}: not a valid result file: {where} {what}")


def read_result(path: Path) -> Any:
    fh = open_regular(path)
    if isinstance(fh, Problem):
        raise BadResult(str(fh))
    with fh:
        data = fh.read(MAX_RESULT_BYTES + 1)
    if len(data) > MAX_RESULT_BYTES:
        raise BadResult(f"{path}: not a valid result file: over {MAX_RESULT_BYTES:,} bytes")
    try:
        return parse_json_line(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise BadResult(f"{path}: not a valid result file: not UTF-8") from None
    except ValueError as exc:
        raise BadResult(f"{path}: not a valid result file: {exc}") from None


def check_view(path: Path, view: str, s: Any, task: str = "") -> None:
    where = f"scores.{view}"
    _need(isinstance(s, dict), path, where, "must be an object")
    units = s.get("units")
    _need(isinstance(units, list) and all(isinstance(u, list) and len(u) == 3 and all(map(_is_count, u)) for u in units),
          path, f"{where}.units", "must be a list of [TP, FP, FN] counts per sentence")
    h = s.get("headline")
    _need(isinstance(h, dict), path, f"{where}.headline", "must be an object")
    for k in ("tp", "fp", "fn"):
        _need(_is_count(h.get(k)), path, f"{where}.headline.{k}", "must be a non-negative integer")
    _need(_is_share(h.get("f1")), path, f"{where}.headline.f1", "must be a number in [0, 1]")
    ci = h.get("ci")
    _need(isinstance(ci, list) and len(ci) == 2 and all(map(_is_share, ci)), path, f"{where}.headline.ci", "must be [low, high] in [0, 1]")
    tp, fp, fn = (sum(u[k] for u in units) for k in range(3))
    if (tp, fp, fn) != (h["tp"], h["fp"], h["fn"]):
        raise BadResult(f"{path}: headline counts TP/FP/FN {h['tp']}/{h['fp']}/{h['fn']} do not add up from its per-sentence counts "
                        f"({tp}/{fp}/{fn}): the file was edited; re-run the system")
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
    if not math.isclose(h["f1"], f1, abs_tol=1e-9):
        raise BadResult(f"{path}: headline F1 {h['f1']!r} is not what its per-sentence counts give ({f1:.6f}): the file was edited; re-run the system")
    from .tasks import get_task

    for field in REQUIRED_SHARES + get_task(task).required_figures:
        value = s
        for part in field.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, dict):  # a headline of its own: F1 with a CI
            _need(_is_share(value.get("f1")) and isinstance(value.get("ci"), list), path, f"{where}.{field}", "must be {f1, ci}")
        else:
            _need(_is_share(value), path, f"{where}.{field}", "must be a number in [0, 1]")


# The figures the board and the report show: each must be there, a share in [0, 1] (and
# each task's own, ``Task.required_figures``).
REQUIRED_SHARES = ("seqeval.strict.micro avg.precision", "seqeval.strict.micro avg.recall", "seqeval.strict.micro avg.f1",
                   "seqeval.default.micro avg.f1", "spans.strict.f1", "spans.exact.f1", "spans.partial.f1", "spans.ent_type.f1")


def check_result(path: Path, data: Any | None = None) -> dict:
    """The result in ``path``, checked; raises BadResult with one line naming the file and field."""
    r = read_result(path) if data is None else data
    _need(isinstance(r, dict), path, "the file", f"must hold a JSON object, not a {type(r).__name__}")
    for key in ("schema", "system", "task", "corpus", "scorer_version", "scores", "provenance", "integrity"):
        _need(key in r, path, f"field {key!r}", "is missing")
    _need(r["schema"] == SCHEMA, path, "schema", f"must be {SCHEMA}")
    _need(isinstance(r["system"], dict) and isinstance(r["system"].get("name"), str), path, "system.name", "must be a string")
    try:
        check_name(r["system"]["name"])
    except BadName as exc:
        raise BadResult(f"{path}: {exc}") from None
    from .tasks import TASKS

    _need(r["task"] in TASKS, path, "task", f"must be one of {', '.join(TASKS)}")
    c = r["corpus"]
    _need(isinstance(c, dict) and isinstance(c.get("name"), str) and isinstance(c.get("version"), str), path, "corpus", "must be {name, version} strings")
    _need(isinstance(r["scorer_version"], str), path, "scorer_version", "must be a string")
    _need(isinstance(r["provenance"], dict), path, "provenance", "must be an object")
    _need(isinstance(r["scores"], dict) and r["scores"] and set(r["scores"]) <= {"fine", "conll"}, path, "scores", "must map views (fine, conll) to scores")
    try:
        digest = content_hash(r)
    except ValueError:  # NaN or Infinity somewhere: json refuses them in canonical form
        raise BadResult(f"{path}: holds NaN or Infinity, which no scorer writes: the file was edited; re-run the system") from None
    if r["integrity"] != digest:
        raise BadResult(f"{path}: content hash does not match (the file was edited after scoring); re-run: "
                        f"{str(r['provenance'].get('command', 'bench run ...'))[:200]}")
    for view, s in r["scores"].items():
        check_view(path, view, s, r["task"])
    return r


def known_version(corpus: str) -> str | None:
    """The current gold version of a corpus this checkout holds (None for an external one)."""
    from .corpora import UnknownCorpus, corpus_version

    try:
        return corpus_version(corpus)
    except (UnknownCorpus, OSError, ValueError):
        return None


def check_current(results: list[tuple[Path, dict]]) -> None:
    """Refuse results scored by another scorer version or on another version of the gold,
    for every corpus, naming the command that re-scores them."""
    from . import SCORER_VERSION

    stale = []
    current: dict[str, str | None] = {}
    versions: dict[str, set] = {}
    for path, r in results:
        name = r["corpus"]["name"]
        if name not in current:
            current[name] = known_version(name)
        versions.setdefault(name, set()).add(r["corpus"]["version"])
        why = []
        if r["scorer_version"] != SCORER_VERSION:
            why.append(f"scorer version {r['scorer_version']} (current {SCORER_VERSION})")
        if current[name] is not None and r["corpus"]["version"] != current[name]:
            why.append(f"gold version {r['corpus']['version']} (current {current[name]})")
        if why:
            stale.append(f"{path}: scored with {' and '.join(why)}; re-run: {str(r['provenance'].get('command', 'bench run ...'))[:200]}")
    for name, vs in versions.items():
        if current[name] is None and len(vs) > 1:
            stale.append(f"corpus {name}: results scored on {len(vs)} different versions of its gold ({', '.join(sorted(vs))}); re-run them on one")
    if stale:
        more = f" (and {len(stale) - 1} more)" if len(stale) > 1 else ""
        raise BadResult(f"results that can't be ranked together: {stale[0]}{more}")
