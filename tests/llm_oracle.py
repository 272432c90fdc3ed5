"""Model answers made from gold: what a perfect model would write in each task's JSON schema."""
from __future__ import annotations

import json
import re

from bench.corpus import Corpus


def roughen(text: str) -> str:
    """Text as a careless model copies it: lower case, straight quotes, plain hyphens, re-spaced punctuation."""
    text = text.lower().translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "—": "-", "–": "-"}))
    return re.sub(r"(\w)([^\w\s])", r"\1 \2", text)


def oracle_items(corpus: Corpus, doc: str, task: str, rewrite=None) -> dict:
    """The gold of one document and task as the model's JSON object, items in document order."""
    rewrite = rewrite or (lambda s: s)
    gold = sorted((s for s in corpus.spans if s.doc == doc and s.task == task), key=lambda s: s.start)
    by_id = {s.id: s for s in gold}

    def linked(span, key):
        target = span.attrs.get(key)
        return rewrite(by_id[target].text) if target else None

    if task == "entities":
        return {"entities": [{"text": rewrite(s.text), "label": s.label} for s in gold]}
    if task == "quotes":
        records: dict[str, list] = {}
        for s in gold:
            if s.label in ("DIRECT", "INDIRECT"):
                records.setdefault(s.attrs["quote"], []).append(s)
        quotes = []
        for pieces in sorted(records.values(), key=lambda p: p[0].start):
            labels = {p.label for p in pieces}
            # a mixed record leaves each piece's type to its quotation marks
            quotes.append({"type": labels.pop() if len(labels) == 1 else "mixed", "content": [rewrite(p.text) for p in pieces],
                           "speaker": linked(pieces[0], "speaker"), "cue": linked(pieces[0], "cue"),
                           "source": pieces[0].attrs.get("source")})
        return {"quotes": quotes}
    return {"values": [{"text": rewrite(s.text), "number": s.attrs["number"], "modifier": s.attrs["modifier"],
                        "unit": linked(s, "unit"), "thing": linked(s, "thing")} for s in gold if s.label == "VALUE"]}


def oracle_response(corpus: Corpus, doc: str, task: str, rewrite=None) -> str:
    return json.dumps(oracle_items(corpus, doc, task, rewrite), ensure_ascii=False)
