"""An on-disk cache of model responses, so that re-scoring makes no model calls.

The key is the sha256 of everything that decides a response: the backend and model
(with its weights or revision where known), the full chat (template, demonstrations and
text), the JSON schema and the decoding parameters. One small JSON file per response,
written atomically, so concurrent writers and a Ctrl-C never leave a broken entry; an
unreadable entry is a miss.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from bench.systems import SystemFailure

DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "newsie-bench" / "llm"


def cache_key(request: Any) -> str:
    return hashlib.sha256(json.dumps(request, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


class ResponseCache:
    def __init__(self, folder: str | Path | None = None, enabled: bool = True):
        self.folder = Path(folder).expanduser() if folder else DEFAULT_CACHE
        self.enabled = enabled

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict | None:
        if not self.enabled:
            return None
        try:
            value = json.loads(self.path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return value if isinstance(value, dict) else None

    def put(self, key: str, value: dict) -> None:
        if not self.enabled:
            return
        path = self.path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        except OSError as exc:
            raise SystemFailure(f"response cache {self.folder}: cannot write there: {exc.strerror or exc} (--cache-dir)") from None
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(value, fh, ensure_ascii=False)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
