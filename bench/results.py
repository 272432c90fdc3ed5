"""Result files: scores with provenance, one JSON per system, task and corpus, written atomically."""
from __future__ import annotations

import json
import os
import platform
import re
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from . import SCORER_VERSION, __version__

RESULTS_DIR = Path("results")
SCHEMA = 1
from .corpora import BENCH_CORPUS  # noqa: E402,F401  (re-exported: results name their corpus)


def slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-") or "system"


def result_path(results_dir: Path, corpus: str, task: str, system: str) -> Path:
    return results_dir / slug(corpus) / task / f"{slug(system)}.json"


def write_text_atomic(path: Path, text: str) -> None:
    """Write to a temporary file in the same folder, then rename: a crash or Ctrl-C leaves
    either the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_json_atomic(path: Path, obj: Any) -> None:
    write_text_atomic(path, json.dumps(obj, indent=1, ensure_ascii=False, allow_nan=False) + "\n")


def provenance(**fields: Any) -> dict:
    """Who, what, where and when of a run; the caller adds system-specific fields."""
    info = {
        "harness_version": __version__,
        "scorer_version": SCORER_VERSION,
        "date": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
    }
    if "torch" in sys.modules:
        info["torch"] = sys.modules["torch"].__version__
    if "transformers" in sys.modules:
        info["transformers"] = sys.modules["transformers"].__version__
    info.update({k: v for k, v in fields.items() if v is not None})
    return info


def make_result(system: dict, task: str, corpus: str, corpus_version: str, views: dict, prov: dict) -> dict:
    return {
        "schema": SCHEMA,
        "system": system,
        "task": task,
        "corpus": {"name": corpus, "version": corpus_version},
        "scorer_version": SCORER_VERSION,
        "scores": views,
        "provenance": prov,
    }


def load_results(results_dir: Path) -> list[tuple[Path, dict]]:
    out = []
    for path in sorted(results_dir.glob("**/*.json")):
        try:
            out.append((path, json.loads(path.read_text(encoding="utf-8"))))
        except (OSError, json.JSONDecodeError) as exc:
            raise ValueError(f"{path}: unreadable result file: {exc}") from None
    return out
