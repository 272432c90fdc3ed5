"""Plain-text tables of scores for the terminal."""
from __future__ import annotations

from .tasks import Cell, get_task


def _pct(x: float) -> str:
    return f"{100 * x:6.2f}"


def _prf_rows(report: dict) -> list[str]:
    rows = [f"  {'label':<14} {'P':>6} {'R':>6} {'F1':>6} {'support':>8}"]
    for label, m in report.items():
        if label.endswith("avg"):
            continue
        rows.append(f"  {label:<14} {_pct(m['precision'])} {_pct(m['recall'])} {_pct(m['f1'])} {m['support']:>8}")
    for label in ("micro avg", "macro avg", "weighted avg"):
        m = report[label]
        rows.append(f"  {label:<14} {_pct(m['precision'])} {_pct(m['recall'])} {_pct(m['f1'])} {m['support']:>8}")
    return rows


def format_scores(title: str, s: dict) -> str:
    """One task in one view: headline, seqeval report (strict), default mode, span schemes, task figures."""
    h = s["headline"]
    lines = [f"{title} [{s['view']} view]",
             f"  headline: {h['metric']} = {100 * h['f1']:.2f}  (95% CI {100 * h['ci'][0]:.2f}-{100 * h['ci'][1]:.2f})",
             "  seqeval, strict mode (IOB2):"]
    lines += ["  " + r for r in _prf_rows(s["seqeval"]["strict"])]
    d = s["seqeval"]["default"]["micro avg"]
    lines.append(f"  seqeval, default mode: micro P {_pct(d['precision'])} R {_pct(d['recall'])} F1 {_pct(d['f1'])}")
    if s["seqeval"]["invalid_tags"]:
        lines.append(f"  invalid IOB2 tags in the prediction: {s['seqeval']['invalid_tags']} "
                     "(I- not continuing its type: a new chunk in default mode, dropped in strict mode)")
    lines.append("  spans (SemEval-2013):  " + "  ".join(f"{k} F1 {_pct(v['f1'])}" for k, v in s["spans"].items()))
    lines.append("  outcomes: " + ", ".join(f"{k} {v}" for k, v in s["outcomes"].items()))
    if s.get("dropped_labels"):
        lines.append("  labels dropped (no mapping onto the task): " + ", ".join(f"{k} x{v}" for k, v in s["dropped_labels"].items()))
    for table in get_task(s["task"]).summary(s):
        for row in table.rows:
            cells = [c.text if isinstance(c, Cell) else c for c in row]
            lines.append("  " + "; ".join(f"{h} {v}".strip() for h, v in zip(table.head, cells) if str(v)))
    return "\n".join(lines)
