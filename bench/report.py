"""``bench report``: an error-analysis page (or Markdown tables) from stored results.

For each task (corpus and label view) the page shows the leaderboard as a plot of F1 with
its 95% bootstrap interval, the matrix of paired-bootstrap p-values between the systems,
and for each system its outcome counts, the SemEval-2013 error breakdown, a confusion
matrix over labels (with ``missed`` and ``spurious``) and every document with the gold and
predicted spans coloured by outcome. Quotes show which speaker each quotation is given to;
numeric claims show the normalised value and modifier, gold against predicted.

The page is one self-contained HTML file: inline CSS, the plots embedded as data URIs,
no script, no font, nothing fetched. The plots are also written next to it as PNG and SVG.
Predictions are re-read from the file each result names in ``provenance.predictions`` and
matched against the gold with the scorer's own functions; where that no longer reproduces
the stored outcome counts the page says so. Never imports torch or transformers;
matplotlib is imported only when plots are drawn.
"""
from __future__ import annotations

import argparse
import base64
import html
import io
import json
import math
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from .corpus import relabel
from .numeric_scoring import NUMBER_RTOL, linked, score_numeric
from .quote_scoring import Record, attribution, score_quotes
from .result_check import BadResult, check_current, check_result
from .results import BENCH_CORPUS, slug, write_text_atomic
from .semeval import OUTCOMES, SCHEMES, Outcome, match_spans
from .standoff import Span
from .tasks import TASKS

if TYPE_CHECKING:
    from .bootstrap import PairedTest

DEFAULT_OUTPUT = "report"
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
MODIFIER_SIGN = {"exact": "=", "approx": "≈", "min": "≥", "max": "≤"}
SCHEME_TEXT = {
    "strict": "strict: exact boundaries and type",
    "exact": "exact: exact boundaries, any type",
    "partial": "partial: overlap, any type (PAR counts one half)",
    "ent_type": "type: overlap and the right type",
}


class ReportError(Exception):
    """Bad input for the report: one line for the user."""


# -- loading -------------------------------------------------------------------------------

def _is_result(obj: Any) -> bool:
    return isinstance(obj, dict) and all(k in obj for k in ("system", "task", "corpus", "scores")) and isinstance(obj["scores"], dict)


def collect_results(paths: Sequence[str | Path], tasks: Sequence[str] | None = None) -> list[tuple[Path, dict]]:
    """Result files named, and those under the folders named; ``tasks`` keeps only those tasks."""
    out: list[tuple[Path, dict]] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files, explicit = sorted(path.glob("**/*.json")), False
        elif path.is_file():
            files, explicit = [path], True
        else:
            raise ReportError(f"{path}: no such result file or folder")
        for f in files:
            if f.resolve() in seen:
                continue
            seen.add(f.resolve())
            try:
                obj = check_result(f)
            except BadResult as exc:
                raise ReportError(str(exc)) from None
            if tasks and obj["task"] not in tasks:
                continue
            out.append((f, obj))
    return out


class GoldSources:
    """The gold corpus of each corpus name, loaded once: the benchmark's, another annotated
    folder (``--annotations``) or an external CoNLL file (``--gold``)."""

    def __init__(self, annotations: str | None = None, gold: str | None = None, gold_name: str | None = None, conll: str | None = None):
        self.annotations = Path(annotations) if annotations else None
        self.conll = Path(conll) if conll else None
        self.gold = Path(gold) if gold else None
        self.gold_name = gold_name
        self.cache: dict[str, tuple[Any, str]] = {}

    def _load(self, name: str):
        from .corpus import ANNOTATIONS, load_corpus
        from .standoff import InputError

        try:
            if self.annotations is not None and self.annotations.resolve().name == name:
                return load_corpus(self.annotations), ""
            from .corpora import LAYERS, load_named

            if name == BENCH_CORPUS or name in LAYERS:
                return load_named(name, self.conll), ""
            if self.gold is not None:
                from .conll import conll_corpus

                parent = self.gold.resolve().parent.name
                default = f"{parent}-{self.gold.stem}" if parent else self.gold.stem
                if (self.gold_name or default) == name:
                    return conll_corpus(self.gold)[0], ""
        except (InputError, OSError, ValueError) as exc:  # ConllUnavailable, UnknownCorpus: told, not raised
            return None, f"the gold of corpus {name} could not be read: {exc}"
        return None, (f"the gold of corpus {name} is not loaded: pass --annotations DIR (a folder named {name}) "
                      f"or --gold PATH --gold-name {name} for the documents and the error analysis")

    def get(self, name: str):
        if name not in self.cache:
            self.cache[name] = self._load(name)
        return self.cache[name]


def find_predictions(recorded: str, result_file: Path) -> Path | None:
    """The predictions file a result names: as recorded (absolute, or relative to the working
    folder of the run), tried against the current folder and each folder above the result."""
    p = Path(recorded)
    if p.is_absolute():
        return p if p.is_file() else None
    for base in [Path.cwd(), *result_file.resolve().parents]:
        if (base / p).is_file():
            return base / p
    return None


# -- analysis ------------------------------------------------------------------------------

@dataclass
class QuoteRow:
    gold: Record | None
    pred: Record | None
    exact: bool = False
    strict: bool | None = None  # speaker right; None where the gold quote has no speaker
    lenient: bool | None = None


@dataclass
class ValueRow:
    gold: Span | None
    pred: Span | None
    checks: dict[str, bool] = field(default_factory=dict)


@dataclass
class Analysis:
    gold: list[Span]
    pred: list[Span]
    outcomes: list[Outcome]
    warnings: list[str] = field(default_factory=list)
    quote_rows: list[QuoteRow] = field(default_factory=list)
    value_rows: list[ValueRow] = field(default_factory=list)


def _quote_rows(gold: list[Span], pred: list[Span]) -> list[QuoteRow]:
    """Quote records paired as the scorer pairs them, with attribution per pair."""
    q = score_quotes(gold, pred)
    g_rec, p_rec, pairs = q["_pairs"]
    gold_speakers = [s for s in gold if s.label == "SPEAKER"]
    by_gold = dict(pairs)
    used = set(by_gold.values())
    rows = []
    for i, g in enumerate(g_rec):
        j = by_gold.get(i)
        if j is None:
            rows.append(QuoteRow(g, None))
            continue
        p = p_rec[j]
        row = QuoteRow(g, p, exact=g.key == p.key)
        if g.speaker is not None:
            row.strict, row.lenient = attribution(g, p, gold_speakers)
        rows.append(row)
    rows += [QuoteRow(None, p) for j, p in enumerate(p_rec) if j not in used]
    return sorted(rows, key=lambda r: ((r.gold or r.pred).doc, (r.gold or r.pred).start))


def _value_rows(gold: list[Span], pred: list[Span]) -> list[ValueRow]:
    """VALUE spans paired as the scorer pairs them, with the attribute checks per pair."""
    m = score_numeric(gold, pred)
    gv, pv, pairs = m["_pairs"]
    g_index = {(s.doc, s.id): s for s in gold if s.id}
    p_index = {(s.doc, s.id): s for s in pred if s.id}

    def offsets(s):
        return (s.start, s.end) if s is not None else None

    rows = []
    for i, j in pairs:
        g, p = gv[i], pv[j]
        gn, pn = g.attrs.get("number"), p.attrs.get("number")
        number_ok = (isinstance(pn, (int, float)) and not isinstance(pn, bool) and math.isfinite(pn)
                     and math.isclose(pn, gn, rel_tol=NUMBER_RTOL, abs_tol=0.0 if gn else 1e-9))
        rows.append(ValueRow(g, p, {
            "boundaries": (g.start, g.end) == (p.start, p.end),
            "number": bool(number_ok),
            "modifier": p.attrs.get("modifier", "exact") == g.attrs.get("modifier"),
            "unit": offsets(linked(g, "unit", g_index)) == offsets(linked(p, "unit", p_index)),
            "thing": offsets(linked(g, "thing", g_index)) == offsets(linked(p, "thing", p_index)),
        }))
    matched_g, matched_p = {i for i, _ in pairs}, {j for _, j in pairs}
    rows += [ValueRow(g, None) for i, g in enumerate(gv) if i not in matched_g]
    rows += [ValueRow(None, p) for j, p in enumerate(pv) if j not in matched_p]
    return sorted(rows, key=lambda r: ((r.gold or r.pred).doc, (r.gold or r.pred).start))


def analyse(corpus, task: str, view: str, pred_path: Path, read_view: str, scores: dict) -> Analysis:
    """Re-read one result's predictions and match them with the gold as ``evaluate`` does."""
    from .evaluation import Predictions, predicted_spans
    from .predictions import read_predictions

    if pred_path.stat().st_size == 0 or not pred_path.read_bytes().strip():
        pred = Predictions(spans=[])  # `bench run` writes an empty file when a system found nothing
    else:
        pred = read_predictions(pred_path, corpus, task, "auto", allow_missing=True, view=read_view)
    gold = relabel(corpus.task_spans(task), view)
    _, spans, _ = predicted_spans(corpus, task, pred)
    spans = relabel(spans, view)
    a = Analysis(gold, spans, match_spans(gold, spans))
    counts = Counter(o.kind for o in a.outcomes)
    stored = scores.get("outcomes", {})
    differ = [f"{k} {stored.get(k)} stored, {counts.get(k, 0)} now" for k in OUTCOMES if stored.get(k) != counts.get(k, 0)]
    if differ:
        a.warnings.append(f"{pred_path} no longer gives the stored outcome counts ({'; '.join(differ)}): "
                          "the file changed after scoring; re-run the system")
    if task == "quotes":
        a.quote_rows = _quote_rows(gold, spans)
    if task == "numeric_claims":
        a.value_rows = _value_rows(gold, spans)
    return a


def confusion(outcomes: Sequence[Outcome], task: str) -> tuple[list[str], list[str], dict[tuple[str, str], Counter]]:
    """Gold label x predicted label over matched pairs (by overlap, boundaries ignored), with a
    ``missed`` column for unmatched gold spans and a ``spurious`` row for unmatched predictions.
    Each cell counts the outcomes behind it by kind."""
    cells: dict[tuple[str, str], Counter] = defaultdict(Counter)
    labels: set[str] = set()
    for o in outcomes:
        g = o.gold.label if o.gold is not None else "spurious"
        p = o.pred.label if o.pred is not None else "missed"
        labels |= {x for x in (g, p) if x not in ("missed", "spurious")}
        cells[(g, p)][o.kind] += 1
    order = {lab: n for n, lab in enumerate(TASKS[task].labels)}
    ordered = sorted(labels, key=lambda x: (order.get(x, len(order)), x))
    return ordered + ["spurious"], ordered + ["missed"], cells


# -- the model of the page -----------------------------------------------------------------

@dataclass
class Entry:
    path: Path
    result: dict
    view: str
    label: str = ""
    analysis: Analysis | None = None
    note: str = ""
    corpus: Any = None

    @property
    def scores(self) -> dict:
        return self.result["scores"][self.view]


@dataclass
class Group:
    corpus: str
    task: str
    view: str
    entries: list[Entry]
    ranked: list[tuple[int, Entry]] = field(default_factory=list)
    tests: dict[tuple[int, int], PairedTest | None] = field(default_factory=dict)  # (i, j) over ranked order
    notes: list[str] = field(default_factory=list)
    figure: str = ""  # file name stem of the plots

    @property
    def key(self) -> str:
        return slug(f"{self.corpus}-{self.task}-{self.view}")

    @property
    def title(self) -> str:
        return f"{self.task} — {self.corpus} ({self.view} view)"


def build_groups(results: list[tuple[Path, dict]], view: str | None, gold: GoldSources, resamples: int, seed: int,
                 analyse_documents: bool = True) -> list[Group]:
    from .bootstrap import paired_bootstrap
    from .leaderboard import rank_with_ties

    groups: dict[tuple[str, str, str], list[Entry]] = defaultdict(list)
    for path, r in results:
        v = view if view else next(iter(r["scores"]), None)
        if v is None or v not in r["scores"]:
            continue
        groups[(r["corpus"]["name"], r["task"], v)].append(Entry(path, r, v))
    task_order = {t: n for n, t in enumerate(TASKS)}
    out = []
    order = lambda kv: (kv[0][0] != BENCH_CORPUS, kv[0][0], task_order.get(kv[0][1], 99), kv[0][2])  # noqa: E731
    for (corpus_name, task, v), entries in sorted(groups.items(), key=order):
        g = Group(corpus_name, task, v, entries)
        names = Counter(en.result["system"]["name"] for en in entries)
        for en in entries:
            name = en.result["system"]["name"]
            en.label = name if names[name] == 1 else f"{name} [{_results_folder(en.path)}]"
        labels = Counter(en.label for en in entries)
        for en in entries:
            if labels[en.label] > 1:
                en.label = f"{en.result['system']['name']} [{en.path}]"
        versions = {en.result["corpus"].get("version") for en in entries}
        if len(versions) > 1:
            g.notes.append(f"these results were scored on {len(versions)} versions of the gold ({', '.join(sorted(map(str, versions)))}); "
                           "they can't be compared: re-run them on one")
        by_id = {id(en.result): en for en in entries}
        try:  # the ranks of LEADERBOARD.md: tied where the paired test can't separate a system from its group's best
            ranking = rank_with_ties([en.result for en in entries], v)
        except ValueError:  # scored on different sentences: no paired test, plain order
            ranking = list(enumerate(sorted((en.result for en in entries), key=lambda r: -r["scores"][v]["headline"]["f1"]), 1))
        g.ranked = [(rank, by_id[id(r)]) for rank, r in ranking]
        ranked = [en for _, en in g.ranked]
        for i in range(len(ranked)):
            for j in range(i + 1, len(ranked)):
                try:
                    t = paired_bootstrap(ranked[i].scores["units"], ranked[j].scores["units"], resamples, seed)
                except ValueError:
                    t = None  # scored on different sentences
                g.tests[(i, j)] = t
        if analyse_documents:
            corpus, why = gold.get(corpus_name)
            for en in entries:
                _attach_analysis(en, corpus, why)
        out.append(g)
    return out


def _results_folder(path: Path) -> str:
    """The results folder of ``<results>/<corpus>/<task>/<system>.json``, relative where it can be."""
    root = path.parent.parent.parent if len(path.parts) >= 4 else path.parent
    try:
        return str(root.resolve().relative_to(Path.cwd().resolve())) or "."
    except ValueError:
        return str(root)


def _attach_analysis(en: Entry, corpus, why: str) -> None:
    from .standoff import InputError

    if corpus is None:
        en.note = why
        return
    if en.result["corpus"].get("version") != corpus.version:
        en.note = (f"scored on gold version {en.result['corpus'].get('version')}, the gold now is {corpus.version}: "
                  f"re-run it ({en.result.get('provenance', {}).get('command', 'bench run ...')}) for the error analysis")
        return
    recorded = en.result.get("provenance", {}).get("predictions")
    if not recorded:
        en.note = "the result names no predictions file"
        return
    path = find_predictions(recorded, en.path)
    if path is None:
        en.note = f"predictions file {recorded} not found (looked in the current folder and above {en.path})"
        return
    read_view = next(iter(en.result["scores"]))
    try:
        en.analysis = analyse(corpus, en.result["task"], en.view, path, read_view, en.scores)
        en.corpus = corpus
    except (InputError, ValueError, OSError) as exc:
        en.note = f"predictions file {path} could not be read: {exc}"


# -- formatting helpers --------------------------------------------------------------------

def pct(x: float) -> str:
    """A score as the leaderboard prints it: percent, one decimal."""
    return f"{100 * x:.1f}"


def _ci_text(h: dict) -> str:
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


def value_text(s: Span | None) -> str:
    """``≈1,200`` for a VALUE: modifier sign and normalised number."""
    if s is None:
        return "—"
    mod = s.attrs.get("modifier", "exact")
    return f"{MODIFIER_SIGN.get(mod, str(mod) + ' ')}{fmt_number(s.attrs.get('number'))}"


def short(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def e(x: Any) -> str:
    return html.escape(str(x), quote=True)


# -- plots ---------------------------------------------------------------------------------

def leaderboard_figure(group: Group):
    """F1 with its 95% CI per system, best on top, colour by tied rank (matplotlib, Agg)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    n = len(group.ranked)
    fig = Figure(figsize=(9, 1.4 + 0.42 * n), layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    palette = ["#1b5e20", "#0d47a1", "#e65100", "#6a1b9a", "#b71c1c", "#37474f", "#827717", "#004d40"]
    ranks = sorted({r for r, _ in group.ranked})
    for y, (rank, e_) in enumerate(group.ranked):
        h = e_.scores["headline"]
        f1, lo, hi = 100 * h["f1"], 100 * h["ci"][0], 100 * h["ci"][1]
        colour = palette[ranks.index(rank) % len(palette)]
        ax.errorbar([f1], [y], xerr=[[f1 - lo], [hi - f1]], fmt="o", color=colour, ecolor=colour, capsize=4, markersize=7, lw=1.8)
        ax.annotate(f"{f1:.1f} [{lo:.1f}, {hi:.1f}]", (min(hi, 100), y), xytext=(6, 0), textcoords="offset points",
                    va="center", fontsize=8.5, color="#222")
    ax.set_yticks(range(n), [f"{rank}. {short(e_.label, 42)}" for rank, e_ in group.ranked], fontsize=9)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(0, 118)
    ax.set_xticks(range(0, 101, 10))
    ax.grid(axis="x", color="#ddd", lw=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel("seqeval strict micro F1 (%), 95% bootstrap CI over sentences", fontsize=9)
    ax.set_title(group.title, fontsize=10.5, loc="left")
    return fig


def save_figures(group: Group, out_dir: Path) -> tuple[str, str]:
    """Write ``<stem>.png`` and ``<stem>.svg``; return the SVG data URI and the stem."""
    from matplotlib import rc_context

    stem = f"leaderboard-{group.key}"
    fig = leaderboard_figure(group)
    with rc_context({"svg.hashsalt": "bench-report", "svg.fonttype": "path"}):
        svg = io.BytesIO()
        fig.savefig(svg, format="svg", metadata={"Date": None})
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=150, metadata={"Software": None})
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"{stem}.svg").write_bytes(svg.getvalue())
    (out_dir / f"{stem}.png").write_bytes(png.getvalue())
    return "data:image/svg+xml;base64," + base64.b64encode(svg.getvalue()).decode("ascii"), stem


# -- HTML ----------------------------------------------------------------------------------

def _css() -> str:
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


def _table(head: Sequence[str], rows: Sequence[str], caption: str = "", cls: str = "") -> str:
    cap = f"<caption>{caption}</caption>" if caption else ""
    hd = "".join(f"<th{' class=l' if i == 0 else ''}>{h}</th>" for i, h in enumerate(head))
    return f"<table class=\"{cls}\">{cap}<thead><tr>{hd}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _num_cell(key: str, value: Any, text: str | None = None, cls: str = "") -> str:
    """A number from the result, with the key it was read from (``data-key``) for checking."""
    if text is None:
        text = pct(value) if isinstance(value, float) else str(value)
    c = f' class="{cls}"' if cls else ""
    return f'<td{c} data-key="{e(key)}">{e(text)}</td>'


def _leaderboard_html(g: Group, img: str, resamples: int, seed: int) -> str:
    parts = []
    if img:
        parts.append(f'<div class="plot"><img alt="F1 with 95% CI per system, {e(g.title)}" src="{img}"></div>')
    rows = []
    for rank, en in g.ranked:
        h = en.scores["headline"]
        m = en.scores["seqeval"]["strict"].get("micro avg", {})
        rows.append(
            f'<tr data-system="{e(en.label)}"><td>{rank}</td>'
            f'<td class="l">{e(en.label)} <span class="small">{e(en.result["system"].get("version", ""))}</span></td>'
            + _num_cell("headline.f1", h["f1"], cls="f1")
            + _num_cell("headline.ci", h["ci"], f"[{pct(h['ci'][0])}, {pct(h['ci'][1])}]", cls="ci")
            + _num_cell("seqeval.strict.micro avg.precision", m.get("precision", 0.0))
            + _num_cell("seqeval.strict.micro avg.recall", m.get("recall", 0.0))
            + _num_cell("headline.tp", h["tp"]) + _num_cell("headline.fp", h["fp"]) + _num_cell("headline.fn", h["fn"])
            + _num_cell("spans.exact.f1", en.scores["spans"]["exact"]["f1"])
            + _num_cell("spans.partial.f1", en.scores["spans"]["partial"]["f1"])
            + "</tr>")
    parts.append(_table(["rank", "system", "F1", "95% CI", "P", "R", "TP", "FP", "FN", "exact F1", "partial F1"], rows,
                        "Leaderboard: seqeval strict micro F1; tied ranks where the paired test cannot separate a system from its group's best",
                        "leaderboard"))
    parts.append(_significance_html(g, resamples, seed))
    return "\n".join(parts)


def _significance_html(g: Group, resamples: int, seed: int) -> str:
    ranked = [en for _, en in g.ranked]
    if len(ranked) < 2:
        return '<p class="note">One system: no paired test to show.</p>'
    head = ["p-value"] + [e(en.label) for en in ranked]
    rows = []
    for i, a in enumerate(ranked):
        cells = [f'<th class="l">{e(a.label)}</th>']
        for j, b in enumerate(ranked):
            if i == j:
                cells.append('<td class="diag">—</td>')
                continue
            t = g.tests.get((min(i, j), max(i, j)))
            if t is None:
                cells.append('<td class="na" title="scored on different sentences">n/a</td>')
                continue
            d = t.delta if i < j else -t.delta
            lo, hi = (t.ci if i < j else (-t.ci[1], -t.ci[0]))
            title = f"F1 {a.label} − {b.label} = {100 * d:+.2f} (95% CI {100 * lo:+.2f} to {100 * hi:+.2f}), p = {fmt_p(t.p_value)}"
            cells.append(f'<td class="p {"sig" if t.significant else "ns"}" data-a="{e(a.label)}" data-b="{e(b.label)}" '
                         f'data-p="{t.p_value!r}" title="{e(title)}">{fmt_p(t.p_value)}</td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    cap = (f"Paired significance: two-sided p-values of the paired bootstrap on per-sentence TP/FP/FN "
           f"({resamples:,} resamples, seed {seed}); bold: p &lt; 0.05")
    return _table(head, rows, cap, "significance")


def _outcomes_html(en: Entry) -> str:
    o = en.scores["outcomes"]
    head = ["outcome", "count", "meaning"]
    rows = [f'<tr><td class="l k-{k}">{KIND_TEXT[k]}</td>{_num_cell("outcomes." + k, o.get(k, 0), cls="outcome")}'
            f'<td class="l small">{KIND_HELP[k]}</td></tr>' for k in KINDS]
    return _table(head, rows, "Outcomes (one per prediction, plus one per missed gold span)", "outcomes")


def _semeval_html(en: Entry) -> str:
    sp = en.scores["spans"]
    rows = []
    for scheme in SCHEMES:
        s = sp[scheme]
        cells = "".join(_num_cell(f"spans.{scheme}.{c}", s[c]) for c in ("COR", "INC", "PAR", "MIS", "SPU", "possible", "actual"))
        cells += "".join(_num_cell(f"spans.{scheme}.{c}", float(s[c])) for c in ("precision", "recall", "f1"))
        rows.append(f'<tr><td class="l" title="{e(SCHEME_TEXT[scheme])}">{scheme}</td>{cells}</tr>')
    return _table(["scheme", "COR", "INC", "PAR", "MIS", "SPU", "possible", "actual", "P", "R", "F1"], rows,
                  "SemEval-2013 error breakdown (span level; hover a scheme for its rule)", "semeval")


def _confusion_html(en: Entry) -> str:
    rows_l, cols_l, cells = confusion(en.analysis.outcomes, en.result["task"])
    head = ["gold ↓ / predicted →"] + [e(c) for c in cols_l] + ["total"]
    rows = []
    for r in rows_l:
        tds = [f'<th class="l">{e(r)}</th>']
        total = 0
        for c in cols_l:
            cnt = cells.get((r, c), Counter())
            n = sum(cnt.values())
            total += n
            title = ", ".join(f"{KIND_TEXT[k]} {v}" for k, v in sorted(cnt.items(), key=lambda kv: KINDS.index(kv[0])))
            cls = "cm0" if n == 0 else ("diag-cell" if r == c else "")
            shade = "" if n == 0 else f' style="background: rgba(33, 150, 243, {0.08 + 0.5 * n / max(1, _cell_max(cells)):.2f})"'
            tds.append(f'<td class="cm {cls}" data-gold="{e(r)}" data-pred="{e(c)}"{shade} title="{e(title)}">{n}</td>')
        tds.append(f"<td>{total}</td>")
        rows.append(f"<tr>{''.join(tds)}</tr>")
    return _table(head, rows, "Confusion matrix: gold label × predicted label of overlapping pairs (boundaries ignored; hover for the outcomes)",
                  "confusion")


def _cell_max(cells) -> int:
    return max((sum(c.values()) for c in cells.values()), default=1)


def _perlabel_html(en: Entry) -> str:
    rep = en.scores["seqeval"]["strict"]
    rows = []
    for label, m in rep.items():
        if label.endswith("avg"):
            continue
        base = f"seqeval.strict.{label}"
        rows.append(f'<tr><td class="l">{e(label)}</td>' + _num_cell(base + ".precision", m["precision"]) + _num_cell(base + ".recall", m["recall"])
                    + _num_cell(base + ".f1", m["f1"]) + _num_cell(base + ".support", m["support"]) + "</tr>")
    return _table(["label", "P", "R", "F1", "support"], rows, "Per label (seqeval strict)", "perlabel")


def _task_summary_html(en: Entry) -> str:
    s = en.scores
    if "quotes" in s:
        q = s["quotes"]
        r, a = q["records"], q["attribution"]
        rows = [
            "<tr><td class='l'>quote records</td>" + _num_cell("quotes.records.gold", r["gold"]) + _num_cell("quotes.records.pred", r["pred"])
            + _num_cell("quotes.records.matched", r["matched"]) + _num_cell("quotes.records.exact", r["exact"])
            + _num_cell("quotes.records.f1.f1", r["f1"]["f1"]) + "</tr>",
        ]
        for name in ("speaker", "cue"):
            c = q[name]
            rows.append(f"<tr><td class='l'>{name} spans</td>" + _num_cell(f"quotes.{name}.gold", c["gold"]) + _num_cell(f"quotes.{name}.pred", c["pred"])
                        + _num_cell(f"quotes.{name}.overlap", c["overlap"]) + _num_cell(f"quotes.{name}.exact", c["exact"])
                        + _num_cell(f"quotes.{name}.exact_f1", c["exact_f1"]) + "</tr>")
        t1 = _table(["", "gold", "pred", "matched", "exact", "F1"], rows, "Quotes: records (matched by overlap) and spans (F1 exact)", "quotes-summary")
        t2 = _table(["attribution", "matched with a gold speaker", "right", "accuracy"], [
            "<tr><td class='l'>strict (same speaker span)</td>" + _num_cell("quotes.attribution.matched_with_speaker", a["matched_with_speaker"])
            + _num_cell("quotes.attribution.strict", a["strict"]) + _num_cell("quotes.attribution.strict_accuracy", a["strict_accuracy"]) + "</tr>",
            "<tr><td class='l'>lenient (same source)</td>" + _num_cell("quotes.attribution.matched_with_speaker", a["matched_with_speaker"])
            + _num_cell("quotes.attribution.lenient", a["lenient"]) + _num_cell("quotes.attribution.lenient_accuracy", a["lenient_accuracy"]) + "</tr>",
        ], "Attribution on matched quotes", "attribution")
        return f'<div class="row">{t1}{t2}</div>'
    if "numeric" in s:
        n = s["numeric"]
        v, acc, ok = n["values"], n["accuracy"], n["correct"]
        t1 = _table(["VALUE spans", "gold", "pred", "matched", "exact", "F1", "95% CI"], [
            "<tr><td class='l'>values</td>" + _num_cell("numeric.values.gold", v["gold"]) + _num_cell("numeric.values.pred", v["pred"])
            + _num_cell("numeric.values.matched", v["matched"]) + _num_cell("numeric.values.exact", v["exact"])
            + _num_cell("numeric.values.f1.f1", v["f1"]["f1"])
            + _num_cell("numeric.values.f1.ci", v["f1"]["ci"], f"[{pct(v['f1']['ci'][0])}, {pct(v['f1']['ci'][1])}]") + "</tr>"],
            "Numeric claims: VALUE spans (matched by overlap)", "numeric-summary")
        rows = [f"<tr><td class='l'>{k.replace('_', ' ')}</td>"
                + _num_cell(f"numeric.correct.{k}", ok[k]) + _num_cell(f"numeric.accuracy.{k}", acc[k]) + "</tr>"
                for k in ("number", "modifier", "unit", "thing", "always_exact_modifier")]
        t2 = _table(["on matched values", "right", "accuracy"], rows, f"Attributes (number within relative {n['number_rtol']:g})", "numeric-attrs")
        return f'<div class="row">{t1}{t2}</div>'
    return ""


# -- documents -----------------------------------------------------------------------------

def _span_desc(s: Span) -> str:
    extra = ""
    if s.label == "VALUE":
        extra = f" {value_text(s)} ({s.attrs.get('modifier', 'exact')})"
    return f"{s.label} “{short(s.text, 70)}”{extra}"


def _pred_tag(s: Span, o: Outcome | None, value_pairs: dict[int, ValueRow]) -> str:
    tag = s.label
    if o is not None and o.gold is not None and o.gold.label != s.label:
        tag += f" ≠{o.gold.label}"
    if s.label == "VALUE":
        tag += " " + value_text(s)
        row = value_pairs.get(id(s))
        if row is not None and row.gold is not None and not (row.checks.get("number") and row.checks.get("modifier")):
            tag += f" ≠{value_text(row.gold)}"
    return tag


def render_document(doc, anchor: str, gold: list[Span], pred: list[Span], outcomes: list[Outcome],
                    quote_rows: list[QuoteRow], value_rows: list[ValueRow]) -> str:
    """The text with each predicted span in a ``mark.pred.<outcome>`` element and each gold span
    underlined (``span.gold``; ``.missed`` when nothing matched it, one ``data-oid`` per missed
    span even where a prediction cuts it in pieces). Quotation pieces carry superscript links to
    their speaker; labels are CSS-generated from ``data-tag`` so the text stays the document's."""
    text = doc.text
    pred_out: dict[int, tuple[str, Outcome]] = {}
    gold_out: dict[int, list[tuple[str, Outcome]]] = defaultdict(list)
    for n, o in enumerate(outcomes):
        oid = f"{anchor}-o{n}"
        if o.pred is not None:
            pred_out[id(o.pred)] = (oid, o)
        if o.gold is not None:
            gold_out[id(o.gold)].append((oid, o))
    value_pairs = {id(r.pred): r for r in value_rows if r.pred is not None}
    value_gold = {id(r.gold): r for r in value_rows if r.gold is not None}

    pred_at: list[Span | None] = [None] * (len(text) + 1)
    gold_at: list[Span | None] = [None] * (len(text) + 1)
    for s in pred:
        for i in range(s.start, s.end):
            pred_at[i] = s
    for s in gold:
        for i in range(s.start, s.end):
            gold_at[i] = s
    cuts = {0, len(text)} | {s.start for s in gold + pred} | {s.end for s in gold + pred}

    # quote markers, inserted after a span's end: piece -> its record's speaker, speaker -> its quotes
    inserts: dict[int, list[str]] = defaultdict(list)
    for side, key in (("g", "gold"), ("p", "pred")):
        recs = [getattr(r, key) for r in quote_rows if getattr(r, key) is not None]
        speaker_refs: dict[int, list[tuple[int, Record]]] = defaultdict(list)
        speaker_anchor: dict[int, str] = {}
        for k, rec in enumerate(recs, 1):
            if rec.speaker is not None:
                speaker_refs[id(rec.speaker)].append((k, rec))
                speaker_anchor.setdefault(id(rec.speaker), f"{anchor}-{side}s{rec.speaker.start}")
        who = "gold" if side == "g" else "predicted"
        for k, rec in enumerate(recs, 1):
            ref = f"{side}{k}"
            if rec.speaker is not None:
                title = f"{who} quote {ref}: speaker “{rec.speaker.text}”, source “{rec.source}”"
                link = f'<a class="{side}" href="#{speaker_anchor[id(rec.speaker)]}" title="{e(title)}">{ref}→</a>'
            else:
                title = f"{who} quote {ref}: no speaker" + (f", source “{rec.source}”" if rec.source else "")
                link = f'<a class="{side} nospk" title="{e(title)}">{ref}∅</a>'
            for n, piece in enumerate(rec.pieces):
                pid = f' id="{anchor}-{side}q{k}"' if n == 0 else ""
                inserts[piece.end].append(f'<sup class="qref {side}"{pid} data-ref="{ref}">{link}</sup>')
        for sid, refs in speaker_refs.items():
            spk = refs[0][1].speaker
            links = " ".join(f'<a class="{side}" href="#{anchor}-{side}q{k}" '
                             f'title="{e(who)} quote {side}{k}: “{e(short(" … ".join(p.text for p in rec.pieces), 80))}”">{side}{k}</a>'
                             for k, rec in refs)
            inserts[spk.end].append(f'<sup class="qspk {side}" id="{speaker_anchor[sid]}" title="{e(who)} speaker, source “{e(refs[0][1].source)}”">'
                                    f'{links}</sup>')
    cuts |= set(inserts)

    out: list[str] = []
    open_pred: Span | None = None
    points = sorted(cuts)
    for a, b in zip(points, points[1:] + [None]):
        p = pred_at[a] if a < len(text) else None
        if open_pred is not None and p is not open_pred:
            out.append("</mark>")
            open_pred = None
        out.extend(inserts.get(a, ()))
        if b is None:
            break
        if p is not None and p is not open_pred:
            oid, o = pred_out.get(id(p), ("", None))
            kind = o.kind if o is not None else "spurious"
            title = f"predicted {_span_desc(p)}\n{KIND_TEXT[kind]}"
            if o is not None and o.gold is not None:
                title += f"; gold {_span_desc(o.gold)}"
            row = value_pairs.get(id(p))
            if row is not None and row.gold is not None:
                title += "\n" + ", ".join(f"{k} {'right' if v else 'wrong'}" for k, v in row.checks.items())
            out.append(f'<mark class="pred {kind}" data-oid="{oid}" data-label="{e(p.label)}" data-start="{p.start}" data-end="{p.end}" '
                       f'data-tag="{e(_pred_tag(p, o, value_pairs))}" title="{e(title)}">')
            open_pred = p
        g = gold_at[a]
        chunk = e(text[a:b])
        if g is None:
            out.append(chunk)
            continue
        matches = gold_out.get(id(g), [])
        missed = [oid for oid, o in matches if o.kind == "missed"]
        if missed:
            title = f"gold {_span_desc(g)}\nmissed"
            vr = value_gold.get(id(g))
            attrs = f'class="gold missed{" tagged" if b == g.end else ""}" data-oid="{missed[0]}"'
            tag = g.label + (" " + value_text(g) if g.label == "VALUE" else "")
            if vr is not None and vr.pred is not None:  # overlapped by a VALUE the numeric pairing matched
                title += f" (numeric pairing: predicted {_span_desc(vr.pred)})"
        else:
            kinds = ", ".join(KIND_TEXT[o.kind] for _, o in matches)
            title = f"gold {_span_desc(g)}\nmatched: {kinds}"
            attrs = 'class="gold matched"'
            tag = ""
        tag_attr = f' data-tag="{e(tag)}"' if missed and b == g.end else ""
        out.append(f'<span {attrs} data-label="{e(g.label)}" data-start="{g.start}" data-end="{g.end}"{tag_attr} title="{e(title)}">{chunk}</span>')
    return "".join(out)


def _check(v: bool | None) -> str:
    if v is None:
        return '<td class="na">—</td>'
    return '<td class="ok">✓</td>' if v else '<td class="bad">✗</td>'


def _quote_table(rows: list[QuoteRow], doc_id: str) -> str:
    body = []
    counters = {"g": 0, "p": 0}
    for r in rows:
        if (r.gold or r.pred).doc != doc_id:
            continue
        cells = []
        for side, rec in (("g", r.gold), ("p", r.pred)):
            col = "gcol" if side == "g" else "pcol"
            if rec is None:
                cells.append(f'<td class="l {col}">—</td><td class="l {col}">—</td>')
                continue
            counters[side] += 1
            spk = f"“{e(short(rec.speaker.text, 40))}”" if rec.speaker is not None else "<i>none</i>"
            cells.append(f'<td class="l {col}"><b>{side}{counters[side]}</b> {e(short(" … ".join(p.text for p in rec.pieces), 110))}</td>'
                         f'<td class="l {col}">{spk}<br><span class="small">source: {e(rec.source) or "—"}</span></td>')
        status = "matched" if r.gold is not None and r.pred is not None else ("missed" if r.pred is None else "spurious")
        body.append(f'<tr class="qrow-{status}">{"".join(cells)}<td class="l">{status}</td>'
                    f'{_check(r.exact if status == "matched" else None)}{_check(r.strict)}{_check(r.lenient)}</tr>')
    if not body:
        return ""
    return _table(["gold quote", "gold speaker", "predicted quote", "predicted speaker", "pair", "exact pieces", "speaker (strict)", "source (lenient)"],
                  body, "Quotations and their speakers, paired as the scorer pairs them", "quote-table")


def _value_table(rows: list[ValueRow], doc_id: str, gold_index: dict, pred_index: dict) -> str:
    body = []
    for r in rows:
        s = r.gold or r.pred
        if s.doc != doc_id:
            continue
        cells = []
        for side, v, index in (("g", r.gold, gold_index), ("p", r.pred, pred_index)):
            col = "gcol" if side == "g" else "pcol"
            if v is None:
                cells.append(f'<td class="l {col}">—</td>' * 4)
                continue
            unit, thing = linked(v, "unit", index), linked(v, "thing", index)
            mod = v.attrs.get("modifier", "exact")
            cells.append(f'<td class="l {col}">“{e(v.text)}”</td>'
                         f'<td class="{col} val" data-side="{side}" data-number="{e(repr(v.attrs.get("number")))}" data-modifier="{e(mod)}">'
                         f'{e(value_text(v))} <span class="small">{e(mod)}</span></td>'
                         f'<td class="l {col}">{e(unit.text) if unit else "—"}</td>'
                         f'<td class="l {col}">{e(short(thing.text, 40)) if thing else "—"}</td>')
        status = "matched" if r.gold is not None and r.pred is not None else ("missed" if r.pred is None else "spurious")
        checks = "".join(_check(r.checks.get(k)) for k in ("boundaries", "number", "modifier", "unit", "thing"))
        body.append(f'<tr class="vrow-{status}">{"".join(cells)}<td class="l">{status}</td>{checks}</tr>')
    if not body:
        return ""
    return _table(["gold value", "normalised", "unit", "thing", "predicted value", "normalised", "unit", "thing", "pair",
                   "boundaries", "number", "modifier", "unit", "thing"],
                  body, "Numeric claims: gold against predicted, VALUE spans paired as the scorer pairs them", "value-table")


def _documents_html(en: Entry, anchor: str, max_documents: int | None) -> str:
    a = en.analysis
    corpus = en.corpus
    docs = list(corpus.documents.values())
    if max_documents is not None:
        docs = docs[:max_documents]
    gold_index = {(s.doc, s.id): s for s in a.gold if s.id}
    pred_index = {(s.doc, s.id): s for s in a.pred if s.id}
    parts = []
    for n, doc in enumerate(docs):
        da = f"{anchor}-d{n}"
        gold = [s for s in a.gold if s.doc == doc.id]
        pred = [s for s in a.pred if s.doc == doc.id]
        outs = [o for o in a.outcomes if (o.pred or o.gold).doc == doc.id]
        counts = Counter(o.kind for o in outs)
        summary = ", ".join(f"{KIND_TEXT[k]} {counts[k]}" for k in KINDS if counts.get(k))
        quotes = [r for r in a.quote_rows if (r.gold or r.pred).doc == doc.id]
        values = [r for r in a.value_rows if (r.gold or r.pred).doc == doc.id]
        body = render_document(doc, da, gold, pred, outs, quotes, values)
        extra = ""
        if quotes:
            extra += _quote_table(quotes, doc.id)
        if values:
            extra += _value_table(values, doc.id, gold_index, pred_index)
        parts.append(f'<section class="doc" id="{da}" data-doc="{e(doc.id)}"><h4>Document {e(doc.id)} '
                     f'<span class="meta">{len(gold)} gold, {len(pred)} predicted spans: {e(summary) or "nothing"}</span></h4>'
                     f'<div class="doctext" data-doc="{e(doc.id)}">{body}</div>{extra}</section>')
    if max_documents is not None and len(corpus.documents) > max_documents:
        parts.append(f'<p class="note">{len(corpus.documents) - max_documents} more documents left out (--max-documents {max_documents}).</p>')
    return "\n".join(parts)


def _legend_html() -> str:
    items = [f'<span><span class="lg lg-{k}">{KIND_TEXT[k]}</span></span>' for k in ("correct", "wrong_type", "wrong_boundary", "wrong_both", "spurious")]
    items.append(f'<span><span class="lg lg-missed">{KIND_TEXT["missed"]}</span></span>')
    items.append('<span><span class="lg lg-gold">gold extent</span></span>')
    items.append('<span class="small">tags: predicted label, <code>≠X</code> the gold one where it differs; '
                 '<sup class="qref"><a class="g">g1→</a></sup><sup class="qref"><a class="p">p1→</a></sup> '
                 'quote → speaker (gold, predicted); hover for details</span>')
    return f'<div class="legend" title="{e("; ".join(f"{KIND_TEXT[k]}: {KIND_HELP[k]}" for k in KINDS))}">{"".join(items)}</div>'


def render_html(groups: list[Group], images: dict[str, str], resamples: int, seed: int, max_documents: int | None, sources: list[str]) -> str:
    from . import SCORER_VERSION, __version__

    toc = []
    body = []
    for g in groups:
        toc.append(f'<li><a href="#{g.key}">{e(g.title)}</a>: {len(g.entries)} system{"s" if len(g.entries) != 1 else ""}</li>')
        sec = [f'<section class="task" id="{g.key}" data-task="{e(g.task)}" data-corpus="{e(g.corpus)}" data-view="{e(g.view)}">',
               f"<h2>{e(g.title)}</h2>"]
        sec += [f'<p class="warn">{e(n)}</p>' for n in g.notes]
        sec.append(_leaderboard_html(g, images.get(g.key, ""), resamples, seed))
        for n, (rank, en) in enumerate(g.ranked):
            anchor = f"{g.key}-s{n}"
            h = en.scores["headline"]
            sec.append(f'<section class="system" id="{anchor}" data-system="{e(en.label)}">')
            sec.append(f'<h3>{e(en.label)} <span class="small">{e(en.result["system"].get("version", ""))}</span> — rank {rank}, '
                       f'F1 {pct(h["f1"])} [{pct(h["ci"][0])}, {pct(h["ci"][1])}]</h3>')
            prov = en.result.get("provenance", {})
            sec.append(f'<p class="meta">result <code>{e(en.path)}</code>; predictions <code>{e(prov.get("predictions", "—"))}</code>; '
                       f'scored {e(str(prov.get("date", "—"))[:10])}, gold {e(en.result["corpus"].get("version", ""))}</p>')
            if en.scores.get("dropped_labels"):
                sec.append('<p class="note">labels dropped (no mapping onto the task): '
                           + ", ".join(f"{e(k)} ×{v}" for k, v in en.scores["dropped_labels"].items()) + "</p>")
            if en.note:
                sec.append(f'<p class="warn">{e(en.note)}</p>')
            if en.analysis is not None:
                sec += [f'<p class="warn">{e(w)}</p>' for w in en.analysis.warnings]
            sec.append(f'<div class="row">{_outcomes_html(en)}{_semeval_html(en)}</div>')
            right = _confusion_html(en) if en.analysis is not None else ""
            sec.append(f'<div class="row">{right}{_perlabel_html(en)}</div>')
            sec.append(_task_summary_html(en))
            if en.analysis is not None:
                ndocs = len(en.corpus.documents) if max_documents is None else min(max_documents, len(en.corpus.documents))
                sec.append(f'<details open><summary>Documents ({ndocs})</summary>{_documents_html(en, anchor, max_documents)}</details>')
            sec.append("</section>")
        sec.append("</section>")
        body.append("\n".join(sec))
    versions = sorted({f"{g.corpus} {en.result['corpus'].get('version', '')}" for g in groups for en in g.entries})
    head = (f'<header><h1>Error analysis</h1><p class="meta">Generated by <code>bench report</code> (harness {__version__}, scorer {SCORER_VERSION}) '
            f'from {sum(len(g.entries) for g in groups)} results in {e(", ".join(sources))}; gold {e("; ".join(versions))}. '
            "Scores are percentages. Headline: seqeval strict (IOB2) micro F1 with its 95% bootstrap interval over sentences.</p></header>")
    nav = f"<nav><ul>{''.join(toc)}</ul></nav>" if toc else "<p>No results.</p>"
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>bench report: error analysis</title>\n"
            f"<style>{_css()}</style>\n</head>\n<body>\n{head}\n{nav}\n{_legend_html()}\n" + "\n".join(body) + "\n</body>\n</html>\n")


# -- Markdown ------------------------------------------------------------------------------

def _md_cell(x: Any) -> str:
    return str(x).replace("|", "\\|").replace("\n", " ")


def _md_table(head: Sequence[str], rows: Sequence[Sequence[Any]], align_left: int = 1) -> list[str]:
    out = ["| " + " | ".join(_md_cell(h) for h in head) + " |",
           "|" + "".join("---|" if i < align_left else "---:|" for i in range(len(head)))]
    out += ["| " + " | ".join(_md_cell(c) for c in r) + " |" for r in rows]
    return out + [""]


def render_markdown(groups: list[Group], resamples: int, seed: int, sources: list[str]) -> str:
    from . import SCORER_VERSION

    out = ["# Error analysis", "",
           f"Generated by `bench report --format md` from {', '.join(f'`{s}`' for s in sources)} (scorer version {SCORER_VERSION}).",
           "Scores are percentages; the headline is seqeval strict (IOB2) micro F1 with its 95% bootstrap CI over sentences.", ""]
    for g in groups:
        out += [f"## {g.title}", ""]
        out += [f"> {n}" for n in g.notes] + ([""] if g.notes else [])
        rows = []
        for rank, en in g.ranked:
            h = en.scores["headline"]
            m = en.scores["seqeval"]["strict"].get("micro avg", {})
            rows.append([rank, en.label, _ci_text(h), pct(m.get("precision", 0.0)), pct(m.get("recall", 0.0)), h["tp"], h["fp"], h["fn"],
                         pct(en.scores["spans"]["exact"]["f1"]), pct(en.scores["spans"]["partial"]["f1"])])
        out += ["### Leaderboard", ""]
        out += _md_table(["rank", "system", "F1 [95% CI]", "P", "R", "TP", "FP", "FN", "exact F1", "partial F1"], rows, 2)
        ranked = [en for _, en in g.ranked]
        if len(ranked) > 1:
            out += [f"### Paired significance (p-values, paired bootstrap, {resamples:,} resamples, seed {seed}; **bold**: p < 0.05)", ""]
            rows = []
            for i, a in enumerate(ranked):
                row = [a.label]
                for j in range(len(ranked)):
                    t = g.tests.get((min(i, j), max(i, j))) if i != j else None
                    row.append("—" if i == j else ("n/a" if t is None else (f"**{fmt_p(t.p_value)}**" if t.significant else fmt_p(t.p_value))))
                rows.append(row)
            out += _md_table(["p-value"] + [en.label for en in ranked], rows)
        for rank, en in g.ranked:
            out += [f"### {en.label}", ""]
            if en.note:
                out += [f"> {en.note}", ""]
            if en.analysis is not None:
                out += [f"> {w}" for w in en.analysis.warnings] + ([""] if en.analysis.warnings else [])
            o = en.scores["outcomes"]
            out += _md_table([KIND_TEXT[k] for k in KINDS], [[o.get(k, 0) for k in KINDS]], 0)
            sp = en.scores["spans"]
            out += _md_table(["SemEval-2013", "COR", "INC", "PAR", "MIS", "SPU", "possible", "actual", "P", "R", "F1"],
                             [[s] + [sp[s][c] for c in ("COR", "INC", "PAR", "MIS", "SPU", "possible", "actual")]
                              + [pct(sp[s][c]) for c in ("precision", "recall", "f1")] for s in SCHEMES])
            if en.analysis is not None:
                rows_l, cols_l, cells = confusion(en.analysis.outcomes, en.result["task"])
                out += _md_table(["gold \\ predicted"] + cols_l,
                                 [[r] + [sum(cells.get((r, c), Counter()).values()) for c in cols_l] for r in rows_l])
            s = en.scores
            if "quotes" in s:
                q = s["quotes"]
                r, a = q["records"], q["attribution"]
                out += _md_table(["quote records gold", "pred", "matched", "exact", "record F1 [95% CI]", "speaker F1", "cue F1",
                                  "attribution strict", "attribution lenient"],
                                 [[r["gold"], r["pred"], r["matched"], r["exact"], _ci_text(r["f1"]),
                                   pct(q["speaker"]["exact_f1"]), pct(q["cue"]["exact_f1"]),
                                   f"{pct(a['strict_accuracy'])} ({a['strict']}/{a['matched_with_speaker']})",
                                   f"{pct(a['lenient_accuracy'])} ({a['lenient']}/{a['matched_with_speaker']})"]], 0)
            if "numeric" in s:
                n = s["numeric"]
                v, acc = n["values"], n["accuracy"]
                out += _md_table(["VALUE gold", "pred", "matched", "exact", "VALUE F1 [95% CI]", "number", "modifier (always-exact)", "unit", "thing"],
                                 [[v["gold"], v["pred"], v["matched"], v["exact"], _ci_text(v["f1"]), pct(acc["number"]),
                                   f"{pct(acc['modifier'])} ({pct(acc['always_exact_modifier'])})", pct(acc["unit"]), pct(acc["thing"])]], 0)
    return "\n".join(out).rstrip() + "\n"


# -- the command ---------------------------------------------------------------------------

def build_report(paths: Sequence[str | Path], output: str | Path = DEFAULT_OUTPUT, fmt: str = "html", tasks: Sequence[str] | None = None,
                 view: str | None = None, resamples: int = 10_000, seed: int = 0, max_documents: int | None = None,
                 gold: GoldSources | None = None) -> Path:
    """Write the report; returns the page (``index.html``) or Markdown file (``report.md``)."""
    results = collect_results(paths, tasks)
    try:
        check_current(results)
    except BadResult as exc:
        raise ReportError(str(exc)) from None
    if not results:
        raise ReportError(f"no result files in {', '.join(map(str, paths))}" + (f" for task {', '.join(tasks)}" if tasks else ""))
    groups = build_groups(results, view, gold or GoldSources(), resamples, seed, analyse_documents=True)
    if not groups:
        raise ReportError(f"none of the {len(results)} results has the {view} view")
    out_dir = Path(output)
    sources = [str(p) for p in paths]
    if fmt == "md":
        path = out_dir / "report.md"
        write_text_atomic(path, render_markdown(groups, resamples, seed, sources))
        return path
    images = {}
    for g in groups:
        images[g.key], g.figure = save_figures(g, out_dir)
    path = out_dir / "index.html"
    write_text_atomic(path, render_html(groups, images, resamples, seed, max_documents, sources))
    return path


def cmd_report(args) -> int:
    from .cli import UsageError
    from .standoff import InputError

    if args.resamples < 1:
        raise UsageError("--resamples must be at least 1")
    if args.max_documents is not None and args.max_documents < 0:
        raise UsageError("--max-documents must be 0 or more")
    try:
        path = build_report(args.results or ["results"], args.output, args.format, args.task, args.view, args.resamples, args.seed,
                            args.max_documents, GoldSources(args.annotations, args.gold, args.gold_name, args.conll))
    except (ReportError, InputError) as exc:
        raise UsageError(str(exc)) from None
    print(f"wrote {path}")
    return 0


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register ``bench report`` on the CLI's subparsers."""
    p = subparsers.add_parser(
        "report", help="error-analysis report of stored results: a static HTML page (or Markdown tables)",
        description="Write a self-contained HTML page (or, with --format md, Markdown tables) for stored results: per task the "
                    "leaderboard as a plot with 95% CIs, paired-bootstrap p-values between systems, outcome counts, the "
                    "SemEval-2013 breakdown, a confusion matrix with missed/spurious, and every document with gold and "
                    "predicted spans coloured by outcome. Never imports torch or transformers.")
    p.add_argument("results", nargs="*", metavar="RESULT", help="result JSON files or folders of them (default: results/)")
    p.add_argument("--output", "-o", default=DEFAULT_OUTPUT, metavar="DIR",
                   help="folder to write index.html (or report.md) and the plots to (default report/)")
    p.add_argument("--format", choices=["html", "md"], default="html", help="html: the page with plots; md: Markdown tables (default html)")
    p.add_argument("--task", action="append", choices=list(TASKS), metavar="TASK", help="only this task (repeatable; default all)")
    p.add_argument("--view", choices=["fine", "conll"], help="label view (default: each result's first, fine where scored)")
    p.add_argument("--resamples", type=int, default=10_000, metavar="N", help="bootstrap resamples of the paired tests (default 10000)")
    p.add_argument("--seed", type=int, default=0, help="seed of the paired tests (default 0)")
    p.add_argument("--max-documents", type=int, metavar="N", help="render at most N documents per system (default all)")
    p.add_argument("--annotations", metavar="DIR", help="gold of results scored on another annotated corpus (a folder named as the corpus)")
    p.add_argument("--gold", metavar="PATH", help="gold of results scored on an external CoNLL corpus")
    p.add_argument("--gold-name", metavar="NAME", help="corpus name of --gold (default: from its path, as `bench run` names it)")
    p.add_argument("--conll", metavar="DIR", help="your CoNLL-2003 folder, for the documents of reuters-* results "
                                                 "(default: $BENCH_CONLL, else ../shared/data/conll2003, else the hub)")
    p.set_defaults(func=cmd_report)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m bench.report``: the same command without the main CLI."""
    parser = argparse.ArgumentParser(prog="bench")
    sub = parser.add_subparsers(dest="command", required=True)
    add_parser(sub)
    args = parser.parse_args(["report", *(sys.argv[1:] if argv is None else argv)])
    try:
        return args.func(args)
    except Exception as exc:  # noqa: BLE001 - one line for the user, as the main CLI prints it
        from .cli import UsageError

        if isinstance(exc, UsageError):
            print(f"bench report: error: {exc}", file=sys.stderr)
            return 2
        raise


if __name__ == "__main__":
    sys.exit(main())
