"""The leave-one-document-out system goes through the runner like any other system: each
document tagged by a model that never saw it, the checks of a prediction file, a result
whose provenance names every fold's weights."""
import json

import pytest

pytest.importorskip("torch")

from bench.api import run  # noqa: E402
from bench.corpus import load_corpus  # noqa: E402
from baselines.loo import LeaveOneOut  # noqa: E402

from test_transformer import build_tiny  # noqa: E402


def test_loo_runs_through_the_runner_one_fold_per_document(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    encoder = build_tiny(tmp_path / "encoder", None, head=False, max_positions=512)
    system = LeaveOneOut(model=str(encoder), device="cpu", epochs=1, checkpoints=str(tmp_path / "ck"))
    corpus = load_corpus()
    [(path, result)] = run(system, corpus, ["numeric_claims"], results_dir=tmp_path / "results", n_resamples=20,
                           allow_missing=True, progress=False)
    folds = result["provenance"]["folds"]
    assert [f["held_out"] for f in folds] == list(corpus.documents)
    for f in folds:  # each fold trained on every document but the one it tagged
        assert f["held_out"] not in f["trained_on"] and len(f["trained_on"]) == len(corpus.documents) - 1
        assert f["weights_sha256"] and (tmp_path / "ck" / "numeric_claims" / f["held_out"]).is_dir()
    assert json.loads(path.read_text())["system"]["name"] == "encoder-loo"
    assert (tmp_path / "runs" / "newsie-v1" / "numeric_claims" / "encoder-loo.jsonl").is_file(), (result["provenance"]["predictions"], list(tmp_path.rglob("*.jsonl")))


def test_loo_needs_a_model_and_the_corpus_documents(tmp_path):
    from bench.documents import Document
    from bench.errors import SystemFailure

    with pytest.raises(SystemFailure, match="needs an encoder"):
        LeaveOneOut()
    system = LeaveOneOut(model=str(tmp_path), device="cpu")
    with pytest.raises(SystemFailure, match="has no document 'elsewhere'"):
        system.predict([Document("elsewhere", "Text.")], "quotes")
