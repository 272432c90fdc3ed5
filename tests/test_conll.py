"""Reading token/tag column files: plain files are cut block by block, every other file
line by line, with the same sentences, tags and line numbers."""
from pathlib import Path

import pytest

import bench.conll as conll
from bench.conll import read_conll
from bench.errors import InputError

CONLL_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "conll2003"

PLAIN = ("-DOCSTART- -X- -X- O\n\n\nAcme NNP B-NP B-ORG\nsings VBZ B-VP O\n\n"
         "Wanda NNP B-NP B-PER\nOkafor NNP I-NP I-PER\n\n\n\n-DOCSTART- -X- -X- O\n\nLIMA NNP B-NP B-LOC\n")


def read(tmp_path: Path, text: str, name: str = "f.conll") -> list[list[tuple]]:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return [[(s.tokens, s.tags, s.line) for s in doc] for doc in read_conll(path)]


def test_a_plain_file_gives_its_sentences_tags_and_first_lines(tmp_path):
    assert read(tmp_path, PLAIN) == [
        [(["Acme", "sings"], ["B-ORG", "O"], 4), (["Wanda", "Okafor"], ["B-PER", "I-PER"], 7)],
        [(["LIMA"], ["B-LOC"], 14)],
    ]


@pytest.mark.parametrize("text", [
    PLAIN,
    PLAIN.replace("sings VBZ B-VP O", "sings O"),  # lines with different numbers of fields
    PLAIN.replace("\n\nWanda", "\n \nWanda"),  # a line of spaces between sentences
    PLAIN.replace("\n", "\r\n"),  # other line breaks
    "A O\n-DOCSTART- O\nB\u00a0b O\n\tC  I-X \nD O",  # a document break inside a block, odd spaces, no final line break
])
def test_the_block_reading_and_the_line_reading_agree(tmp_path, monkeypatch, text):
    fast = read(tmp_path, text)
    monkeypatch.setattr(conll, "_uniform_columns", lambda text, tag_column: None)
    assert read(tmp_path, text) == fast


def test_a_line_with_one_field_is_refused_with_its_line_number(tmp_path):
    with pytest.raises(InputError, match=r"f.conll:3: .*expected a token and a tag column, got 'C'"):
        read(tmp_path, "A O\nB O\nC\nD O\n")


@pytest.mark.skipif(not (CONLL_DIR / "dev.txt").exists(), reason="no CoNLL-2003 copy beside the repository")
def test_conll2003_reads_the_same_both_ways(monkeypatch):
    fast = read_conll(CONLL_DIR / "dev.txt")
    monkeypatch.setattr(conll, "_uniform_columns", lambda text, tag_column: None)
    slow = read_conll(CONLL_DIR / "dev.txt")
    assert [[(s.tokens, s.tags, s.line) for s in d] for d in fast] == [[(s.tokens, s.tags, s.line) for s in d] for d in slow]
    assert len(fast) == 216 and sum(len(d) for d in fast) == 3250
