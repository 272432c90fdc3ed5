"""Inference speed of the ``transformer`` system against the bare model, in one run.

    .venv/bin/python benchmarks/inference.py [--model DIR_OR_ID] [--docs N] [--batch-size 16] [--repeat 3]

For each device (the CPU, and the GPU when there is one) it prints the system's
end-to-end throughput — ``TransformerTagger.predict``: canonical tokenization, subword
alignment, windows, batching, the forward passes, stitching and span decoding — against
the bare model's forward passes on the same input, i.e. the very batches ``predict``
builds, already tokenized and on the device. The ratio is the share of the wall time that
is the model itself (1.0 = no overhead). Throughput is in canonical tokens (words) per
second, and subwords per second for the model.

Model: ``--model``, else the fine-tuned ``checkpoints/minilm-conll`` when present, else a
tiny random BERT built in a temp folder (so the script runs anywhere, offline).
Input: the first ``--docs`` documents of ``../shared/data/conll2003/test.txt`` when present
(read as an external corpus: tokens joined by spaces), else the benchmark's own documents.
Nothing is written outside a temp folder.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import string
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from baselines.transformer import TransformerTagger  # noqa: E402
from bench.documents import Document  # noqa: E402
from bench.tokenize import tokenize  # noqa: E402

CHECKPOINT = ROOT / "checkpoints" / "minilm-conll"
CONLL_TEST = ROOT.parent / "shared" / "data" / "conll2003" / "test.txt"


def tiny_model(folder: Path) -> Path:
    """A random 2-layer BERT (hidden 32) with a character WordPiece vocab and CoNLL labels."""
    import torch
    from transformers import BertConfig, BertForTokenClassification, BertTokenizer

    tags = ["O"] + [f"{p}-{t}" for t in ("PER", "ORG", "LOC", "MISC") for p in ("B", "I")]
    chars = string.ascii_lowercase + string.digits + string.punctuation
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *"the of to and in a said".split(), *chars, *[f"##{c}" for c in chars]]
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tokenizer = BertTokenizer(vocab=str(folder / "vocab.txt"), do_lower_case=True)
    config = BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64,
                        max_position_embeddings=512, id2label=dict(enumerate(tags)), label2id={t: i for i, t in enumerate(tags)})
    torch.manual_seed(0)
    BertForTokenClassification(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def load_documents(n: int) -> tuple[list[Document], str]:
    if CONLL_TEST.exists():
        from bench.conll import conll_corpus

        corpus, _ = conll_corpus(CONLL_TEST)
        docs = list(corpus.documents.values())[:n]
        return docs, f"{CONLL_TEST.relative_to(ROOT.parent)} (first {len(docs)} documents)"
    from bench.corpus import load_corpus

    docs = list(load_corpus().documents.values())
    return docs, "the benchmark's documents"


def sync(device: str) -> None:
    import torch

    if device.startswith("cuda"):
        torch.cuda.synchronize()


def measure(model: str, device: str, docs: list[Document], batch_size: int, repeat: int, dtype: str | None) -> dict:
    import torch

    tagger = TransformerTagger(model=model, device=device, batch_size=batch_size, dtype=dtype)
    n_words = sum(len(tokenize(d.text)) for d in docs)
    tagger.predict(docs[:2], "entities")  # warm-up: allocator, kernels, lazy init
    sync(tagger.device)

    # the same batches predict() runs, tokenized and moved to the device beforehand
    tokens, windows = tagger.windows(docs)
    batches = []
    n_sub = 0
    for _, batch in tagger.batches(tokens, windows):
        inputs = {k: v.to(tagger.device) for k, v in batch.inputs.items()}
        n_sub += int(batch.inputs["attention_mask"].sum())
        batches.append(inputs)

    def bare_forward() -> None:
        with torch.inference_mode():
            for inputs in batches:
                tagger.model(**inputs).logits

    bare_forward()
    # the system and the bare model take turns, so that a drift in the machine's speed (a
    # shared VM's is ten per cent over a minute) falls on both alike
    e2e, bare = [], []
    for _ in range(repeat):
        for fn, times in ((lambda: tagger.predict(docs, "entities"), e2e), (bare_forward, bare)):
            sync(tagger.device)
            t0 = time.perf_counter()
            fn()
            sync(tagger.device)
            times.append(time.perf_counter() - t0)
    e2e_s, bare_s = statistics.median(e2e), statistics.median(bare)
    return {"device": tagger.device_name, "dtype": tagger.dtype_name, "context": tagger.context, "max_length": tagger.max_length, "words": n_words, "subwords": n_sub,
            "windows": len(windows), "batches": len(batches), "e2e_s": e2e_s, "bare_s": bare_s}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", help="model folder or cached hub id (default: checkpoints/minilm-conll, else a tiny random BERT)")
    ap.add_argument("--docs", type=int, default=40, help="CoNLL-2003 test documents to run (default 40)")
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--repeat", type=int, default=3, help="timed repetitions; the median is reported (default 3)")
    ap.add_argument("--dtype", help="dtype on GPU (default float16; the CPU always runs float32 unless given here)")
    ap.add_argument("--cpu-only", action="store_true", help="skip the GPU even when there is one")
    args = ap.parse_args(argv)

    import torch
    import transformers

    tmp = None
    if args.model:
        model, which = args.model, args.model
    elif (CHECKPOINT / "config.json").exists():
        model, which = str(CHECKPOINT), f"{CHECKPOINT.relative_to(ROOT)} (fine-tuned)"
    else:
        tmp = tempfile.TemporaryDirectory()
        model, which = str(tiny_model(Path(tmp.name))), "tiny random BERT (no checkpoint found)"
    docs, source = load_documents(args.docs)
    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() and not args.cpu_only else [])
    print(f"model: {which}")
    print(f"input: {source}; batch size {args.batch_size}; median of {args.repeat} runs")
    print(f"torch {torch.__version__}, transformers {transformers.__version__}, python {platform.python_version()}, "
          f"{os.cpu_count()} CPU cores, torch threads {torch.get_num_threads()}")
    print()
    header = f"{'device':<28} {'dtype':<9} {'words':>7} {'subwords':>8} {'windows':>7} {'system words/s':>14} {'bare words/s':>12} {'bare subwords/s':>15} {'bare/system time':>16}"
    print(header)
    print("-" * len(header))
    for device in devices:
        dtype = args.dtype if (device != "cpu" or args.dtype) else None
        r = measure(model, device, docs, args.batch_size, args.repeat, dtype)
        print(f"{r['device']:<28} {r['dtype']:<9} {r['words']:>7} {r['subwords']:>8} {r['windows']:>7} "
              f"{r['words'] / r['e2e_s']:>14,.0f} {r['words'] / r['bare_s']:>12,.0f} {r['subwords'] / r['bare_s']:>15,.0f} "
              f"{r['bare_s'] / r['e2e_s']:>16.2f}")
        print(f"{'':<28} context {r['context']}, max_length {r['max_length']}, {r['batches']} batches; system {r['e2e_s']:.3f} s, bare forward {r['bare_s']:.3f} s, overhead {r['e2e_s'] - r['bare_s']:.3f} s "
              f"({r['e2e_s'] / r['bare_s']:.2f}x the model's time)")
    if len(devices) == 1:
        print("\nno CUDA device here: GPU row skipped")
    if tmp:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
