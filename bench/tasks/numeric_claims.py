"""Numeric claims: VALUE spans with ``number`` and ``modifier``, linked to a UNIT and a THING.
VALUEs are matched one-to-one by overlap first; then number, modifier, unit and thing are
checked on each matched pair, once, here (the report shows these same checks)."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Mapping, Sequence

from ..matching import greedy_match
from ..prf import PRF
from .base import Cell, Column, Matching, Table, Task, TaskScores, ci_text, pct

if TYPE_CHECKING:
    from ..standoff import Span

MODIFIERS = ("exact", "approx", "min", "max")
# A predicted number is right when within this relative tolerance of the gold number.
NUMBER_RTOL = 1e-3
CHECKS = ("boundaries", "number", "modifier", "unit", "thing")


def finite_number(value) -> bool:
    """A JSON number a float can hold (not a bool, NaN, infinity or a 400-digit integer)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return math.isfinite(float(value))
    except OverflowError:
        return False


def same_number(pred, gold) -> bool:
    return finite_number(pred) and finite_number(gold) and math.isclose(pred, gold, rel_tol=NUMBER_RTOL, abs_tol=0.0 if gold else 1e-9)


def linked(span: "Span", name: str, index: Mapping) -> "Span | None":
    """The span a link attribute points to, from an index {(doc, id): span}."""
    return index.get((span.doc, span.attrs.get(name)))


@dataclass
class NumericScores(TaskScores):
    """Numeric-claims scores with the VALUE pairing they came from."""

    gold_values: list
    pred_values: list
    pairs: list[tuple[int, int]]
    checks: list[dict[str, bool]]  # per pair, in the order of ``pairs``
    always_exact: int = 0  # matched gold values whose modifier is "exact": the always-exact reference
    gold_spans: list = field(default_factory=list)  # every span of the task, for the links
    pred_spans: list = field(default_factory=list)

    section = "numeric"
    headline = ("values", "f1")

    def matching(self) -> Matching:
        return Matching(self.gold_values, self.pred_values, self.pairs)

    def figures(self) -> dict:
        n = len(self.pairs)
        correct = {k: sum(c[k] for c in self.checks) for k in CHECKS if k != "boundaries"}
        correct["always_exact_modifier"] = self.always_exact
        return {
            "values": {"gold": len(self.gold_values), "pred": len(self.pred_values), "matched": n,
                       "exact": sum(c["boundaries"] for c in self.checks)},
            "accuracy": {k: (v / n if n else 0.0) for k, v in correct.items()},
            "correct": correct,
            "number_rtol": NUMBER_RTOL,
        }

    def _checks_by_pred(self) -> dict[int, tuple["Span", dict[str, bool]]]:
        return {id(self.pred_values[j]): (self.gold_values[i], c) for (i, j), c in zip(self.pairs, self.checks)}

    def pair_note(self, pred) -> str:
        hit = self._checks_by_pred().get(id(pred))
        if hit is None or (hit[1]["number"] and hit[1]["modifier"]):
            return ""
        return f"≠{value_text(hit[0])}"

    def detail(self, doc: str) -> list[Table]:
        checks = {(id(self.gold_values[i]), id(self.pred_values[j])): c for (i, j), c in zip(self.pairs, self.checks)}
        g_index = {(s.doc, s.id): s for s in self.gold_spans if s.id}
        p_index = {(s.doc, s.id): s for s in self.pred_spans if s.id}
        rows, classes = [], []
        for g, p in self.matching().rows():
            if (g or p).doc != doc:
                continue
            cells: list = []
            for side, v, index in (("g", g, g_index), ("p", p, p_index)):
                col = "gcol" if side == "g" else "pcol"
                if v is None:
                    cells += [Cell("—", cls=f"l {col}")] * 4
                    continue
                unit, thing = linked(v, "unit", index), linked(v, "thing", index)
                modifier = v.attrs.get("modifier", "exact")
                cells += [Cell(f"“{v.text}”", cls=f"l {col}"),
                          Cell(f"{value_text(v)} {modifier}", cls=f"{col} val",
                               attrs={"data-side": side, "data-number": repr(v.attrs.get("number")), "data-modifier": str(modifier)}),
                          Cell(unit.text if unit else "—", cls=f"l {col}"), Cell(thing.text if thing else "—", cls=f"l {col}")]
            status = "matched" if g is not None and p is not None else ("missed" if p is None else "spurious")
            c = checks.get((id(g), id(p))) if status == "matched" else None
            cells += [Cell(status, cls="l")] + [_check(c[k] if c else None) for k in CHECKS]
            rows.append(cells)
            classes.append(f"vrow-{status}")
        if not rows:
            return []
        return [Table(["gold value", "normalised", "unit", "thing", "predicted value", "normalised", "unit", "thing", "pair", *CHECKS],
                      rows, "Numeric claims: gold against predicted, VALUE spans paired as the scorer pairs them", "value-table", classes)]


def _check(ok: bool | None) -> Cell:
    if ok is None:
        return Cell("—", cls="na")
    return Cell("✓", cls="ok") if ok else Cell("✗", cls="bad")


MODIFIER_SIGN = {"exact": "=", "approx": "≈", "min": "≥", "max": "≤"}


def value_text(s: "Span | None") -> str:
    """``≈1,200`` for a VALUE: modifier sign and normalised number."""
    if s is None:
        return "—"
    mod = s.attrs.get("modifier", "exact")
    number = s.attrs.get("number")
    shown = format(number, ",.10g") if finite_number(number) else "—" if number is None else str(number)
    return f"{MODIFIER_SIGN.get(mod, str(mod) + ' ')}{shown}"


def score_numeric(gold: Sequence["Span"], pred: Sequence["Span"]) -> NumericScores:
    gv = [s for s in gold if s.label == "VALUE"]
    pv = [s for s in pred if s.label == "VALUE"]
    pairs = greedy_match(gv, pv)
    g_index = {(s.doc, s.id): s for s in gold if s.id}
    p_index = {(s.doc, s.id): s for s in pred if s.id}

    def offsets(s):
        return (s.start, s.end) if s is not None else None

    checks = []
    for i, j in pairs:
        g, p = gv[i], pv[j]
        checks.append({
            "boundaries": (g.start, g.end) == (p.start, p.end),
            "number": same_number(p.attrs.get("number"), g.attrs.get("number")),
            "modifier": p.attrs.get("modifier", "exact") == g.attrs.get("modifier"),
            "unit": offsets(linked(g, "unit", g_index)) == offsets(linked(p, "unit", p_index)),
            "thing": offsets(linked(g, "thing", g_index)) == offsets(linked(p, "thing", p_index)),
        })
    always_exact = sum(gv[i].attrs.get("modifier") == "exact" for i, _ in pairs)
    return NumericScores(gv, pv, pairs, checks, always_exact, list(gold), list(pred))


class NumericClaimsTask(Task):
    def __init__(self) -> None:
        super().__init__(
            "numeric_claims", ("VALUE", "UNIT", "THING"),
            description="numeric values with modifier, unit and what is counted", title="Numeric claims",
            links={"unit": ("UNIT", ("VALUE",)), "thing": ("THING", ("VALUE",))},
            required={"VALUE": ("number", "modifier", "unit", "thing")},
            required_figures=("numeric.values.f1", "numeric.accuracy.number", "numeric.accuracy.modifier",
                              "numeric.accuracy.always_exact_modifier", "numeric.accuracy.unit", "numeric.accuracy.thing"),
        )

    def check_attributes(self, label: str, attrs: Mapping, bad: Callable[[str, str], None], gold: bool) -> None:
        from ..errors import short_json

        super().check_attributes(label, attrs, bad, gold)
        if label != "VALUE":
            return
        number = attrs.get("number")
        if number is not None and not finite_number(number):
            bad("number", f"must be a finite number a float can hold, got {short_json(number)}")
        modifier = attrs.get("modifier")
        if modifier is not None and modifier not in MODIFIERS:
            bad("modifier", f"must be one of {', '.join(MODIFIERS)}, got {short_json(modifier)}")

    def score(self, gold, pred) -> NumericScores:
        return score_numeric(gold, pred)

    def columns(self, view: str) -> list[Column]:
        acc = lambda s, k: pct(s["numeric"]["accuracy"][k])  # noqa: E731
        return [Column("F1 strict [95% CI]", lambda s: ci_text(s["headline"])),
                Column("F1 default", lambda s: pct(s["seqeval"]["default"]["micro avg"]["f1"])),
                Column("VALUE F1 [95% CI]", lambda s: ci_text(s["numeric"]["values"]["f1"])),
                Column("number acc", lambda s: acc(s, "number")),
                Column("modifier acc (always-exact)", lambda s: f"{acc(s, 'modifier')} ({acc(s, 'always_exact_modifier')})"),
                Column("unit acc", lambda s: acc(s, "unit")),
                Column("thing acc", lambda s: acc(s, "thing"))]

    def summary(self, scores: Mapping) -> list[Table]:
        n = scores["numeric"]
        v, acc, ok = n["values"], n["accuracy"], n["correct"]
        k = lambda path, value: Cell(pct(value) if isinstance(value, float) else value, key=f"numeric.{path}")  # noqa: E731
        values = Table(["VALUE spans", "gold", "pred", "matched", "exact", "F1", "95% CI"],
                       [["values", k("values.gold", v["gold"]), k("values.pred", v["pred"]), k("values.matched", v["matched"]),
                         k("values.exact", v["exact"]), k("values.f1.f1", v["f1"]["f1"]), Cell(ci_text(v["f1"]).split(" ", 1)[1])]],
                       "Numeric claims: VALUE spans (matched by overlap)", "numeric-summary")
        attrs = Table(["on matched values", "right", "accuracy"],
                      [[name.replace("_", " "), k(f"correct.{name}", ok[name]), k(f"accuracy.{name}", acc[name])]
                       for name in ("number", "modifier", "unit", "thing", "always_exact_modifier")],
                      f"Attributes (number within relative {n['number_rtol']:g})", "numeric-attrs")
        return [values, attrs]

    def span_note(self, span) -> str:
        return value_text(span) if span.label == "VALUE" else ""

    def agreement(self, a, b) -> list[str]:
        m = score_numeric(a, b)
        if not m.gold_values and not m.pred_values:
            return []
        n = len(m.pairs) or 1
        share = lambda k: sum(c[k] for c in m.checks) / n  # noqa: E731
        full = sum(c["boundaries"] and c["number"] and c["modifier"] for c in m.checks) / n
        f1 = PRF.matched(len(m.pairs), len(m.gold_values), len(m.pred_values)).f1
        return ["", "VALUE agreement: values matched one-to-one by overlap; on matched values, the share with the",
                "same span, number, modifier, unit and thing, and with span, number and modifier all the same.", "",
                "| VALUE A | VALUE B | matched | VALUE F1 | same span | same number | same modifier | same unit | same thing | span+number+modifier |",
                "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
                f"| {len(m.gold_values)} | {len(m.pred_values)} | {len(m.pairs)} | {f1:.3f} | {share('boundaries'):.3f} | "
                f"{share('number'):.3f} | {share('modifier'):.3f} | {share('unit'):.3f} | {share('thing'):.3f} | {full:.3f} |"]
