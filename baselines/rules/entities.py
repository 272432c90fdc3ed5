"""Rule-based named-entity baseline (OntoNotes name types).

Capitalised token runs are found per sentence and then classified, in order of how
reliable each cue is: a lexicon match for the whole run (countries, capitals, cities,
nationalities, regions, known organisations), the run's head word (organisation,
facility, location, event, law heads), a title inside the run (what follows it is a
PERSON), lexicon names at the start of the run, and finally context (a given name, a
role noun before it, a location preposition) and defaults. Names given weakly by a
default are re-labelled from strongly labelled names elsewhere in the document.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from bench.documents import Document
from bench.standoff import Span
from bench.tasks import ENTITY_LABELS
from bench.tokenize import tokenize

from . import lexicon_names as names
from . import lexicon_places as places
from .system import RuleSystem
from .doc_tokens import DocTokens, is_capitalised, is_punct, is_word
from .reporting_verbs import cue_words

TASK = "entities"

# Lower-case name particles that may sit inside a personal or place name.
NAME_PARTICLES = frozenset("de da di du del della der den van von al el bin ibn bint la le dos das y".split())
# Connectors that may sit inside an organisation/location name: "Bank of England".
ORG_CONNECTORS = frozenset(["of", "for", "on", "&"])
OF_HEADS = (names.ORG_STARTS | names.ORG_HEADS | names.LOCATION_HEADS | names.LOCATION_STARTS
            | names.LAW_HEADS | names.EVENT_HEADS | names.TITLES
            | frozenset("Battle Siege Republic Kingdom Museum Bay Sea Isle Gulf Cape".split()))
LOCATION_PREPOSITIONS = frozenset("in near outside across from into throughout".split())
LANGUAGE_CONTEXT = frozenset("in speak speaks spoke speaking spoken language translated".split())


def _key(text: str) -> tuple[str, ...]:
    return tuple(t.text for t in tokenize(text))


@lru_cache(maxsize=None)
def _lexicon() -> dict[tuple[str, ...], str]:
    """Token tuple -> label; later sources override earlier ones."""
    table: dict[tuple[str, ...], str] = {}
    for label, entries in (
        ("LANGUAGE", places.language_names()),
        ("GPE", places.gpe_names()),
        ("LOC", places.LOC_NAMES),
        ("NORP", places.NORP_NAMES),
        ("ORG", names.KNOWN_ORGS),
    ):
        for entry in entries:
            table[_key(entry)] = label
    return table


@lru_cache(maxsize=None)
def _lexicon_folded() -> dict[tuple[str, ...], str]:
    """The same lexicon keyed by lower case, for all-capitals headlines."""
    return {tuple(w.lower() for w in k): v for k, v in _lexicon().items()}


@dataclass
class _Entity:
    i: int
    j: int
    label: str
    strong: bool = True


class RuleEntities(RuleSystem):
    name = "rules-entities"
    version = "0.1.0"
    description = ("capitalisation, title cues, organisation heads and a general country/demonym/capital lexicon "
                   "(pycountry); developed on CoNLL-2003 train/dev, see its CoNLL-2003 scores below")
    task = TASK
    tasks = (TASK,)
    label_map = {TASK: {label: label for label in ENTITY_LABELS}}


    def predict(self, documents: Sequence[Document], task: str = TASK) -> list[Span]:
        self.check_task(task)
        spans: list[Span] = []
        for doc in documents:
            dt = DocTokens(doc)
            entities = self._document(dt)
            for n, e in enumerate(sorted(entities, key=lambda e: e.i), 1):
                spans.append(dt.span(TASK, e.i, e.j, e.label, f"E{n}"))
        return spans

    # -- per document ----------------------------------------------------------------

    def _document(self, dt: DocTokens) -> list[_Entity]:
        entities: list[_Entity] = []
        for a, b in dt.sentences:
            entities.extend(self._sentence(dt, a, b))
        # one sense per document: a weak guess takes the label of the same word
        # labelled strongly elsewhere ("Angela Merkel" ... "Merkel")
        strong: dict[str, str] = {}
        for e in entities:
            if e.strong:
                for w in dt.words(e.i, e.j):
                    if is_capitalised(w) and not is_punct(w):
                        strong.setdefault(w, e.label)
        for e in entities:
            if not e.strong:
                words = [w for w in dt.words(e.i, e.j) if not is_punct(w)]
                labels = {strong[w] for w in words if w in strong}
                if len(labels) == 1:
                    e.label = labels.pop()
        return entities

    def _sentence(self, dt: DocTokens, a: int, b: int) -> list[_Entity]:
        words = dt.words(a, b)
        letters = [w for w in words if w.isalpha() and len(w) > 1]
        if letters and sum(w.isupper() for w in letters) >= 0.6 * len(letters):
            return self._headline(dt, a, b)
        out: list[_Entity] = []
        for i, j in self._runs(dt, a, b):
            out.extend(self._classify_run(dt, i, j, a, b))
        return out

    def _headline(self, dt: DocTokens, a: int, b: int) -> list[_Entity]:
        """In an all-capitals line capitals say nothing: only lexicon names are found."""
        table = _lexicon_folded()
        out, i = [], a
        while i < b:
            for n in range(min(5, b - i), 0, -1):
                label = table.get(tuple(w.lower() for w in dt.words(i, i + n)))
                if label and is_word(dt.tokens[i].text):
                    out.append(_Entity(i, i + n, label))
                    i += n
                    break
            else:
                i += 1
        return out

    # -- finding runs of capitalised tokens --------------------------------------------

    def _runs(self, dt: DocTokens, a: int, b: int) -> list[tuple[int, int]]:
        toks = dt.tokens
        runs, i = [], a
        while i < b:
            if not (is_word(toks[i].text) and is_capitalised(toks[i].text)):
                i += 1
                continue
            j = i + 1
            while j < b:
                w = toks[j].text
                if is_word(w) and is_capitalised(w) and dt.gap(j) in (" ", ""):
                    j += 1
                    continue
                nxt = toks[j + 1].text if j + 1 < b else ""
                nxt_cap = is_word(nxt) and is_capitalised(nxt)
                if w == "-" and nxt_cap and not dt.gap(j) and not dt.gap(j + 1):
                    j += 2  # "Al-Assad", "Saint-Germain"
                elif w == "." and not dt.gap(j) and len(toks[j - 1].text) == 1 and toks[j - 1].text.isupper():
                    j += 1  # an initial: "George W. Bush"
                elif w in NAME_PARTICLES and nxt_cap:
                    j += 2
                elif w in ORG_CONNECTORS and nxt_cap and any(x in OF_HEADS for x in dt.words(i, j)):
                    j += 2
                elif w == "and" and nxt_cap and toks[i].text in names.ORG_STARTS:
                    j += 2
                else:
                    break
            runs.append((i, j))
            i = j
        return runs

    # -- classifying one run -----------------------------------------------------------

    def _classify_run(self, dt: DocTokens, i: int, j: int, a: int, b: int) -> list[_Entity]:
        words = dt.words(i, j)
        table = _lexicon()
        initial = all(is_punct(w) for w in dt.words(a, i))
        # a capitalised function word is no part of a name ("The", "In", "However"),
        # unless a lexicon name starts with it ("New Zealand"); a mid-sentence "The"
        # before a name is part of it ("The Hague")
        while i < j and words[0].lower() in names.FUNCTION_WORDS and not self._lexicon_prefix(words):
            if words[0] == "The" and not initial and j - i > 1:
                break
            i, words, initial = i + 1, words[1:], False
        while j > i and is_punct(words[-1]):
            j, words = j - 1, words[:-1]
        if i >= j:
            return []
        label = table.get(tuple(words))
        if label:
            return [_Entity(i, j, self._language_or(dt, i, label))]
        head_label = self._head_label(words)
        if head_label:
            return [_Entity(i, j, head_label)]
        # a title inside the run: what comes before it is classified on its own, what
        # follows it is the person ("French President Emmanuel Macron")
        t = self._title_at(words)
        if t is not None:
            start, end = t
            out = self._classify_run(dt, i, i + start, a, b) if start else []
            if i + end < j:
                out.append(_Entity(i + end, j, "PERSON"))
            return out
        # lexicon names opening the run: "Ukrainian Volodymyr ..." -> NORP + rest
        for n in range(len(words) - 1, 0, -1):
            label = table.get(tuple(words[:n]))
            if label:
                return [_Entity(i, i + n, label)] + self._classify_run(dt, i + n, j, a, b)
        return self._guess(dt, i, j, initial)

    @staticmethod
    def _lexicon_prefix(words: list[str]) -> bool:
        table = _lexicon()
        return any(tuple(words[:n]) in table for n in range(1, len(words) + 1))

    @staticmethod
    def _language_or(dt: DocTokens, i: int, label: str) -> str:
        """"in English", "speaks French": a language; otherwise the lexicon's label."""
        prev = dt.tokens[i - 1].text.lower() if i > 0 else ""
        if prev in LANGUAGE_CONTEXT and dt.tokens[i].text in places.language_names():
            return "LANGUAGE"
        return label

    @staticmethod
    def _head_label(words: list[str]) -> str | None:
        last, first = words[-1], words[0]
        if len(words) >= 2 or last in names.KNOWN_ORGS:
            # "Defence Ministry", "Heathrow Airport", "Gaza Strip": the head word decides
            for heads, label in ((names.ORG_HEADS, "ORG"), (names.FACILITY_HEADS, "FAC"), (names.LOCATION_HEADS, "LOC"),
                                 (names.GPE_HEADS, "GPE"), (names.EVENT_HEADS, "EVENT"), (names.LAW_HEADS, "LAW")):
                if last in heads:
                    return label
        if len(words) >= 3 and words[1] in ORG_CONNECTORS:
            # "Bank of England", "Gulf of Mexico", "Battle of Hastings": the first word decides
            for starts, label in ((names.ORG_STARTS, "ORG"), (names.LOCATION_STARTS, "LOC"), (names.LAW_HEADS, "LAW"),
                                  (("Battle", "Siege"), "EVENT")):
                if first in starts:
                    return label
        if len(words) >= 2 and first in names.LOCATION_STARTS:
            return "LOC"
        return None

    @staticmethod
    def _title_at(words: list[str]) -> tuple[int, int] | None:
        """The first title group (start, end) in the run, if it has a real title word."""
        k = 0
        while k < len(words):
            if words[k] in names.TITLES:
                m = k
                while m < len(words) and (words[m] in names.TITLES or (words[m] == "of" and m + 1 < len(words) and words[m + 1] in names.TITLES)):
                    m += 1
                if any(w not in names.TITLE_MODIFIERS for w in words[k:m] if w != "of"):
                    return k, m
                k = m
            else:
                k += 1
        return None

    def _guess(self, dt: DocTokens, i: int, j: int, initial: bool) -> list[_Entity]:
        """No lexicon or head word decides: context and defaults."""
        toks = dt.tokens
        words = dt.words(i, j)
        prev = toks[i - 1].text if i > 0 else ""
        nxt = toks[j].text if j < len(toks) else ""
        if initial and j - i == 1:
            # a capitalised first word of a sentence is a name only with some evidence
            mid_sentence = any(t.text == words[0] and k not in {s for s, _ in dt.sentences}
                               for k, t in enumerate(toks))
            if not (mid_sentence or nxt in ("'s", "’s") or nxt.lower() in cue_words()):
                return []
        if words[0] in names.given_names() and len(words) >= 2:
            return [_Entity(i, j, "PERSON")]
        if prev.lower() in names.ROLE_NOUNS:
            return [_Entity(i, j, "PERSON")]
        if len(words) == 1 and words[0].isupper() and len(words[0]) >= 2:
            return [_Entity(i, j, "ORG", strong=False)]
        if prev.lower() == "the":
            return [_Entity(i, j, "ORG", strong=False)]  # persons rarely take an article
        if len(words) == 1 and prev.lower() in LOCATION_PREPOSITIONS:
            return [_Entity(i, j, "GPE", strong=False)]
        if nxt.lower() in cue_words():
            return [_Entity(i, j, "PERSON", strong=len(words) > 1)]
        return [_Entity(i, j, "PERSON", strong=False)]
