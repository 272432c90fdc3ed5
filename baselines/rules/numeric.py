"""Rule-based numeric-claims baseline.

A VALUE is a run of digits or number words ("3,000", "eleven thousand", "twenty-five",
"2.5 million") with the approximator or bound words in front of it, which also set the
``modifier`` attribute. A unit word right after it (or after a hyphen: "30-day") is the
UNIT, a currency sign before it too; the THING is the noun phrase that follows (after
"of" and a determiner in "one of the men"), adjectives and nouns up to a preposition, verb
or punctuation. Dates, times, years, ordinals and numbers inside names are left out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from bench.documents import Document
from bench.standoff import Span

from . import lexicon_names as names
from . import lexicon_numbers as nums
from .system import RuleSystem
from .doc_tokens import DocTokens, is_capitalised, is_word
from .reporting_verbs import cue_words

TASK = "numeric_claims"

DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
CURRENCY_SIGNS = frozenset("$ £ € ¥".split())
# Before "one" these make it a pronoun or a determiner use, no count: "the one who".
NOT_COUNT_BEFORE = frozenset("the this that any every each no which another someone anyone no-one".split())
PRONOUN_THINGS = frozenset("them us you these those which whom it they we".split())
ORDINALS = frozenset("first second third fourth fifth last next previous final".split())
SKIP_BEFORE_THING = frozenset("more other extra further".split())
VERBS = frozenset("""is are was were be been being am has have had do does did will would shall
should can could may might must get got""".split())
MAX_THING = 5
# after "<number> <time unit>", these make a point in time, not a duration: "two days ago"
RELATIVE_TIME = frozenset("ago later earlier after before".split())
# Function words end a THING, except the adjectives among them ("new homes").
THING_STOP = names.FUNCTION_WORDS - frozenset("new latest exclusive live breaking updated".split())


@dataclass
class _Value:
    i: int  # VALUE span, modifier included
    j: int
    number: float
    modifier: str
    unit: tuple[int, int] | None = None
    thing: tuple[int, int] | None = None
    thing_from: "_Value | None" = None  # "150 rounds of [120 mm mortar shells]": the next value's thing


class RuleNumeric(RuleSystem):
    name = "rules-numeric"
    version = "0.2.0"
    description = ("digit and number-word values, approximator/bound lexicon, unit lexicon and noun-phrase "
                   "things; written from the annotation guidelines, whose examples quote the benchmark's documents, "
                   "so its seed-article scores are optimistic: reuters-test measures it on news it was not written against")
    task = TASK
    tasks = (TASK,)
    label_map = {TASK: {label: label for label in ("VALUE", "UNIT", "THING")}}


    def predict(self, documents: Sequence[Document], task: str = TASK) -> list[Span]:
        self.check_task(task)
        spans: list[Span] = []
        for doc in documents:
            dt = DocTokens(doc)
            values: list[_Value] = []
            for a, b in dt.sentences:
                values.extend(_Sentence(dt, a, b).values())
            spans.extend(_emit(dt, values))
        return spans


def _emit(dt: DocTokens, values: list[_Value]) -> list[Span]:
    spans: list[Span] = []
    used: set[int] = set()
    thing_ids: dict[tuple[int, int], str] = {}

    def take(i: int, j: int) -> bool:
        if any(k in used for k in range(i, j)):
            return False
        used.update(range(i, j))
        return True

    for n, v in enumerate(values, 1):
        if v.thing_from is not None and v.thing_from.thing is not None:
            v.thing = v.thing_from.thing
    for n, v in enumerate(values, 1):
        if not take(v.i, v.j):
            continue
        unit_id = thing_id = None
        if v.unit and take(*v.unit):
            unit_id = f"U{n}"
            spans.append(dt.span(TASK, *v.unit, "UNIT", unit_id))
        if v.thing:
            if v.thing in thing_ids:
                thing_id = thing_ids[v.thing]
            elif take(*v.thing):
                thing_id = thing_ids[v.thing] = f"T{n}"
                spans.append(dt.span(TASK, *v.thing, "THING", thing_id))
        spans.append(dt.span(TASK, v.i, v.j, "VALUE", f"V{n}", {
            "number": v.number, "modifier": v.modifier, "unit": unit_id, "thing": thing_id}))
    return sorted(spans, key=lambda s: s.start)


class _Sentence:
    def __init__(self, dt: DocTokens, a: int, b: int):
        self.dt, self.a, self.b = dt, a, b
        self.words = dt.words(0, len(dt.tokens))
        self.lower = [w.lower() for w in self.words]

    def _w(self, k: int) -> str:
        return self.lower[k] if self.a <= k < self.b else ""

    def values(self) -> list[_Value]:
        out: list[_Value] = []
        k = self.a
        while k < self.b:
            core = self._core(k)
            if core is None:
                k += 1
                continue
            i, j, number = core
            if not self._excluded(i, j):
                out.append(self._value(i, j, number))
            k = j
        # "150 rounds of 120 millimeter mortar shells": the first count shares the second's thing
        for v, nxt in zip(out, out[1:]):
            if v.thing is None and v.unit and self._w(v.unit[1]) == "of" and nxt.i == v.unit[1] + 1:
                v.thing_from = nxt
        return out

    def _core(self, k: int) -> tuple[int, int, float] | None:
        """The number that starts at token ``k``: (start, end, value)."""
        w = self.lower[k]
        if DIGITS.fullmatch(w):
            number = float(w.replace(",", "")) if w.count(".") <= 1 else None
            if number is None:
                return None
            j = k + 1
            if self._w(j) in nums.SCALE_WORDS:
                number *= nums.SCALE_WORDS[self._w(j)]
                j += 1
            return k, j, number
        if w in nums.UNITS_WORDS or w in nums.TENS_WORDS:
            j = k + 1
            while j < self.b:
                nxt = self._w(j)
                if nxt in nums.UNITS_WORDS or nxt in nums.TENS_WORDS or nxt in nums.SCALE_WORDS or nxt in nums.COUNT_WORDS:
                    j += 1
                elif nxt in ("-", "and") and j + 1 < self.b and not self.dt.gap(j + 1).strip() and (
                        self._w(j + 1) in nums.UNITS_WORDS or (nxt == "and" and self._w(j - 1) in ("hundred", "thousand"))):
                    if nxt == "-" and (self.dt.gap(j) or self.dt.gap(j + 1)):
                        break
                    j += 2
                else:
                    break
            number = nums.word_number(self.words[k:j])
            return (k, j, number) if number is not None else None
        return None

    def _joined_digits(self, i: int, j: int) -> bool:
        """A number closed up to another by "-" or "/" ("1996-08-30", a score "97-12", a phone
        "212-859-1761"): a date, score, ratio or code, never a count (guidelines 5.3, 5.4)."""
        before = i - 2 >= self.a and self._w(i - 1) in ("-", "/") and not self.dt.gap(i - 1) and not self.dt.gap(i) \
            and DIGITS.fullmatch(self._w(i - 2))
        after = j + 1 < self.b and self._w(j) in ("-", "/") and not self.dt.gap(j) and not self.dt.gap(j + 1) \
            and DIGITS.fullmatch(self._w(j + 1))
        return bool(before or after)

    def _phone(self, i: int) -> bool:
        """A digit group of a telephone number: after "+", or one of three or more bare digit groups in a row."""
        if not DIGITS.fullmatch(self.lower[i]):
            return False
        k = i
        while k - 1 >= self.a and (DIGITS.fullmatch(self._w(k - 1)) or self._w(k - 1) == "+"):
            k -= 1
        m = i
        while m + 1 < self.b and DIGITS.fullmatch(self._w(m + 1)):
            m += 1
        area_code = self._w(i - 1) == "(" and self._w(i + 1) == ")" and DIGITS.fullmatch(self._w(i + 2))
        return self._w(k) == "+" or m - k >= 2 or bool(area_code)

    def _excluded(self, i: int, j: int) -> bool:
        """Dates, times, years, pronoun "one" and numbers inside names are no claims; nor
        dates, scores, codes and phone numbers of wire text, nor relative points in time
        ("two days ago")."""
        prev, nxt = self._w(i - 1), self._w(j)
        word = self.lower[i]
        if self._joined_digits(i, j) or self._phone(i):
            return True
        if (self.lower[j:j + 3] == ["-", "for", "-"] and DIGITS.fullmatch(self._w(j + 3))) or \
                (self.lower[max(i - 3, 0):i] == ["-", "for", "-"] and DIGITS.fullmatch(self._w(i - 4))):
            return True  # "4-for-5": a ratio of tries, not a count (guidelines 5.4)
        if prev in ("'", "’") and DIGITS.fullmatch(word) and len(word) == 2:
            return True  # "'91": a year
        if self._w(i - 1) == "-" and self.dt.gap(i) or self._w(j) == "-" and self.dt.gap(j) and self.dt.gap(j + 1) \
                and is_capitalised(self.words[j + 1] if j + 1 < self.b else ""):
            return True  # a listing or a scoreboard: "15 - Andre Joubert, 14 - Justin Swart"
        if i > self.a and self.words[i][:1].isupper() and not DIGITS.fullmatch(word) and is_capitalised(self.words[i - 1]) \
                and is_word(self.words[i - 1]):
            return True  # a number word inside a name: "Banc One"
        if nxt in nums.TIME_UNITS and self._w(j + 1) in RELATIVE_TIME:
            return True
        if prev in nums.MONTHS or nxt in nums.MONTHS or prev in nums.WEEKDAYS:
            return True
        if nxt in nums.TIME_WORDS or (nxt == ":" and DIGITS.fullmatch(self._w(j + 1) or "x")) or (
                prev == ":" and DIGITS.fullmatch(self._w(i - 2) or "x")):
            return True
        if re.fullmatch(r"1[89]\d\d|20\d\d", word) and j == i + 1 and not (is_word(nxt) and nxt.endswith("s") and nxt not in nums.MONTHS):
            return True  # a year, unless it counts a plural noun ("2000 troops")
        if word == "one" and (prev in NOT_COUNT_BEFORE or nxt in ("another", "day")):
            return True
        # "Apollo 11", "Boeing 747": a number after a capitalised word inside a sentence
        if i - 1 > self.a and is_capitalised(self.words[i - 1]) and is_word(self.words[i - 1]) \
                and self.words[i - 1] not in names.FUNCTION_WORDS and DIGITS.fullmatch(word) \
                and self.lower[i - 1] not in nums.UNITS:
            return True
        return False

    def _value(self, i: int, j: int, number: float) -> _Value:
        start, modifier = i, "exact"
        unit = None
        if i - 1 >= self.a and self.words[i - 1] in CURRENCY_SIGNS:
            unit = (i - 1, i)
            mod_end = i - 1
        else:
            mod_end = i
        for n in (3, 2, 1):
            phrase = tuple(self.lower[mod_end - n:mod_end]) if mod_end - n >= self.a else ()
            if phrase in nums.MODIFIERS:
                modifier = nums.MODIFIERS[phrase]
                if unit is None:
                    start = mod_end - n
                break
        k = j
        if unit is None:
            if self._w(k) == "-" and not self.dt.gap(k) and not self.dt.gap(k + 1) and self._w(k + 1) in nums.UNITS:
                unit, k = (k + 1, k + 2), k + 2  # "30-day"
            elif self._w(k) in nums.UNITS or self.words[k if k < self.b else i] == "%":
                end = k + 2 if self._w(k) == "per" and self._w(k + 1) == "cent" else k + 1
                if self._w(k) != "per" or end == k + 2:
                    unit, k = (k, end), end
        thing = self._thing(k)
        return _Value(start, j, number, modifier, unit, thing)

    def _thing(self, k: int) -> tuple[int, int] | None:
        """The noun phrase naming what is counted, starting at token ``k``."""
        if self._w(k) == "of":
            k += 1
            while self._w(k) in ("the", "their", "his", "her", "its", "our", "these", "those", "my", "your"):
                k += 1
            while self._w(k) in ORDINALS:
                k += 1
            if self._w(k) in PRONOUN_THINGS:
                return None
        while self._w(k) in SKIP_BEFORE_THING:
            k += 1
        start = k
        while k < self.b and k - start < MAX_THING:
            w, lw = self.words[k], self.lower[k]
            if w == "-" and k > start and not self.dt.gap(k) and not self.dt.gap(k + 1) and is_word(self._w(k + 1)):
                k += 2  # "self-propelled"
                continue
            if not is_word(w) or DIGITS.fullmatch(lw) or lw in THING_STOP or lw in VERBS \
                    or lw in cue_words() or lw in nums.MONTHS:
                break
            k += 1
        # a trailing participle is the clause's verb, not part of the noun phrase
        while k - start > 1 and re.search(r"(ed|ing)$", self.lower[k - 1]):
            k -= 1
        if k - start == 1 and len(self.lower[start]) >= 4 and self.lower[start].endswith("ed"):
            return None  # "eleven thousand fled": a verb, nothing named
        if k > start and is_word(self.words[k - 1]):
            return start, k
        return None
