"""The three ways to plug a system in, each exercised end to end with a real small system."""
import json
import sys
from pathlib import Path

import pytest

from bench.cli import main

PLUGINS = Path(__file__).parent / "plugins"


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(PLUGINS))
    return tmp_path


def stored(workdir, task, name):
    return json.loads((workdir / "results" / "newsie-v1" / task / f"{name}.json").read_text())


def test_entry_point_plugin(workdir, monkeypatch, capsys):
    # a separately "installed" distribution registering a system in the bench.systems group
    dist = workdir / "site" / "capitalised_plugin-0.1.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: capitalised-plugin\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[bench.systems]\ncapitalised = capitalised:CapitalisedNames\n")
    monkeypatch.syspath_prepend(str(workdir / "site"))
    assert main(["systems"]) == 0
    assert "capitalised" in capsys.readouterr().out
    assert main(["run", "--system", "capitalised", "--resamples", "200", "--no-progress"]) == 0
    result = stored(workdir, "entities", "capitalised")
    fine = result["scores"]["fine"]
    # it finds names (boundaries mostly right) but calls every one PERSON
    assert fine["spans"]["exact"]["f1"] > 0.6 and 0.0 < fine["headline"]["f1"] < 0.3
    assert fine["seqeval"]["strict"]["PERSON"]["recall"] > 0.5
    assert fine["dropped_labels"].get("ACRONYM", 0) >= 1  # "UN" and "US" have no mapping
    assert set(result["scores"]) == {"fine", "conll"}
    p = result["provenance"]
    assert p["seed"] == 0 and p["resamples"] == 200 and "run --system capitalised" in p["command"] and p["wall_time_s"] >= 0
    assert result["corpus"]["name"] == "newsie-v1" and len(result["corpus"]["version"]) == 16


def test_module_attr_plugin_instance_and_class(workdir, capsys):
    assert main(["run", "--system", "capitalised:SYSTEM", "--name", "caps-instance", "--resamples", "100", "--no-progress"]) == 0
    assert main(["run", "--system", "capitalised:CapitalisedNames", "--name", "caps-class", "--resamples", "100", "--no-progress"]) == 0
    a, b = stored(workdir, "entities", "caps-instance"), stored(workdir, "entities", "caps-class")
    assert a["scores"]["fine"]["headline"]["f1"] == b["scores"]["fine"]["headline"]["f1"]


def test_external_command_plugin(workdir, capsys):
    cmd = f"{sys.executable} {PLUGINS / 'numbers_cmd.py'}"
    assert main(["run", "--system-cmd", cmd, "--name", "digits", "--task", "numeric_claims", "--resamples", "100", "--no-progress"]) == 0
    num = stored(workdir, "numeric_claims", "digits")["scores"]["fine"]["numeric"]
    # digits only: "3,000", "11,000", "4,000", "170", "220", "240", "20", "30", "2022" found; word numbers missed
    assert num["values"]["pred"] == 9 and num["values"]["matched"] == 8
    assert num["accuracy"]["number"] == 1.0


def test_prediction_file_plugin(workdir, capsys):
    gold = Path(__file__).resolve().parent.parent / "annotations" / "gold.jsonl"
    preds = [json.loads(l) for l in gold.read_text().splitlines() if '"task": "entities"' in l][::3]
    f = workdir / "preds.jsonl"
    f.write_text("".join(json.dumps(r) + "\n" for r in preds))
    assert main(["evaluate", str(f), "--task", "entities", "--save", "--name", "third", "--resamples", "100", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["scores"]["fine"]["seqeval"]["strict"]["micro avg"]["precision"] == 1.0
    assert printed["scores"]["fine"]["seqeval"]["strict"]["micro avg"]["recall"] == pytest.approx(len(preds) / 144)
    assert stored(workdir, "entities", "third")["scores"] == printed["scores"]


def test_conll_prediction_file(workdir, capsys):
    assert main(["tokens"]) == 0
    template = capsys.readouterr().out
    lines = template.splitlines()
    # tag "Ukrainian" (first token) as NORP, the rest O
    lines[1] = "Ukrainian B-NORP"
    f = workdir / "pred.conll"
    f.write_text("\n".join(lines) + "\n")
    assert main(["evaluate", str(f), "--task", "entities", "--json", "--resamples", "0"]) == 0
    out = json.loads(capsys.readouterr().out)
    strict = out["scores"]["fine"]["seqeval"]["strict"]
    assert strict["NORP"]["tp"] == 1 and strict["micro avg"]["fp"] == 0


def test_several_systems_times_tasks_in_one_run(workdir, capsys):
    assert main(["run", "--system", "rules-entities", "--system", "rules-numeric", "--resamples", "50", "--no-progress"]) == 0
    assert stored(workdir, "entities", "rules-entities")["task"] == "entities"
    assert stored(workdir, "numeric_claims", "rules-numeric")["task"] == "numeric_claims"


def test_run_errors_are_one_line(workdir, capsys):
    assert main(["run", "--system", "no-such-system"]) == 2
    err = capsys.readouterr().err
    assert "unknown system 'no-such-system'" in err and len(err.strip().splitlines()) == 1
    assert main(["run", "--system", "rules-quotes", "--task", "entities"]) == 2
    assert "does not cover task 'entities'" in capsys.readouterr().err
    assert not (workdir / "results").exists()


def test_evaluate_never_imports_torch_or_transformers(workdir):
    import subprocess

    gold = Path(__file__).resolve().parent.parent / "annotations" / "gold.jsonl"
    f = workdir / "q.jsonl"
    f.write_text("".join(l + "\n" for l in gold.read_text().splitlines() if '"quotes"' in l))
    code = ("import sys; from bench.cli import main; "
            f"assert main(['evaluate', {str(f)!r}, '--task', 'quotes', '--resamples', '100']) == 0; "
            "heavy = {'torch', 'transformers', 'datasets'} & set(sys.modules); assert not heavy, heavy")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=workdir)
    assert proc.returncode == 0, proc.stderr
    assert "quote records; gold 26; pred 26; matched 26; exact 26; F1 100.0" in proc.stdout
