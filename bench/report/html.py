"""The report as one self-contained HTML page: inline CSS, plots as data URIs, no script."""
from __future__ import annotations

from collections import Counter
from typing import Any, Sequence

from ..semeval import SCHEMES
from ..tasks import Cell, Table, get_task
from .documents import documents_html
from .model import Entry, Group, confusion, losses_table
from .style import KIND_HELP, KIND_TEXT, KINDS, SCHEME_TEXT, css, e, fmt_p, pct


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


def render_table(table: Table) -> str:
    """A task's table: plain values escaped; a :class:`Cell` with its class, attributes and ``data-key``."""
    rows = []
    for n, row in enumerate(table.rows):
        cells = []
        for i, c in enumerate(row):
            if not isinstance(c, Cell):
                c = Cell(c, cls="l" if i == 0 else "")
            attrs = "".join(f' {k}="{e(v)}"' for k, v in c.attrs.items())
            cls = f' class="{e(c.cls)}"' if c.cls else ""
            key = f' data-key="{e(c.key)}"' if c.key else ""
            cells.append(f"<td{cls}{key}{attrs}>{e(c.text)}</td>")
        rc = f' class="{e(table.row_classes[n])}"' if n < len(table.row_classes) else ""
        rows.append(f"<tr{rc}>{''.join(cells)}</tr>")
    return _table([e(h) for h in table.head], rows, e(table.caption), table.cls)


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
    tables = get_task(en.result["task"]).summary(en.scores)
    return f'<div class="row">{"".join(render_table(t) for t in tables)}</div>' if tables else ""


def _legend_html() -> str:
    items = [f'<span><span class="lg lg-{k}">{KIND_TEXT[k]}</span></span>' for k in ("correct", "wrong_type", "wrong_boundary", "wrong_both", "spurious")]
    items.append(f'<span><span class="lg lg-missed">{KIND_TEXT["missed"]}</span></span>')
    items.append('<span><span class="lg lg-gold">gold extent</span></span>')
    items.append('<span class="small">tags: predicted label, <code>≠X</code> the gold one where it differs; '
                 '<sup class="qref"><a class="g">g1→</a></sup><sup class="qref"><a class="p">p1→</a></sup> '
                 'quote → speaker (gold, predicted); hover for details</span>')
    return f'<div class="legend" title="{e("; ".join(f"{KIND_TEXT[k]}: {KIND_HELP[k]}" for k in KINDS))}">{"".join(items)}</div>'


def render_html(groups: list[Group], images: dict[str, str], resamples: int, seed: int, max_documents: int | None, sources: list[str]) -> str:
    from .. import SCORER_VERSION, __version__

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
            losses = losses_table(en)
            if losses is not None:
                sec.append(render_table(losses))
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
                sec.append(f'<details open><summary>Documents ({ndocs})</summary>{documents_html(en, anchor, max_documents)}</details>')
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
            f"<style>{css()}</style>\n</head>\n<body>\n{head}\n{nav}\n{_legend_html()}\n" + "\n".join(body) + "\n</body>\n</html>\n")
