"""Result files: scores with provenance, one JSON per system, task and corpus, written atomically."""
from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

from . import SCORER_VERSION, __version__

RESULTS_DIR = Path("results")
SCHEMA = 1
BENCH_CORPUS = "newsie-v1"  # the seed articles; bench.corpora names the others


# One rule for every name stored as a file name and shown on the board: it must be stored
# faithfully (no two names map to one file) and need no escaping in a path.
NAME_RULE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,79}$")
NAME_HELP = "1-80 characters: letters, digits and . _ + -, starting with a letter or digit"


from .errors import BadName  # noqa: E402


def check_name(name: str, what: str = "system name") -> str:
    if not isinstance(name, str) or not NAME_RULE.match(name) or name.endswith("."):
        shown = repr(name) if isinstance(name, str) and len(name) <= 60 else f"of {len(name)} characters" if isinstance(name, str) else repr(type(name).__name__)
        raise BadName(f"{what} {shown} cannot be stored faithfully: use {NAME_HELP} (e.g. --name my-system)")
    return name


def slug(name: str) -> str:
    """The file name of a checked name: the name itself."""
    return check_name(name)


def result_path(results_dir: Path, corpus: str, task: str, system: str) -> Path:
    return results_dir / check_name(corpus, "corpus name") / task / f"{check_name(system)}.json"


def write_text_atomic(path: Path, text: str) -> None:
    """Write to a temporary file in the same folder, then rename: a crash or Ctrl-C leaves
    either the old file or the new one, never half of one. The mode follows the umask."""
    from .transaction import write_temp

    tmp = write_temp(path, text.encode("utf-8"))
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def json_text(obj: Any) -> str:
    return json.dumps(obj, indent=1, ensure_ascii=False, allow_nan=False) + "\n"


def write_json_atomic(path: Path, obj: Any) -> None:
    write_text_atomic(path, json_text(obj))


def provenance(**fields: Any) -> dict:
    """Who, what, where and when of a run; the caller adds system-specific fields."""
    import platform
    from datetime import datetime, timezone

    info = {
        "harness_version": __version__,
        "scorer_version": SCORER_VERSION,
        "date": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "python": platform.python_version(),
        # system, release and machine, as platform.platform() starts; that function also runs
        # `uname -p` in a subprocess and reads the interpreter's binary for its libc version
        "platform": "-".join((platform.system(), platform.release(), platform.machine())),
    }
    if "torch" in sys.modules:
        info["torch"] = sys.modules["torch"].__version__
    if "transformers" in sys.modules:
        info["transformers"] = sys.modules["transformers"].__version__
    info.update({k: v for k, v in fields.items() if v is not None})
    return info


def content_hash(result: dict) -> str:
    """sha256 of a result without its ``integrity`` field, in canonical JSON."""
    import hashlib

    body = {k: v for k, v in result.items() if k != "integrity"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False, allow_nan=False).encode("utf-8")).hexdigest()


def make_result(system: dict, task: str, corpus: str, corpus_version: str, views: dict, prov: dict) -> dict:
    result = {
        "schema": SCHEMA,
        "system": system,
        "task": task,
        "corpus": {"name": corpus, "version": corpus_version},
        "scorer_version": SCORER_VERSION,
        "scores": views,
        "provenance": prov,
    }
    result["integrity"] = content_hash(result)
    return result


# Provenance that differs between two runs of the same system with the same output; a
# re-run whose result differs only here leaves the stored file as it was.
VOLATILE_PROVENANCE = ("date", "wall_time_s", "command", "python", "platform", "torch", "transformers")


def same_result(a: dict, b: dict) -> bool:
    def strip(r: dict) -> dict:
        r = {k: v for k, v in r.items() if k != "integrity"}
        r["provenance"] = {k: v for k, v in r.get("provenance", {}).items() if k not in VOLATILE_PROVENANCE}
        return r

    return strip(a) == strip(b)


def load_results(results_dir: Path) -> list[tuple[Path, dict]]:
    """Every result file under ``results_dir``, each checked (raises ValueError, one line)."""
    from .result_check import check_result

    out = []
    for path in sorted(results_dir.glob("**/*.json")):
        out.append((path, check_result(path)))
    return out
