"""Learned baselines for quotes and numeric claims, where no training corpus exists:
an encoder fine-tuned on the gold itself with leave-one-document-out cross-validation.
Each document is tagged by a model trained only on the other documents, so no score comes
from a model that saw the text it is scored on.

    HF_HUB_OFFLINE=1 .venv/bin/python -m baselines.loo --task quotes --model <encoder folder>

For each task it writes the predictions (``runs/newsie-v1/<task>/<name>.jsonl``) and a
result (``results/newsie-v1/<task>/<name>.json``) that records every fold's weights hash.
Checkpoints go under ``checkpoints/loo/`` (not committed).
"""
from __future__ import annotations

import argparse
import json
import shlex
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import load_corpus, sentence_tags
from bench.evaluation import evaluate
from bench.predictions import read_predictions
from bench.standoff import spans_jsonl
from bench.results import BENCH_CORPUS, make_result, provenance, result_path, write_json_atomic, write_text_atomic
from baselines.devices import resolve_device
from baselines.training import TrainConfig, train

from .transformer import TransformerTagger


def write_fold(corpus, task: str, docs: set[str], path: Path) -> int:
    """The gold tags of ``docs`` as a CoNLL-style file (token, tag); returns the sentence count."""
    sentences = [s for s in corpus.sentences if s.doc in docs]
    tags = sentence_tags(sentences, [s for s in corpus.task_spans(task) if s.doc in docs])
    with path.open("w", encoding="utf-8") as fh:
        for sent, sent_tags in zip(sentences, tags):
            fh.writelines(f"{tok.text} {tag}\n" for tok, tag in zip(sent.tokens, sent_tags))
            fh.write("\n")
    return len(sentences)


def run(task: str, model: str, name: str, epochs: int, lr: float, batch_size: int, seed: int, device: str,
        results: Path, runs: Path, checkpoints: Path, resamples: int, command: str) -> Path:
    corpus = load_corpus()
    device = resolve_device(device)
    started = time.perf_counter()
    folds = []
    lines = []
    for held_out in corpus.documents:
        train_docs = set(corpus.documents) - {held_out}
        out = checkpoints / task / held_out
        with tempfile.TemporaryDirectory() as tmp:
            train_file = Path(tmp) / "train.conll"
            n = write_fold(corpus, task, train_docs, train_file)
            # no separate dev set: with one training document, the last epoch is kept
            # (train.py keeps the best "dev" epoch; dev = train makes that the best-fitting one)
            summary = train(TrainConfig(model=model, train=str(train_file), dev=str(train_file), output=str(out),
                                        epochs=epochs, lr=lr, batch_size=batch_size, seed=seed, device=device,
                                        warmup_ratio=0.1, progress=False), log=lambda *a: None)
        tagger = TransformerTagger(model=str(out), device=device, context="paragraph")
        spans = tagger.predict([corpus.documents[held_out]], task)
        lines.append(spans_jsonl(spans))
        folds.append({"held_out": held_out, "trained_on": sorted(train_docs), "train_sentences": n,
                      "weights_sha256": tagger.weights(), "best_epoch": summary["best_epoch"], "train_f1": summary["dev_f1"]})
        print(f"{task}: fold held out {held_out}: trained on {n} sentences, {len(spans)} spans predicted", file=sys.stderr)
    pred_path = runs / BENCH_CORPUS / task / f"{name}.jsonl"
    write_text_atomic(pred_path, "".join(lines))
    pred = read_predictions(pred_path, corpus, task, "jsonl", allow_missing=True)
    scores = {"fine": evaluate(corpus, task, pred, "fine", resamples, 0)}
    system = {"name": name, "version": "0.1.0", "tasks": [task], "label_map": {},
              "description": f"{Path(model).name} fine-tuned on the gold with leave-one-document-out cross-validation "
                             "(each document tagged by a model trained only on the others); links by nearest-span heuristics"}
    shown = Path(model).resolve()
    shown = str(shown.relative_to(Path.cwd())) if shown.is_relative_to(Path.cwd()) else model
    prov = provenance(model=shown, folds=folds, epochs=epochs, lr=lr, batch_size=batch_size, seed=seed, device=device,
                      wall_time_s=round(time.perf_counter() - started, 1), predictions=str(pred_path), resamples=resamples,
                      command=command)
    path = result_path(results, BENCH_CORPUS, task, name)
    write_json_atomic(path, make_result(system, task, BENCH_CORPUS, corpus.version, scores, prov))
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m baselines.loo", description=__doc__.split("\n\n")[0])
    ap.add_argument("--task", action="append", choices=["quotes", "numeric_claims"], help="task (repeatable; default both)")
    ap.add_argument("--model", required=True, help="encoder to fine-tune (folder or hub id)")
    ap.add_argument("--name", default="minilm-loo", help="system name in results (default minilm-loo)")
    ap.add_argument("--epochs", type=int, default=40)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--device", default="auto")
    ap.add_argument("--resamples", type=int, default=10_000)
    ap.add_argument("--results", default="results")
    ap.add_argument("--runs", default="runs")
    ap.add_argument("--checkpoints", default="checkpoints/loo")
    args = ap.parse_args(argv)
    command = " ".join(shlex.quote(a) for a in ["python", "-m", "baselines.loo", *(sys.argv[1:] if argv is None else argv)])
    for task in args.task or ["quotes", "numeric_claims"]:
        path = run(task, args.model, args.name, args.epochs, args.lr, args.batch_size, args.seed, args.device,
                   Path(args.results), Path(args.runs), Path(args.checkpoints), args.resamples, command)
        h = json.loads(path.read_text())["scores"]["fine"]["headline"]
        print(f"{task}: strict F1 {100 * h['f1']:.1f} [{100 * h['ci'][0]:.1f}, {100 * h['ci'][1]:.1f}] -> {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
