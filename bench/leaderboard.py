"""LEADERBOARD.md, rendered from results/ only.

Systems whose headline F1 does not differ significantly (paired bootstrap on the same
sentences, p >= 0.05) from the best system of their group share its rank, so the board
never implies an order the data can't support. Results scored on another gold version
or by another scorer version are refused, with the command that re-scores them.
"""
from __future__ import annotations

from pathlib import Path

from . import SCORER_VERSION
from .bootstrap import paired_bootstrap
from .result_check import check_current
from .results import BENCH_CORPUS, load_results

TIE_RESAMPLES = 2000


class LeaderboardError(Exception):
    pass


def _fmt(x: float) -> str:
    return f"{100 * x:.1f}"


def _ci(h: dict) -> str:
    return f"{_fmt(h['f1'])} [{_fmt(h['ci'][0])}, {_fmt(h['ci'][1])}]"


def rank_with_ties(rows: list[dict], view: str) -> list[tuple[int, dict]]:
    """Sort by headline F1; a system not significantly below its group's leader shares its rank."""
    rows = sorted(rows, key=lambda r: (-r["scores"][view]["headline"]["f1"], r["system"]["name"]))
    ranked: list[tuple[int, dict]] = []
    leader = None
    for pos, row in enumerate(rows, 1):
        if leader is None:
            leader, rank = row, pos
        else:
            test = paired_bootstrap(leader["scores"][view]["units"], row["scores"][view]["units"], TIE_RESAMPLES, seed=0)
            if test.significant:
                leader, rank = row, pos
        ranked.append((rank, row))
    return ranked


def md_escape(text: str) -> str:
    """Text safe inside a Markdown table cell: no markup, links, HTML or cell breaks."""
    text = " ".join(str(text).split())
    return "".join("\\" + c if c in "\\`*_{}[]()<>#+!|~" else c for c in text)


def _system_cell(r: dict) -> str:
    return md_escape(f"{r['system']['name']} {r['system'].get('version', '')}".strip())


TABLES = [
    # (task, view, title, columns) of an annotated corpus
    ("entities", "fine", "Named entities (OntoNotes types)", "entities"),
    ("entities", "conll", "Named entities, coarse CoNLL view (PER/ORG/LOC/MISC)", "coarse"),
    ("quotes", "fine", "Quotations and their speakers", "quotes"),
    ("numeric_claims", "fine", "Numeric claims", "numeric"),
]


def _columns(kind: str) -> tuple[list[str], callable]:
    if kind == "quotes":
        head = ["F1 strict [95% CI]", "F1 default", "record F1 [95% CI]", "speaker F1", "cue F1", "attribution strict / lenient"]

        def cells(s):
            q = s["quotes"]
            a = q["attribution"]
            return [_ci(s["headline"]), _fmt(s["seqeval"]["default"]["micro avg"]["f1"]), _ci(q["records"]["f1"]),
                    _fmt(q["speaker"]["exact_f1"]), _fmt(q["cue"]["exact_f1"]),
                    f"{_fmt(a['strict_accuracy'])} / {_fmt(a['lenient_accuracy'])}"]
        return head, cells
    if kind == "numeric":
        head = ["F1 strict [95% CI]", "F1 default", "VALUE F1 [95% CI]", "number acc", "modifier acc (always-exact)", "unit acc", "thing acc"]

        def cells(s):
            n = s["numeric"]
            acc = n["accuracy"]
            return [_ci(s["headline"]), _fmt(s["seqeval"]["default"]["micro avg"]["f1"]), _ci(n["values"]["f1"]),
                    _fmt(acc["number"]), f"{_fmt(acc['modifier'])} ({_fmt(acc['always_exact_modifier'])})",
                    _fmt(acc["unit"]), _fmt(acc["thing"])]
        return head, cells
    head = ["F1 strict [95% CI]", "P", "R", "F1 default", "span exact / partial / type"]

    def cells(s):
        m = s["seqeval"]["strict"]["micro avg"]
        sp = s["spans"]
        return [_ci(s["headline"]), _fmt(m["precision"]), _fmt(m["recall"]), _fmt(s["seqeval"]["default"]["micro avg"]["f1"]),
                f"{_fmt(sp['exact']['f1'])} / {_fmt(sp['partial']['f1'])} / {_fmt(sp['ent_type']['f1'])}"]
    return head, cells


def _table(rows: list[dict], view: str, kind: str) -> list[str]:
    head, cells = _columns(kind)
    lines = ["| rank | system | " + " | ".join(head) + " |", "|---:|---|" + "---:|" * len(head)]
    for rank, r in rank_with_ties(rows, view):
        lines.append(f"| {rank} | {_system_cell(r)} | " + " | ".join(cells(r["scores"][view])) + " |")
    return lines


def _weights_note(p: dict) -> str:
    """A short weights fingerprint: the hash of one weights file, or how many fold models there are."""
    weights = p.get("weights_sha256")
    if isinstance(weights, dict) and weights:
        weights = weights[sorted(weights)[0]]
    if isinstance(weights, str):
        return f" (sha256 {weights[:12]})"
    if p.get("folds"):
        return f" ({len(p['folds'])} fold models, hashes in the result)"
    return ""


# Loss counts a generative system stores in its provenance (baselines/llm/losses.py), as columns.
LOSS_COLUMNS = (("ungrounded", "ungrounded"), ("fuzzy", "fuzzy"), ("unlinked", "unlinked"), ("overlapping", "overlapping"),
                ("malformed", "malformed"), ("invalid_json", "invalid JSON docs"), ("output_truncated", "truncated docs"),
                ("cut_for_context", "cut docs"))


def _losses_table(results: list[tuple[Path, dict]]) -> list[str]:
    """F1 next to what a generative system lost before scoring, for results whose provenance counts it."""
    rows = [r for _, r in results if isinstance(r["provenance"].get("losses"), dict)]
    if not rows:
        return []
    out = ["## Generation losses", "",
           "Strings a generative system wrote that never became spans, and documents whose output was unusable",
           "(counts from each result's provenance; README, \"Generative systems\").", "",
           "| system | task | corpus | F1 strict | items | " + " | ".join(title for _, title in LOSS_COLUMNS) + " |",
           "|---|---|---|---:|---:|" + "---:|" * len(LOSS_COLUMNS)]
    for r in sorted(rows, key=lambda r: (r["system"]["name"], r["corpus"]["name"], r["task"])):
        losses = r["provenance"]["losses"]
        cells = [str(losses.get(k, "-")) if isinstance(losses.get(k, "-"), (int, str)) else "-" for k in ("items",) + tuple(k for k, _ in LOSS_COLUMNS)]
        headline = next(iter(r["scores"].values()))["headline"]
        out.append(f"| {_system_cell(r)} | {r['task']} | {md_escape(r['corpus']['name'])} | {_fmt(headline['f1'])} | "
                   + " | ".join(md_escape(c) for c in cells) + " |")
    return out + [""]


# The order of the board: the Reuters test set is the primary table for quotes and numeric
# claims; the seed articles follow as their own tables; then development and external corpora.
CORPUS_ORDER = ("reuters-test", BENCH_CORPUS, "reuters-dev")


def render(results_dir: Path) -> str:
    results = load_results(results_dir)
    check_current(results)
    versions = sorted({(r["corpus"]["name"], r["corpus"]["version"]) for _, r in results})
    out = [
        "# Leaderboard",
        "",
        "Generated by `bench leaderboard` from `results/`; do not edit by hand.",
        f"Gold versions: {', '.join(f'{n} `{v}`' for n, v in versions) or 'none'}; scorer version {SCORER_VERSION}. Scores are percentages;",
        "the headline is seqeval's strict-mode (IOB2) micro F1 with a 95% bootstrap interval over",
        "sentences (10,000 resamples). Systems share a rank when a paired bootstrap test cannot",
        "tell them apart from the best system of their group (p >= 0.05).",
        "",
    ]
    order = {c: i for i, c in enumerate(CORPUS_ORDER)}
    corpora = sorted({r["corpus"]["name"] for _, r in results} | {BENCH_CORPUS}, key=lambda c: (order.get(c, len(order)), c))
    for corpus in corpora:
        in_corpus = [r for _, r in results if r["corpus"]["name"] == corpus]
        where = f" on `{md_escape(corpus)}`"
        for task, view, title, kind in TABLES:
            rows = [r for r in in_corpus if r["task"] == task and view in r["scores"]]
            if rows or corpus == BENCH_CORPUS:
                out += [f"## {title}{where}", ""]
                out += _table(rows, view, kind) if rows else ["No results yet."]
                out.append("")
    described = {r["system"]["name"]: r["system"].get("description") for _, r in results if r["system"].get("description")}
    if described:
        out += ["## Systems", ""] + [f"- **{md_escape(name)}**: {md_escape(text)}" for name, text in sorted(described.items())] + [""]
    out += _losses_table(results)
    out += ["## Provenance", "", "| system | task | corpus | model / weights | device | wall time | date |", "|---|---|---|---|---|---:|---|"]
    for _, r in sorted(results, key=lambda x: (x[1]["system"]["name"], x[1]["corpus"]["name"], x[1]["task"])):
        p = r["provenance"]
        model = str(p.get("model") or "-")
        model += _weights_note(p)
        wall = p.get("wall_time_s", 0)
        wall = f"{wall:.1f} s" if isinstance(wall, (int, float)) else "-"
        out.append(f"| {_system_cell(r)} | {r['task']} | {md_escape(r['corpus']['name'])} | {md_escape(model)} | {md_escape(p.get('device', '-'))} | "
                   f"{wall} | {md_escape(str(p.get('date', '-'))[:10])} |")
    out += [
        "",
        "## Adding a system",
        "",
        "1. Make it a system: a Python object with `name`, `version`, `tasks`, `label_map` and",
        "   `predict(documents, task)` registered in the `bench.systems` entry-point group of your",
        "   package, or any program that reads JSONL documents on stdin and writes JSONL spans",
        "   (`bench run --system-cmd 'your-program'`), or a prediction file (`bench evaluate`).",
        "2. `bench run --system NAME` (or `bench evaluate FILE --task TASK --save --name NAME`) writes",
        "   `results/<corpus>/<task>/<system>.json` with scores and provenance.",
        "3. `bench leaderboard` re-renders this page; commit the result files and the page together.",
        "",
    ]
    return "\n".join(out)
