"""Results you can trust: every path checks output, refuses tampering, stays all-or-nothing
and fails cleanly. Each test covers a class of failure, not one example of it."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.cli import main
from bench.corpus import load_corpus
from bench.results import content_hash, make_result, write_json_atomic
from bench.transaction import JOURNAL_PREFIX, Transaction, recover

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
GOLD = [json.loads(l) for l in (ROOT / "annotations" / "gold.jsonl").read_text().splitlines()]
ENT = [r for r in GOLD if r["task"] == "entities"]


def _tree(folder: Path) -> dict:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()} if folder.exists() else {}


def _cmd(tmp_path: Path, name: str, body: str) -> str:
    """A --system-cmd program (Python) written to a file; returns the command line."""
    path = tmp_path / f"{name}.py"
    path.write_text("import json, sys, os, time\n" + body)
    return f"{PY} {path}"


ECHO_GOLD = """
gold = [json.loads(l) for l in open({gold!r})]
for line in sys.stdin:
    doc = json.loads(line)
    for r in gold:
        if r["doc"] == doc["id"] and r["task"] == doc["task"]:
            print(json.dumps(r))
"""


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- silent wrong results -----------------------------------------------------------------

@pytest.mark.parametrize("body,message", [
    ("sys.stdin.read()\n", "produced no entities spans at all"),
    ("for line in sys.stdin:\n    d = json.loads(line)\n    print(json.dumps({'doc': d['id'], 'start': 0, 'end': 3, 'label': 'WEIRD'}))\n",
     "all were dropped ('WEIRD' x2)"),
])
def test_run_refuses_output_that_evaluate_would_refuse(workdir, capsys, body, message):
    cmd = _cmd(workdir, "sys", body)
    assert main(["run", "--no-progress", "--system-cmd", cmd, "--task", "entities", "--name", "s", "--resamples", "0", "--allow-missing"]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1
    assert not (workdir / "results").exists()


def test_run_checks_missing_documents_exactly_as_evaluate(workdir, capsys):
    one_doc = ENT[0]["doc"]
    cmd = _cmd(workdir, "half", ECHO_GOLD.format(gold=str(ROOT / "annotations" / "gold.jsonl")).replace(
        'if r["doc"] == doc["id"]', f'if r["doc"] == doc["id"] == {one_doc!r}'))
    assert main(["run", "--no-progress", "--system-cmd", cmd, "--task", "entities", "--name", "half", "--resamples", "0"]) == 2
    assert "no entities predictions for 1 of 2 documents" in capsys.readouterr().err
    assert main(["run", "--no-progress", "--system-cmd", cmd, "--task", "entities", "--name", "half", "--resamples", "0", "--allow-missing"]) == 0
    err = capsys.readouterr().err
    assert "--allow-missing: 1 of 2 documents have no entities predictions" in err


def test_system_cmd_needs_its_tasks(workdir, capsys):
    cmd = _cmd(workdir, "q", "sys.stdin.read()\n")
    assert main(["run", "--no-progress", "--system-cmd", cmd, "--name", "q"]) == 2
    assert "--system-cmd needs --task" in capsys.readouterr().err


def test_failed_run_keeps_the_stored_predictions_and_results(workdir, capsys):
    good = _cmd(workdir, "good", ECHO_GOLD.format(gold=str(ROOT / "annotations" / "gold.jsonl")))
    assert main(["run", "--no-progress", "--system-cmd", good, "--task", "entities", "--task", "quotes", "--name", "s", "--resamples", "0"]) == 0
    before = _tree(workdir / "runs"), _tree(workdir / "results")
    bad = _cmd(workdir, "bad", ECHO_GOLD.format(gold=str(ROOT / "annotations" / "gold.jsonl"))
               + "if os.environ.get('X') is None: print('{\"doc\": 1}')\n")
    assert main(["run", "--no-progress", "--system-cmd", bad, "--task", "entities", "--task", "quotes", "--name", "s", "--resamples", "0"]) == 2
    assert (_tree(workdir / "runs"), _tree(workdir / "results")) == before
    assert not [p for p in workdir.rglob("*.tmp")]


def test_identical_rerun_leaves_files_byte_identical(workdir):
    good = _cmd(workdir, "good", ECHO_GOLD.format(gold=str(ROOT / "annotations" / "gold.jsonl")))
    args = ["run", "--no-progress", "--system-cmd", good, "--task", "numeric_claims", "--name", "s", "--resamples", "20"]
    assert main(args) == 0
    first = _tree(workdir / "results"), _tree(workdir / "runs")
    time.sleep(1.1)  # a new date in the provenance
    assert main(args + ["--batch-size", "16"]) == 0
    assert (_tree(workdir / "results"), _tree(workdir / "runs")) == first


def test_files_follow_the_umask(workdir):
    old = os.umask(0o022)
    try:
        good = _cmd(workdir, "good", ECHO_GOLD.format(gold=str(ROOT / "annotations" / "gold.jsonl")))
        assert main(["run", "--no-progress", "--system-cmd", good, "--task", "numeric_claims", "--name", "s", "--resamples", "0"]) == 0
        assert main(["leaderboard", "--output", "LB.md"]) == 0
    finally:
        os.umask(old)
    for path in [*(workdir / "results").rglob("*.json"), *(workdir / "runs").rglob("*.jsonl"), workdir / "LB.md"]:
        assert path.stat().st_mode & 0o777 == 0o644, path


def test_evaluate_save_keeps_the_predictions_with_the_result(workdir, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "preds.jsonl"
    outside.write_text("".join(json.dumps(r) + "\n" for r in ENT))
    assert main(["evaluate", str(outside), "--task", "entities", "--save", "--name", "mine", "--resamples", "0"]) == 0
    result = json.loads((workdir / "results" / "newsie-v1" / "entities" / "mine.json").read_text())
    kept = Path(result["provenance"]["predictions"])
    assert not kept.is_absolute() and kept == Path("runs/newsie-v1/entities/mine.jsonl")
    outside.unlink()
    assert len((workdir / kept).read_text().splitlines()) == len(ENT)


# -- concurrency and signals ----------------------------------------------------------------

def _bench(*args, cwd: Path, **kw) -> subprocess.Popen:
    return subprocess.Popen([PY, "-m", "bench.cli", *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def test_concurrent_same_name_runs_never_score_each_others_output(workdir):
    """Two runs of one name at once: each result must hold its own system's scores."""
    gold = str(ROOT / "annotations" / "gold.jsonl")
    full = _cmd(workdir, "full", ECHO_GOLD.format(gold=gold) + "time.sleep(0.3)\n")
    half = _cmd(workdir, "half", ECHO_GOLD.format(gold=gold).replace('print(', 'print(') .replace(
        'if r["doc"] == doc["id"] and r["task"] == doc["task"]:', 'if r["doc"] == doc["id"] and r["task"] == doc["task"] and r["start"] % 2:'))
    for _ in range(3):
        procs = [_bench("run", "--system-cmd", c, "--task", "entities", "--name", "same", "--resamples", "0", "--json", "--allow-missing",
                        "--no-progress", cwd=workdir) for c in (full, half)]
        outs = [json.loads(p.communicate(timeout=120)[0]) for p in procs]
        assert [p.returncode for p in procs] == [0, 0]
        f1 = [o["scores"]["fine"]["headline"]["f1"] for o in outs]
        assert f1[0] == 1.0 and f1[1] < 1.0  # each scored its own output
        stored = json.loads((workdir / "results" / "newsie-v1" / "entities" / "same.json").read_text())
        preds = (workdir / "runs" / "newsie-v1" / "entities" / "same.jsonl").read_text().splitlines()
        assert (stored["scores"]["fine"]["headline"]["f1"] == 1.0) == (len(preds) == len(ENT))  # the pair stored together
    assert not list(workdir.rglob("*.tmp"))


def test_sigterm_and_sighup_kill_the_system_child(workdir):
    pidfile = workdir / "child.pid"
    slow = _cmd(workdir, "slow", f"open({str(pidfile)!r}, 'w').write(str(os.getpid()))\ntime.sleep(60)\n")
    for sig in (signal.SIGTERM, signal.SIGHUP):
        pidfile.unlink(missing_ok=True)
        proc = _bench("run", "--system-cmd", slow, "--task", "entities", "--name", "slow", "--no-progress", cwd=workdir)
        deadline = time.time() + 30
        while not pidfile.exists() and time.time() < deadline:
            time.sleep(0.05)
        time.sleep(0.2)
        child = int(pidfile.read_text())
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=30)
        assert proc.returncode == 128 + sig
        assert f"stopped by {signal.Signals(sig).name}; nothing was written" in err.decode()
        time.sleep(0.2)
        with pytest.raises(ProcessLookupError):
            os.kill(child, 0)


def test_a_commit_killed_half_way_is_finished_by_the_next_command(tmp_path):
    results = tmp_path / "results"
    a, b = results / "c" / "t" / "a.json", results / "c" / "t" / "b.json"
    write_json_atomic(a, {"v": "old"})
    write_json_atomic(b, {"v": "old"})
    # a writer that died after renaming a but before renaming b, its journal still there
    dead = subprocess.run([PY, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
    tx = Transaction(results)
    tx.stage(a, '{"v": "new"}')
    tx.stage(b, '{"v": "new"}')
    (ta, _), (tb, _) = tx.staged
    journal = results / f"{JOURNAL_PREFIX}{dead}.json"
    journal.write_text(json.dumps({"pid": int(dead), "renames": [[str(ta), str(a)], [str(tb), str(b)]]}))
    os.replace(ta, a)
    tx.staged = []
    stray = results / "c" / "t" / f".x.json.{dead}.abcd.tmp"
    stray.write_text("half")
    done = recover(results)
    assert json.loads(a.read_text()) == json.loads(b.read_text()) == {"v": "new"}
    assert not journal.exists() and not stray.exists() and len(done) == 2


def test_interrupt_message_is_true(workdir, monkeypatch, capsys):
    """Ctrl-C after a run has committed says so; before, says nothing was written."""
    from bench import runner

    good = _cmd(workdir, "good", ECHO_GOLD.format(gold=str(ROOT / "annotations" / "gold.jsonl")))
    real = runner.run_system

    def then_interrupt(*a, **k):
        out = real(*a, **k)
        raise KeyboardInterrupt

    monkeypatch.setattr(runner, "run_system", then_interrupt)
    monkeypatch.setattr("bench.transaction.COMMITTED", [])
    assert main(["run", "--no-progress", "--system-cmd", good, "--task", "entities", "--task", "quotes", "--name", "s", "--resamples", "0"]) == 130
    err = capsys.readouterr().err
    assert "4 files had already been written, as one complete set" in err


# -- integrity of the board -----------------------------------------------------------------

def _stored(workdir) -> Path:
    good = workdir / "good.jsonl"
    good.write_text("".join(json.dumps(r) + "\n" for r in ENT[:-5]))  # an imperfect system
    assert main(["evaluate", str(good), "--task", "entities", "--save", "--name", "good", "--resamples", "50"]) == 0
    return workdir / "results" / "newsie-v1" / "entities" / "good.json"


@pytest.mark.parametrize("tamper", ["f1=1.0 with its hash", "f1=NaN", "units edited", "hash only"])
def test_tampered_scores_are_refused_by_leaderboard_and_report(workdir, capsys, tamper):
    path = _stored(workdir)
    r = json.loads(path.read_text())
    h = r["scores"]["fine"]["headline"]
    if tamper == "f1=1.0 with its hash":
        h["f1"] = 1.0
        r["integrity"] = content_hash(r)
        text = json.dumps(r)
    elif tamper == "f1=NaN":
        text = json.dumps(r).replace(f'"f1": {json.dumps(h["f1"])}', '"f1": NaN', 1)
    elif tamper == "units edited":
        r["scores"]["fine"]["units"][0] = [99, 0, 0]
        r["integrity"] = content_hash(r)
        text = json.dumps(r)
    else:
        r["provenance"]["model"] = "better"
        text = json.dumps(r)
    path.write_text(text)
    capsys.readouterr()
    assert main(["leaderboard", "--output", "LB.md"]) == 2
    err = capsys.readouterr().err.strip()
    assert "good.json" in err and ("edited" in err or "NaN" in err) and len(err.splitlines()) == 1
    assert main(["report", "--output", "rep", "--resamples", "10"]) == 2
    assert not (workdir / "LB.md").exists() and not (workdir / "rep" / "index.html").exists()


@pytest.mark.parametrize("content", ["[]", "{}", '{"schema": 1}', "not json", '{"a": 1, "b": [1, 2]}', "STRING_F1"])
def test_malformed_result_files_are_one_line(workdir, capsys, content):
    path = _stored(workdir)
    if content == "STRING_F1":
        r = json.loads(path.read_text())
        r["scores"]["fine"]["headline"]["f1"] = "0.9"
        r["integrity"] = content_hash(r)
        content = json.dumps(r)
        target = path
    else:
        target = workdir / "results" / "newsie-v1" / "entities" / "stray.json"
    target.write_text(content)
    capsys.readouterr()
    for args in (["leaderboard", "--output", "LB.md"], ["report", "--output", "rep", "--resamples", "10"]):
        assert main(args) == 2
        err = capsys.readouterr().err.strip()
        assert target.name in err and len(err.splitlines()) == 1 and "Traceback" not in err


def test_gold_version_is_checked_for_every_corpus(workdir, capsys):
    r = json.loads(_stored(workdir).read_text())
    stale = make_result(r["system"], "entities", "reuters-test", "0" * 16, {"conll": r["scores"]["conll"]},
                        {"command": "bench run --system x --corpus reuters-test"})
    write_json_atomic(workdir / "results" / "reuters-test" / "entities" / "x.json", stale)
    assert main(["leaderboard", "--output", "LB.md"]) == 2
    err = capsys.readouterr().err
    assert "gold version 0000000000000000" in err and "--corpus reuters-test" in err
    assert main(["report", "--output", "rep", "--resamples", "10"]) == 2
    assert "gold version 0000000000000000" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["a/b", "a b", "-", "..", ".", "x" * 300, "a|b", "[x](http://e)", "<b>", "é"])
def test_names_that_cannot_be_stored_faithfully_are_refused(workdir, capsys, name):
    good = workdir / "good.jsonl"
    good.write_text("".join(json.dumps(r) + "\n" for r in ENT))
    assert main(["evaluate", str(good), "--task", "entities", "--save", "--name", name, "--resamples", "0"]) == 2
    err = capsys.readouterr().err.strip()
    assert "cannot be stored faithfully" in err and len(err.splitlines()) == 1
    assert not (workdir / "results").exists()


def test_board_escapes_what_a_system_says_about_itself(workdir):
    from bench.leaderboard import md_escape

    assert md_escape("a|b") == "a\\|b" and md_escape("[x](y)") == "\\[x\\]\\(y\\)" and md_escape("<script>") == "\\<script\\>"
    path = _stored(workdir)
    r = json.loads(path.read_text())
    r["system"].update({"version": "1 | [x](http://evil)", "description": "<img src=x> **bold**\n| row |"})
    r["provenance"]["model"] = "m|n"
    r["integrity"] = content_hash(r)
    path.write_text(json.dumps(r))
    assert main(["leaderboard", "--output", "LB.md"]) == 0
    page = (workdir / "LB.md").read_text()
    import re

    assert not re.search(r"(?<!\\)<img|(?<!\\)\]\(http|(?<!\\)\*\*bold|m(?<!\\)\|n", page)
    assert "\\<img src=x\\>" in page and "\\*\\*bold\\*\\*" in page and "m\\|n" in page


# -- hostile and huge input -------------------------------------------------------------------

def _write_pred(workdir, records) -> Path:
    path = workdir / "p.jsonl"
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records))
    return path


QUOTE = next(r for r in GOLD if r["task"] == "quotes" and r["label"] == "SPEAKER")
VALUE = next(r for r in GOLD if r["task"] == "numeric_claims" and r["label"] == "VALUE")


@pytest.mark.parametrize("task,record,expect", [
    ("numeric_claims", '{"doc": "%s", "task": "numeric_claims", "start": %d, "end": %d, "label": "VALUE", "number": 1%s}'
     % (VALUE["doc"], VALUE["start"], VALUE["end"], "0" * 5000), "digits"),
    ("numeric_claims", dict(VALUE, number=10**400), "a float can hold"),
    ("numeric_claims", '{"doc": "%s", "task": "numeric_claims", "start": %d, "end": %d, "label": "VALUE", "number": 1e999}'
     % (VALUE["doc"], VALUE["start"], VALUE["end"]), "a float can hold"),
    ("numeric_claims", "[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ("quotes", dict(QUOTE, source=["not", "a", "string"]), "field 'source': must be a string or null"),
    ("quotes", dict(QUOTE, speaker=QUOTE["id"]), "carries no 'speaker' link"),
    ("numeric_claims", dict(VALUE, end=2**70), "outside the document"),
])
def test_hostile_records_are_one_line(workdir, capsys, task, record, expect):
    path = _write_pred(workdir, [record])
    assert main(["evaluate", str(path), "--task", task, "--allow-missing", "--resamples", "0"]) == 2
    err = capsys.readouterr().err.strip()
    assert expect in err and len(err.splitlines()) == 1 and len(err) < 3000


@pytest.mark.parametrize("kind", ["dir", "fifo", "dev-zero"])
def test_files_that_are_no_regular_file_are_refused(workdir, capsys, kind):
    if kind == "dir":
        path = workdir / "d.jsonl"
        path.mkdir()
    elif kind == "fifo":
        path = workdir / "f.jsonl"
        os.mkfifo(path)
    else:
        path = Path("/dev/zero")
    assert main(["evaluate", str(path), "--task", "entities", "--resamples", "0"]) == 2
    assert "not a regular file" in capsys.readouterr().err


def test_a_huge_line_is_read_in_bounded_memory_and_not_echoed(workdir, capsys):
    import resource

    path = workdir / "big.jsonl"
    with path.open("wb") as fh:
        chunk = b"x" * (1 << 20)
        for _ in range(50):
            fh.write(chunk)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert main(["evaluate", str(path), "--task", "entities", "--resamples", "0"]) == 2
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    err = capsys.readouterr().err
    assert "52,428,800 bytes, over the 1,048,576-byte limit" in err and "xxxxxxxx" not in err
    assert grown_mib < 30


@pytest.mark.parametrize("body,expect", [
    ("sys.stdin.read(); sys.stdout.buffer.write(b'\\xff\\xfe not utf8\\n')\n", "not UTF-8: byte 0xff"),
    ("sys.stdin.read(); print('[1, 2, 3]')\n", "a JSON list, not a span object"),
    ("sys.stdin.read(); print(json.dumps({'doc': 'x', 'start': 0, 'end': 1, 'label': ['A']}))\n", "field 'label' must be a string"),
    ("sys.stdin.read(); print('{\"doc\": ')\n", "malformed JSON"),
    ("sys.stdin.read(); time.sleep(30)\n", "timed out after 1 s"),
])
def test_system_cmd_output_is_checked(workdir, capsys, body, expect):
    cmd = _cmd(workdir, "bad", body)
    assert main(["run", "--no-progress", "--system-cmd", cmd, "--task", "entities", "--name", "bad", "--timeout", "1", "--resamples", "0"]) == 2
    err = capsys.readouterr().err.strip()
    assert expect in err and len(err.splitlines()) == 1


@pytest.mark.parametrize("option", ["--resamples", "--seed"])
def test_negative_counts_are_refused(workdir, capsys, option):
    with pytest.raises(SystemExit) as info:
        main(["evaluate", "x.jsonl", "--task", "entities", option, "-1"])
    assert info.value.code == 2
    assert "must be between 0" in capsys.readouterr().err
