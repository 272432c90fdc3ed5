"""Leave-one-document-out learned baselines, for a corpus too small to train on otherwise:
each document is tagged by an encoder fine-tuned only on the other documents' gold, so no
score comes from a model that saw the text it is scored on. A system like any other, run
through ``bench run`` (the same checks, label map, results and provenance):

    HF_HUB_OFFLINE=1 .venv/bin/bench run --system loo --model <encoder folder> --name minilm-loo \\
        --task quotes --task numeric_claims

Checkpoints go under ``checkpoints/loo/<task>/<document>/`` (not committed); every fold's
weights hash is in the result's provenance.
"""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Sequence

from bench.documents import Document
from bench.errors import SystemFailure
from bench.standoff import Span

TASKS = ("quotes", "numeric_claims")


def write_fold(corpus, task: str, docs: set[str], path: Path) -> int:
    """The gold tags of ``docs`` as a CoNLL-style file (token, tag); returns the sentence count."""
    from bench.corpus import sentence_tags

    sentences = [s for s in corpus.sentences if s.doc in docs]
    tags = sentence_tags(sentences, [s for s in corpus.task_spans(task) if s.doc in docs])
    with path.open("w", encoding="utf-8") as fh:
        for sent, sent_tags in zip(sentences, tags):
            fh.writelines(f"{tok.text} {tag}\n" for tok, tag in zip(sent.tokens, sent_tags))
            fh.write("\n")
    return len(sentences)


class LeaveOneOut:
    """Fine-tune ``model`` once per predicted document, on the gold of the corpus's other documents."""

    version = "0.2.0"
    tasks = TASKS
    label_map = {task: {} for task in TASKS}  # the folds' taggers emit the task's own labels

    def __init__(self, model: str | None = None, device: str = "auto", batch_size: int = 8, corpus: str = "newsie-v1",
                 epochs: int = 40, lr: float = 1e-4, seed: int = 42, checkpoints: str = "checkpoints/loo", **_ignored):
        from baselines.devices import resolve_device

        if not model:
            raise SystemFailure("the loo system needs an encoder to fine-tune: --model FOLDER_OR_HUB_ID")
        self.model, self.corpus_name, self.epochs, self.lr, self.seed = model, corpus, epochs, lr, seed
        self.batch_size = batch_size or 8
        self.device = self.device_name = resolve_device(device)
        self.checkpoints = Path(checkpoints)
        self.name = f"{Path(model).name}-loo"
        self.description = (f"{Path(model).name} fine-tuned on the gold with leave-one-document-out cross-validation "
                            "(each document tagged by a model trained only on the others); links by nearest-span heuristics")
        self.folds: dict[str, list[dict]] = {}  # task -> its folds
        self._last_task = ""

    def predict(self, documents: Sequence[Document], task: str) -> list[Span]:
        from bench.api import load_corpus
        from baselines.training import TrainConfig, train

        from .transformer import TransformerTagger

        corpus = load_corpus(self.corpus_name)
        unknown = [d.id for d in documents if d.id not in corpus.documents]
        if unknown:
            raise SystemFailure(f"the loo system trains on corpus {self.corpus_name}'s gold, which has no document {unknown[0]!r}")
        spans: list[Span] = []
        self._last_task = task
        for doc in documents:
            others = set(corpus.documents) - {doc.id}
            out = self.checkpoints / task / doc.id
            with tempfile.TemporaryDirectory() as tmp:
                train_file = Path(tmp) / "train.conll"
                n = write_fold(corpus, task, others, train_file)
                # no dev set: with one training document the best "dev" epoch on the training data is kept
                summary = train(TrainConfig(model=self.model, train=str(train_file), dev=str(train_file), output=str(out),
                                            epochs=self.epochs, lr=self.lr, batch_size=self.batch_size, seed=self.seed,
                                            device=self.device, warmup_ratio=0.1, progress=False), log=lambda *a: None)
            tagger = TransformerTagger(model=str(out), device=self.device, context="paragraph")
            found = tagger.predict([doc], task)
            spans += found
            self.folds.setdefault(task, []).append({"held_out": doc.id, "trained_on": sorted(others), "train_sentences": n,
                               "weights_sha256": tagger.weights(), "best_epoch": summary["best_epoch"], "train_f1": summary["dev_f1"]})
        return spans

    def provenance(self) -> dict:
        shown = Path(self.model).resolve()
        shown = str(shown.relative_to(Path.cwd())) if shown.is_relative_to(Path.cwd()) else self.model
        return {"model": shown, "folds": self.folds.get(self._last_task, []), "epochs": self.epochs, "lr": self.lr,
                "training_batch_size": self.batch_size, "training_seed": self.seed, "training_corpus": self.corpus_name}
