"""No CoNLL-2003 text in the repository: no run of 12 tokens of it in any tracked file.

The licence allows research use only, so the Reuters layers store offsets and hashes;
this test holds every tracked file (code, docs, annotations, results) to that.
"""
import re
import subprocess
from pathlib import Path

import pytest

from bench.reuters import CONLL_FILES, default_conll_dir

ROOT = Path(__file__).resolve().parent.parent
RUN = 12
_WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> list[str]:
    """Letters-and-digits runs, lower-cased: punctuation and spacing differ between CoNLL's
    tokens and any copy, the words do not."""
    return [w.lower() for w in _WORD.findall(text)]


def _runs(words: list[str]) -> set[int]:
    return {hash(tuple(words[i : i + RUN])) for i in range(len(words) - RUN + 1)}


def tracked_text_files() -> list[Path]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    files = []
    for name in out.decode().split("\0"):
        path = ROOT / name
        if name and path.is_file() and path.stat().st_size < 50_000_000:
            data = path.read_bytes()
            if b"\0" not in data[:4096]:
                files.append(path)
    return files


def test_no_run_of_twelve_conll_tokens_is_tracked():
    conll = default_conll_dir()
    if conll is None or not (conll / CONLL_FILES["test"]).is_file():
        pytest.skip("no CoNLL-2003 copy beside the checkout")
    runs: set[int] = set()
    for split in CONLL_FILES.values():
        words = []
        for line in (conll / split).read_text(encoding="utf-8").splitlines():
            cols = line.split()
            if cols and cols[0] != "-DOCSTART-":
                words += _words(cols[0])
        runs |= _runs(words)
    hits = []
    for path in tracked_text_files():
        words = _words(path.read_text(encoding="utf-8", errors="replace"))
        for i in range(len(words) - RUN + 1):
            if hash(tuple(words[i : i + RUN])) in runs:
                hits.append(f"{path.relative_to(ROOT)}: {' '.join(words[i:i + 4])} ...")
                break
    assert not hits, "CoNLL-2003 text in tracked files:\n" + "\n".join(hits)


def test_the_check_finds_a_copied_sentence(tmp_path):
    sentence = "the quick brown fox jumps over the lazy dog near the river bank today"
    assert _runs(_words(sentence)) & _runs(_words("Prefix: " + sentence.upper() + "!"))
    assert not _runs(_words(sentence)) & _runs(_words(" ".join(sentence.split()[:11])))
