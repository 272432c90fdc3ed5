import hashlib

import pytest

from bench.documents import document_from_file, load_documents, normalise
from bench.corpus import ANNOTATIONS

from conftest import SEEDS


def test_normalise_replaces_broken_nbsp_one_for_one():
    raw = "announced Tuesday.Â\nNext Â line Â"
    text = normalise(raw)
    assert text == "announced Tuesday. \nNext   line  "
    assert len(text) == len(raw)


def test_normalise_keeps_a_real_capital_a_circumflex():
    assert normalise("Âge de Pierre, CÂMARA") == "Âge de Pierre, CÂMARA"


def test_stored_documents_match_the_seed_files():
    stored = load_documents(ANNOTATIONS / "documents.jsonl")
    assert [d.id for d in stored] == ["000_307f1b5bf0e7b686", "004_e8b126358d6405b1"]
    for doc in stored:
        raw_bytes = (SEEDS / doc.source).read_bytes() if SEEDS.exists() else doc.raw.encode("utf-8")
        assert hashlib.sha256(raw_bytes).hexdigest() == doc.sha256
        assert doc.raw.encode("utf-8") == raw_bytes
        assert normalise(doc.raw) == doc.text
        assert "Â" not in doc.text


def test_raw_text_is_recoverable_from_the_offsets():
    doc = load_documents(ANNOTATIONS / "documents.jsonl")[1]
    changed = [i for i, (a, b) in enumerate(zip(doc.raw, doc.text)) if a != b]
    assert len(changed) == 5 and all(doc.raw[i] == "Â" and doc.text[i] == " " for i in changed)
    rebuilt = "".join("Â" if i in changed else c for i, c in enumerate(doc.text))
    assert rebuilt == doc.raw


@pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds not beside the checkout")
def test_document_from_file_matches_store():
    stored = {d.id: d for d in load_documents(ANNOTATIONS / "documents.jsonl")}
    for path in sorted(SEEDS.glob("*.txt")):
        assert document_from_file(path) == stored[path.stem]


def test_tokens_and_units_are_the_canonical_ones_computed_once():
    from bench.tokenize import split_units, tokenize

    doc = load_documents(ANNOTATIONS / "documents.jsonl")[0]
    assert doc.tokens == tokenize(doc.text) and doc.tokens is doc.tokens
    for mode in ("canonical", "lines"):
        assert doc.units(mode) == split_units(doc.text, tokenize(doc.text), mode)
        assert doc.units(mode) is doc.units(mode)
    assert len(doc.units("lines")) != len(doc.units("canonical"))
    # the cache is no field: the document still equals a fresh copy of itself and dumps as before
    fresh = load_documents(ANNOTATIONS / "documents.jsonl")[0]
    assert doc == fresh and doc.to_dict() == fresh.to_dict() and "_units" not in doc.to_dict()
