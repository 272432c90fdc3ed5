"""The benchmark's source documents: raw bytes, provenance and the text offsets point into."""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path

from .tokenize import Token, split_units, tokenize

# A UTF-8 no-break space (C2 A0) read as Latin-1/cp1252 shows up as "Â" followed by the
# no-break space; in the seed articles the no-break space itself was lost, leaving a lone
# "Â" before the line break. Only an "Â" followed by whitespace or the end of the text is
# such a leftover: a real "Â" (as in a name) is left alone.
_BROKEN_NBSP = re.compile(r"Â(?=\s|$)")

NORMALISATION = "broken-nbsp-v1"


def normalise(raw: str) -> str:
    """Replace each mojibake "Â" left by a broken no-break space with one plain space.

    The replacement is one character for one, so every offset into the normalised text is
    also an offset into the raw text: the raw text is recovered by putting the "Â" back at
    the positions where ``raw`` and ``normalise(raw)`` differ.
    """
    return _BROKEN_NBSP.sub(" ", raw)


@dataclass(frozen=True)
class Document:
    """A source text with its provenance; every offset in the gold points into ``text``."""

    id: str
    text: str
    source: str = ""
    sha256: str = ""
    raw: str = ""
    normalisation: str = NORMALISATION

    def to_dict(self) -> dict:
        return asdict(self)

    @cached_property
    def tokens(self) -> list[Token]:
        """The text's canonical tokens, made once: loading, checking and systems all need them,
        and tokenizing is most of what loading costs. Callers must not change the list."""
        return tokenize(self.text)

    def units(self, sentence_mode: str = "canonical") -> list[list[Token]]:
        """:attr:`tokens` grouped into sentences (or lines), once per mode. Callers must not
        change the lists."""
        cache = self.__dict__.setdefault("_units", {})  # not a field: equality and to_dict ignore it
        if sentence_mode not in cache:
            cache[sentence_mode] = split_units(self.text, self.tokens, sentence_mode)
        return cache[sentence_mode]


def document_from_file(path: Path) -> Document:
    """Read one seed article and record its provenance."""
    data = path.read_bytes()
    raw = data.decode("utf-8")
    return Document(
        id=path.stem,
        text=normalise(raw),
        source=path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        raw=raw,
    )


def load_documents(path: Path) -> list[Document]:
    """Read the stored documents (one JSON object per line)."""
    docs = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                docs.append(Document(**json.loads(line)))
    return docs


def write_documents(docs: list[Document], path: Path) -> None:
    lines = [json.dumps(d.to_dict(), ensure_ascii=False) for d in docs]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
