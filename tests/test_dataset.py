from bench.dataset import load_benchmark, tag_names, task_dataset
from bench.tasks import TASKS


def test_each_task_is_a_datasetdict_with_classlabel_tags(corpus):
    bench = load_benchmark(corpus)
    assert set(bench) == set(TASKS) | {"entities_conll"}
    for task in TASKS:
        ds = bench[task]["test"]
        assert ds.num_rows == len(corpus.sentences)
        names = ds.features["tags"].feature.names
        assert names == tag_names(task)
        assert names[0] == "O" and all(n == "O" or n[2:] in TASKS[task].labels for n in names)
        n_spans = sum(len(row) for row in ds["spans"])
        assert n_spans == len(corpus.task_spans(task))
        begins = sum(names[t].startswith("B-") for tags in ds["tags"] for t in tags)
        assert begins == n_spans


def test_rows_carry_document_sentence_and_offsets(corpus):
    ds = task_dataset("entities", corpus=corpus)["test"]
    row = ds[0]
    doc = corpus.documents[row["document"]]
    assert row["sentence"] == 0 and row["id"] == f"{row['document']}#0"
    for tok, a, b in zip(row["tokens"], row["token_starts"], row["token_ends"]):
        assert doc.text[a:b] == tok
    assert row["spans"][0] == {"start": 0, "end": 9, "text": "Ukrainian", "label": "NORP", "id": "E1"}


def test_conll_view_has_coarse_labels(corpus):
    ds = task_dataset("entities", "conll", corpus)["test"]
    assert ds.features["tags"].feature.names == ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"]
    labels = {s["label"] for row in ds["spans"] for s in row}
    assert labels == {"PER", "ORG", "LOC", "MISC"}
