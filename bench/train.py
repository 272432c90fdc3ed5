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

import hashlib
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

IGNORE = -100  # label id the loss skips (special tokens, non-first subwords, padding)
HUB_SPLITS = {"train": "train", "dev": "validation", "test": "test"}


# -- devices ------------------------------------------------------------------------------

def resolve_device(spec: str | None = "auto") -> str:
    """``auto`` -> ``cuda`` when available else ``cpu``; ``cpu``, ``cuda``, ``cuda:N`` checked.

    Raises ``SystemFailure`` (a one-line message) for a device that is not there.
    """
    from .systems import SystemFailure

    spec = (spec or "auto").strip().lower()
    if spec not in ("auto", "cpu", "cuda") and not (spec.startswith("cuda:") and spec[5:].isdigit()):
        raise SystemFailure(f"unknown device {spec!r}: use auto, cpu, cuda or cuda:N")
    if spec == "cpu":
        return "cpu"
    import torch

    available = torch.cuda.is_available()
    if spec == "auto":
        return "cuda" if available else "cpu"
    if not available:
        raise SystemFailure(f"device {spec!r} requested but CUDA is not available here (torch {torch.__version__}); use --device cpu or auto")
    if spec.startswith("cuda:") and int(spec[5:]) >= torch.cuda.device_count():
        raise SystemFailure(f"device {spec!r} requested but only {torch.cuda.device_count()} CUDA device(s) are visible")
    return spec


# -- data ---------------------------------------------------------------------------------

@dataclass
class Split:
    name: str  # train, dev or test
    source: str  # file path, or hub dataset name and split
    sha256: str  # of the file; for a hub dataset, its datasets fingerprint
    sentences: list[tuple[list[str], list[str]]] = field(repr=False)  # (words, IOB2 tags)
    repairs: int = 0  # tags that were not valid IOB2 and were read as chunk starts

    def describe(self) -> dict:
        return {"split": self.name, "source": self.source, "sha256": self.sha256,
                "sentences": len(self.sentences), "tokens": sum(len(w) for w, _ in self.sentences),
                "iob2_repairs": self.repairs}


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def load_split(source: str, name: str) -> Split:
    """A CoNLL-format file (token ... tag columns), or a hub dataset ``NAME`` / ``NAME:SPLIT``.

    A local path always wins; anything else is handed to ``datasets.load_dataset`` (which
    needs the hub, or its cache). Tags are made valid IOB2 (IOB1 files are converted).
    """
    from .bio import repair_iob2
    from .conll import read_conll

    path = Path(source)
    if path.exists():
        sentences, repairs = [], 0
        for doc in read_conll(path):
            for sent in doc:
                tags, fixes = repair_iob2(sent.tags)
                repairs += len(fixes)
                sentences.append((list(sent.tokens), tags))
        return Split(name, str(path.resolve()), sha256_file(path), sentences, repairs)
    return _load_hub_split(source, name)


def _load_hub_split(source: str, name: str) -> Split:
    from .bio import repair_iob2
    from .systems import SystemFailure

    dataset_name, _, split = source.partition(":")
    split = split or HUB_SPLITS[name]
    looks_like_path = (source.startswith((".", "/", "~")) or dataset_name.count("/") > 1
                       or Path(dataset_name).suffix.lower() in (".txt", ".conll", ".bio", ".tsv", ".iob", ".iob2"))
    if looks_like_path:
        raise SystemFailure(f"{name} data {source!r}: no such file")
    try:
        import datasets

        ds = datasets.load_dataset(dataset_name, split=split)
    except Exception as exc:  # offline, unknown name, no such split: one line for the user
        raise SystemFailure(f"{name} data {source!r}: not a file, and not loadable with datasets.load_dataset "
                           f"({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})") from None
    tag_col = next((c for c in ("ner_tags", "tags", "labels", "ner") if c in ds.column_names), None)
    if "tokens" not in ds.column_names or tag_col is None:
        raise SystemFailure(f"{name} data {source!r}: needs a 'tokens' column and a tag column (ner_tags/tags), has {ds.column_names}")
    feature = ds.features[tag_col]
    names = getattr(getattr(feature, "feature", None), "names", None)
    sentences, repairs = [], 0
    for row in ds:
        if not row["tokens"]:
            continue
        raw = [names[t] if names else str(t) for t in row[tag_col]]
        tags, fixes = repair_iob2(raw)
        repairs += len(fixes)
        sentences.append((list(row["tokens"]), tags))
    return Split(name, f"{dataset_name}:{split} (datasets)", getattr(ds, "_fingerprint", ""), sentences, repairs)


def label_list(splits: Sequence[Split]) -> list[str]:
    """``O`` then ``B-X``, ``I-X`` for every entity type seen, types sorted."""
    types = sorted({t[2:] for s in splits for _, tags in s.sentences for t in tags if t != "O"})
    return ["O"] + [f"{p}-{t}" for t in types for p in ("B", "I")]


# -- encoding -----------------------------------------------------------------------------

def word_pieces(tokenizer, words: Sequence[str]) -> list[int]:
    """Subword count of each word (at least 1: a word the tokenizer drops still gets a slot)."""
    enc = tokenizer(list(words), add_special_tokens=False, is_split_into_words=True)
    counts = [0] * len(words)
    for w in enc.word_ids():
        if w is not None:
            counts[w] += 1
    return [max(c, 1) for c in counts]


def pieces(lengths: Sequence[int], budget: int) -> list[tuple[int, int]]:
    """Cut a run of words into consecutive ``[lo, hi)`` pieces of at most ``budget`` subwords."""
    out, lo, used = [], 0, 0
    for i, n in enumerate(lengths):
        if i > lo and used + n > budget:
            out.append((lo, i))
            lo, used = i, 0
        used += n
    out.append((lo, len(lengths)))
    return out


@dataclass
class Example:
    sentence: int  # index of the sentence it comes from
    first_word: int  # its first word's position in the sentence
    input_ids: list[int]
    labels: list[int]  # per subword: a label id on first subwords, IGNORE elsewhere
    word_of_subword: list[int | None]  # word index (within the sentence) of first subwords


def encode(tokenizer, sentences, label2id: dict[str, int], max_length: int) -> list[Example]:
    """Subword examples, one per sentence piece that fits in ``max_length``."""
    budget = max(1, max_length - tokenizer.num_special_tokens_to_add(pair=False))
    examples = []
    for si, (words, tags) in enumerate(sentences):
        for lo, hi in pieces(word_pieces(tokenizer, words), budget):
            enc = tokenizer(words[lo:hi], is_split_into_words=True, truncation=True, max_length=max_length)
            labels, firsts, prev = [], [], None
            for w in enc.word_ids():
                if w is None or w == prev:
                    labels.append(IGNORE)
                    firsts.append(None)
                else:
                    labels.append(label2id.get(tags[lo + w], 0) if tags else 0)
                    firsts.append(lo + w)
                prev = w
            examples.append(Example(si, lo, list(enc["input_ids"]), labels, firsts))
    return examples


def length_batches(lengths: Sequence[int], batch_size: int, rng: random.Random | None) -> list[list[int]]:
    """Batches of similar length: shuffled, sorted within pools of 50 batches, batches shuffled.

    ``rng=None``: deterministic, sorted by length (for scoring).
    """
    order = list(range(len(lengths)))
    if rng is None:
        order.sort(key=lambda i: lengths[i])
        return [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
    rng.shuffle(order)
    pool = batch_size * 50
    batches = []
    for p in range(0, len(order), pool):
        chunk = sorted(order[p : p + pool], key=lambda i: lengths[i])
        batches += [chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size)]
    rng.shuffle(batches)
    return batches


def collate(examples: Sequence[Example], pad_id: int, device: str):
    import torch

    width = max(len(e.input_ids) for e in examples)
    ids = torch.full((len(examples), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(examples), width), dtype=torch.long)
    labels = torch.full((len(examples), width), IGNORE, dtype=torch.long)
    for r, e in enumerate(examples):
        n = len(e.input_ids)
        ids[r, :n] = torch.tensor(e.input_ids)
        mask[r, :n] = 1
        labels[r, :n] = torch.tensor(e.labels)
    return ids.to(device), mask.to(device), labels.to(device)


# -- scoring ------------------------------------------------------------------------------

def predict_tags(model, examples: Sequence[Example], sentences, id2label: dict[int, str], batch_size: int, pad_id: int, device: str) -> list[list[str]]:
    """Predicted IOB2 tags per sentence (read the conlleval way)."""
    import torch

    from .bio import repair_iob2

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
    from .systems import SystemFailure

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

    from .systems import SystemFailure

    started = time.time()
    device = resolve_device(cfg.device)
    seed_everything(cfg.seed)
    splits = {"train": load_split(cfg.train, "train"), "dev": load_split(cfg.dev, "dev")}
    if cfg.test:
        splits["test"] = load_split(cfg.test, "test")
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

    summary = {"best_epoch": best["epoch"], "dev_f1": best["dev_f1"], "history": history, "output": str(out)}
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
        f"# {out.name}: named-entity tagger fine-tuned from `{cfg.model}`",
        "",
        "Trained with `bench train` (newsie-bench). Labels are the training corpus's IOB2 tags; "
        "the `transformer` system maps them onto the benchmark's entity task.",
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


# -- command line -------------------------------------------------------------------------

def add_parser(subparsers) -> None:
    """Register ``bench train``."""
    p = subparsers.add_parser(
        "train", help="fine-tune a Hugging Face encoder for entities on a CoNLL-format corpus",
        description="Fine-tune an encoder (token classification) on CoNLL-format data; score dev each epoch "
                    "(seqeval strict IOB2), save the best epoch (safetensors) with a model card.")
    p.add_argument("--model", required=True, help="base encoder: hub id (cached) or local folder")
    p.add_argument("--train", required=True, help="CoNLL-format training file (or a datasets name, e.g. conll2003)")
    p.add_argument("--dev", required=True, help="CoNLL-format dev file for model selection (or NAME[:SPLIT])")
    p.add_argument("--test", help="CoNLL-format test file scored once with the best checkpoint")
    p.add_argument("--output", required=True, help="folder for the best checkpoint and its README.md")
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--lr", type=float, default=5e-5, help="peak learning rate (default 5e-5)")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--max-length", type=int, default=128, help="subwords per example incl. special tokens (default 128)")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--device", default="auto", help="auto, cpu, cuda or cuda:N (default auto)")
    p.add_argument("--warmup-ratio", type=float, default=0.1)
    p.add_argument("--weight-decay", type=float, default=0.01)
    p.add_argument("--limit", type=int, help="use only the first N training sentences (quick checks)")
    p.add_argument("--trust-remote-code", action="store_true", help="allow the model's own code to run")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_train)


def cmd_train(args) -> int:
    from .systems import SystemFailure

    for name in ("epochs", "batch_size", "max_length"):
        if getattr(args, name) < 1:
            raise SystemFailure(f"--{name.replace('_', '-')} must be at least 1")
    if args.max_length < 8:
        raise SystemFailure("--max-length must be at least 8")
    if not 0 <= args.warmup_ratio < 1:
        raise SystemFailure("--warmup-ratio must be in [0, 1)")
    cfg = TrainConfig(
        model=args.model, train=args.train, dev=args.dev, test=args.test, output=args.output, epochs=args.epochs,
        lr=args.lr, batch_size=args.batch_size, max_length=args.max_length, seed=args.seed, device=args.device,
        warmup_ratio=args.warmup_ratio, weight_decay=args.weight_decay, limit=getattr(args, "limit", None),
        trust_remote_code=getattr(args, "trust_remote_code", False), progress=not getattr(args, "no_progress", False),
        command=getattr(args, "command_line", None))
    summary = train(cfg, log=lambda msg: print(msg, flush=True))
    print(f"best epoch {summary['best_epoch']}: dev F1 {summary['dev_f1']:.4f}"
          + (f"; test F1 {summary['test']['f1']:.4f}" if "test" in summary else "") + f" -> {summary['output']}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.train ...``: the same as ``bench train`` before the CLI registers it."""
    import argparse

    from .standoff import InputError
    from .systems import SystemFailure

    parser = argparse.ArgumentParser(prog="python -m bench.train")
    sub = parser.add_subparsers(dest="command", required=True)
    add_parser(sub)
    argv = sys.argv[1:] if argv is None else list(argv)
    args = parser.parse_args(["train", *argv])
    args.command_line = " ".join(shlex.quote(a) for a in ["python", "-m", "bench.train", *argv])
    try:
        return args.func(args)
    except (InputError, SystemFailure) as exc:
        print(f"bench train: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
