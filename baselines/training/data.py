"""Training data for token classification: CoNLL-format files (or hub datasets) read into
sentences, encoded as first-subword-labelled pieces that fit ``max_length``, and batched by length."""
from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

IGNORE = -100  # label id the loss skips (special tokens, non-first subwords, padding)
HUB_SPLITS = {"train": "train", "dev": "validation", "test": "test"}



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


def load_split(source: str, name: str, task: str = "entities") -> Split:
    """A CoNLL-format file (token ... tag columns), a benchmark corpus ``corpus:NAME`` (the
    gold of ``task`` as IOB2 tags over its canonical tokens, e.g. ``corpus:reuters-train``),
    or a hub dataset ``NAME`` / ``NAME:SPLIT``.

    A local path always wins; anything else is handed to ``datasets.load_dataset`` (which
    needs the hub, or its cache). Tags are made valid IOB2 (IOB1 files are converted).
    """
    from bench.bio import repair_iob2
    from bench.conll import read_conll

    if source.startswith("corpus:"):
        return _load_corpus_split(source, name, task)
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


def _load_corpus_split(source: str, name: str, task: str) -> Split:
    """A named corpus's gold for one task, sentence by sentence (its sha256 is the gold version)."""
    from bench.api import load_corpus
    from bench.corpus import sentence_tags

    corpus = load_corpus(source.split(":", 1)[1])
    tags = sentence_tags(corpus.sentences, corpus.task_spans(task))
    sentences = [([t.text for t in sent.tokens], sent_tags) for sent, sent_tags in zip(corpus.sentences, tags)]
    return Split(name, f"{source} ({task})", corpus.version, sentences, 0)


def _load_hub_split(source: str, name: str) -> Split:
    from bench.bio import repair_iob2
    from bench.errors import SystemFailure

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
