"""Every class of bad prediction file: one clear line naming file, line and field, exit 2,
no traceback, and nothing in results/ or LEADERBOARD.md changes."""
import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.cli import main
from bench.corpus import load_corpus
from bench.predictions import read_predictions
from bench.standoff import InputError

ROOT = Path(__file__).resolve().parent.parent
GOLD = [json.loads(l) for l in (ROOT / "annotations" / "gold.jsonl").read_text().splitlines()]
ENT = [r for r in GOLD if r["task"] == "entities"]
DOC_A = ENT[0]["doc"]


def snapshot(folder: Path) -> dict:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """A results folder and leaderboard that a bad file must leave exactly as they were."""
    monkeypatch.chdir(tmp_path)
    good = tmp_path / "good.jsonl"
    good.write_text("".join(json.dumps(r) + "\n" for r in ENT))
    assert main(["evaluate", str(good), "--task", "entities", "--save", "--name", "good", "--resamples", "50"]) == 0
    assert main(["leaderboard", "--output", "LEADERBOARD.md"]) == 0
    return tmp_path


def lines(records):
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def edit(i, **changes):
    recs = [dict(r) for r in ENT]
    recs[i].update(changes)
    return lines(recs)


CASES = {
    "malformed JSON": (lines(ENT[:3]) + '{"doc": "x", \n', 4, "malformed JSON"),
    "unknown document id": (edit(2, doc="999_missing"), 3, "unknown document id '999_missing'"),
    "missing document": (lines([r for r in ENT if r["doc"] == DOC_A]), None, "no entities predictions for 1 of 2 documents"),
    "offset past the end": (edit(1, end=99_999), 2, "field 'end': offset 99999 is outside the document"),
    "surface text mismatch": (edit(0, text="Russian"), 1, "field 'text': surface text 'Russian' does not match"),
    "overlapping spans": (lines(ENT[:2] + [dict(ENT[1], start=ENT[1]["start"], end=ENT[1]["end"])] + ENT[2:]), 3, "overlaps"),
    "unknown label": (edit(4, label="COUNTRY"), 5, "field 'label': unknown label 'COUNTRY'"),
    "reversed span": (edit(0, start=5, end=2), 1, "empty or reversed span"),
    "empty file": ("", None, "file is empty"),
    "not UTF-8": (None, 2, "not UTF-8: byte 0xe9"),
    "huge line": ('{"doc": "' + "x" * (1 << 20) + '"}\n', 1, "over the 1,048,576-byte limit"),
    "not on a token boundary": (edit(0, end=ENT[0]["end"] - 3, text=ENT[0]["text"][:-3]), 1, "token boundaries"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_prediction_file(workdir, capsys, name):
    content, lineno, fragment = CASES[name]
    bad = workdir / "bad.jsonl"
    if content is None:
        bad.write_bytes(lines(ENT[:1]).encode() + b'{"doc": "caf\xe9"}\n')
    else:
        bad.write_text(content)
    before = snapshot(workdir / "results"), (workdir / "LEADERBOARD.md").read_bytes()
    code = main(["evaluate", str(bad), "--task", "entities", "--save", "--name", "good"])
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    where = f"{bad}:{lineno}:" if lineno else f"{bad}:"
    assert where in err and fragment in err, err
    assert (snapshot(workdir / "results"), (workdir / "LEADERBOARD.md").read_bytes()) == before


def test_invalid_bio_in_a_conll_prediction_is_reported_and_repaired(workdir, capsys):
    assert main(["tokens"]) == 0
    rows = capsys.readouterr().out.splitlines()
    rows[1] = "Ukrainian I-NORP"  # an I- with no B- before it
    f = workdir / "p.conll"
    f.write_text("\n".join(rows) + "\n")
    assert main(["evaluate", str(f), "--task", "entities", "--json", "--resamples", "0", "--view", "fine"]) == 0
    out = json.loads(capsys.readouterr().out)["scores"]["fine"]["seqeval"]
    assert out["invalid_tags"] == 1
    assert out["repairs"] == ["000_307f1b5bf0e7b686#0 token 1: I-NORP -> B-NORP (I- at the start)"]
    assert out["repairs_total"] == 1
    assert out["default"]["NORP"]["tp"] == 1 and out["strict"]["micro avg"]["tp"] == 0


def test_a_result_keeps_the_first_fifty_repairs_and_counts_them_all(workdir, capsys):
    assert main(["tokens"]) == 0
    rows = capsys.readouterr().out.splitlines()
    # every other token an I- after an O: each opens a chunk, one repair apiece
    rows = [f"{r.split()[0]} {'I-ORG' if k % 2 else 'O'}" if r.strip() else r for k, r in enumerate(rows)]
    f = workdir / "p.conll"
    f.write_text("\n".join(rows) + "\n")
    assert main(["evaluate", str(f), "--task", "entities", "--json", "--resamples", "0", "--view", "fine"]) == 0
    out = json.loads(capsys.readouterr().out)["scores"]["fine"]["seqeval"]
    opened = sum(1 for k, r in enumerate(rows) if r.endswith("I-ORG") and not rows[k - 1].endswith("I-ORG"))
    assert opened > 400 and out["repairs_total"] == opened
    assert len(out["repairs"]) == 50 and all("I-ORG -> B-ORG" in line for line in out["repairs"])


@pytest.mark.parametrize("row, fragment", [("Ukrainian PER", "tag 'PER' is not IOB2"), ("Ukrainian B-COUNTRY", "unknown label 'COUNTRY'"), ("Ukrainain O", "differs from the corpus token")])
def test_conll_prediction_errors(workdir, capsys, row, fragment):
    assert main(["tokens"]) == 0
    rows = capsys.readouterr().out.splitlines()
    rows[1] = row
    f = workdir / "p.conll"
    f.write_text("\n".join(rows) + "\n")
    assert main(["evaluate", str(f), "--task", "entities"]) == 2
    err = capsys.readouterr().err
    assert f"{f}:2:" in err and fragment in err and len(err.strip().splitlines()) == 1


CORPUS = load_corpus()
FIELDS = ["doc", "task", "start", "end", "label", "text", "id", "number", "modifier", "speaker"]
values = st.one_of(st.none(), st.booleans(), st.integers(-10, 10_000), st.floats(allow_nan=True), st.text(max_size=12),
                   st.sampled_from([DOC_A, "entities", "quotes", "PERSON", "GPE", "VALUE"]), st.lists(st.integers(), max_size=2))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_parser_never_crashes_on_mutated_records(tmp_path_factory, data):
    recs = [dict(r) for r in data.draw(st.lists(st.sampled_from(ENT), min_size=1, max_size=6))]
    for r in recs:
        for _ in range(data.draw(st.integers(0, 3))):
            key = data.draw(st.sampled_from(FIELDS))
            if data.draw(st.booleans()):
                r[key] = data.draw(values)
            else:
                r.pop(key, None)
    f = tmp_path_factory.mktemp("h") / "p.jsonl"
    f.write_text("".join(json.dumps(r) + "\n" for r in recs))
    try:
        pred = read_predictions(f, CORPUS, "entities", allow_missing=True)
    except InputError as exc:
        assert str(f) in str(exc) and "\n" not in str(exc)
    else:
        assert all(s.task == "entities" for s in pred.spans)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(blob=st.binary(max_size=400))
def test_parser_never_crashes_on_random_bytes(tmp_path_factory, blob):
    f = tmp_path_factory.mktemp("b") / "p.jsonl"
    f.write_bytes(blob)
    with pytest.raises(InputError) as info:
        read_predictions(f, CORPUS, "entities")
    assert str(f) in str(info.value) and "\n" not in str(info.value)
