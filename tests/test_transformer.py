"""The transformer system and `bench train`, on tiny BERT models built here (no downloads)."""
from __future__ import annotations

import json
import string
from pathlib import Path
from types import SimpleNamespace

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from baselines.transformer import TransformerTagger, Window, decode, label_scheme, make_windows  # noqa: E402
from bench.corpus import Corpus  # noqa: E402
from bench.documents import Document  # noqa: E402
from bench.standoff import Span  # noqa: E402
from bench.systems import SystemFailure, apply_label_map  # noqa: E402
from bench.tokenize import tokenize  # noqa: E402

CONLL_TAGS = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"]
ONTO_TAGS = ["O", "B-PERSON", "I-PERSON", "B-GPE", "I-GPE", "B-NORP", "I-NORP", "B-DATE", "I-DATE", "B-CARDINAL", "I-CARDINAL"]
WORDS = "the president said on tuesday that russia and china will talk in kyiv about troops".split()

TEXT = "President Zelensky said Russia's troops left Kyiv. China denied it on Tuesday."


def tiny_vocab() -> list[str]:
    """Specials, whole words, and single characters (bare and ``##``) so every word tokenizes."""
    chars = list(string.ascii_lowercase + string.digits + string.punctuation) + ["’", "“", "”", "—"]
    return ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + WORDS + chars + [f"##{c}" for c in string.ascii_lowercase + string.digits]


def build_tiny(folder: Path, tags: list[str] | None, head: bool = True, max_positions: int = 128, seed: int = 0) -> Path:
    """A 2-layer BERT with a WordPiece vocab file, saved with ``save_pretrained``."""
    from transformers import BertConfig, BertForTokenClassification, BertModel, BertTokenizer

    folder.mkdir(parents=True, exist_ok=True)
    vocab_file = folder / "vocab.txt"
    vocab_file.write_text("\n".join(tiny_vocab()) + "\n", encoding="utf-8")
    tokenizer = BertTokenizer(vocab=str(vocab_file), do_lower_case=True)
    kw = {}
    if tags is not None:
        kw = {"id2label": dict(enumerate(tags)), "label2id": {t: i for i, t in enumerate(tags)}}
    config = BertConfig(vocab_size=len(tiny_vocab()), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=max_positions, **kw)
    torch.manual_seed(seed)
    model = (BertForTokenClassification if head else BertModel)(config)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def conll_model(tmp_path_factory) -> Path:
    return build_tiny(tmp_path_factory.mktemp("conll") / "model", CONLL_TAGS, max_positions=512)


@pytest.fixture(scope="module")
def onto_model(tmp_path_factory) -> Path:
    return build_tiny(tmp_path_factory.mktemp("onto") / "model", ONTO_TAGS)


class TokenIdModel(torch.nn.Module):
    """A stand-in model whose tag for a subword depends on that subword's id only."""

    def __init__(self, n_labels: int, rule):
        super().__init__()
        self.n_labels, self.rule = n_labels, rule

    def forward(self, input_ids, attention_mask=None, token_type_ids=None):
        logits = torch.zeros(*input_ids.shape, self.n_labels)
        for (b, t), tok in zip(((b, t) for b in range(input_ids.shape[0]) for t in range(input_ids.shape[1])), input_ids.flatten().tolist()):
            logits[b, t, self.rule(tok)] = 1.0
        return SimpleNamespace(logits=logits)


def doc(text: str, id_: str = "d1") -> Document:
    return Document(id_, text)


# -- alignment ----------------------------------------------------------------------------

def test_word_label_comes_from_its_first_subword(conll_model):
    tagger = TransformerTagger(model=str(conll_model), device="cpu")
    tok = tagger.tokenizer
    z, e = tok.convert_tokens_to_ids("z"), tok.convert_tokens_to_ids("##e")
    # "z" (first piece of "Zelensky") -> B-PER; every other piece of it -> I-ORG; the rest O
    tagger.model = TokenIdModel(len(CONLL_TAGS), lambda t: 1 if t == z else (4 if t == e else 0))
    pieces = tok.tokenize("Zelensky")
    assert pieces[0] == "z" and len(pieces) > 2  # several subwords, the first is "z"
    spans = tagger.predict([doc(TEXT)], "entities")
    assert [(s.text, s.label) for s in spans] == [("Zelensky", "PER")]


def test_spans_lie_on_canonical_token_boundaries(conll_model):
    tagger = TransformerTagger(model=str(conll_model), device="cpu")
    tagger.model = TokenIdModel(len(CONLL_TAGS), lambda t: 5)  # every subword B-LOC
    spans = tagger.predict([doc(TEXT)], "entities")
    tokens = tokenize(TEXT)
    assert [(s.start, s.end) for s in spans] == [(t.start, t.end) for t in tokens]
    assert all(TEXT[s.start:s.end] == s.text for s in spans)


def test_documents_are_tokenized_in_one_batch_as_each_would_be_alone(conll_model):
    tagger = TransformerTagger(model=str(conll_model), device="cpu")
    texts = [[t.text for t in tokenize(TEXT)], [], ["Zelensky", "said", "\u200b", "U.S."], [t.text for t in tokenize(TEXT)][:3]]
    together = tagger.word_pieces(texts)
    assert together[1] == ([], [])
    for words, (ids, counts) in zip(texts, together):
        if not words:
            continue
        alone = tagger.tokenizer(words, add_special_tokens=False, is_split_into_words=True)
        assert ids == alone["input_ids"] and len(counts) == len(words) and sum(counts) == len(ids)
        assert counts == [sum(1 for w in alone.word_ids() if w == i) for i in range(len(words))]
    assert 0 in together[2][1]  # the zero-width space has no subword: a count of 0, and still a slot


# -- windows ------------------------------------------------------------------------------

def test_make_windows_cover_every_word_and_overlap():
    counts = [1, 2, 1, 3, 1, 1, 2, 1, 1, 1, 4, 1]
    windows = make_windows(counts, budget=6, stride=2)
    assert windows[0][0] == 0 and windows[-1][1] == len(counts)
    for (lo, hi), (lo2, hi2) in zip(windows, windows[1:]):
        assert lo < lo2 <= hi < hi2 or (lo < lo2 and hi <= hi2)
        assert sum(counts[lo:hi]) <= 6
    covered = {i for lo, hi in windows for i in range(lo, hi)}
    assert covered == set(range(len(counts)))
    assert make_windows([9], budget=4, stride=1) == [(0, 1)]  # a too-long word still gets a window
    assert make_windows([1, 1, 1], budget=10, stride=3) == [(0, 3)]


def test_centrality_prefers_the_window_where_the_word_is_inside():
    first, second = Window(0, 0, 6, 0, 6, 0, 10), Window(0, 3, 10, 3, 10, 0, 10)
    # word 5 (subword 5): 1 from the first window's cut edge, 2 from the second's
    assert second.centrality(5) > first.centrality(5)
    assert first.centrality(3) > second.centrality(3)
    assert first.centrality(0) == 6  # the document's own start is no cut: only the right edge counts
    assert Window(0, 0, 10, 0, 10, 0, 10).centrality(4) == float("inf")
    assert Window(0, 4, 8, 4, 8, 4, 8).centrality(5) == float("inf")  # a whole sentence: no cut at all


def test_long_document_windows_match_one_pass(conll_model):
    long_text = " ".join([TEXT] * 12)  # far longer than 24 subwords
    full = TransformerTagger(model=str(conll_model), device="cpu", batch_size=3, context="document")
    small = TransformerTagger(model=str(conll_model), device="cpu", batch_size=3, max_length=24, stride=8, context="document")
    rule = lambda t: (t * 7) % len(CONLL_TAGS)  # noqa: E731  a tag per subword id, whatever the context
    full.model = TokenIdModel(len(CONLL_TAGS), rule)
    small.model = TokenIdModel(len(CONLL_TAGS), rule)
    d = doc(long_text)
    tokens, windows = small.windows([d])
    assert len(windows) > 5 and len(full.windows([d])[1]) == 1
    assert all(w.sub_hi - w.sub_lo <= small.budget for w in windows if w.hi - w.lo > 1)
    toks_small, tags_small = small.word_tags([d])
    toks_full, tags_full = full.word_tags([d])
    assert len(tags_small[0]) == len(tokenize(long_text)) == len(tags_full[0])
    assert tags_small == tags_full
    assert [(s.start, s.end, s.label) for s in small.predict([d], "entities")] == \
           [(s.start, s.end, s.label) for s in full.predict([d], "entities")]


def test_short_document_matches_a_plain_forward_pass(conll_model):
    tagger = TransformerTagger(model=str(conll_model), device="cpu", max_length=64, context="document")
    words = [t.text for t in tokenize(TEXT)]
    enc = tagger.tokenizer(words, is_split_into_words=True, return_tensors="pt")
    with torch.no_grad():
        best = tagger.model(**enc).logits.argmax(-1)[0].tolist()
    expected, prev = [], None
    for pos, w in enumerate(enc.word_ids(0)):
        if w is not None and w != prev:
            expected.append(CONLL_TAGS[best[pos]])
        prev = w if w is not None else prev
    _, tags = tagger.word_tags([doc(TEXT)])
    assert tags[0] == expected
    # the same document batched with others, and windowed with room to spare, is unchanged
    _, tags_batched = TransformerTagger(model=str(conll_model), device="cpu", batch_size=2, context="document").word_tags(
        [doc("China denied it.", "a"), doc(TEXT, "b"), doc("Kyiv", "c")])
    assert tags_batched[1] == expected


def test_long_document_with_the_real_model_gets_one_label_per_word(conll_model):
    long_text = " ".join([TEXT] * 8)
    for context in ("document", "paragraph", "sentence"):
        tagger = TransformerTagger(model=str(conll_model), device="cpu", max_length=32, stride=8, context=context)
        _, tags = tagger.word_tags([doc(long_text), doc("")])
        assert len(tags[0]) == len(tokenize(long_text)) and tags[1] == []
        assert all(t in CONLL_TAGS for t in tags[0])


def test_paragraph_context_is_the_default_and_keeps_windows_inside_lines(conll_model):
    text = "4. Jean Brassard ( Canada ) 24.40\nL. Germon lbw b Afridi 2\n\nChina denied it. Kyiv did not."
    tagger = TransformerTagger(model=str(conll_model), device="cpu")
    assert tagger.context == "paragraph" and tagger.provenance()["context"] == "paragraph"
    tokens, windows = tagger.windows([doc(text)])
    lines = [len(tokenize(line)) for line in text.split("\n") if line]
    assert [w.hi - w.lo for w in windows] == lines  # one window per line, none cut at "4." or "L."
    assert [(w.unit_lo, w.unit_hi) for w in windows] == [(w.lo, w.hi) for w in windows]


def test_sentence_context_keeps_windows_inside_sentences(conll_model):
    from bench.tokenize import split_sentences

    text = " ".join([TEXT] * 3)
    tagger = TransformerTagger(model=str(conll_model), device="cpu", context="sentence")
    _, windows = tagger.windows([doc(text)])
    sentences = split_sentences(text)
    assert [(w.lo, w.hi) for w in windows] == [(sum(map(len, sentences[:i])), sum(map(len, sentences[: i + 1]))) for i in range(len(sentences))]
    # a one-sentence document reads the same either way
    one = doc("President Zelensky said Russia's troops left Kyiv.")
    document = TransformerTagger(model=str(conll_model), device="cpu", context="document")
    assert tagger.word_tags([one])[1] == document.word_tags([one])[1]
    # a long sentence is windowed like a document
    long_sentence = doc(" ".join(["Russia and China will talk"] * 30))
    small = TransformerTagger(model=str(conll_model), device="cpu", max_length=24, stride=8, context="sentence")
    assert len(small.windows([long_sentence])[1]) > 3
    with pytest.raises(SystemFailure, match="unknown context"):
        TransformerTagger(model=str(conll_model), device="cpu", context="chapter")


# -- labels -------------------------------------------------------------------------------

def test_decode_bio_iob_and_bioes():
    assert decode(["O", "I-PER", "I-PER", "O"]) == [(1, 3, "PER")]  # invalid I- after O starts a chunk
    assert decode(["B-PER", "I-ORG", "B-ORG", "I-ORG"]) == [(0, 1, "PER"), (1, 2, "ORG"), (2, 4, "ORG")]
    assert decode(["S-LOC", "S-LOC", "B-ORG", "E-ORG", "I-ORG"]) == [(0, 1, "LOC"), (1, 2, "LOC"), (2, 4, "ORG"), (4, 5, "ORG")]
    assert decode(["PER", "PER", "O", "LOC"]) == [(0, 2, "PER"), (3, 4, "LOC")]  # IO tagging
    assert decode([]) == []


def test_conll_labels_make_a_coarse_only_system(conll_model):
    tagger = TransformerTagger(model=str(conll_model), device="cpu")
    assert tagger.coarse_only is True
    assert tagger.label_map == {"entities": {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}}
    assert tagger.provenance()["label_scheme"] == "conll"


def test_ontonotes_labels_map_to_fine_types_and_drop_the_rest(onto_model):
    tagger = TransformerTagger(model=str(onto_model), device="cpu")
    assert not tagger.coarse_only
    assert tagger.label_map == {"entities": {"PERSON": "PERSON", "GPE": "GPE", "NORP": "NORP"}}
    tok = tagger.tokenizer
    rules = {tok.convert_tokens_to_ids("russia"): 3, tok.convert_tokens_to_ids("tuesday"): 7, tok.convert_tokens_to_ids("china"): 3}
    tagger.model = TokenIdModel(len(ONTO_TAGS), lambda t: rules.get(t, 0))
    raw = tagger.predict([doc(TEXT)], "entities")
    assert sorted((s.text, s.label) for s in raw) == [("China", "GPE"), ("Russia", "GPE"), ("Tuesday", "DATE")]
    mapped = apply_label_map(tagger, "entities", raw)
    assert sorted(s.text for s in mapped.spans) == ["China", "Russia"] and mapped.dropped == {"DATE": 1}


def test_label_scheme_unknown_labels_are_dropped():
    conll = label_scheme({0: "O", 1: "B-PER", 2: "I-PER", 3: "B-FOO", 4: "I-FOO"})
    assert conll.coarse_only and conll.mapping == {"PER": "PER"} and conll.dropped == ("FOO",)
    onto = label_scheme({0: "O", 1: "B-GPE", 2: "B-MONEY", 3: "B-WEIRD"})
    assert not onto.coarse_only and onto.mapping == {"GPE": "GPE"} and set(onto.dropped) == {"MONEY", "WEIRD"}
    long_names = label_scheme({0: "O", 1: "B-PERSON", 2: "B-LOCATION", 3: "B-ORGANIZATION"})
    assert long_names.coarse_only and long_names.mapping == {"PERSON": "PER", "LOCATION": "LOC", "ORGANIZATION": "ORG"}


def test_a_model_whose_labels_map_to_nothing_is_refused(tmp_path):
    folder = build_tiny(tmp_path / "m", ["O", "B-FOO", "I-FOO"])
    with pytest.raises(SystemFailure, match="maps onto an entity type"):
        TransformerTagger(model=str(folder), device="cpu")


# -- devices, dtypes, errors --------------------------------------------------------------

def test_device_auto_is_cpu_here_and_cuda_fails_clearly(conll_model):
    from baselines.devices import resolve_device

    if torch.cuda.is_available():
        pytest.skip("a CUDA device is present")
    assert resolve_device("auto") == "cpu"
    tagger = TransformerTagger(model=str(conll_model))
    assert tagger.device == "cpu" and tagger.device_name == "cpu" and tagger.dtype_name == "float32"
    for bad in ("cuda", "cuda:1"):
        with pytest.raises(SystemFailure, match="CUDA is not available") as info:
            TransformerTagger(model=str(conll_model), device=bad)
        assert "\n" not in str(info.value)
    with pytest.raises(SystemFailure, match="unknown device"):
        resolve_device("tpu")


def test_dtype_option(conll_model):
    tagger = TransformerTagger(model=str(conll_model), device="cpu", dtype="bfloat16")
    assert tagger.model.dtype == torch.bfloat16 and tagger.provenance()["dtype"] == "bfloat16"
    with torch.no_grad():  # inference really runs in bfloat16
        assert tagger.model(**tagger.tokenizer("Ann Lee went to Paris", return_tensors="pt")).logits.dtype == torch.bfloat16
    spans = tagger.predict([doc(TEXT)], "entities")
    assert isinstance(spans, list) and all(s.text == TEXT[s.start:s.end] and s.label in ("PER", "ORG", "LOC", "MISC") for s in spans)
    with pytest.raises(SystemFailure, match="unknown dtype"):
        TransformerTagger(model=str(conll_model), device="cpu", dtype="int3")


def test_missing_model_errors_are_one_line(tmp_path, monkeypatch):
    import huggingface_hub.constants

    with pytest.raises(SystemFailure, match="no such folder"):
        TransformerTagger(model=str(tmp_path / "nowhere"))
    with pytest.raises(SystemFailure, match="needs a model"):
        TransformerTagger()
    (tmp_path / "empty").mkdir()
    with pytest.raises(SystemFailure, match="no config.json"):
        TransformerTagger(model=str(tmp_path / "empty"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    with pytest.raises(SystemFailure, match="not in the Hugging Face cache") as info:
        TransformerTagger(model="no-such-org/no-such-ner-model")
    assert "\n" not in str(info.value)


def test_a_model_without_a_token_classification_head_is_refused(tmp_path):
    base = build_tiny(tmp_path / "base", None, head=False)
    with pytest.raises(SystemFailure, match="not a token-classification model"):
        TransformerTagger(model=str(base), device="cpu")
    unnamed = build_tiny(tmp_path / "unnamed", None, head=True)
    with pytest.raises(SystemFailure, match="no named labels"):
        TransformerTagger(model=str(unnamed), device="cpu")


def test_a_conll_model_tags_the_entities_task_only(conll_model):
    tagger = TransformerTagger(model=str(conll_model), device="cpu")
    assert tagger.tasks == ("entities",)
    with pytest.raises(SystemFailure, match="tags the entities task, not 'quotes'"):
        tagger.predict([doc(TEXT)], "quotes")


def test_provenance_records_the_weights(conll_model):
    import hashlib

    tagger = TransformerTagger(model=str(conll_model), device="cpu", batch_size=7)
    prov = tagger.provenance()
    digest = hashlib.sha256((conll_model / "model.safetensors").read_bytes()).hexdigest()
    assert prov["weights_sha256"] == {"model.safetensors": digest}
    assert prov["model"] == str(conll_model) and prov["batch_size"] == 7 and prov["device"] == "cpu"
    assert json.dumps(prov)  # stored in a result file


def test_the_runner_accepts_its_output(conll_model, tmp_path):
    from bench.runner import CorpusSpec, run_system

    text = TEXT
    gold = [Span("d1", "entities", 10, 18, "PERSON", "Zelensky")]
    spec = CorpusSpec("tiny", Corpus({"d1": Document("d1", text)}, gold, "v"), external=False)
    tagger = TransformerTagger(model=str(conll_model), device="cpu")
    z = tagger.tokenizer.convert_tokens_to_ids("z")
    tagger.model = TokenIdModel(len(CONLL_TAGS), lambda t: 1 if t == z else 0)
    [(path, result)] = run_system(tagger, spec, ["entities"], results_dir=tmp_path / "results", runs_dir=tmp_path / "runs",
                                  n_resamples=0, seed=0, progress=False)
    assert list(result["scores"]) == ["conll"]  # a coarse-only system is scored in the coarse view
    assert path.exists() and result["provenance"]["weights_sha256"]


def test_importing_the_module_does_not_import_torch():
    import subprocess
    import sys

    code = "import sys, baselines.transformer, baselines.training.command; print('torch' in sys.modules, 'transformers' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]


# -- training -----------------------------------------------------------------------------

CONLL_FILE = """-DOCSTART- -X- -X- O

Zelensky NNP B-NP B-PER
visited VBD B-VP O
Kyiv NNP B-NP B-LOC
. . O O

Russia NNP B-NP B-LOC
and CC O O
China NNP B-NP B-LOC
will MD B-VP O
talk VB I-VP O
. . O O

The DT B-NP O
Kremlin NNP I-NP I-ORG
said VBD B-VP O
nothing NN B-NP O
. . O O
"""


def test_train_writes_safetensors_and_a_model_card(tmp_path):
    from baselines.training.command import add_parser, cmd_train

    base = build_tiny(tmp_path / "base", None, head=False)
    data = tmp_path / "tiny.conll"
    data.write_text(CONLL_FILE * 3, encoding="utf-8")
    import argparse

    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers(dest="command"))
    out = tmp_path / "out"
    args = parser.parse_args(["train", "--model", str(base), "--train", str(data), "--dev", str(data), "--test", str(data),
                              "--output", str(out), "--epochs", "1", "--batch-size", "4", "--max-length", "16",
                              "--lr", "1e-3", "--device", "cpu", "--no-progress"])
    assert args.func is cmd_train
    args.command_line = "bench train --model tiny"
    assert cmd_train(args) == 0
    assert (out / "model.safetensors").exists() and not (out / "pytorch_model.bin").exists()
    card = (out / "README.md").read_text(encoding="utf-8")
    for needle in ("Dev scores per epoch", "| 1 |", "sha256", str(data.resolve()), "lr: 0.001", "Test score", "seed: 42", "command: `bench train --model tiny`"):
        assert needle in card, needle
    config = json.loads((out / "config.json").read_text())
    assert set(config["id2label"].values()) == {"O", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-PER", "I-PER"}
    summary = json.loads((out / "training_summary.json").read_text())
    assert summary["best_epoch"] == 1 and 0 <= summary["test"]["f1"] <= 1
    # the checkpoint is a system: CoNLL labels, coarse view
    tagger = TransformerTagger(model=str(out), device="cpu")
    assert tagger.coarse_only and set(tagger.label_map["entities"].values()) <= {"PER", "ORG", "LOC"}
    spans = tagger.predict([doc(TEXT)], "entities")
    assert isinstance(spans, list) and all(s.text == TEXT[s.start:s.end] and s.label in ("PER", "ORG", "LOC") for s in spans)


def test_train_errors_are_one_line(tmp_path):
    from baselines.training import TrainConfig, train

    from bench.errors import BenchError

    with pytest.raises(BenchError, match="cannot read file|no such file") as info:
        train(TrainConfig(model="x", train=str(tmp_path / "missing.txt"), dev=str(tmp_path / "missing.txt"), output=str(tmp_path / "o"), device="cpu"))
    assert "\n" not in str(info.value) and "missing.txt" in str(info.value)


def test_long_sentences_are_cut_not_truncated():
    from baselines.training.data import pieces

    assert pieces([3, 3, 3, 3], 7) == [(0, 2), (2, 4)]
    assert pieces([9, 1], 4) == [(0, 1), (1, 2)]
    assert pieces([1], 4) == [(0, 1)]


def test_a_model_with_quote_or_numeric_labels_tags_that_task(tmp_path):
    tags = ["O"] + [f"{p}-{l}" for l in ("VALUE", "UNIT", "THING") for p in "BI"]
    tagger = TransformerTagger(model=str(build_tiny(tmp_path / "num", tags)), device="cpu")
    assert tagger.tasks == ("numeric_claims",) and not tagger.coarse_only
    spans = tagger.predict([doc(TEXT)], "numeric_claims")
    assert all(s.label in ("VALUE", "UNIT", "THING") for s in spans)
    assert all({"number", "modifier", "unit", "thing"} <= set(s.attrs) for s in spans if s.label == "VALUE")


def _s(text, phrase, label, occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    return Span("d", "t", start, start + len(phrase), label, phrase)


def test_links_make_quote_records():
    from baselines.links import link_quotes

    text = "The mayor said the bridge would reopen. “It is safe,” she added.\nOfficials disagreed."
    spans = [_s(text, "The mayor", "SPEAKER"), _s(text, "said", "CUE"), _s(text, "the bridge would reopen", "INDIRECT"),
             _s(text, "It is safe", "DIRECT"), _s(text, "she", "SPEAKER"), _s(text, "added", "CUE")]
    linked = {s.text: s for s in link_quotes(text, spans)}
    ids = {s.id: s.text for s in linked.values()}
    q1, q2 = linked["the bridge would reopen"].attrs, linked["It is safe"].attrs
    assert ids[q1["speaker"]] == "The mayor" and ids[q1["cue"]] == "said"
    assert ids[q2["speaker"]] == "she" and ids[q2["cue"]] == "added"
    assert q1["quote"] != q2["quote"] and linked["she"].attrs == {"source": "she"}


def test_links_join_the_pieces_of_one_quotation():
    from baselines.links import link_quotes

    text = "“We will build it,” the mayor said, “and soon.”\n“It is safe.”\nThe council said costs would rise."
    spans = [_s(text, "We will build it", "DIRECT"), _s(text, "the mayor", "SPEAKER"), _s(text, "said", "CUE"),
             _s(text, "and soon.", "DIRECT"), _s(text, "It is safe.", "DIRECT"), _s(text, "The council", "SPEAKER"),
             _s(text, "said", "CUE", 1), _s(text, "costs would rise", "INDIRECT")]
    linked = {s.text: s.attrs for s in link_quotes(text, spans)}
    quotes = [linked[t]["quote"] for t in ("We will build it", "and soon.", "It is safe.", "costs would rise")]
    assert quotes[0] == quotes[1] == quotes[2] != quotes[3]  # a mixed quote and its next line: one record


def test_links_give_values_numbers_units_and_things():
    from baselines.links import link_values

    text = "About 3,000 extra troops and 170 millimeter guns arrived. Then two more."
    spans = [_s(text, "About 3,000", "VALUE"), _s(text, "extra troops", "THING"), _s(text, "170", "VALUE"),
             _s(text, "millimeter", "UNIT"), _s(text, "guns", "THING"), _s(text, "two", "VALUE")]
    linked = {s.text: s for s in link_values(text, spans)}
    ids = {s.id: s.text for s in linked.values()}
    a, b, c = linked["About 3,000"].attrs, linked["170"].attrs, linked["two"].attrs
    assert (a["number"], a["modifier"], a["unit"], ids[a["thing"]]) == (3000.0, "approx", None, "extra troops")
    assert (b["number"], ids[b["unit"]], ids[b["thing"]]) == (170.0, "millimeter", "guns")
    assert (c["number"], c["unit"], c["thing"]) == (2.0, None, None)  # nothing follows it in its sentence
