"""A fourth task added through the public API alone: its own labels, attributes and scorer,
scored with bench.evaluate and ranked on a leaderboard rendered in a temporary folder."""
import json
from dataclasses import dataclass

import pytest

import bench
from bench.api import save_result
from bench.leaderboard import render
from bench.results import make_result, provenance
from bench.tasks import Column, Matching, Table, Task, TaskScores, register_task, unregister_task
from bench.tasks.base import pct

TEXT = "Stop it NOW . We said NO to that and YES to this ."


@dataclass
class ShoutScores(TaskScores):
    gold: list
    pred: list
    pairs: list

    section = "shouting"
    headline = ("shouts", "f1")

    def matching(self) -> Matching:
        return Matching(self.gold, self.pred, self.pairs)

    def figures(self) -> dict:
        return {"shouts": {"gold": len(self.gold), "pred": len(self.pred), "loud": sum(p.attrs.get("volume", 0) > 5 for p in self.pred)}}


class ShoutTask(Task):
    """Words written in capitals, with a required ``volume`` attribute."""

    def __init__(self):
        super().__init__("shouting", ("SHOUT",), description="words in capitals", title="Shouting",
                         required={"SHOUT": ("volume",)}, required_figures=("shouting.shouts.f1",))

    def score(self, gold, pred):
        exact = {(g.doc, g.start, g.end): i for i, g in enumerate(gold)}
        pairs = [(exact[(p.doc, p.start, p.end)], j) for j, p in enumerate(pred) if (p.doc, p.start, p.end) in exact]
        return ShoutScores(list(gold), list(pred), pairs)

    def columns(self, view):
        return super().columns(view)[:1] + [Column("shout F1 [95% CI]", lambda s: pct(s["shouting"]["shouts"]["f1"]["f1"])),
                                            Column("loud", lambda s: str(s["shouting"]["shouts"]["loud"]))]

    def summary(self, scores):
        return [Table(["shouts gold", "pred"], [[scores["shouting"]["shouts"]["gold"], scores["shouting"]["shouts"]["pred"]]])]


@pytest.fixture
def shouting(tmp_path):
    task = register_task(ShoutTask())
    folder = tmp_path / "shouts"
    folder.mkdir()
    (folder / "documents.jsonl").write_text(json.dumps({"id": "d1", "text": TEXT}) + "\n")
    gold = []
    for n, word in enumerate(("NOW", "NO", "YES"), 1):
        start = TEXT.index(f" {word} ") + 1
        gold.append({"doc": "d1", "task": "shouting", "id": f"S{n}", "start": start, "end": start + len(word), "text": word,
                     "label": "SHOUT", "volume": 9})
    (folder / "gold.jsonl").write_text("".join(json.dumps(r) + "\n" for r in gold))
    yield task, folder, gold
    unregister_task("shouting")


def test_a_new_task_is_scored_and_ranked_through_the_public_api(shouting, tmp_path):
    task, folder, gold = shouting
    assert "shouting" in [t.name for t in bench.list_tasks()]
    corpus = bench.load_corpus(annotations=folder)
    assert len(corpus.task_spans("shouting")) == 3
    good = [dict(r, volume=9) for r in gold[:2]]
    bad = [dict(gold[0], volume=1)] + [{"doc": "d1", "task": "shouting", "start": TEXT.index("Stop"), "end": 4, "label": "SHOUT"}]
    results = tmp_path / "results"
    for name, preds in (("good", good), ("bad", bad)):
        ev = bench.evaluate(preds, task="shouting", corpus=corpus, n_resamples=50)
        assert isinstance(ev.task_scores, ShoutScores) and len(ev.task_scores.pairs) == 2 - (name == "bad")
        figures = ev.to_dict()
        assert figures["shouting"]["shouts"]["f1"]["f1"] == pytest.approx({"good": 0.8, "bad": 0.4}[name])
        result = make_result({"name": name, "version": "1"}, "shouting", corpus.name, corpus.version, {"fine": figures},
                             provenance(command=f"test {name}"))
        save_result(result, "", results, tmp_path / "runs")
    page = render(results)
    assert "## Shouting on `shouts`" in page
    rows = [line for line in page.splitlines() if line.startswith("| 1 |") or line.startswith("| 2 |")]
    assert rows[0].startswith("| 1 | good 1 |") and "| 80.0 | 2 |" in rows[0]
    assert rows[1].startswith("| 2 | bad 1 |") and "| 40.0 | 0 |" in rows[1]


def test_the_new_tasks_attributes_are_checked(shouting):
    task, folder, gold = shouting
    bad = folder / "gold.jsonl"
    bad.write_text(json.dumps({k: v for k, v in gold[0].items() if k != "volume"}) + "\n")
    with pytest.raises(bench.errors.InputError, match="field 'volume': missing required attribute"):
        bench.load_corpus(annotations=folder)
