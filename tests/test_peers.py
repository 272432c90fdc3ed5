"""The established tools as peer systems (installed with the `peers` extra)."""
import json

import pytest

from bench.cli import main
from bench.documents import Document

pytest.importorskip("spacy")
pytest.importorskip("quantulum3")
pytest.importorskip("textacy")

from baselines.peers.alignment import TokenGrid, drop_overlaps  # noqa: E402
from baselines.peers.quantulum import QuantulumNumeric  # noqa: E402
from baselines.values import parse_value  # noqa: E402
from baselines.peers.textacy_quotes import TextacyQuotes  # noqa: E402


def test_snap_to_canonical_tokens():
    grid = TokenGrid("He said “the U.S.-led talks,” then left.")
    text = grid.text
    assert grid.snap(text.index("“"), text.index("”") + 1) == (text.index("the"), text.index(","))
    assert grid.snap(text.index("U.S."), text.index("U.S.") + 2) == (text.index("U.S."), text.index("U.S.") + 4)
    assert grid.snap(text.index(","), text.index(",") + 1) is None
    assert drop_overlaps([(0, 5, "A"), (3, 8, "B"), (8, 9, "C")]) == [(0, 5, "A"), (8, 9, "C")]


@pytest.mark.parametrize("phrase, expected", [
    ("around 3,000", (3000.0, "approx")), ("six", (6.0, "exact")), ("2.5 million", (2_500_000.0, "exact")),
    ("more than twenty-five", (25.0, "min")), ("up to 40", (40.0, "max")),
])
def test_spacy_value_normalisation(phrase, expected):
    assert parse_value(phrase) == expected


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_spacy_on_the_benchmark(workdir, capsys):
    assert main(["run", "--system", "spacy", "--resamples", "100", "--no-progress", "--json"]) == 0
    results = json.loads(capsys.readouterr().out)
    ent = next(r for r in results if r["task"] == "entities")["scores"]["fine"]
    num = next(r for r in results if r["task"] == "numeric_claims")["scores"]["fine"]
    assert ent["headline"]["f1"] > 0.6
    assert ent["dropped_labels"].get("DATE", 0) > 0  # dates are no entity: dropped and counted
    assert num["numeric"]["values"]["matched"] >= 10 and num["numeric"]["accuracy"]["number"] >= 0.9
    assert next(r for r in results if r["task"] == "entities")["provenance"]["model"].startswith("en_core_web_sm")


def test_quantulum_values_and_units():
    doc = Document("d", "The tank holds 40 litres and the crate weighs 12.5 kg, officials said.")
    spans = QuantulumNumeric().predict([doc], "numeric_claims")
    got = {(s.label, s.text) for s in spans}
    assert {("VALUE", "40"), ("UNIT", "litres"), ("VALUE", "12.5"), ("UNIT", "kg")} <= got
    value = next(s for s in spans if s.text == "12.5")
    unit = next(s for s in spans if s.text == "kg")
    assert value.attrs["number"] == 12.5 and value.attrs["unit"] == unit.id


def test_textacy_direct_quotes_and_refused_paragraphs():
    text = "“We will rebuild the bridge,” the mayor said.\nNo quotation here."
    system = TextacyQuotes()
    spans = system.predict([Document("d", text)], "quotes")
    direct = next(s for s in spans if s.label == "DIRECT")
    assert direct.text == "We will rebuild the bridge"
    speaker = next(s for s in spans if s.id == direct.attrs["speaker"])
    assert speaker.text == "mayor" and next(s for s in spans if s.id == direct.attrs["cue"]).text == "said"
    assert system.refused == 0
    # three quotation marks in one paragraph: textacy refuses it, the system counts it and goes on
    spans = system.predict([Document("e", "He said “one and “two and “three.\n“That is fine with all of us,” she said.")], "quotes")
    assert system.refused == 1
    assert [s.text for s in spans if s.label == "DIRECT"] == ["That is fine with all of us"]
