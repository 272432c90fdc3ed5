"""Quotations: content pieces (DIRECT, INDIRECT) grouped into records by ``quote`` id, with
their SPEAKER and CUE. Records are matched one-to-one by content overlap, then speaker, cue
and attribution are scored on the matches."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Callable, Mapping, Sequence

from ..matching import greedy_match, span_overlap
from ..prf import PRF
from .base import Cell, Column, Matching, Reference, Table, Task, TaskScores, ci_text, pct

if TYPE_CHECKING:
    from ..standoff import Span

QUOTE_CONTENT = ("DIRECT", "INDIRECT")


@dataclass
class Record:
    """One quotation: its content pieces, speaker, cue and source."""

    doc: str
    pieces: list
    speaker: "Span | None"
    cue: "Span | None"
    source: str

    @cached_property
    def chars(self) -> frozenset[int]:  # made once: matching compares every pair of records
        return frozenset(i for p in self.pieces for i in range(p.start, p.end))

    @property
    def start(self) -> int:
        return min(p.start for p in self.pieces)

    @property
    def key(self) -> frozenset:
        return frozenset((p.start, p.end, p.label) for p in self.pieces)


def records(spans: Sequence["Span"]) -> list[Record]:
    """Group content pieces by (document, ``quote`` id); a piece without one is its own record."""
    by_id = {(s.doc, s.id): s for s in spans if s.id}
    groups: dict[tuple[str, str], list] = defaultdict(list)
    for n, s in enumerate(spans):
        if s.label in QUOTE_CONTENT:
            rid = s.attrs.get("quote")
            groups[(s.doc, rid if isinstance(rid, str) and rid else f"#piece{n}")].append(s)
    out = []
    for (doc, _), pieces in groups.items():
        pieces.sort(key=lambda s: s.start)

        def link(name: str):
            return next((by_id[(doc, p.attrs[name])] for p in pieces
                         if isinstance(p.attrs.get(name), str) and (doc, p.attrs[name]) in by_id), None)

        speaker = link("speaker")
        source = next((p.attrs["source"] for p in pieces if isinstance(p.attrs.get("source"), str)), None)
        if source is None and speaker is not None:
            source = speaker.attrs.get("source") or speaker.text
        out.append(Record(doc, pieces, speaker, link("cue"), source or ""))
    return sorted(out, key=lambda r: (r.doc, r.start))


def same_span(a, b) -> bool:
    return a is not None and b is not None and (a.start, a.end) == (b.start, b.end)


def norm(text: str) -> str:
    return " ".join(text.casefold().split())


def attribution(g: Record, p: Record, gold_speakers: Sequence["Span"]) -> tuple[bool, bool]:
    """Is a matched record attributed right: strictly (the same speaker mention) and
    leniently (the same source: by name, or by pointing at another mention of it)?"""
    strict = same_span(g.speaker, p.speaker)
    same_source = bool(p.source) and norm(p.source) == norm(g.source)
    mentions_source = p.speaker is not None and any(
        s.doc == p.doc and span_overlap(s, p.speaker) and norm(s.attrs.get("source", "")) == norm(g.source) for s in gold_speakers
    )
    return strict, strict or same_source or mentions_source


@dataclass
class QuoteScores(TaskScores):
    """Quote scores with the record pairing they came from."""

    gold_records: list[Record]
    pred_records: list[Record]
    pairs: list[tuple[int, int]]
    attributions: dict[int, tuple[bool, bool]]  # gold record index -> (strict, lenient), gold records with a speaker
    mentions: dict[str, dict[str, int]]  # SPEAKER / CUE: gold, pred, exact, overlap

    section = "quotes"
    headline = ("records", "f1")

    def matching(self) -> Matching:
        return Matching(self.gold_records, self.pred_records, self.pairs)

    def figures(self) -> dict:
        exact = sum(1 for i, j in self.pairs if self.gold_records[i].key == self.pred_records[j].key)
        out = {"records": {"gold": len(self.gold_records), "pred": len(self.pred_records), "matched": len(self.pairs), "exact": exact}}
        for name, c in self.mentions.items():
            out[name] = {**c, "exact_f1": PRF.matched(c["exact"], c["gold"], c["pred"]).f1,
                         "overlap_f1": PRF.matched(c["overlap"], c["gold"], c["pred"]).f1}
        n = len(self.attributions)
        strict = sum(a for a, _ in self.attributions.values())
        lenient = sum(b for _, b in self.attributions.values())
        out["attribution"] = {"matched_with_speaker": n, "strict": strict, "lenient": lenient,
                              "strict_accuracy": strict / n if n else 0.0, "lenient_accuracy": lenient / n if n else 0.0}
        return out

    def detail(self, doc: str) -> list[Table]:
        rows, classes = [], []
        counters = {"g": 0, "p": 0}
        index = {id(r): i for i, r in enumerate(self.gold_records)}
        for g, p in self.matching().rows():
            if (g or p).doc != doc:
                continue
            cells: list = []
            for side, rec in (("g", g), ("p", p)):
                col = "gcol" if side == "g" else "pcol"
                if rec is None:
                    cells += [Cell("—", cls=f"l {col}"), Cell("—", cls=f"l {col}")]
                    continue
                counters[side] += 1
                speaker = f"“{_short(rec.speaker.text, 40)}”" if rec.speaker is not None else "none"
                cells += [Cell(f"{side}{counters[side]} {_short(' … '.join(x.text for x in rec.pieces), 110)}", cls=f"l {col}"),
                          Cell(f"{speaker}; source: {rec.source or '—'}", cls=f"l {col}")]
            status = "matched" if g is not None and p is not None else ("missed" if p is None else "spurious")
            att = self.attributions.get(index.get(id(g), -1)) if status == "matched" else None
            cells += [Cell(status, cls="l"), _check(g.key == p.key if status == "matched" else None),
                      _check(att[0] if att else None), _check(att[1] if att else None)]
            rows.append(cells)
            classes.append(f"qrow-{status}")
        if not rows:
            return []
        return [Table(["gold quote", "gold speaker", "predicted quote", "predicted speaker", "pair", "exact pieces",
                       "speaker (strict)", "source (lenient)"], rows,
                      "Quotations and their speakers, paired as the scorer pairs them", "quote-table", classes)]

    def references(self, doc: str) -> list[Reference]:
        out = []
        for side, recs in (("g", self.gold_records), ("p", self.pred_records)):
            who = "gold" if side == "g" else "predicted"
            for rec in recs:
                if rec.doc != doc:
                    continue
                if rec.speaker is not None:
                    title = f"{who} quote: speaker “{rec.speaker.text}”, source “{rec.source}”"
                else:
                    title = f"{who} quote: no speaker" + (f", source “{rec.source}”" if rec.source else "")
                out.append(Reference(side, rec.pieces, rec.speaker, title, f"{who} speaker, source “{rec.source}”"))
        return out


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _check(ok: bool | None) -> Cell:
    if ok is None:
        return Cell("—", cls="na")
    return Cell("✓", cls="ok") if ok else Cell("✗", cls="bad")


def score_quotes(gold: Sequence["Span"], pred: Sequence["Span"]) -> QuoteScores:
    """Record, speaker and cue scores, and attribution on matched records whose gold has a speaker."""
    g_rec, p_rec = records(gold), records(pred)
    pairs = greedy_match(g_rec, p_rec, lambda a, b: len(a.chars & b.chars))
    mentions = {}
    for label in ("SPEAKER", "CUE"):
        gs = [s for s in gold if s.label == label]
        ps = [s for s in pred if s.label == label]
        exact = len({(s.doc, s.start, s.end) for s in gs} & {(s.doc, s.start, s.end) for s in ps})
        mentions[label.lower()] = {"gold": len(gs), "pred": len(ps), "exact": exact, "overlap": len(greedy_match(gs, ps))}
    gold_speakers = [s for s in gold if s.label == "SPEAKER"]
    attributions = {i: attribution(g_rec[i], p_rec[j], gold_speakers) for i, j in pairs if g_rec[i].speaker is not None}
    return QuoteScores(g_rec, p_rec, pairs, attributions, mentions)


class QuotesTask(Task):
    def __init__(self) -> None:
        super().__init__(
            "quotes", ("DIRECT", "INDIRECT", "SPEAKER", "CUE"),
            description="quotations, their speakers and reporting cues", title="Quotations and their speakers",
            links={"speaker": ("SPEAKER", QUOTE_CONTENT), "cue": ("CUE", QUOTE_CONTENT)},
            required={"DIRECT": ("quote", "speaker", "cue", "source"), "INDIRECT": ("quote", "speaker", "cue", "source")},
            group_by="quote",
            required_figures=("quotes.records.f1", "quotes.speaker.exact_f1", "quotes.cue.exact_f1",
                              "quotes.attribution.strict_accuracy", "quotes.attribution.lenient_accuracy"),
        )

    def check_attributes(self, label: str, attrs: Mapping, bad: Callable[[str, str], None], gold: bool) -> None:
        super().check_attributes(label, attrs, bad, gold)
        if gold and label in QUOTE_CONTENT:
            for name in ("quote", "source"):
                if name in attrs and not (isinstance(attrs[name], str) and attrs[name]):
                    bad(name, "must be a non-empty string")
        elif gold and label == "SPEAKER":
            if not (isinstance(attrs.get("source"), str) and attrs["source"]):
                bad("source", "a SPEAKER needs its canonical source name")
        else:
            for name in ("source", "quote"):
                if attrs.get(name) is not None and not isinstance(attrs[name], str):
                    from ..errors import short_json

                    bad(name, f"must be a string or null, got {short_json(attrs[name])}")

    def score(self, gold, pred) -> QuoteScores:
        return score_quotes(gold, pred)

    def columns(self, view: str) -> list[Column]:
        return [Column("F1 strict [95% CI]", lambda s: ci_text(s["headline"])),
                Column("F1 default", lambda s: pct(s["seqeval"]["default"]["micro avg"]["f1"])),
                Column("record F1 [95% CI]", lambda s: ci_text(s["quotes"]["records"]["f1"])),
                Column("speaker F1", lambda s: pct(s["quotes"]["speaker"]["exact_f1"])),
                Column("cue F1", lambda s: pct(s["quotes"]["cue"]["exact_f1"])),
                Column("attribution strict / lenient", lambda s: f"{pct(s['quotes']['attribution']['strict_accuracy'])} / "
                                                                 f"{pct(s['quotes']['attribution']['lenient_accuracy'])}")]

    def summary(self, scores: Mapping) -> list[Table]:
        q = scores["quotes"]
        r, a = q["records"], q["attribution"]
        k = lambda path, value, text=None: Cell(pct(value) if text is None and isinstance(value, float) else  # noqa: E731
                                               (text if text is not None else value), key=f"quotes.{path}")
        rows = [["quote records", k("records.gold", r["gold"]), k("records.pred", r["pred"]), k("records.matched", r["matched"]),
                 k("records.exact", r["exact"]), k("records.f1.f1", r["f1"]["f1"]), Cell(ci_text(r["f1"]).split(" ", 1)[1])]]
        for name in ("speaker", "cue"):
            c = q[name]
            rows.append([f"{name} spans", k(f"{name}.gold", c["gold"]), k(f"{name}.pred", c["pred"]), k(f"{name}.overlap", c["overlap"]),
                         k(f"{name}.exact", c["exact"]), k(f"{name}.exact_f1", c["exact_f1"]), ""])
        records = Table(["", "gold", "pred", "matched", "exact", "F1", "95% CI"], rows,
                        "Quotes: records (matched by overlap) and spans (F1 exact)", "quotes-summary")
        attribution = Table(["attribution", "matched with a gold speaker", "right", "accuracy"], [
            ["strict (same speaker span)", k("attribution.matched_with_speaker", a["matched_with_speaker"]),
             k("attribution.strict", a["strict"]), k("attribution.strict_accuracy", a["strict_accuracy"])],
            ["lenient (same source)", k("attribution.matched_with_speaker", a["matched_with_speaker"]),
             k("attribution.lenient", a["lenient"]), k("attribution.lenient_accuracy", a["lenient_accuracy"])],
        ], "Attribution on matched quotes", "attribution")
        return [records, attribution]

    def agreement(self, a, b) -> list[str]:
        ra, rb = records(a), records(b)
        if not ra and not rb:
            return []
        pairs = greedy_match(ra, rb, lambda x, y: len(x.chars & y.chars))
        m = len(pairs) or 1
        same = lambda f: sum(f(ra[i], rb[j]) for i, j in pairs) / m  # noqa: E731
        both_none = lambda x, y: x is None and y is None  # noqa: E731
        return ["", "Record-level agreement: records matched one-to-one by content overlap, as the scorer matches",
                "predictions; on matched records, the share with the same content pieces, speaker mention, cue",
                "and canonical source.", "",
                "| records A | records B | matched | record F1 | same content | same speaker | same cue | same source |",
                "|---:|---:|---:|---:|---:|---:|---:|---:|",
                f"| {len(ra)} | {len(rb)} | {len(pairs)} | {PRF.matched(len(pairs), len(ra), len(rb)).f1:.3f} | "
                f"{same(lambda x, y: x.key == y.key):.3f} | "
                f"{same(lambda x, y: same_span(x.speaker, y.speaker) or both_none(x.speaker, y.speaker)):.3f} | "
                f"{same(lambda x, y: same_span(x.cue, y.cue) or both_none(x.cue, y.cue)):.3f} | "
                f"{same(lambda x, y: norm(x.source) == norm(y.source)):.3f} |"]
