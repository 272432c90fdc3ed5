"""`bench validate` passes on the gold and names file, line, document, span and field on each kind of broken input."""
import copy
import json

import pytest

from bench.cli import main
from bench.corpus import ANNOTATIONS

from conftest import write_jsonl


def run_validate(path, capsys):
    code = main(["validate", str(path)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_gold_is_valid(capsys):
    code, out, err = run_validate(ANNOTATIONS / "gold.jsonl", capsys)
    assert code == 0, err
    assert "OK: 261 spans in 2 documents" in out


def first(records, **match):
    return next(i for i, r in enumerate(records) if all(r.get(k) == v for k, v in match.items()))


def mutate(records, index, **changes):
    out = copy.deepcopy(records)
    for k, v in changes.items():
        if v is ...:
            del out[index][k]
        else:
            out[index][k] = v
    return out


def case(gold, name):
    """Build one broken corpus; returns (records, expected line number, expected fragments)."""
    e = first(gold, task="entities")
    v = first(gold, label="VALUE")
    q = first(gold, label="DIRECT")
    doc = gold[e]["doc"]
    line = lambda i: i + 1  # noqa: E731
    if name == "offset past end":
        return mutate(gold, e, end=10_000), line(e), ["field 'end'", "outside the document"]
    if name == "negative offset":
        return mutate(gold, e, start=-1), line(e), ["field 'start'", "outside the document"]
    if name == "text mismatch":
        return mutate(gold, e, text="Ukraine!"), line(e), ["field 'text'", "does not match"]
    if name == "unknown label":
        return mutate(gold, e, label="COUNTRY"), line(e), ["field 'label'", "unknown label 'COUNTRY'"]
    if name == "unknown task":
        return mutate(gold, e, task="events"), line(e), ["field 'task'", "unknown task 'events'"]
    if name == "unknown document":
        return mutate(gold, e, doc="999_nope"), line(e), ["field 'doc'", "unknown document id '999_nope'"]
    if name == "missing field":
        return mutate(gold, e, label=...), line(e), ["field 'label'", "missing required field"]
    if name == "offset not an integer":
        return mutate(gold, e, start="0"), line(e), ["field 'start'", "must be an integer"]
    if name == "trailing punctuation":
        # "Gen. Christopher Cavoli, U.S. ..." -> the SPEAKER "Cavoli," swallows the comma
        s = first(gold, label="SPEAKER", text="Gen. Christopher Cavoli")
        r = gold[s]
        return mutate(gold, s, end=r["end"] + 1, text=r["text"] + ","), line(s), ["field 'end'", "whitespace or punctuation"]
    if name == "not on token boundary":
        r = gold[e]
        return mutate(gold, e, end=r["end"] - 2, text=r["text"][:-2]), line(e), ["field 'end'", "token boundaries"]
    if name == "overlap":
        dup = dict(gold[e], id="E999")
        return gold[: e + 1] + [dup] + gold[e + 1:], line(e + 1), ["overlaps", "within task entities", "span E999"]
    if name == "duplicate id":
        e2 = first(gold, task="entities", doc=doc, id="E2")
        return mutate(gold, e2, id=gold[e]["id"]), line(e2), ["field 'id'", "duplicate span id"]
    if name == "dangling link":
        return mutate(gold, q, speaker="S999"), line(q), ["field 'speaker'", "no span of task quotes"]
    if name == "link to wrong label":
        cue = gold[q]["cue"]
        return mutate(gold, q, speaker=cue), line(q), ["field 'speaker'", "must point to a SPEAKER, not a CUE"]
    if name == "missing attribute":
        return mutate(gold, v, modifier=...), line(v), ["field 'modifier'", "missing required attribute"]
    if name == "number not finite":
        return mutate(gold, v, number=float("nan")), line(v), ["field 'number'", "finite number"]
    if name == "number a string":
        return mutate(gold, v, number="six"), line(v), ["field 'number'", "finite number"]
    if name == "modifier not in set":
        return mutate(gold, v, modifier="roughly"), line(v), ["field 'modifier'", "exact, approx, min, max"]
    if name == "source differs from speaker":
        return mutate(gold, q, source="Someone Else"), line(q), ["field 'source'", "differs from its SPEAKER"]
    raise AssertionError(name)


CASES = [
    "offset past end", "negative offset", "text mismatch", "unknown label", "unknown task", "unknown document",
    "missing field", "offset not an integer", "trailing punctuation", "not on token boundary", "overlap",
    "duplicate id", "dangling link", "link to wrong label", "missing attribute", "number not finite",
    "number a string", "modifier not in set", "source differs from speaker",
]


@pytest.mark.parametrize("name", CASES)
def test_each_broken_input_is_reported_precisely(tmp_path, gold_records, capsys, name):
    records, lineno, fragments = case(gold_records, name)
    path = write_jsonl(tmp_path / "broken.jsonl", records)
    code, out, err = run_validate(path, capsys)
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) >= 1
    hit = [l for l in lines if l.startswith(f"{path}:{lineno}:")]
    assert hit, f"no problem reported on line {lineno}: {lines}"
    assert all(f in hit[0] for f in fragments), hit[0]
    assert "Traceback" not in err


def test_span_across_sentences_is_refused(tmp_path, gold_records, capsys):
    text = next(json.loads(l)["text"] for l in (ANNOTATIONS / "documents.jsonl").read_text().splitlines() if l.startswith('{"id": "000'))
    start = text.index("Two Chinese")
    end = text.index("Ukrainian forces have confirmed they had fought six") + len("Ukrainian")
    rec = {"doc": "000_307f1b5bf0e7b686", "task": "entities", "id": "X1", "start": start, "end": end, "text": text[start:end], "label": "ORG"}
    path = write_jsonl(tmp_path / "x.jsonl", [rec])
    code, _, err = run_validate(path, capsys)
    assert code == 1 and "crosses a sentence boundary" in err and "span X1" in err


@pytest.mark.parametrize("content, fragment", [
    (b'{"doc": "000_307f1b5bf0e7b686", "task": \n', "malformed JSON"),
    (b"", "file is empty"),
    (b'{"doc": "caf\xe9"}\n', "not UTF-8: byte 0xe9"),
    (b"[1, 2]\n", "record is a JSON list, not an object"),
    (b'{"x": "' + b"a" * (1 << 20) + b'"}\n', "over the 1,048,576-byte limit"),
])
def test_unreadable_files(tmp_path, capsys, content, fragment):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(content)
    code, _, err = run_validate(path, capsys)
    assert code == 1 and fragment in err and str(path) in err
