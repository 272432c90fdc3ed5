"""CLI conventions: help on every option, --tasks, --limit, the task inferred from the records,
evaluate --report, bench tasks, and the --gold / --annotations corpora."""
import argparse
import json
from pathlib import Path

import pytest

from bench.cli import build_parser, main

ROOT = Path(__file__).resolve().parent.parent
GOLD = [json.loads(l) for l in (ROOT / "annotations" / "gold.jsonl").read_text().splitlines()]


def test_every_option_and_positional_has_help():
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    missing = [f"{name} {'/'.join(a.option_strings) or a.dest}" for name, p in sub.choices.items() for a in p._actions
               if not isinstance(a, argparse._HelpAction) and (not a.help or a.help == argparse.SUPPRESS)]
    assert not missing, missing
    assert len(sub.choices) >= 13


def test_tasks_lists_tasks_views_and_corpora(capsys):
    assert main(["tasks", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {t["name"]: t["views"] for t in out["tasks"]} == {"entities": ["fine", "conll"], "quotes": ["fine"], "numeric_claims": ["fine"]}
    assert "newsie-v1" in [c["name"] for c in out["corpora"]]


def test_evaluate_infers_the_tasks_the_records_name(tmp_path, capsys):
    both = tmp_path / "both.jsonl"
    both.write_text("".join(json.dumps(r) + "\n" for r in GOLD if r["task"] in ("quotes", "numeric_claims")))
    assert main(["evaluate", str(both), "--resamples", "0", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert sorted(r["task"] for r in out) == ["numeric_claims", "quotes"]
    assert all(r["scores"]["fine"]["headline"]["f1"] == 1.0 for r in out)
    assert main(["evaluate", str(both), "--tasks", "quotes", "--resamples", "0", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["task"] == "quotes"
    none = tmp_path / "none.conll"
    none.write_text("x O\n")
    assert main(["evaluate", str(none)]) == 2
    assert "names no task: pass --task" in capsys.readouterr().err


def test_limit_scores_a_few_documents_and_stores_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    preds = tmp_path / "p.jsonl"
    preds.write_text("".join(json.dumps(r) + "\n" for r in GOLD if r["task"] == "entities"))
    assert main(["evaluate", str(preds), "--limit", "1", "--save", "--resamples", "0", "--json"]) == 2  # the other document's spans
    capsys.readouterr()
    first = GOLD[0]["doc"]
    preds.write_text("".join(json.dumps(r) + "\n" for r in GOLD if r["task"] == "entities" and r["doc"] == first))
    assert main(["evaluate", str(preds), "--limit", "1", "--save", "--resamples", "0", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["corpus"]["version"].endswith(":first1") and out["scores"]["fine"]["headline"]["f1"] == 1.0
    assert main(["run", "--system", "rules-numeric", "--tasks", "numeric_claims", "--limit", "1", "--resamples", "0", "--no-progress",
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["corpus"]["version"].endswith(":first1")
    assert not (tmp_path / "results").exists() and not (tmp_path / "runs").exists()


def test_evaluate_writes_the_report_of_one_file(tmp_path, capsys):
    preds = tmp_path / "p.jsonl"
    preds.write_text("".join(json.dumps(r) + "\n" for r in GOLD if r["task"] == "numeric_claims"))
    assert main(["evaluate", str(preds), "--resamples", "50", "--report", str(tmp_path / "rep")]) == 0
    page = (tmp_path / "rep" / "index.html").read_text()
    assert 'data-task="numeric_claims"' in page and 'data-system="p"' in page and "value-table" in page
    assert not (tmp_path / "results").exists()


def test_an_external_conll_gold_file_is_scored_in_the_coarse_view(tmp_path, capsys):
    gold = tmp_path / "ext.txt"
    gold.write_text("-DOCSTART- -X- -X- O\n\nJohn X X B-PER\nSmith X X I-PER\nvisited X X O\nParis X X B-LOC\n.\tX X O\n\n")
    preds = tmp_path / "p.conll"
    preds.write_text("John B-PER\nSmith I-PER\nvisited O\nParis B-ORG\n. O\n\n")
    assert main(["evaluate", str(preds), "--task", "entities", "--gold", str(gold), "--resamples", "0", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert list(out["scores"]) == ["conll"] and out["corpus"]["name"].endswith("-ext")
    assert out["scores"]["conll"]["headline"]["f1"] == pytest.approx(0.5)
    assert main(["evaluate", str(preds), "--task", "quotes", "--gold", str(gold), "--resamples", "0"]) == 2
    assert "has no gold for task quotes" in capsys.readouterr().err


def test_another_annotations_folder_is_a_corpus_named_after_it(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    folder = ROOT / "annotations" / "heldout"
    assert main(["run", "--system", "rules-numeric", "--annotations", str(folder), "--resamples", "0", "--no-progress",
                 "--allow-missing", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["corpus"]["name"] == "heldout" and (tmp_path / "results" / "heldout" / "numeric_claims" / "rules-numeric.json").is_file()


def test_a_command_line_builds_only_its_verb_and_parses_as_the_whole_parser_does(capsys):
    argv = ["evaluate", "x.jsonl", "--tasks", "quotes,entities", "--resamples", "50", "--save"]
    assert vars(build_parser("evaluate").parse_args(argv)) == vars(build_parser().parse_args(argv))
    sub = next(a for a in build_parser("evaluate")._actions if isinstance(a, argparse._SubParsersAction))
    assert list(sub.choices) == ["evaluate"]
    # a verb that does not exist gets the whole parser, whose error lists every verb
    with pytest.raises(SystemExit) as exc:
        main(["evaluat", "x.jsonl"])
    assert exc.value.code == 2
    assert "invalid choice: 'evaluat'" in (err := capsys.readouterr().err) and "'evaluate'" in err and "'tasks'" in err


def test_the_bench_script_says_everything_through_a_pipe_with_the_exit_code_of_main(tmp_path):
    """`python -m bench` (and the `bench` script) end without the interpreter's teardown
    (bench.cli.run): whatever they printed still arrives in full, with main()'s exit code."""
    import subprocess
    import sys

    quotes = tmp_path / "q.jsonl"
    quotes.write_text("".join(json.dumps(r) + "\n" for r in GOLD if r["task"] == "quotes"))
    bench = [sys.executable, "-m", "bench"]
    ok = subprocess.run([*bench, "evaluate", str(quotes), "--resamples", "20", "--json"], capture_output=True, text=True, cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["scores"]["fine"]["headline"]["f1"] == 1.0
    bad = subprocess.run([*bench, "evaluate", str(tmp_path / "missing.jsonl")], capture_output=True, text=True, cwd=tmp_path)
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.startswith("bench evaluate: error: ") and bad.stderr.count("\n") == 1 and "missing.jsonl" in bad.stderr
    usage = subprocess.run([*bench, "evaluate"], capture_output=True, text=True, cwd=tmp_path)  # argparse's own exit
    assert usage.returncode == 2 and "the following arguments are required: predictions" in usage.stderr
    helped = subprocess.run([*bench, "--help"], capture_output=True, text=True, cwd=tmp_path)
    assert helped.returncode == 0 and "evaluate" in helped.stdout and helped.stdout.endswith("\n")
