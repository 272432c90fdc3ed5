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
# Words that end a THING (or stand where one would start): adverbs and particles after a
# count, "1.02 cents [lower]", "five [out] of eight", "100 runs [away] from".
NOT_THING = frozenset("""lower higher up down out inside outside away overall shortly apiece each ahead
behind back off towards toward due primarily respectively apart alone around""".split())
# In "a [lead] of 82" the noun before "of" is the THING; these nouns only frame the number.
FRAME_NOUNS = frozenset("total number maximum minimum average sum range level rate age height depth length".split())
# Before a compound modifier these are prepositions: "a victory over [10]-[man] [Turkey]".
PREPOSITION_MODIFIERS = frozenset({("over",), ("under",), ("above",), ("below",)})
# A closed-up word after a number that is no counting unit: "six-plus", "one-upmanship".
NOT_COMPOUND_UNIT = frozenset("plus odd fold upmanship".split())
DETERMINERS = frozenset("the their his her its our these those my your".split())
# A number after these is a label or a rank, not a count: "Group 7", "Section 301", "number one".
LABEL_NOUNS = frozenset("""group division grade flight section article route chapter page interstate
highway number no no. pool class""".split())
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
    version = "0.3.0"
    description = ("digit and number-word values, approximator/bound lexicon, unit lexicon and noun-phrase "
                   "things; written from the annotation guidelines, whose examples quote the benchmark's documents, "
                   "so its seed-article scores are optimistic: reuters-test measures it on news it was not written against")
    task = TASK
    tasks = (TASK,)
    label_map = {TASK: {label: label for label in ("VALUE", "UNIT", "THING")}}
    history = (
        ("0.1.0", "written from the guidelines and the seed articles",
         {"reuters-dev": {"strict_f1": 67.1, "value_f1": 69.8}, "reuters-test": {"strict_f1": 70.5, "value_f1": 70.6}}),
        ("0.2.0", "wire-text exclusions (dates, scores, ratios, phones, listings, relative times, years, names)",
         {"reuters-dev": {"strict_f1": 82.0, "value_f1": 95.4}, "reuters-test": {"strict_f1": 83.4, "value_f1": 93.5}}),
        ("0.3.0", "currencies, two-word and compound units, fractions, things before 'of' and after 'in', labels and ranks",
         {"reuters-dev": {"strict_f1": 93.9, "value_f1": 97.7}, "reuters-test": {"strict_f1": 88.6, "value_f1": 94.4}}),
    )


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
        fraction = self._fraction(k)
        if fraction is not None:
            return fraction
        if w in nums.UNITS_WORDS or w in nums.TENS_WORDS:
            j = k + 1
            while j < self.b:
                nxt = self._w(j)
                if nxt in nums.UNITS_WORDS and self._w(j - 1) in nums.UNITS_WORDS:
                    break  # "three one-day matches": two numbers, not one
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

    def _fraction(self, k: int) -> tuple[int, int, float] | None:
        """A share (guidelines 5.3): "[half] of", "[a third] of", "[two-thirds]", "[three-quarters]"."""
        w = self.lower[k]
        if w == "half" and self._w(k + 1) == "of" and self._w(k - 1) not in ("first", "second", "a", "the"):
            return k, k + 1, 0.5
        if w in ("a", "one") and self._w(k + 1) in nums.FRACTIONS and self._w(k + 1) != "half" and self._w(k + 2) == "of":
            return k, k + 2, nums.FRACTIONS[self._w(k + 1)]
        if w in nums.UNITS_WORDS and self._w(k + 1) == "-" and not self.dt.gap(k + 1) and not self.dt.gap(k + 2) \
                and self._w(k + 2) in ("thirds", "quarters", "fifths"):
            return k, k + 3, nums.UNITS_WORDS[w] * nums.FRACTIONS[self._w(k + 2)]
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
        if self._w(i - 1) == "-" and self.dt.gap(i) or self._w(j) == "-" and self.dt.gap(j + 1) \
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
        if re.fullmatch(r"1[89]\d\d|20\d\d", word) and j == i + 1 and (prev in DETERMINERS or prev in ("in", "of", "'s")
                                                                     or not (is_word(nxt) and nxt.endswith("s") and nxt not in nums.MONTHS)):
            return True  # a year, unless it counts a plural noun ("2000 troops")
        if word == "one" and (prev in NOT_COUNT_BEFORE or nxt in ("another", "day")):
            return True
        if word == "one" and prev == "at" and nxt in ("point", "stage", "time"):
            return True  # "at one point": a moment, no count
        if prev in LABEL_NOUNS:
            return True  # "world number one", "group seven winners", "Flight 800": a rank or a label
        if word.isdigit() and len(word) >= 7 and j == i + 1:
            return True  # "3120264": wire text writes counts with separators; this is a code or phone
        if prev == "," and nxt == ")" and i - 2 >= self.a and is_capitalised(self.words[i - 2]):
            return True  # a line-up: "(Wayne Fyvie, 75)", the minute of a substitution
        if i >= 2 and self.lower[i - 1] == "." and self.lower[i - 2] in nums.MONTHS:
            return True  # "Sept . 25", the month on the line before
        # "Apollo 11", "Boeing 747": a number after a capitalised word inside a sentence
        if i - 1 > self.a and is_capitalised(self.words[i - 1]) and is_word(self.words[i - 1]) \
                and self.words[i - 1] not in names.FUNCTION_WORDS and DIGITS.fullmatch(word) \
                and self.words[i - 1] not in nums.UNITS and self.words[i - 1] not in nums.CURRENCY_PREFIXES:
            return True
        return False

    def _value(self, i: int, j: int, number: float) -> _Value:
        start, modifier = i, "exact"
        unit = self._currency_before(i)
        mod_end = unit[0] if unit else i
        compound = unit is None and self._compound_unit(j)
        for n in (3, 2, 1):
            phrase = tuple(self.lower[mod_end - n:mod_end]) if mod_end - n >= self.a else ()
            if phrase in nums.MODIFIERS and not (compound and phrase in PREPOSITION_MODIFIERS):
                modifier = nums.MODIFIERS[phrase]
                if unit is None:
                    start = mod_end - n
                break
        k = j
        if unit is None:
            if compound:
                unit, k = (k + 1, k + 2), k + 2  # "30-day halt", "a 37-run advantage" (guidelines 5.4)
                if self.lower[k:k + 2] == ["-", "old"] and not self.dt.gap(k) and not self.dt.gap(k + 1):
                    k += 2  # "a 45-year-old man"
            elif (self._w(k), self._w(k + 1)) in nums.UNIT_PAIRS:
                unit, k = (k, k + 2), k + 2
            elif self._w(k) in nums.UNITS or self.words[k if k < self.b else i] == "%":
                if self._w(k) != "per":
                    unit, k = (k, k + 1), k + 1
                    if self._w(k) == "per" and self._w(k + 1) in nums.UNITS:
                        unit, k = (unit[0], k + 2), k + 2  # "200 miles per hour"
            else:
                named = self._named_currency(k)
                if named:
                    unit, k = (k, named), named
        if self._w(k) == "(":  # "42 kg (92 pounds) of drugs": the conversion stands aside
            close = next((m for m in range(k + 1, min(self.b, k + 8)) if self._w(m) == ")"), None)
            if close is not None and self._w(close + 1) == "of":
                k = close + 1
        thing = self._thing(k)
        if thing and self._money(unit) and re.search(r"ed$", self.words[thing[0]]):
            thing = None  # "$2 billion changed hands": a verb, not a thing bought
        if thing is None and self._money(unit) and self._w(k) == "in":
            thing = self._in_thing(k + 1)  # "$9.32 billion in assets"
        first = min(start, unit[0]) if unit else start
        if thing is None and self._w(first - 1) == "of":
            thing = self._frame_thing(first - 1)  # "a first innings lead of 82", "a price tag of $5 million"
        return _Value(start, j, number, modifier, unit, thing)

    def _money(self, unit: tuple[int, int] | None) -> bool:
        return unit is not None and any(w in CURRENCY_SIGNS or w in nums.CURRENCY_PREFIXES or w.lower() in nums.CURRENCIES
                                        for w in self.words[unit[0]:unit[1]])

    def _currency_before(self, i: int) -> tuple[int, int] | None:
        """A currency sign or abbreviation before the number: "$", "C$", "HK$", "DM"."""
        if i - 1 < self.a:
            return None
        if self.words[i - 1] in CURRENCY_SIGNS:
            first = i - 1
            if i - 2 >= self.a and self.words[i - 2].isalpha() and self.words[i - 2].isupper() \
                    and len(self.words[i - 2]) <= 3 and not self.dt.gap(i - 1):
                first = i - 2  # "C$", "US$", "HK$"
            return first, i
        if self.words[i - 1] in nums.CURRENCY_PREFIXES:
            return i - 1, i
        return None

    def _named_currency(self, k: int) -> int | None:
        """End of "Swiss francs", "U.S. dollars", "New Zealand dollars" starting at ``k``, or None."""
        m = k
        while m < min(self.b, k + 3) and is_capitalised(self.words[m]) and is_word(self.words[m]):
            m += 1
        return m + 1 if m > k and self._w(m) in nums.CURRENCIES else None

    def _compound_unit(self, k: int) -> bool:
        """A noun closed up to the number by a hyphen: "30-day", "37-run", "two-chamber"."""
        if self._w(k) != "-" or self.dt.gap(k) or self.dt.gap(k + 1):
            return False
        w = self._w(k + 1)
        return w in nums.UNITS or (w.isalpha() and w.islower() and w not in NOT_COMPOUND_UNIT
                                   and w not in nums.UNITS_WORDS and w not in nums.TENS_WORDS
                                   and is_word(self._w(k + 2)) and self._w(k + 2) not in THING_STOP)

    def _in_thing(self, k: int) -> tuple[int, int] | None:
        """"in assets": a plural noun after "in" that ends the phrase."""
        w, after = self._w(k), self._w(k + 1)
        if w.isalpha() and w.endswith("s") and w not in THING_STOP and (not is_word(after) or after == "and"):
            return k, k + 1
        return None

    def _frame_thing(self, of: int) -> tuple[int, int] | None:
        """The noun phrase before "of" in "a [premium] of 40 percent", after a determiner or a verb."""
        k = of
        while k - 1 >= self.a and of - k < 3:
            w = self.lower[k - 1]
            if not (w.isalpha() and self.words[k - 1].islower()) or (w in THING_STOP and w not in ORDINALS) or w in VERBS:
                break
            k -= 1
        if k == of or self.lower[of - 1] in FRAME_NOUNS:
            return None
        before = self._w(k - 1)
        return (k, of) if before in ("a", "an") or before in DETERMINERS or before in VERBS or before == "'s" else None

    def _thing(self, k: int) -> tuple[int, int] | None:
        """The noun phrase naming what is counted, starting at token ``k``."""
        after_of = self._w(k) == "of"
        if after_of:
            k += 1
            while self._w(k) in DETERMINERS:
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
                    or lw in cue_words() or lw in nums.MONTHS or lw in NOT_THING \
                    or lw in nums.UNITS_WORDS or lw in nums.TENS_WORDS:
                break
            if k > start and re.search(r"(ed|ing)$", lw) and re.search(r"[^su]s$", self.lower[k - 1]):
                break  # "6,000 U.S. servicemen [based] in", "12 meetings [dating] back": a clause after the head
            k += 1
        if after_of and k > start and self._w(k) in ("'s", "’s"):
            return self._thing(k + 1)  # "one of the world's [great boxers]": the possessor is not counted
        if k > start and self._w(k) == "and" and _plural(self.lower[k - 1]) and _plural(self._w(k + 1)) \
                and not is_word(self._w(k + 2)) and self._w(k + 1) not in THING_STOP:
            k += 2  # "15,000 [sailors and Marines]"
        # a trailing participle is the clause's verb, not part of the noun phrase
        while k - start > 1 and re.search(r"(ed|ing)$", self.words[k - 1]):
            k -= 1
        if k - start == 1 and len(self.lower[start]) >= 4 and self.lower[start].endswith("ed"):
            return None  # "eleven thousand fled": a verb, nothing named
        if k > start and is_word(self.words[k - 1]):
            return start, k
        return None


def _plural(word: str) -> bool:
    return word.isalpha() and len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))
