import json
from pathlib import Path

import pytest

from bench.corpus import ANNOTATIONS, load_corpus

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
CONLL = ROOT.parent / "shared" / "data" / "conll2003"


@pytest.fixture(scope="session")
def corpus():
    return load_corpus()


@pytest.fixture(scope="session")
def gold_records():
    return [json.loads(line) for line in (ANNOTATIONS / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


def write_jsonl(path: Path, records) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records), encoding="utf-8")
    return path
