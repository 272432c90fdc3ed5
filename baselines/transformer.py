"""Any Hugging Face token-classification checkpoint as a system for the entities task.

``bench run --system transformer --model <hub id or local folder> [--device auto|cpu|cuda|cuda:N]
[--batch-size N] [--dtype float32|float16|bfloat16] [--trust-remote-code]``

- Words are the canonical tokens (:func:`bench.tokenize.tokenize`), fed to the model with
  ``is_split_into_words``; each word takes the label of its first subword, so every span
  starts and ends on a canonical token boundary.
- The unit the model reads is a paragraph (``context='paragraph'``, the default: a run of
  text between line breaks; a CoNLL sentence in an external CoNLL corpus), a sentence of
  the canonical splitter (``'sentence'``) or the whole document (``'document'``). NER
  checkpoints, ours included, are trained on single sentences, and long multi-paragraph
  input costs them accuracy. A unit that does not fit the model is cut into windows of at
  most ``max_length`` subwords (special tokens included) that overlap by ``stride``
  subwords (default a quarter of the window); each word is labelled from the window where
  it is most central (farthest from a window edge that is not the unit's own edge).
  Measured with the MiniLM checkpoint of ``bench train`` on CoNLL-2003 test (coarse
  view, seqeval strict F1): paragraph 0.844, sentence 0.834 (the splitter cuts lines such
  as "4. Jean-Luc Brassard" and initials "L. Germon"), document windows of 128 subwords
  0.828, of 512 subwords 0.789.
- Windows of all the documents of a call are sorted by length and run in batches of
  ``batch_size``.
- Tags are decoded to chunks the conlleval way: ``B-``/``S-``/``U-`` start a chunk, ``I-``
  (and ``E-``/``L-``) continue a chunk of the same type or else start one (so an invalid
  ``I-`` after ``O`` starts a chunk), a bare type (IO tagging) continues like ``I-``.
- Labels: a model with CoNLL types (PER, ORG, LOC, MISC) is ``coarse_only`` and emits
  those; a model with OntoNotes types emits the benchmark's name types (PERSON, NORP, FAC,
  ORG, GPE, LOC, PRODUCT, EVENT, WORK_OF_ART, LAW, LANGUAGE) and its other types (DATE,
  CARDINAL, ...) are left out of ``label_map``, so the harness drops and counts them.

torch and transformers are imported when a system is built, never when this module is
imported (``bench evaluate`` must not pull them in).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any, Sequence

from bench.documents import Document
from bench.standoff import Span
from bench.systems import SystemFailure
from bench.tasks import ENTITY_LABELS, TASKS

TASK = "entities"
DTYPES = ("float32", "float16", "bfloat16")
CONTEXTS = ("sentence", "paragraph", "document")  # the unit the model reads (windowed when too long)

# CoNLL-2003 types and their common long spellings.
CONLL_ALIASES = {"PER": "PER", "PERSON": "PER", "ORG": "ORG", "ORGANIZATION": "ORG", "ORGANISATION": "ORG",
                 "LOC": "LOC", "LOCATION": "LOC", "MISC": "MISC", "MISCELLANEOUS": "MISC"}
# Types only an OntoNotes-style model has: names beyond CoNLL's, and the non-name types.
ONTONOTES_ONLY = frozenset(set(ENTITY_LABELS) - {"PERSON", "ORG", "LOC"}) | frozenset(
    "DATE TIME PERCENT MONEY QUANTITY ORDINAL CARDINAL".split())
_PREFIXED = re.compile(r"^([BIESLU])[-_](.+)$")


# -- labels -------------------------------------------------------------------------------

def parse_tag(tag: str) -> tuple[str, str | None]:
    """``'B-PER'`` -> ``('B', 'PER')``; ``'O'`` -> ``('O', None)``; a bare ``'PER'`` -> ``('I', 'PER')``."""
    tag = str(tag).strip()
    if not tag or tag.upper() in ("O", "OUTSIDE"):
        return "O", None
    m = _PREFIXED.match(tag)
    if m:
        return m.group(1).upper(), m.group(2)
    return "I", tag


@dataclass(frozen=True)
class LabelScheme:
    kind: str  # "conll", "ontonotes" or "other"
    coarse_only: bool
    mapping: dict[str, str]  # the model's entity type -> the task's label (types missing are dropped)
    types: tuple[str, ...]  # every entity type the model can emit

    @property
    def dropped(self) -> tuple[str, ...]:
        return tuple(t for t in self.types if t not in self.mapping)


def label_scheme(id2label: dict[int, str]) -> LabelScheme:
    """How a model's labels map onto a task: entities, or quotes / numeric claims when every
    label is one of that task's own (a model fine-tuned on the benchmark's tags)."""
    types = tuple(dict.fromkeys(t for _, t in (parse_tag(l) for l in id2label.values()) if t is not None))
    upper = {t: t.upper() for t in types}
    for task in ("quotes", "numeric_claims"):
        if types and set(upper.values()) <= set(TASKS[task].labels):
            return LabelScheme(task, False, dict(upper), types)
    if any(u in ONTONOTES_ONLY for u in upper.values()):
        mapping = {t: u for t, u in upper.items() if u in ENTITY_LABELS}
        return LabelScheme("ontonotes", False, mapping, types)
    if any(u in CONLL_ALIASES for u in upper.values()):
        mapping = {t: CONLL_ALIASES[u] for t, u in upper.items() if u in CONLL_ALIASES}
        return LabelScheme("conll", True, mapping, types)
    mapping = {t: u for t, u in upper.items() if u in ENTITY_LABELS}
    return LabelScheme("other", False, mapping, types)


def decode(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Chunks ``(first word, last word + 1, type)`` of a BIO/IOB1/BIOES/IO tag sequence."""
    from bench.bio import chunks

    return [(a, b, typ) for typ, a, b in chunks([str(t) for t in tags], "lenient")]


# -- windows ------------------------------------------------------------------------------

@dataclass
class Window:
    doc: int  # index of the document in the predict() call
    lo: int  # first word
    hi: int  # last word + 1
    sub_lo: int  # subword offset of word lo within the document
    sub_hi: int  # subword offset of word hi
    unit_lo: int  # first word of the unit the window is cut from (its sentence, or the document)
    unit_hi: int  # last word + 1 of that unit
    ids: Sequence[int] = ()  # its subword ids (without special tokens)
    counts: Sequence[int] = ()  # subwords of each of its words (0: a word the tokenizer drops)

    def centrality(self, word_sub_start: int) -> float:
        """Distance of a word to the nearest window edge that cuts context off (a unit's own edge does not)."""
        left = word_sub_start - self.sub_lo if self.lo > self.unit_lo else float("inf")
        right = self.sub_hi - word_sub_start if self.hi < self.unit_hi else float("inf")
        return min(left, right)


@dataclass
class Batch:
    """Model inputs for a batch of windows, and each row's word index per subword (None for
    special tokens and padding), as a fast tokenizer's ``word_ids`` gives them."""

    inputs: dict
    word_ids: list[list[int | None]]


def make_windows(counts: Sequence[int], budget: int, stride: int) -> list[tuple[int, int]]:
    """Word ranges ``[lo, hi)`` of at most ``budget`` subwords, overlapping by about ``stride``.

    A word longer than ``budget`` alone gets a window of its own (it is truncated, its first
    subword is kept). The windows cover every word; consecutive windows always advance.
    """
    n = len(counts)
    if n == 0:
        return []
    pos = [0]
    for c in counts:
        pos.append(pos[-1] + c)
    windows = []
    lo = 0
    while True:
        hi, used = lo, 0
        while hi < n and (hi == lo or used + counts[hi] <= budget):
            used += counts[hi]
            hi += 1
        windows.append((lo, hi))
        if hi >= n:
            return windows
        nxt = lo + 1
        while nxt < hi and pos[hi] - pos[nxt] > stride:
            nxt += 1
        lo = max(nxt, lo + 1)


# -- the system ---------------------------------------------------------------------------

class TransformerTagger:
    """A Hugging Face token-classification model as an entities system."""

    name = "transformer"
    version = "0.2.0"  # 0.2.0: the link step joins the pieces of one quotation
    tasks = (TASK,)

    def __init__(self, model: str | None = None, device: str = "auto", batch_size: int = 16, dtype: str | None = None,
                 trust_remote_code: bool = False, max_length: int | None = None, stride: int | None = None,
                 context: str = "paragraph", revision: str | None = None):
        if not model:
            raise SystemFailure("the transformer system needs a model: --model HUB_ID_OR_FOLDER (e.g. checkpoints/minilm-conll, made by `bench train`)")
        if int(batch_size) < 1:
            raise SystemFailure(f"batch size must be at least 1, got {batch_size}")
        self.model_name = str(model)
        self.batch_size = int(batch_size)
        self.trust_remote_code = bool(trust_remote_code)
        self.revision = revision
        if context not in CONTEXTS:
            raise SystemFailure(f"unknown context {context!r}: use {', '.join(CONTEXTS)}")
        self.context = context
        self._load(device, dtype, max_length, stride)

    # loading ---------------------------------------------------------------------------

    def _load(self, device: str, dtype: str | None, max_length: int | None, stride: int | None) -> None:
        from baselines.devices import resolve_device

        model = self.model_name
        local = Path(model).expanduser()
        if local.exists():
            if not local.is_dir():
                raise SystemFailure(f"model {model!r} is a file; give the model's folder (with config.json and the weights)")
            if not (local / "config.json").is_file():
                raise SystemFailure(f"model folder {model!r} has no config.json: not a Hugging Face model folder")
            source = str(local)
        elif model.startswith((".", "/", "~")) or model.endswith("/") or model.count("/") > 1:
            raise SystemFailure(f"model {model!r}: no such folder")
        else:
            source = model
        self.device = resolve_device(device)
        self.dtype_name = self._dtype_name(dtype)

        import torch
        from transformers import AutoConfig, AutoModelForTokenClassification, AutoTokenizer
        from transformers.models.auto.modeling_auto import MODEL_FOR_TOKEN_CLASSIFICATION_MAPPING_NAMES

        kw = {"trust_remote_code": self.trust_remote_code}
        if self.revision:
            kw["revision"] = self.revision
        try:
            config = AutoConfig.from_pretrained(source, **kw)
        except OSError as exc:
            offline = os.environ.get("HF_HUB_OFFLINE", "") not in ("", "0") or os.environ.get("TRANSFORMERS_OFFLINE", "") not in ("", "0")
            where = "not a local folder and not in the Hugging Face cache" + (" (offline: HF_HUB_OFFLINE is set)" if offline else "")
            raise SystemFailure(f"model {model!r} cannot be loaded: {where}: {_first_line(exc)}") from None
        except ValueError as exc:
            raise SystemFailure(f"model {model!r} cannot be loaded: {_first_line(exc)}") from None
        archs = list(getattr(config, "architectures", None) or [])
        if archs and not any(a.endswith("ForTokenClassification") for a in archs):
            raise SystemFailure(f"model {model!r} is not a token-classification model (architectures: {', '.join(archs)}); "
                               "fine-tune it first with `bench train`")
        if config.model_type not in MODEL_FOR_TOKEN_CLASSIFICATION_MAPPING_NAMES and not (self.trust_remote_code and getattr(config, "auto_map", None)):
            raise SystemFailure(f"model {model!r}: model type {config.model_type!r} has no token-classification class in transformers")
        id2label = {int(k): str(v) for k, v in (config.id2label or {}).items()}
        if not id2label or all(re.fullmatch(r"LABEL_\d+", v) for v in id2label.values()):
            raise SystemFailure(f"model {model!r} has no named labels (id2label is {list(id2label.values())[:4]}...): "
                               "not a token-classification checkpoint")
        scheme = label_scheme(id2label)
        if not scheme.mapping:
            raise SystemFailure(f"model {model!r}: none of its labels ({', '.join(sorted(set(id2label.values())))}) "
                               "maps onto an entity type of the benchmark")
        try:
            tokenizer = AutoTokenizer.from_pretrained(source, **kw)
            if getattr(config, "model_type", "") in ("roberta", "gpt2", "bart", "longformer", "deberta", "mvp", "led", "camembert", "xlm-roberta", "mpnet") \
                    and hasattr(tokenizer, "add_prefix_space") and not tokenizer.add_prefix_space:
                tokenizer = AutoTokenizer.from_pretrained(source, add_prefix_space=True, **kw)
            try:  # a byte-level BPE tokenizer refuses pre-split words unless it adds the prefix space itself
                tokenizer(["a"], is_split_into_words=True)
            except ValueError as exc:
                if "add_prefix_space" not in str(exc):
                    raise
                tokenizer = AutoTokenizer.from_pretrained(source, add_prefix_space=True, **kw)
            net = AutoModelForTokenClassification.from_pretrained(source, dtype=getattr(torch, self.dtype_name), **kw)
        except (OSError, ValueError, KeyError, ImportError) as exc:
            raise SystemFailure(f"model {model!r} cannot be loaded: {_first_line(exc)}") from None
        if not getattr(tokenizer, "is_fast", False):
            raise SystemFailure(f"model {model!r}: its tokenizer has no fast version, needed to align subwords with words")
        self.tokenizer = tokenizer
        self.model = net.to(self.device).eval()
        self.id2label = id2label
        self.scheme = scheme
        self.coarse_only = scheme.coarse_only
        self.task = scheme.kind if scheme.kind in TASKS else TASK
        self.tasks = (self.task,)
        self.label_map = {self.task: dict(scheme.mapping)}
        self.config = config
        self.source = source
        self.max_length = self._max_length(max_length, config, tokenizer)
        self.budget = self.max_length - tokenizer.num_special_tokens_to_add(pair=False)
        # the special tokens around one sequence, read off the tokenizer's own encoding of a word
        probe = tokenizer(["a"], is_split_into_words=True)
        where = [p for p, w in enumerate(probe.word_ids()) if w is not None]
        self._specials = (probe["input_ids"][: where[0]], probe["input_ids"][where[-1] + 1 :]) if where else ([], [])
        if self.budget < 1:
            raise SystemFailure(f"max_length {self.max_length} leaves no room for words after the special tokens")
        self.stride = min(self.budget // 4 if stride is None else int(stride), self.budget - 1)
        if self.stride < 0:
            raise SystemFailure(f"stride must be >= 0, got {stride}")
        if self.device.startswith("cuda"):
            self.device_name = f"{self.device} ({torch.cuda.get_device_name(torch.device(self.device))})"
        else:
            self.device_name = "cpu"
        self._weights: dict[str, str] | None = None

    def _dtype_name(self, dtype: str | None) -> str:
        if dtype in (None, "", "auto"):
            return "float16" if self.device.startswith("cuda") else "float32"
        name = {"fp32": "float32", "fp16": "float16", "half": "float16", "bf16": "bfloat16"}.get(str(dtype).lower(), str(dtype).lower())
        if name not in DTYPES:
            raise SystemFailure(f"unknown dtype {dtype!r}: use float32, float16 or bfloat16")
        return name

    @staticmethod
    def _max_length(requested: int | None, config, tokenizer) -> int:
        limits = [512]
        if getattr(tokenizer, "model_max_length", None) and tokenizer.model_max_length < 1_000_000:
            limits.append(int(tokenizer.model_max_length))
        if getattr(config, "max_position_embeddings", None):
            limits.append(int(config.max_position_embeddings))
        most = min(limits)
        if requested is None:
            return most
        if int(requested) > most:
            raise SystemFailure(f"max_length {requested} is more than the model takes ({most})")
        return int(requested)

    # prediction ------------------------------------------------------------------------

    def word_pieces(self, texts: Sequence[Sequence[str]]) -> list[tuple[list[int], list[int]]]:
        """For each text (a list of words): the subword ids of its words laid end to end, and
        the count of each word (0 for a word the tokenizer drops). Words are tokenized one by
        one (``is_split_into_words``), so a window's subwords are a slice of its document's;
        the texts go to the tokenizer in one batch, which a fast tokenizer encodes in parallel."""
        out: list[tuple[list[int], list[int]]] = [([], []) for _ in texts]
        full = [i for i, words in enumerate(texts) if words]
        if not full:
            return out
        enc = self.tokenizer([list(texts[i]) for i in full], add_special_tokens=False, is_split_into_words=True, verbose=False)
        for row, i in enumerate(full):
            counts = [0] * len(texts[i])
            for w in enc.word_ids(row):
                if w is not None:
                    counts[w] += 1
            out[i] = (enc["input_ids"][row], counts)
        return out

    def windows(self, documents: Sequence[Document]) -> tuple[list[list], list[Window]]:
        """Canonical tokens of each document and the windows that cover them.

        The unit a window is cut from is a paragraph (``context='paragraph'``: the text
        between line breaks), a sentence (``'sentence'``: the canonical sentence splitter) or
        the whole document (``'document'``).
        """
        tokens = [doc.tokens for doc in documents]
        windows = []
        pieces = self.word_pieces([[t.text for t in toks] for toks in tokens])
        for d, (doc, toks, (ids, counts)) in enumerate(zip(documents, tokens, pieces)):
            pos = list(accumulate(counts, initial=0))  # each word's first subword in the document
            if self.context == "document":
                ends = [len(toks)] if toks else []
            else:  # a paragraph is a line of the text
                ends = list(accumulate(map(len, doc.units("canonical" if self.context == "sentence" else "lines"))))
            units = list(zip([0] + ends[:-1], ends))
            for ulo, uhi in units:
                # a word without subwords still needs a slot in the window arithmetic: count it as 1
                for lo, hi in make_windows([max(c, 1) for c in counts[ulo:uhi]], self.budget, self.stride):
                    windows.append(Window(d, ulo + lo, ulo + hi, pos[ulo + lo], pos[ulo + hi], ulo, uhi,
                                          ids[pos[ulo + lo] : pos[ulo + hi]], counts[ulo + lo : ulo + hi]))
        return tokens, windows

    def batches(self, tokens: list[list], windows: Sequence[Window]):
        """``(window indices, Batch)`` for batches of similar length. The windows' subword ids
        are reused (no second tokenization), with the tokenizer's own special tokens and padding."""
        import torch

        prefix, suffix = self._specials
        pad = self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None else 0
        order = sorted(range(len(windows)), key=lambda i: (windows[i].sub_hi - windows[i].sub_lo, i))
        for b in range(0, len(order), self.batch_size):
            idx = order[b : b + self.batch_size]
            rows = [[*prefix, *windows[i].ids, *suffix] for i in idx]
            width = max(map(len, rows))
            ids = torch.full((len(rows), width), pad, dtype=torch.long)
            mask = torch.zeros((len(rows), width), dtype=torch.long)
            word_ids = []
            for r, row in enumerate(rows):
                at = slice(width - len(row), width) if self.tokenizer.padding_side == "left" else slice(0, len(row))
                ids[r, at] = torch.tensor(row, dtype=torch.long)
                mask[r, at] = 1
                words = [w for w, c in enumerate(windows[idx[r]].counts) for _ in range(c)]
                row_ids = [None] * len(prefix) + words + [None] * len(suffix)
                word_ids.append([None] * (width - len(row)) + row_ids if at.start else row_ids + [None] * (width - len(row)))
            inputs = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self.tokenizer.model_input_names:
                inputs["token_type_ids"] = torch.zeros_like(ids)
            yield idx, Batch(inputs, word_ids)

    def forward(self, batch: "Batch") -> Any:
        """Best label id per subword (a CPU tensor) for one batch."""
        import torch

        inputs = {k: v.to(self.device) for k, v in batch.inputs.items()}
        with torch.inference_mode():
            return self.model(**inputs).logits.argmax(-1).cpu()

    def word_tags(self, documents: Sequence[Document]) -> tuple[list[list], list[list[str]]]:
        """Canonical tokens and one predicted tag per token, for each document."""
        tokens, windows = self.windows(documents)
        best: list[list[tuple[float, str]]] = [[(-1.0, "O")] * len(t) for t in tokens]
        for idx, batch in self.batches(tokens, windows):
            ids = self.forward(batch).tolist()
            for row, i in enumerate(idx):
                win = windows[i]
                word_ids = batch.word_ids[row]
                first = next((p for p, x in enumerate(word_ids) if x is not None), 0)
                prev = None
                for pos, w in enumerate(word_ids):
                    if w is None or w == prev:
                        continue
                    prev = w
                    # subword offset of this word in the document: the window's offset plus its place in the window
                    score = win.centrality(win.sub_lo + pos - first)
                    word = win.lo + w
                    if score > best[win.doc][word][0]:
                        best[win.doc][word] = (score, self.id2label.get(ids[row][pos], "O"))
        return tokens, [[tag for _, tag in doc] for doc in best]

    def predict(self, documents: Sequence[Document], task: str) -> list[Span]:
        if task != self.task:
            raise SystemFailure(f"model {self.model_name!r} tags the {self.task} task, not {task!r}")
        from bench.gc_paused import gc_paused

        from .links import link_quotes, link_values

        with gc_paused():  # tokens and windows live until the end, beside torch's many objects
            tokens, tags = self.word_tags(documents)
        spans = []
        for doc, toks, doc_tags in zip(documents, tokens, tags):
            found = []
            for lo, hi, typ in decode(doc_tags):
                start, end = toks[lo].start, toks[hi - 1].end
                found.append(Span(doc.id, task, start, end, typ, doc.text[start:end]))
            if task == "quotes":
                found = link_quotes(doc.text, found)
            elif task == "numeric_claims":
                found = link_values(doc.text, found)
            spans += found
        return spans

    # provenance ------------------------------------------------------------------------

    def weights(self) -> dict[str, str]:
        """sha256 of each weights file the model was loaded from."""
        if self._weights is None:
            from baselines.training import weights_sha256

            folder = Path(self.source) if Path(self.source).is_dir() else self._cache_folder()
            self._weights = weights_sha256(folder) if folder else {}
        return self._weights

    def _cache_folder(self) -> Path | None:
        try:
            from huggingface_hub import try_to_load_from_cache

            hit = try_to_load_from_cache(self.source, "config.json", revision=self.revision)
        except Exception:
            return None
        return Path(hit).parent if isinstance(hit, str) else None

    def provenance(self) -> dict:
        revision = self.revision or getattr(self.config, "_commit_hash", None)
        folder = Path(self.source) if Path(self.source).is_dir() else self._cache_folder()
        return {
            "model": self.model_name,
            "model_path": str(folder.resolve()) if folder else None,
            "revision": revision,
            "weights_sha256": self.weights(),
            "dtype": self.dtype_name,
            "device": self.device_name,
            "batch_size": self.batch_size,
            "max_length": self.max_length,
            "stride": self.stride,
            "context": self.context,
            "label_scheme": self.scheme.kind,
            "labels_dropped": list(self.scheme.dropped),
            **self._training(folder),
            **({"links": LINK_STEP[self.task]} if self.task in LINK_STEP else {}),
        }

    @staticmethod
    def _training(folder: Path | None) -> dict:
        """What `bench train` recorded about the checkpoint: data hashes, hyper-parameters, dev score."""
        import json

        summary = folder / "training_summary.json" if folder else None
        if summary is None or not summary.is_file():
            return {}
        try:
            data = json.loads(summary.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        keep = {k: data[k] for k in ("best_epoch", "dev_f1", "data", "hyperparameters") if k in data}
        return {"training": keep} if keep else {}


# How spans become records: the tagger finds spans; an explicit rule step links them.
LINK_STEP = {
    "quotes": "rule step (baselines/links.py): each content piece to the nearest speaker and cue in its sentence; pieces of one quotation joined",
    "numeric_claims": "rule step (baselines/links.py): each value to the unit and thing after it; number and modifier read from the value's words",
}


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
