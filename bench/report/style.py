"""How the report looks: outcome names and colours, the stylesheet, and text formatting."""
from __future__ import annotations

import html
import math
from typing import Any

KINDS = ("correct", "wrong_type", "wrong_boundary", "wrong_both", "spurious", "missed")
KIND_TEXT = {
    "correct": "correct",
    "wrong_type": "wrong type",
    "wrong_boundary": "wrong boundary",
    "wrong_both": "wrong type and boundary",
    "spurious": "spurious",
    "missed": "missed",
}
KIND_HELP = {
    "correct": "predicted span with the gold boundaries and type",
    "wrong_type": "gold boundaries, other type",
    "wrong_boundary": "overlaps a gold span of its type, other boundaries",
    "wrong_both": "overlaps a gold span of another type, other boundaries",
    "spurious": "predicted span overlapping no gold span",
    "missed": "gold span no prediction matched",
}
# background, border (outcomes); missed is blue, spurious red, as FN/FP usually are
COLOURS = {
    "correct": ("#c8e6c9", "#2e7d32"),
    "wrong_type": ("#ffe0b2", "#e65100"),
    "wrong_boundary": ("#fff59d", "#b8860b"),
    "wrong_both": ("#e1bee7", "#7b1fa2"),
    "spurious": ("#ffcdd2", "#c62828"),
    "missed": ("#bbdefb", "#1565c0"),
}
SCHEME_TEXT = {
    "strict": "strict: exact boundaries and type",
    "exact": "exact: exact boundaries, any type",
    "partial": "partial: overlap, any type (PAR counts one half)",
    "ent_type": "type: overlap and the right type",
}


def pct(x: float) -> str:
    """A score as the leaderboard prints it: percent, one decimal."""
    return f"{100 * x:.1f}"


def ci_text(h: dict) -> str:
    """``88.4 [82.4, 93.6]``: F1 and its 95% CI, as the leaderboard prints them."""
    return f"{pct(h['f1'])} [{pct(h['ci'][0])}, {pct(h['ci'][1])}]"


def fmt_p(p: float) -> str:
    return f"{p:.4f}"


def fmt_number(x: Any) -> str:
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return "—" if x is None else str(x)
    if not math.isfinite(x):
        return str(x)
    return format(x, ",.10g")


def short(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def e(x: Any) -> str:
    return html.escape(str(x), quote=True)


def css() -> str:
    rules = []
    for kind, (bg, border) in COLOURS.items():
        if kind == "missed":
            continue
        rules.append(f".pred.{kind}, .lg-{kind} {{ background: {bg}; border-color: {border}; }}")
        rules.append(f".pred.{kind}::after {{ color: {border}; }}")
    bg, border = COLOURS["missed"]
    rules.append(f".gold.missed, .lg-missed {{ background: {bg}; outline: 1.5px dashed {border}; outline-offset: -1px; }}")
    rules.append(f".pred .gold.missed {{ background: transparent; outline: none; border-bottom: 2.5px dashed {border}; }}")
    rules.append(f".gold.missed.tagged::after {{ color: {border}; }}")
    for kind, (bg, border) in COLOURS.items():
        rules.append(f"td.k-{kind} {{ border-left: 5px solid {border}; }}")
    return BASE_CSS + "\n".join(rules)


BASE_CSS = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1a1a1a;
       margin: 0 auto; max-width: 1220px; padding: 16px 24px 60px; background: #fff; }
h1 { font-size: 1.6em; margin: 0.2em 0; } h2 { font-size: 1.35em; margin-top: 1.6em; border-bottom: 2px solid #333; }
h3 { font-size: 1.12em; margin: 1.3em 0 0.4em; padding: 4px 8px; background: #eceff1; border-radius: 4px; }
h4 { font-size: 1em; margin: 1em 0 0.3em; }
.meta, .note { color: #555; font-size: 0.92em; } .warn { background: #fff3e0; border-left: 4px solid #e65100; padding: 4px 10px; }
nav ul { columns: 2; margin: 0.3em 0; }
table { border-collapse: collapse; margin: 0.4em 0 0.8em; font-size: 0.92em; }
th, td { border: 1px solid #cfd8dc; padding: 2px 7px; text-align: right; vertical-align: top; }
th { background: #f5f5f5; font-weight: 600; } th.l, td.l { text-align: left; }
caption { caption-side: top; text-align: left; font-weight: 600; padding-bottom: 2px; }
.row { display: flex; flex-wrap: wrap; gap: 0 28px; align-items: flex-start; }
td.sig { font-weight: 700; background: #e8f5e9; } td.ns { color: #666; } td.diag { background: #fafafa; }
td.cm0 { color: #bbb; } td.diag-cell { font-weight: 700; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 18px; padding: 8px 10px; background: #fafafa; border: 1px solid #e0e0e0;
          border-radius: 6px; font-size: 0.92em; position: sticky; top: 0; z-index: 2; }
.legend span.lg { display: inline-block; padding: 0 6px; border: 1.5px solid; border-radius: 3px; margin-right: 4px; }
.legend .lg-missed { border: none; }
.legend .lg-gold { border: none; border-bottom: 2px solid #37474f; border-radius: 0; }
.plot img { max-width: 100%; height: auto; border: 1px solid #eee; }
.doctext { white-space: pre-wrap; line-height: 2.05; font-size: 14.5px; padding: 8px 12px; border: 1px solid #e0e0e0;
           border-radius: 4px; background: #fff; max-width: 1150px; }
mark.pred { color: inherit; border: 1.5px solid; border-radius: 3px; padding: 1px 1px; box-decoration-break: clone;
            -webkit-box-decoration-break: clone; }
.pred::after, .gold.tagged::after { content: attr(data-tag); font-size: 0.62em; font-weight: 700; letter-spacing: 0.02em;
            margin-left: 3px; vertical-align: 1px; font-family: "DejaVu Sans Mono", monospace; }
.gold { border-bottom: 2px solid #37474f; box-decoration-break: clone; -webkit-box-decoration-break: clone; }
.gold.missed { border-bottom: none; border-radius: 2px; padding: 1px 1px; }
sup.qref, sup.qspk { font-size: 0.68em; font-weight: 700; margin-left: 1px; }
sup.qref a, sup.qspk a { text-decoration: none; padding: 0 2px; border-radius: 2px; }
sup .g { color: #fff; background: #37474f; } sup .p { color: #fff; background: #ad1457; }
sup .p.nospk, sup .g.nospk { opacity: 0.55; }
td.ok { color: #2e7d32; } td.bad { color: #c62828; font-weight: 700; } td.na { color: #999; }
tr.qrow-missed td.gcol, tr.vrow-missed td.gcol { background: #e3f2fd; }
tr.qrow-spurious td.pcol, tr.vrow-spurious td.pcol { background: #ffebee; }
details > summary { cursor: pointer; font-weight: 600; margin: 0.6em 0 0.2em; }
.small { font-size: 0.85em; } code { font-size: 0.95em; }
table.quote-table th, table.value-table th { text-align: left; }
"""
