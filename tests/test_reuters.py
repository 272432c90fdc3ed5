"""The Reuters corpora: rebuilding text from CoNLL-2003, the news-prose rule, the layers."""
import json
import shutil
from pathlib import Path

import pytest

from bench.cli import main
from bench.corpora import LAYERS, corpus_version, load_layer, load_named
from bench.detokenize import detokenize_document
from bench.reuters import (ConllUnavailable, document_id, documents_from_rows, entity_spans, is_news_prose, read_split,
                           rebuild, rebuild_documents)
from bench.tokenize import tokenize

ROOT = Path(__file__).resolve().parent.parent
TOKENS = [["Poland", "'s", "Foreign", "Minister", "said", "on", "Friday", ":", '"', "We", "do", "n't", "know", "."],
          ["It", "cost", "$", "31", "million", "(", "20", "%", ")", ",", '"', "he", "added", "."],
          ["Acme", "Corp", "."],
          ["Talks", "resume", "in", "N.", "Ireland", "-", "official", "."]]


def _write_split(folder: Path, split: str, docs: list[list[tuple[list[str], list[str]]]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for doc in docs:
        lines += ["-DOCSTART- -X- -X- O", ""]
        for tokens, tags in doc:
            lines += [f"{t} X X {g}" for t, g in zip(tokens, tags)] + [""]
    (folder / f"{split}.txt").write_text("\n".join(lines) + "\n")


def test_detokenizer_closes_up_punctuation_and_quotes():
    text, spans = detokenize_document(TOKENS)
    lines = text.split("\n")
    assert lines[0] == "Poland's Foreign Minister said on Friday: \"We do n't know."
    assert lines[1] == 'It cost $31 million (20%)," he added.'  # closes the quotation opened on the line before
    assert lines[2] == "Acme Corp ."  # "Corp." would be one canonical token: the period stays apart
    for sent, offsets in zip(TOKENS, spans):
        assert [text[a:b] for a, b in offsets] == sent


def test_every_conll_boundary_is_a_canonical_boundary():
    text, spans = detokenize_document(TOKENS)
    starts = {t.start for t in tokenize(text)}
    ends = {t.end for t in tokenize(text)}
    assert all(a in starts and b in ends for offsets in spans for a, b in offsets)


def test_real_conll_rebuilds_with_every_boundary_kept():
    try:
        docs = read_split("dev")
    except ConllUnavailable:
        pytest.skip("no CoNLL-2003 copy beside the checkout")
    for i, doc in enumerate(docs[:60]):
        r = rebuild("dev", i, doc)
        toks = tokenize(r.text)
        starts, ends = {t.start for t in toks}, {t.end for t in toks}
        assert all(a in starts and b in ends for offsets in r.token_spans for a, b in offsets), r.id
        assert rebuild("dev", i, doc).sha256 == r.sha256  # deterministic


def test_news_prose_rule_is_mechanical():
    prose = [["HEADLINE"]] + [["The", "minister", "said", "talks", "would", "resume", "next", "week", "."]] * 3
    table = [["RESULTS"]] + [["Team", "A", "3", "1", "0", "2", "5", "7"]] * 5
    assert is_news_prose(prose)
    assert not is_news_prose(table)
    assert not is_news_prose([["HEADLINE ONLY"]])


def test_entity_spans_come_from_conll_tags():
    doc = rebuild("test", 0, [(["Talks", "in", "N.", "Ireland", "with", "Acme", "Corp", "."],
                               ["O", "O", "B-LOC", "I-LOC", "O", "B-ORG", "I-ORG", "O"])])
    assert [(doc.text[a:b], label) for a, b, label in entity_spans(doc)] == [("N. Ireland", "LOC"), ("Acme Corp", "ORG")]


def test_hub_rows_group_into_documents():
    names = ["O", "B-PER", "I-PER"]
    rows = [{"tokens": ["-DOCSTART-"], "ner_tags": [0]}, {"tokens": ["John", "Smith", "said"], "ner_tags": [1, 2, 0]},
            {"tokens": [], "ner_tags": []}, {"tokens": ["-DOCSTART-"], "ner_tags": [0]}, {"tokens": ["Hi"], "ner_tags": [0]}]
    assert documents_from_rows(rows, names) == [[(["John", "Smith", "said"], ["B-PER", "I-PER", "O"])], [(["Hi"], ["O"])]]


def _layer(tmp_path: Path) -> tuple[Path, Path]:
    conll = tmp_path / "conll"
    tags = [["O"] * len(t) for t in TOKENS]
    tags[0][0] = "B-LOC"
    _write_split(conll, "test", [list(zip(TOKENS, tags))])
    doc = rebuild("test", 0, read_split("test", conll)[0])
    layer = tmp_path / "annotations" / "reuters-test"
    layer.mkdir(parents=True)
    (layer / "documents.jsonl").write_text(json.dumps({"id": doc.id, "split": "test", "index": 0, "sha256": doc.sha256}) + "\n")
    start = doc.text.index("31 million")
    gold = [{"doc": doc.id, "task": "numeric_claims", "id": "V1", "start": start, "end": start + 10, "label": "VALUE",
             "number": 31e6, "modifier": "exact", "unit": None, "thing": None}]
    (layer / "gold.jsonl").write_text("".join(json.dumps(r) + "\n" for r in gold))
    return conll, layer


def test_layer_rebuilds_and_loads(tmp_path):
    conll, layer = _layer(tmp_path)
    corpus = load_layer(layer, conll)
    assert corpus.task_views("entities") == ("conll",) and corpus.sentence_mode == "lines"
    assert len(corpus.sentences) == len(TOKENS)
    assert {(s.task, s.label, s.text) for s in corpus.spans} == {("entities", "LOC", "Poland"), ("numeric_claims", "VALUE", "31 million")}


def test_layer_refuses_text_and_names_a_changed_document(tmp_path):
    conll, layer = _layer(tmp_path)
    rec = json.loads((layer / "gold.jsonl").read_text())
    (layer / "gold.jsonl").write_text(json.dumps({**rec, "text": "31 million"}) + "\n")
    with pytest.raises(Exception, match="stores no text"):
        load_layer(layer, conll)
    data = (conll / "test.txt").read_text().replace("Poland", "Polska")
    (conll / "test.txt").write_text(data)
    with pytest.raises(ConllUnavailable, match=r"document test-0000 \(CoNLL-2003 test document 0\) rebuilds to text with sha256"):
        rebuild_documents([json.loads((layer / "documents.jsonl").read_text())], conll, layer="x")


def test_missing_copy_is_one_line_saying_how_to_get_it(tmp_path, capsys):
    assert main(["stats", "--corpus", "reuters-test", "--conll", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "not found" in err and "--conll DIR" in err


@pytest.mark.skipif(not (ROOT / "annotations" / "reuters-test" / "documents.jsonl").is_file(), reason="no reuters-test layer")
def test_export_writes_an_ordinary_folder_that_reloads(tmp_path, capsys):
    try:
        read_split("test")
    except ConllUnavailable:
        pytest.skip("no CoNLL-2003 copy beside the checkout")
    out = tmp_path / "reuters-test"
    assert main(["export", "reuters-test", "-o", str(out)]) == 0
    assert main(["stats", "--annotations", str(out)]) == 0
    stats = capsys.readouterr().out
    corpus = load_named("reuters-test")
    assert f"{len(corpus.documents)} documents" in stats and f"{len(corpus.spans)} spans" in stats
    assert all("text" in json.loads(line) for line in (out / "documents.jsonl").read_text().splitlines())
    assert json.loads((out / "corpus.json").read_text())["gold_version"] == corpus_version("reuters-test")


def test_layers_hold_no_text():
    for name in LAYERS:
        folder = ROOT / "annotations" / name
        for file in [folder / "documents.jsonl", folder / "gold.jsonl", *sorted((folder / "passes").glob("*.jsonl"))]:
            if file.is_file():
                for line in file.read_text().splitlines():
                    assert "text" not in json.loads(line), file


def test_document_ids_name_split_and_index():
    assert document_id("test", 7) == "test-0007"
