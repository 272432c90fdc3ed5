"""Loading a corpus: every task's gold, or only the tasks a command scores."""
import json
import shutil

import pytest

from bench.corpus import ANNOTATIONS, load_corpus
from bench.errors import InputError


def test_a_corpus_loaded_for_some_tasks_reads_only_their_gold(tmp_path):
    full = load_corpus()
    quotes = load_corpus(tasks=["quotes"])
    assert quotes.spans == [s for s in full.spans if s.task == "quotes"] and quotes.spans
    assert quotes.version == full.version and quotes.documents == full.documents
    assert quotes.covers("quotes") and not quotes.covers("entities") and full.covers("entities")
    # a broken record of another task does not stop it; it stops the whole corpus
    folder = tmp_path / "broken"
    shutil.copytree(ANNOTATIONS, folder, ignore=shutil.ignore_patterns("reuters-*", "passes", "*.md"))
    records = [json.loads(l) for l in (folder / "gold.jsonl").read_text().splitlines()]
    entity = next(r for r in records if r["task"] == "entities")
    entity["end"] = 10**9
    (folder / "gold.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    assert load_corpus(folder, tasks=["quotes", "numeric_claims"]).spans == [s for s in full.spans if s.task != "entities"]
    with pytest.raises(InputError, match="gold.jsonl:.*field 'end'"):
        load_corpus(folder)
    with pytest.raises(InputError, match="field 'end'"):
        load_corpus(folder, tasks=["entities"])
