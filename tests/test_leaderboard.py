import json
import os
import shutil
from pathlib import Path

import pytest

from bench import SCORER_VERSION
from bench.cli import main
from bench.corpus import load_corpus
from bench.leaderboard import rank_with_ties, render
from bench.result_check import BadResult
from bench.results import make_result, write_json_atomic

ROOT = Path(__file__).resolve().parent.parent


def test_committed_leaderboard_is_a_fresh_render():
    fresh = render(ROOT / "results")
    assert (ROOT / "LEADERBOARD.md").read_text(encoding="utf-8") == fresh, "run `bench leaderboard` and commit LEADERBOARD.md"


def _result(name, units, corpus="newsie-v1", version=None, scorer=SCORER_VERSION):
    tp = sum(u[0] for u in units)
    fp = sum(u[1] for u in units)
    fn = sum(u[2] for u in units)
    micro = {"micro avg": {"precision": 0.0, "recall": 0.0, "f1": 0.0}}
    scores = {"fine": {"headline": {"f1": 2 * tp / (2 * tp + fp + fn), "ci": [0, 1], "tp": tp, "fp": fp, "fn": fn}, "units": units,
                       "seqeval": {"strict": micro, "default": micro},
                       "spans": {s: {"f1": 0.0} for s in ("strict", "exact", "partial", "ent_type")}}}
    r = make_result({"name": name, "version": "1"}, "entities", corpus, version or load_corpus().version, scores,
                    {"command": f"bench run --system {name}"})
    if scorer != SCORER_VERSION:
        from bench.results import content_hash

        r["scorer_version"] = scorer
        r["integrity"] = content_hash(r)
    return r


def test_ranks_tie_when_the_difference_is_not_significant():
    base = [[3, 1, 1]] * 30 + [[1, 2, 2]] * 30
    close = [list(u) for u in base]
    close[0] = [3, 2, 1]  # one more false positive in one sentence
    far = [[0, 3, 4]] * 60
    rows = [_result("close", close), _result("far", far), _result("base", base)]
    ranks = [(rank, r["system"]["name"]) for rank, r in rank_with_ties(rows, "fine")]
    assert ranks == [(1, "base"), (1, "close"), (3, "far")]


def test_refuses_results_from_another_gold_or_scorer(tmp_path):
    write_json_atomic(tmp_path / "newsie-v1" / "entities" / "old.json", _result("old", [[1, 0, 0]], version="0000000000000000"))
    write_json_atomic(tmp_path / "newsie-v1" / "entities" / "new.json", _result("new", [[1, 0, 0]], scorer="0"))
    with pytest.raises(BadResult) as info:
        render(tmp_path)
    msg = str(info.value)
    assert "new.json: scored with scorer version 0 (current " + SCORER_VERSION + ")" in msg and "(and 1 more)" in msg
    (tmp_path / "newsie-v1" / "entities" / "new.json").unlink()
    with pytest.raises(BadResult) as info:
        render(tmp_path)
    msg = str(info.value)
    assert "old.json: scored with gold version 0000000000000000" in msg and "re-run: bench run --system old" in msg


def test_leaderboard_command_leaves_the_page_alone_when_refusing(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    Path("LEADERBOARD.md").write_text("previous\n")
    write_json_atomic(tmp_path / "results" / "newsie-v1" / "entities" / "old.json", _result("old", [[1, 0, 0]], version="0" * 16))
    assert main(["leaderboard"]) == 2
    assert "can't be ranked together" in capsys.readouterr().err
    assert Path("LEADERBOARD.md").read_text() == "previous\n"


def test_interrupted_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "r.json"
    write_json_atomic(target, {"v": 1})

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_json_atomic(target, {"v": 2})
    assert json.loads(target.read_text()) == {"v": 1}
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]  # no temporary file left behind


def test_compare_command(tmp_path, capsys):
    a = tmp_path / "a.json"
    b = tmp_path / "b.json"
    write_json_atomic(a, _result("a", [[3, 0, 0]] * 40))
    write_json_atomic(b, _result("b", [[1, 2, 2]] * 40))
    assert main(["compare", str(a), str(b), "--json", "--resamples", "1000"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["significant"] and out["delta"] > 0.5 and out["p_value"] <= 0.002
