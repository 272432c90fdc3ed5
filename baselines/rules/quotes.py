"""Rule-based quotation and attribution baseline.

Quoted content is found from quotation marks (curly and straight, balanced or left open
to the end of the paragraph). Reporting cues come from a verb lexicon with their
auxiliaries, plus "according to". For each cue the speaker is the noun phrase before it
("X said"), after it ("said X", "according to X") or before an appositive ("X, the
minister, said"); the reported content is the clause after the cue ("X said (that) ...")
or, when the speaker follows a comma, the sentence part before it ("..., X said").
Quotations inside reported content become DIRECT pieces of the same record; a quotation
with no cue of its own inherits the attribution of its sentence or of the previous quote.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from bench.documents import Document
from bench.standoff import Span

from . import lexicon_names as names
from . import lexicon_numbers as nums
from .system import RuleSystem
from .doc_tokens import DocTokens, is_capitalised, is_punct, is_word, trim
from .reporting_verbs import ADDRESSEE_VERBS, AUXILIARIES, REPORTING_VERBS, finite_cue_words

TASK = "quotes"

OPENERS = {"“": "”", "‘": "’", "«": "»"}
STRAIGHT = {'"'}
PRONOUNS = frozenset("he she they we i it you".split())
# Quantifiers that open a speaker phrase: "[some analysts] said".
QUANTIFIERS = frozenset("some several many most other".split())
DETERMINERS = frozenset("the a an his her its their our my this that these those".split())
# Words that may sit inside a speaker noun phrase although they are function words.
NP_INNER = frozenset(["of", "and", "’s", "'s", "-", "."])
# Nouns naming a claim that stand between a cue and its content: "denied reports (that)".
CLAIM_NOUNS = frozenset("allegations allegation claims claim reports report suggestions accusations accusation rumours rumors speculation".split())
# Framing words in front of reported content that are the narrator's: "Meanwhile, ...".
FRAMING = frozenset("however meanwhile but and so also moreover separately earlier later still yet".split())
# Words after a cue that describe the act of speaking, before "that": "said on Tuesday that".
SPEECH_ADVERBIALS = frozenset("""on in at last this late early yesterday today earlier later previously
also again recently publicly privately a an the statement interview post video conference briefing
monday tuesday wednesday thursday friday saturday sunday week month year night morning evening
afternoon weekend reporters journalists lawmakers parliament""".split())
WHEN_WORDS = nums.WEEKDAYS | {"today", "yesterday"}
# Nouns naming a source in a headline's tail: "... - sources", "... - paper".
SOURCE_NOUNS = frozenset("sources source paper papers newspaper agency official officials minister ministry spokesman analysts traders dealers diplomats report reports police radio tv television".split())
SHORT_QUOTE = 4  # quotes this short are partial quotations or scare quotes
CUE_ADVERBS = frozenset("also later again further repeatedly separately earlier only then still now".split())
MAX_LINES = 6  # a quotation runs over at most this many lines (wire text: one sentence a line)


@dataclass
class _Cue:
    i: int
    j: int
    speaker: tuple[int, int] | None = None
    content: list[tuple[int, int]] = field(default_factory=list)


class RuleQuotes(RuleSystem):
    name = "rules-quotes"
    version = "0.4.0"
    description = ("quotation marks, a reporting-verb lexicon and nearest-subject speakers; written from the "
                   "annotation guidelines, whose examples quote the benchmark's documents, so its scores here are "
                   "optimistic on the seed articles: reuters-test measures it on news it was not written against")
    task = TASK
    tasks = (TASK,)
    label_map = {TASK: {label: label for label in ("DIRECT", "INDIRECT", "SPEAKER", "CUE")}}
    history = (
        ("0.1.0", "written from the guidelines and the seed articles",
         {"reuters-dev": {"strict_f1": 71.2, "record_f1": 76.6}, "reuters-test": {"strict_f1": 71.8, "record_f1": 80.9}}),
        ("0.2.0", "straight quotation marks, quotations over several lines, adverbs and acronyms before the cue, 'quoted X as saying'",
         {"reuters-dev": {"strict_f1": 80.9, "record_f1": 84.2}, "reuters-test": {"strict_f1": 80.7, "record_f1": 87.3}}),
        ("0.3.0", "relative clauses and appositives before the cue, present cues, 5.4 cues, quoted terms",
         {"reuters-dev": {"strict_f1": 84.3, "record_f1": 87.5}, "reuters-test": {"strict_f1": 81.3, "record_f1": 86.8}}),
        ("0.4.0", "headline attributions, of-complements, 'was quoted as saying', agentless 'said to'",
         {"reuters-dev": {"strict_f1": 86.5, "record_f1": 89.1}, "reuters-test": {"strict_f1": 82.5, "record_f1": 87.5}}),
    )


    def predict(self, documents: Sequence[Document], task: str = TASK) -> list[Span]:
        self.check_task(task)
        spans: list[Span] = []
        for doc in documents:
            spans.extend(sorted(_DocumentQuotes(DocTokens(doc)).run(), key=lambda s: s.start))
        return spans


class _DocumentQuotes:
    def __init__(self, dt: DocTokens):
        self.dt = dt
        self.words = [t.text for t in dt.tokens]
        self.lower = [w.lower() for w in self.words]
        self.quoted = self._quotations()  # (open, close) token indices; close may be None
        self.inside = set()
        for o, c in self.quoted:
            self.inside.update(range(o, c + 1 if c is not None else self._paragraph_end(o)))
        self.spans: list[Span] = []
        self.used: set[int] = set()  # tokens already in a span
        self.counter = 0
        self.last_speaker: tuple[str, str] | None = None  # (span id, source) of the last record
        self.last_named_source: str | None = None
        self.speaker_ids: dict[tuple[int, int], tuple[str, str]] = {}

    # -- quotation marks ---------------------------------------------------------------

    def _paragraph_end(self, i: int) -> int:
        """Index after the last token of the paragraph that contains token ``i``."""
        j = i + 1
        while j < len(self.words) and "\n" not in self.dt.gap(j):
            j += 1
        return j

    def _straight_role(self, k: int) -> str:
        """A straight quotation mark's role from its spacing: closed up to the word after it it
        opens, closed up to the word before it it closes ("\"We won,\" he said")."""
        before = k == 0 or bool(self.dt.gap(k))
        after = k + 1 >= len(self.words) or bool(self.dt.gap(k + 1))
        if before and not after:
            return "open"
        if after and not before:
            return "close"
        return "either"

    def _quotations(self) -> list[tuple[int, int | None]]:
        """(opening mark, closing mark or None) of each quotation. A quotation of several
        sentences runs over lines (wire text puts each sentence on its own), up to MAX_LINES."""
        pairs, i, n = [], 0, len(self.words)
        while i < n:
            w = self.words[i]
            close = OPENERS.get(w)
            if close is None and w in STRAIGHT and self._straight_role(i) != "close":
                close = w
            if close is None or (w == "‘" and i + 1 < n and not is_word(self.words[i + 1])):
                i += 1
                continue
            end = self._paragraph_end(i)
            for _ in range(MAX_LINES - 1):  # further lines, while no mark closes the quotation
                if end >= n or any(self.words[k] == close for k in range(i + 1, end)):
                    break
                if self.words[end] in STRAIGHT and self._straight_role(end) == "open" or self.words[end] in OPENERS:
                    break  # the next line opens a quotation of its own
                end = self._paragraph_end(end)
            j = next((k for k in range(i + 1, end) if self.words[k] == close
                      and (close != "’" or k + 1 >= n or not is_word(self.words[k + 1]) or self.dt.gap(k + 1))
                      and (close not in STRAIGHT or self._straight_role(k) != "open")), None)
            pairs.append((i, j))
            i = (j if j is not None else self._paragraph_end(i)) + 1
        return pairs

    def _lines(self, i: int, j: int) -> list[tuple[int, int]]:
        """[i, j) cut at line breaks: a quotation's pieces, one per line (one per sentence)."""
        out, start = [], i
        for k in range(i + 1, j):
            if "\n" in self.dt.gap(k):
                out.append((start, k))
                start = k
        out.append((start, j))
        return out

    # -- spans -------------------------------------------------------------------------

    def _new_id(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def _emit(self, i: int, j: int, label: str, attrs: dict | None = None) -> Span | None:
        i, j = trim(self.dt, i, j)
        if i >= j or any(k in self.used for k in range(i, j)):
            return None
        self.used.update(range(i, j))
        prefix = {"DIRECT": "Q", "INDIRECT": "Q", "SPEAKER": "S", "CUE": "C"}[label]
        span = self.dt.span(TASK, i, j, label, self._new_id(prefix), attrs)
        self.spans.append(span)
        return span

    def _record(self, pieces: list[tuple[int, int]], speaker: tuple[int, int] | None,
                cue: tuple[int, int] | None, inherited: tuple[str, str] | None = None) -> None:
        """Emit one quote record: its speaker, cue and content pieces split by quote marks."""
        spk_id, source = inherited or (None, None)
        if speaker is not None and speaker in self.speaker_ids:
            spk_id, source = self.speaker_ids[speaker]  # one span for a shared subject
        elif speaker is not None:
            text = " ".join(self.words[speaker[0]:speaker[1]])
            source = self._canonical(speaker[0], speaker[1])
            if text.lower() in PRONOUNS and self.last_named_source:
                source = self.last_named_source
            s = self._emit(speaker[0], speaker[1], "SPEAKER", {"source": source})
            if s is not None:
                spk_id = s.id
                self.speaker_ids[speaker] = (spk_id, source)
                if is_capitalised(text) and text.split()[0].lower() not in DETERMINERS | PRONOUNS:
                    self.last_named_source = source  # what a later "he" most likely refers to
        cue_id = None
        if cue is not None:
            c = self._emit(cue[0], cue[1], "CUE")
            cue_id = c.id if c is not None else None
        self.counter += 1
        quote_id = f"q{self.counter}"
        attrs = {"quote": quote_id, "speaker": spk_id, "cue": cue_id, "source": source}
        for i, j in pieces:
            for a, b, label in self._split_by_quotes(i, j):
                self._emit(a, b, label, attrs)
        if spk_id is not None:
            self.last_speaker = (spk_id, source)

    def _split_by_quotes(self, i: int, j: int) -> list[tuple[int, int, str]]:
        """Cut a content range into INDIRECT and DIRECT pieces at quotation marks, and
        into one piece per canonical sentence."""
        out, k, start = [], i, i
        label = "DIRECT" if i in self.inside and (i - 1) in self.inside else "INDIRECT"
        while k < j:
            w = self.words[k]
            mark = w in OPENERS or w in OPENERS.values() or w in STRAIGHT
            boundary = k > i and any(s == k for s, _ in self.dt.sentences)
            if mark or boundary:
                out.append((start, k, label))
                if mark:
                    label = "DIRECT" if any(o == k for o, _ in self.quoted) else "INDIRECT"
                    start = k + 1
                else:
                    start = k
            k += 1
        out.append((start, j, label))
        return [(a, b, lab) for a, b, lab in out if trim(self.dt, a, b)[0] < trim(self.dt, a, b)[1]]

    def _canonical(self, i: int, j: int) -> str:
        """The source name of a speaker phrase: "Foreign Minister Jane Doe" -> "Jane Doe"."""
        k = i
        while k < j and (self.lower[k] in DETERMINERS or self.words[k] in names.TITLES
                         or self.lower[k] in names.ROLE_NOUNS):
            k += 1
        if j - k >= 1 and all(is_capitalised(w) for w in self.words[k:j]) and k > i:
            i = k
        return self.dt.doc.text[self.dt.tokens[i].start:self.dt.tokens[j - 1].end]

    # -- cues, speakers, content -------------------------------------------------------

    def _cues(self, a: int, b: int) -> list[_Cue]:
        cues, finite = [], finite_cue_words()
        k = a
        while k < b:
            if k in self.inside:
                k += 1
                continue
            w = self.lower[k]
            if w == "according" and k + 1 < b and self.lower[k + 1] == "to":
                cues.append(_Cue(k, k + 2))
                k += 2
                continue
            prev = self.lower[k - 1] if k > a else ""
            # a present "-s" form is often a plural noun ("disputed claims"): it needs a subject
            plural_risk = w.endswith("s") and w != "says" and not (
                is_capitalised(self.words[k - 1] if k > a else "") or prev in PRONOUNS or prev in names.ROLE_NOUNS)
            nxt = self.lower[k + 1] if k + 1 < b else ""
            # a plain present form reports after a plural subject: "They say ...", "analysts acknowledge that"
            present = w in REPORTING_VERBS and prev != "to" and (prev in PRONOUNS or nxt == "that")
            name = k > a and is_capitalised(self.words[k])  # "the United States": a name, no cue
            after = self.lower[k + 2] if k + 2 < b else ""
            if w == "said" and nxt == "to" and after.isalpha() and after not in DETERMINERS and after not in PRONOUNS \
                    and not is_capitalised(self.words[k + 2]):
                k += 1
                continue  # "China said to fear ...": the agentless "is said to" (guidelines 5.2)
            if (w in finite or present) and prev not in DETERMINERS and not plural_risk and not name:
                i = k
                while i > a and self.lower[i - 1] in AUXILIARIES:
                    i -= 1
                cues.append(_Cue(i, k + 1))
            k += 1
        return cues

    def _np_left(self, end: int, a: int) -> tuple[int, int] | None:
        """The noun phrase ending just before token ``end`` (the subject of a cue)."""
        k = end - 1
        if k < a:
            return None
        head = self.words[k]
        if self.lower[k] in PRONOUNS:
            return (k, end)
        if is_punct(head) and head != "." or (self.lower[k] in names.FUNCTION_WORDS and not is_capitalised(head)):
            return None
        start = k
        while k >= a and end - k <= 12:
            w, lw = self.words[k], self.lower[k]
            if lw in DETERMINERS or lw in QUANTIFIERS:
                start = k
                if k - 2 >= a and self.lower[k - 1] == "of" and is_word(self.words[k - 2]) \
                        and self.lower[k - 2] not in names.FUNCTION_WORDS and k - 2 not in self.inside:
                    k -= 2  # "[the speaker of the parliament] said": an of-complement
                    continue
                break
            if lw in ("in", "at", "for", "from") and k - 1 >= a and is_capitalised(self.words[k - 1]) \
                    and is_capitalised(self.words[k + 1]):
                k -= 1  # "the Embassy in Rome": a place inside the phrase
                continue
            if lw in NP_INNER or w in ("’s", "'s"):
                if k - 1 < a or self.lower[k - 1] in names.FUNCTION_WORDS or is_punct(self.words[k - 1]) and self.words[k - 1] != ".":
                    break
                k -= 1
                continue
            if is_punct(w) and not (w == "." and k > a and len(self.words[k - 1]) == 1):
                break
            if k in self.inside or (lw in names.FUNCTION_WORDS and not is_capitalised(w)) or lw in finite_cue_words():
                break
            start = k
            k -= 1
        return (start, end) if start < end else None

    def _np_right(self, start: int, b: int) -> tuple[int, int] | None:
        """The noun phrase starting at token ``start`` ("said [the ministry]")."""
        k = start
        if k < b and self.lower[k] in PRONOUNS:
            return (k, k + 1)
        if k < b and self.lower[k] in DETERMINERS:
            k += 1
        while k < b and self._np_continues(k):
            k += 1
        return (start, k) if k > start and is_word(self.words[k - 1]) else None

    def _np_continues(self, k: int) -> bool:
        """Whether token ``k`` can continue a noun phrase read rightwards."""
        w, lw = self.words[k], self.lower[k]
        if w == ".":
            return len(self.words[k - 1]) == 1 and self.words[k - 1].isupper()  # "George W. Bush"
        if k in self.inside or (is_punct(w) and w not in ("-", "’s", "'s")):
            return False
        if lw in NP_INNER or w in ("’s", "'s"):
            return True
        return not (lw in names.FUNCTION_WORDS and not is_capitalised(w))

    def _speaker_left(self, cue: _Cue, a: int) -> tuple[int, int] | None:
        end = cue.i
        while end - 1 > a and self.lower[end - 1] in CUE_ADVERBS:
            end -= 1  # "Traders also said": an adverb between the subject and its cue
        if end - 3 >= a and self.words[end - 1] == ")" and self.words[end - 3] == "(" and self.words[end - 2].isupper():
            end -= 3  # "The National Bank of Romania (BNR) said": an acronym after the name
        if end - 2 > a and self.lower[end - 2] in ("on", "late", "early") and self.lower[end - 1] in WHEN_WORDS:
            end -= 2  # "Statistics Canada on Friday reported"
        np = self._np_left(end, a)
        if np:
            return np
        # "X, the ministry's spokesman, said": skip a comma-delimited appositive
        if cue.i - 1 >= a and self.words[cue.i - 1] == ",":
            for k in range(cue.i - 2, max(a, cue.i - 30) - 1, -1):
                if self.words[k] == "," and (cue.i - k <= 14 or self.lower[k + 1] in ("who", "which")):
                    return self._np_left(k, a) if k > a else None  # "X, who ... , said"
                if k in self.inside:
                    break
        return None

    def _content_after(self, k: int, b: int, cue_word: str, stop: int) -> tuple[int, int] | None:
        end = min(b, stop)
        if cue_word in ADDRESSEE_VERBS:
            np = self._np_right(k, end)
            if np:
                k = np[1]
        if k < end and self.lower[k] in CLAIM_NOUNS:
            k += 1
        # "said on Tuesday that ...": the adverbials before "that" describe the speaking
        for m in range(k, min(end, k + 7)):
            if self.lower[m] == "that":
                if all(self.lower[x] in SPEECH_ADVERBIALS or is_capitalised(self.words[x]) for x in range(k, m)):
                    k = m + 1
                break
            if is_punct(self.words[m]):
                break
        i, j = trim(self.dt, k, end)
        if all(self.lower[x] in SPEECH_ADVERBIALS or is_punct(self.words[x]) for x in range(i, j)):
            return None  # "said on Monday." has no content after the cue
        return (i, j) if j > i else None

    def _content_before(self, a: int, end: int) -> tuple[int, int] | None:
        i = a
        while i < end and (is_punct(self.words[i]) and self.words[i] not in OPENERS and self.words[i] not in STRAIGHT
                           or self.lower[i] in FRAMING):
            i += 1
        if i + 1 < end and self.lower[i] == "it" and self.lower[i + 1] in ("comes", "came") and self.lower[i + 2 if i + 2 < end else i] == "as":
            i += 3  # "It comes as ...": the narrator's frame
        i, j = trim(self.dt, i, end)
        return (i, j) if j - i >= 2 else None

    # -- main loop ---------------------------------------------------------------------

    def _headline_attribution(self) -> None:
        """"Talks to resume next week - minister.": the document's first line, the words after
        its last dash the SPEAKER, the words before it the content, no CUE (guidelines 5.1)."""
        if not self.dt.sentences:
            return
        a, b = self.dt.sentences[0]
        while b > a and is_punct(self.words[b - 1]):
            b -= 1
        dash = next((k for k in range(b - 2, a + 2, -1) if self.words[k] == "-" and self.dt.gap(k) and self.dt.gap(k + 1)), None)
        if dash is None or b - dash - 1 > 3 or any(k in self.inside for k in range(a, b)):
            return
        tail = self.words[dash + 1:b]
        if any(any(c.isdigit() for c in w) or w.lower() in nums.MONTHS for w in tail) or not (
                is_capitalised(tail[0]) or tail[-1].lower() in SOURCE_NOUNS):
            return
        if dash - a < 3:
            return
        self._record([(a, dash)], (dash + 1, b), None)

    def run(self) -> list[Span]:
        covered_quotes: set[int] = set()
        self._headline_attribution()
        for a, b in self.dt.sentences:
            for cue in self._attribute(a, b):
                # quotations inside this record's content belong to it
                for o, c in self.quoted:
                    if any(i <= o < j for i, j in cue.content):
                        covered_quotes.add(o)
                self._record(cue.content, cue.speaker, (cue.i, cue.j))
            self._direct_quotes(a, b, covered_quotes)
        return self.spans

    def _quoted_as_saying(self, a: int, b: int) -> list[tuple[int, int, int, int]]:
        """(speaker start, speaker end, cue start, cue end) of each "quoted X as saying" in [a, b):
        the person quoted is the speaker, "as saying" the cue (guidelines 5.2); and of each
        "X was quoted as saying", where the cue is the whole verb group."""
        out = []
        for k in range(a, b - 3):
            if self.lower[k] == "quoted" and k > a and self.lower[k - 1] in ("was", "were", "is", "has", "been") \
                    and self.lower[k + 1] == "as" and self.lower[k + 2] in ("saying", "telling"):
                i = k - 1 - (1 if k - 2 >= a and self.lower[k - 2] in ("has", "have", "had") else 0)
                spk = self._np_left(i, a)
                if spk:
                    out.append((spk[0], spk[1], i, k + 3))
                continue
            if self.lower[k] == "quoted":
                np = self._np_right(k + 1, b)
                if np and np[1] + 1 < b and self.lower[np[1]] == "as" and self.lower[np[1] + 1] == "saying":
                    out.append((np[0], np[1], np[1], np[1] + 2))
        return out

    def _attribute(self, a: int, b: int) -> list[_Cue]:
        """Records with a cue in sentence [a, b): speaker and content for each cue."""
        cues = [c for c in self._cues(a, b) if self.lower[c.j - 1] != "quoted"]
        done: list[_Cue] = []
        taken: set[int] = set()
        # first the frames whose content comes before them: "..., X said."
        for cue in reversed(cues):
            if cue.i in taken:
                continue
            if (self.lower[cue.i], self.lower[cue.i + 1] if cue.i + 1 < b else "") == ("according", "to"):
                spk = self._np_right(cue.j, b)
                if spk is None:
                    continue
                if cue.i > a and self.words[cue.i - 1] == ",":
                    content = self._content_before(a, cue.i - 1)
                else:
                    k = spk[1] + (1 if spk[1] < b and self.words[spk[1]] == "," else 0)
                    content = self._content_after(k, b, "", b)
                if content:
                    cue.speaker, cue.content = spk, [content]
                    done.append(cue)
                    taken.update(range(*content))
                continue
            spk = self._speaker_left(cue, a)
            before = spk and spk[0] > a and self.words[spk[0] - 1] == ","
            if spk is None and cue.i > a and self.words[cue.i - 1] == ",":
                spk = self._np_right(cue.j, b)  # "..., said the ministry."
                before = spk is not None
                comma = cue.i - 1
            else:
                comma = spk[0] - 1 if before else None
            if before and comma is not None:
                if any(self.words[x] in OPENERS.values() or self.words[x] in STRAIGHT for x in (comma - 1, comma + 1) if a <= x < b) \
                        or (comma > a and self.words[comma - 1] in OPENERS.values()):
                    continue  # a quotation's attribution: handled with the quotation
                content = self._content_before(a, comma)
                if content and not self._only_quote(content):
                    cue.speaker, cue.content = spk, [content]
                    done.append(cue)
                    taken.update(range(*content))
        # then the frames whose content follows: "X said (that) ..."
        for n, cue in enumerate(cues):
            if cue in done or cue.i in taken or self.lower[cue.i] == "according":
                continue
            spk = self._speaker_left(cue, a)
            if spk is None and cue.i > a and self.lower[cue.i - 1] == "and":
                prev = [c for c in done if c.j < cue.i and c.speaker]
                if prev:
                    spk = prev[-1].speaker  # "X denied ... and refuted ...": shared subject
                    prev[-1].content = [(i, min(j, cue.i - 1)) for i, j in prev[-1].content]
            if spk is None:
                continue
            if any(self.words[x] in OPENERS.values() or self.words[x] in STRAIGHT for x in range(max(a, spk[0] - 2), spk[0])):
                continue  # "“...,” X said": the attribution of a quotation
            stop = next((c.i - (1 if self.lower[c.i - 1] == "and" else 0) for c in cues[n + 1:]
                         if self._speaker_left(c, a) is None and self.lower[c.i - 1] == "and"), b)
            k = cue.j
            if k < b and self.words[k] in (",", ":") or k < b and (self.words[k] in OPENERS or self.words[k] in STRAIGHT):
                continue  # introduces a quotation: handled with it
            content = self._content_after(k, b, self.lower[cue.j - 1], stop)
            if content and not self._only_quote(content):
                cue.speaker, cue.content = spk, [content]
                done.append(cue)
                taken.update(range(*content))
        # "..., the agency quoted X as saying": the content before the comma is X's
        for s0, s1, c0, c1 in self._quoted_as_saying(a, b):
            if any(k in taken for k in range(c0, c1)):
                continue
            comma = next((k for k in range(s0 - 1, max(a, s0 - 10), -1) if self.words[k] == ","), None)
            if comma is None or any(k in taken for k in range(a, comma)) or any(self.words[x] in STRAIGHT or self.words[x] in OPENERS.values()
                                                                                for x in (comma - 1, comma + 1)):
                # "... quoted X as saying the strike would end": the content follows
                follows = c1 < b and not (self.words[c1] in (",", ":") or self.words[c1] in OPENERS or self.words[c1] in STRAIGHT)
                content = self._content_after(c1, b, self.lower[c1 - 1], b) if follows else None
                if content and not self._only_quote(content) and not any(k in taken for k in range(*content)):
                    cue = _Cue(c0, c1)
                    cue.speaker, cue.content = (s0, s1), [content]
                    done.append(cue)
                    taken.update(range(*content))
                continue
            content = self._content_before(a, comma)
            if content and not self._only_quote(content):
                cue = _Cue(c0, c1)
                cue.speaker, cue.content = (s0, s1), [content]
                done.append(cue)
                taken.update(range(*content))
        done.sort(key=lambda c: c.i)
        return done

    def _in_running_text(self, o: int) -> bool:
        """Whether the quotation opening at ``o`` stands inside a sentence, after a word
        (not at a line's start, nor after a colon or comma that introduces speech)."""
        return o > 0 and "\n" not in self.dt.gap(o) and (is_word(self.words[o - 1]) or self.words[o - 1] in ("(", "'s", "’s"))

    def _only_quote(self, content: tuple[int, int]) -> bool:
        i, j = content
        return all(k in self.inside or is_punct(self.words[k]) for k in range(i, j))

    def _direct_quotes(self, a: int, b: int, covered: set[int]) -> None:
        """Quotations opening in sentence [a, b) that no reported-speech record took."""
        for o, c in self.quoted:
            if not (a <= o < b) or o in covered:
                continue
            end = c if c is not None else self._paragraph_end(o)
            if trim(self.dt, o + 1, end)[1] <= trim(self.dt, o + 1, end)[0]:
                continue
            length = end - o - 1
            # the attribution: a cue just after the closing mark, or one before the opening
            after = (c + 1) if c is not None else end
            # the attribution stays in the sentence of the closing mark
            sb = self.dt.sentence_of(c)[1] if c is not None else end
            speaker = cue = None
            for s0, s1, c0, c1 in self._quoted_as_saying(after, sb):
                if s0 <= after + 8:
                    speaker, cue = (s0, s1), (c0, c1)
                    break
            for cand in ([] if speaker else self._cues(after, min(sb, after + 20))):
                if cand.i > after + 6:
                    # "“...,” Jane Doe, the party's adviser, told Reuters": a name and an appositive
                    spk = self._speaker_left(cand, after)
                    if spk and spk[0] == after:
                        speaker, cue = spk, (cand.i, cand.j)
                    break
                spk = self._np_left(cand.i, after) if cand.i > after else None
                spk = spk or self._np_right(cand.j, sb)
                if spk:
                    speaker, cue = spk, (cand.i, cand.j)
                    break
            if speaker is None:
                for s0, s1, c0, c1 in self._quoted_as_saying(a, o):
                    if c1 >= o - 2:
                        speaker, cue = (s0, s1), (c0, c1)  # "X was quoted as saying: “...”"
            if speaker is None:
                for cand in reversed(self._cues(a, o)):
                    if cand.j >= o - 2:
                        spk = self._speaker_left(cand, a)
                        if spk:
                            speaker, cue = spk, (cand.i, cand.j)
                        break
            if speaker is None and length <= SHORT_QUOTE and self.last_speaker is None:
                continue  # scare quotes: no source in sight
            if speaker is None and length <= 2 * SHORT_QUOTE and self._in_running_text(o):
                continue  # a title, nickname or term quoted inside a sentence: "dubbed the “Iron Lady”"
            self._record(self._lines(o + 1, end), speaker, cue, None if speaker else self.last_speaker)

