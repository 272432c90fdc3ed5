"""A small real system for the plug-in tests: runs of capitalised words after the first word of a
sentence are names. It labels them NAME (mapped onto PERSON) or, when all capitals, ACRONYM
(not mapped, so the harness must drop and count them)."""
from bench.standoff import Span
from bench.tokenize import split_sentences, tokenize


class CapitalisedNames:
    name = "capitalised"
    version = "0.1"
    tasks = ("entities",)
    label_map = {"entities": {"NAME": "PERSON"}}

    def __init__(self, **options):
        self.options = options

    def predict(self, documents, task):
        out = []
        for doc in documents:
            for sent in split_sentences(doc.text, tokenize(doc.text)):
                run = []
                for tok in sent[1:] + [None]:
                    if tok is not None and tok.text[:1].isupper() and tok.text.isalpha():
                        run.append(tok)
                        continue
                    if run:
                        label = "ACRONYM" if all(t.text.isupper() for t in run) else "NAME"
                        out.append(Span(doc.id, task, run[0].start, run[-1].end, label))
                        run = []
        return out


SYSTEM = CapitalisedNames()
