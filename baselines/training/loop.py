"""Fine-tuning a Hugging Face encoder for named entities on a CoNLL-format corpus.

``bench train --model ENCODER --train train.txt --dev dev.txt [--test test.txt] --output DIR``

A plain torch loop: AdamW with linear warm-up and decay, gradient clipping, length-bucketed
batches (little padding, which is what makes CPU training bearable), seeded. After every
epoch the model is scored on dev with seqeval (strict IOB2, micro F1) and the best epoch
is saved in ``DIR`` (weights as safetensors, config with ``id2label``, tokenizer) together
with a ``README.md`` model card: data paths and sha256, hyper-parameters, the dev score of
every epoch and, when ``--test`` is given, the best checkpoint's test score.

Words are the corpus's own tokens (``is_split_into_words``); each word is labelled on its
first subword, the other subwords are ignored by the loss. A sentence longer than
``--max-length`` subwords is cut into pieces that fit, so nothing is truncated away, in
training or in scoring. Predicted tags are read the conlleval way before scoring (an
``I-X`` that continues no ``X`` starts a chunk, :func:`bench.bio.repair_iob2`), the same
reading the ``transformer`` system uses when it turns tags into spans.

This module imports only the standard library at import time: ``bench`` loads it to build
its command line, and torch/transformers are imported when a training run starts.
"""
from __future__ import annotations

import json
import math
import platform
import random
import shlex
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Sequence

from ..devices import resolve_device
from .data import IGNORE, Example, collate, encode, label_list, length_batches, load_split, sha256_file


def predict_tags(model, examples: Sequence[Example], sentences, id2label: dict[int, str], batch_size: int, pad_id: int, device: str) -> list[list[str]]:
    """Predicted IOB2 tags per sentence (read the conlleval way)."""
    import torch

    from bench.bio import repair_iob2

    out = [["O"] * len(words) for words, _ in sentences]
    model.eval()
    with torch.inference_mode():
        for batch in length_batches([len(e.input_ids) for e in examples], batch_size, None):
            exs = [examples[i] for i in batch]
            ids, mask, _ = collate(exs, pad_id, device)
            best = model(input_ids=ids, attention_mask=mask).logits.argmax(-1).tolist()
            for e, row in zip(exs, best):
                for pos, w in enumerate(e.word_of_subword):
                    if w is not None:
                        out[e.sentence][w] = id2label[row[pos]]
    return [repair_iob2(tags)[0] for tags in out]


def seqeval_scores(gold: list[list[str]], pred: list[list[str]]) -> dict:
    """Strict IOB2 micro precision, recall and F1 (seqeval), plus per-type F1."""
    from seqeval.metrics import classification_report, f1_score, precision_score, recall_score
    from seqeval.scheme import IOB2

    kw = {"mode": "strict", "scheme": IOB2}
    report = classification_report(gold, pred, output_dict=True, zero_division=0, **kw)
    return {
        "precision": round(float(precision_score(gold, pred, zero_division=0, **kw)), 4),
        "recall": round(float(recall_score(gold, pred, zero_division=0, **kw)), 4),
        "f1": round(float(f1_score(gold, pred, zero_division=0, **kw)), 4),
        "per_type_f1": {k: round(float(v["f1-score"]), 4) for k, v in sorted(report.items()) if "avg" not in k},
    }


# -- training -----------------------------------------------------------------------------

TAGGER_KIND = {"entities": "named-entity", "quotes": "quotation (DIRECT/INDIRECT/SPEAKER/CUE)",
               "numeric_claims": "numeric-claim (VALUE/UNIT/THING)"}


@dataclass
class TrainConfig:
    model: str
    train: str
    dev: str
    output: str
    test: str | None = None
    epochs: int = 3
    lr: float = 5e-5
    batch_size: int = 32
    max_length: int = 128
    seed: int = 42
    device: str = "auto"
    warmup_ratio: float = 0.1
    weight_decay: float = 0.01
    max_grad_norm: float = 1.0
    eval_batch_size: int = 64
    limit: int | None = None  # use only the first N training sentences (speed checks)
    trust_remote_code: bool = False
    progress: bool = True
    command: str | None = None  # the command line, for the model card
    task: str = "entities"  # the gold read from a corpus:NAME source


def seed_everything(seed: int) -> None:
    import numpy as np
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    if torch.cuda.is_available():
        torch.cuda.manual_seed_all(seed)


def load_base(model: str, labels: list[str], trust_remote_code: bool):
    """Tokenizer and a token-classification head on ``model`` with our labels (one-line errors)."""
    from bench.errors import SystemFailure

    path = Path(model).expanduser()
    if (model.startswith((".", "/", "~")) or path.suffix) and not path.exists():
        raise SystemFailure(f"model {model!r}: no such folder")
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    id2label = dict(enumerate(labels))
    try:
        tokenizer = AutoTokenizer.from_pretrained(model, trust_remote_code=trust_remote_code)
        net = AutoModelForTokenClassification.from_pretrained(
            model, num_labels=len(labels), id2label=id2label, label2id={v: k for k, v in id2label.items()},
            ignore_mismatched_sizes=True, trust_remote_code=trust_remote_code)
    except (OSError, ValueError, KeyError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise SystemFailure(f"model {model!r}: cannot be loaded as a token-classification encoder: {first}") from None
    if not getattr(tokenizer, "is_fast", False):
        raise SystemFailure(f"model {model!r}: its tokenizer has no fast (Rust) version, needed for word alignment")
    return tokenizer, net


def weights_sha256(folder: Path) -> dict[str, str]:
    """sha256 of each weights file (``*.safetensors``, ``*.bin``) in a model folder."""
    files = sorted(p for p in folder.glob("*") if p.is_file() and p.suffix in (".safetensors", ".bin", ".pt", ".pth"))
    return {p.name: sha256_file(p) for p in files}


def train(cfg: TrainConfig, log=print) -> dict:
    """Fine-tune, keep the best dev epoch in ``cfg.output``, score it on test. Returns the summary."""
    import torch
    from tqdm.auto import tqdm

    from bench.errors import SystemFailure

    started = time.time()
    device = resolve_device(cfg.device)
    seed_everything(cfg.seed)
    splits = {"train": load_split(cfg.train, "train", cfg.task), "dev": load_split(cfg.dev, "dev", cfg.task)}
    if cfg.test:
        splits["test"] = load_split(cfg.test, "test", cfg.task)
    if cfg.limit:
        splits["train"].sentences = splits["train"].sentences[: cfg.limit]
    labels = label_list(list(splits.values()))
    if len(labels) < 3:
        raise SystemFailure(f"training data {cfg.train!r} has no entity tags")
    label2id = {l: i for i, l in enumerate(labels)}
    id2label = dict(enumerate(labels))
    tokenizer, model = load_base(cfg.model, labels, cfg.trust_remote_code)
    model.to(device)
    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
    encoded = {name: encode(tokenizer, s.sentences, label2id, cfg.max_length) for name, s in splits.items()}
    log(f"device {device}; labels {labels}; " + "; ".join(
        f"{n}: {len(splits[n].sentences)} sentences -> {len(e)} pieces" for n, e in encoded.items()))

    rng = random.Random(cfg.seed)
    train_lengths = [len(e.input_ids) for e in encoded["train"]]
    steps_per_epoch = math.ceil(len(train_lengths) / cfg.batch_size)
    total_steps = steps_per_epoch * cfg.epochs
    warmup = int(cfg.warmup_ratio * total_steps)
    no_decay = ("bias", "LayerNorm.weight", "layer_norm.weight", "norm.weight")
    groups = [
        {"params": [p for n, p in model.named_parameters() if not n.endswith(no_decay)], "weight_decay": cfg.weight_decay},
        {"params": [p for n, p in model.named_parameters() if n.endswith(no_decay)], "weight_decay": 0.0},
    ]
    optimizer = torch.optim.AdamW(groups, lr=cfg.lr)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: step / max(1, warmup) if step < warmup else max(0.0, (total_steps - step) / max(1, total_steps - warmup)))

    out = Path(cfg.output)
    history: list[dict] = []
    best = None
    dev_gold = [tags for _, tags in splits["dev"].sentences]
    for epoch in range(1, cfg.epochs + 1):
        model.train()
        t0 = time.time()
        loss_sum, n_tokens = 0.0, 0
        batches = length_batches(train_lengths, cfg.batch_size, rng)
        bar = tqdm(batches, desc=f"epoch {epoch}/{cfg.epochs}", unit="batch", disable=not cfg.progress, mininterval=5, file=sys.stderr)
        for step, batch in enumerate(bar, 1):
            ids, mask, y = collate([encoded["train"][i] for i in batch], pad_id, device)
            loss = model(input_ids=ids, attention_mask=mask, labels=y).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.max_grad_norm)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad(set_to_none=True)
            loss_sum += loss.item()
            n_tokens += int(mask.sum())
            if step % 20 == 0:
                bar.set_postfix(loss=f"{loss_sum / step:.4f}", lr=f"{scheduler.get_last_lr()[0]:.2e}")
        bar.close()
        train_s = time.time() - t0
        pred = predict_tags(model, encoded["dev"], splits["dev"].sentences, id2label, cfg.eval_batch_size, pad_id, device)
        scores = seqeval_scores(dev_gold, pred)
        row = {"epoch": epoch, "train_loss": round(loss_sum / max(1, len(batches)), 4), "train_seconds": round(train_s, 1),
               "train_subwords_per_s": round(n_tokens / max(train_s, 1e-9)), "dev_eval_seconds": round(time.time() - t0 - train_s, 1),
               **{f"dev_{k}": v for k, v in scores.items()}}
        improved = best is None or scores["f1"] > best["dev_f1"]
        row["saved"] = improved
        history.append(row)
        log(f"epoch {epoch}: loss {row['train_loss']:.4f}, dev P {scores['precision']:.4f} R {scores['recall']:.4f} "
            f"F1 {scores['f1']:.4f} ({train_s:.0f} s training){' -> saved' if improved else ''}")
        if improved:
            best = row
            model.save_pretrained(out)  # transformers v5 always writes safetensors
            tokenizer.save_pretrained(out)
        write_model_card(out, cfg, splits, labels, history, best, None, device, started)

    summary = {"best_epoch": best["epoch"], "dev_f1": best["dev_f1"], "history": history, "output": str(out),
               "data": {name: split.describe() for name, split in splits.items()},
               "hyperparameters": {k: v for k, v in asdict(cfg).items() if k not in ("train", "dev", "test", "output", "progress", "command")}}
    test_scores = None
    if "test" in splits:
        from transformers import AutoModelForTokenClassification

        best_model = AutoModelForTokenClassification.from_pretrained(out, trust_remote_code=cfg.trust_remote_code).to(device)
        pred = predict_tags(best_model, encoded["test"], splits["test"].sentences, id2label, cfg.eval_batch_size, pad_id, device)
        test_scores = seqeval_scores([tags for _, tags in splits["test"].sentences], pred)
        summary["test"] = test_scores
        log(f"test (epoch {best['epoch']} checkpoint): P {test_scores['precision']:.4f} R {test_scores['recall']:.4f} F1 {test_scores['f1']:.4f}")
    write_model_card(out, cfg, splits, labels, history, best, test_scores, device, started, final=True)
    (out / "training_summary.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    return summary


def write_model_card(out: Path, cfg: TrainConfig, splits: dict, labels: list[str], history: list[dict],
                     best: dict | None, test: dict | None, device: str, started: float, final: bool = False) -> None:
    import torch
    import transformers

    out.mkdir(parents=True, exist_ok=True)
    base = Path(cfg.model).expanduser()
    base_weights = weights_sha256(base) if base.is_dir() else {}
    own_weights = weights_sha256(out)
    hyper = {k: v for k, v in asdict(cfg).items() if k not in ("model", "train", "dev", "test", "output", "progress", "command")}
    lines = [
        "---",
        "library_name: transformers",
        "pipeline_tag: token-classification",
        "tags: [token-classification, ner, newsie-bench]",
        "---",
        "",
        f"# {out.name}: {TAGGER_KIND.get(cfg.task, cfg.task + ' span')} tagger fine-tuned from `{cfg.model}`",
        "",
        "Trained with `bench train` (newsie-bench). Labels are the training corpus's IOB2 tags; "
        f"the `transformer` system maps them onto the benchmark's `{cfg.task}` task.",
        "",
        "Weights derived from CoNLL-2003 fall under that corpus's research-only licence: "
        "do not redistribute them; publish only the scores." if "conll" in cfg.train.lower() else "",
        "",
        "## Base model",
        "",
        f"- model: `{cfg.model}`" + (f" (resolved `{base.resolve()}`)" if base.exists() and str(base.resolve()) != cfg.model else ""),
        *[f"- base weights `{name}` sha256 `{digest}`" for name, digest in base_weights.items()],
        "",
        "## Data",
        "",
        "| split | source | sha256 | sentences | tokens | IOB2 repairs |",
        "| --- | --- | --- | --- | --- | --- |",
        *[f"| {d['split']} | `{d['source']}` | `{d['sha256']}` | {d['sentences']} | {d['tokens']} | {d['iob2_repairs']} |"
          for d in (s.describe() for s in splits.values())],
        "",
        f"Labels ({len(labels)}): {', '.join(labels)}",
        "",
        "## Hyper-parameters",
        "",
        *[f"- {k}: {v}" for k, v in hyper.items()],
        "- optimizer: AdamW, linear warm-up then linear decay to 0, gradient clipping; length-bucketed batches",
        "- words: first subword labelled; sentences longer than max_length cut into pieces (no truncation)",
        "",
        "## Dev scores per epoch (seqeval strict IOB2, micro)",
        "",
        "| epoch | train loss | dev P | dev R | dev F1 | training s | subwords/s | saved |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        *[f"| {h['epoch']} | {h['train_loss']:.4f} | {h['dev_precision']:.4f} | {h['dev_recall']:.4f} | {h['dev_f1']:.4f} | "
          f"{h['train_seconds']:.0f} | {h['train_subwords_per_s']} | {'yes' if h['saved'] else ''} |" for h in history],
        "",
    ]
    if best:
        lines += [f"Best epoch: {best['epoch']} (dev F1 {best['dev_f1']:.4f}); that checkpoint is the one saved here.", ""]
        lines += ["Dev F1 per type: " + ", ".join(f"{k} {v:.4f}" for k, v in best["dev_per_type_f1"].items()), ""]
    lines += ["## Test score", ""]
    if test:
        lines += [f"Best checkpoint on `{splits['test'].source}`: precision {test['precision']:.4f}, recall {test['recall']:.4f}, "
                  f"**F1 {test['f1']:.4f}** (seqeval strict IOB2, micro).", "",
                  "Test F1 per type: " + ", ".join(f"{k} {v:.4f}" for k, v in test["per_type_f1"].items()), ""]
    else:
        lines += ["No test file given." if not cfg.test else "Not scored yet (training in progress).", ""]
    lines += [
        "## Environment",
        "",
        *([f"- command: `{cfg.command}`"] if cfg.command else []),
        f"- device: {device}; torch {torch.__version__}; transformers {transformers.__version__}; python {platform.python_version()}",
        f"- wall time: {time.time() - started:.0f} s" + ("" if final else " so far (training in progress)"),
        *[f"- weights `{name}` sha256 `{digest}`" for name, digest in own_weights.items()],
        "",
    ]
    tmp = out / "README.md.tmp"
    tmp.write_text("\n".join(lines), encoding="utf-8")
    tmp.replace(out / "README.md")
