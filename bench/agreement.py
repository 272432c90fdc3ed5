"""Agreement between two independent annotation passes, and the AGREEMENT.md report."""
from __future__ import annotations

from collections import Counter
from typing import Sequence

from .corpus import Corpus, sentence_tags
from .prf import PRF
from .standoff import Span
from .tasks import TASKS


def _key(s: Span) -> tuple:
    return (s.doc, s.start, s.end, s.label)


def span_agreement(a: Sequence[Span], b: Sequence[Span]) -> dict[str, PRF]:
    """Exact span agreement of pass B against pass A, per label and micro ("ALL")."""
    ka, kb = Counter(map(_key, a)), Counter(map(_key, b))
    labels = sorted({k[3] for k in ka} | {k[3] for k in kb})
    out = {}
    for label in labels + ["ALL"]:
        ca = Counter({k: n for k, n in ka.items() if label in ("ALL", k[3])})
        cb = Counter({k: n for k, n in kb.items() if label in ("ALL", k[3])})
        tp = sum((ca & cb).values())
        out[label] = PRF(tp, sum(cb.values()) - tp, sum(ca.values()) - tp)
    return out


def token_kappa(corpus: Corpus, a: Sequence[Span], b: Sequence[Span]) -> tuple[float, float]:
    """Cohen's kappa over all tokens' IOB2 tags, and raw token agreement."""
    from sklearn.metrics import cohen_kappa_score

    ta = [t for sent in sentence_tags(corpus.sentences, a) for t in sent]
    tb = [t for sent in sentence_tags(corpus.sentences, b) for t in sent]
    observed = sum(x == y for x, y in zip(ta, tb)) / len(ta)
    return float(cohen_kappa_score(ta, tb)), observed


def attribute_agreement(a: Sequence[Span], b: Sequence[Span]) -> dict[str, tuple[int, int]]:
    """On spans both passes share, how often each attribute agrees: name -> (agree, compared).

    Links are compared by the offsets of the span they point to, not by id.
    """
    index_a = {(s.doc, s.id): s for s in a}
    index_b = {(s.doc, s.id): s for s in b}
    by_key_b = {_key(s): s for s in b}
    out: dict[str, list[int]] = {}
    for sa in a:
        sb = by_key_b.get(_key(sa))
        if sb is None:
            continue
        links = TASKS[sa.task].links
        for name in sorted(set(sa.attrs) | set(sb.attrs)):
            if name == "quote":
                continue  # record ids are arbitrary labels
            va, vb = sa.attrs.get(name), sb.attrs.get(name)
            if name in links:
                ta, tb = index_a.get((sa.doc, va)), index_b.get((sb.doc, vb))
                va = (ta.start, ta.end) if ta else None
                vb = (tb.start, tb.end) if tb else None
            counts = out.setdefault(f"{sa.label}.{name}", [0, 0])
            counts[0] += va == vb
            counts[1] += 1
    return {k: (v[0], v[1]) for k, v in sorted(out.items())}


def record_agreement(a: Sequence[Span], b: Sequence[Span]) -> tuple[int, int, int]:
    """Quote records (pieces grouped by ``quote`` id) found identically in both passes.

    Returns (records in both, records in A, records in B); a record is the set of its
    pieces' offsets and labels, so the arbitrary ids themselves never count.
    """
    def records(spans: Sequence[Span]) -> Counter:
        groups: dict[tuple[str, str], set] = {}
        for s in spans:
            if "quote" in s.attrs:
                groups.setdefault((s.doc, s.attrs["quote"]), set()).add(_key(s))
        return Counter(frozenset(g) for g in groups.values())

    ra, rb = records(a), records(b)
    return sum((ra & rb).values()), sum(ra.values()), sum(rb.values())


def _f1(both: int, n_a: int, n_b: int) -> float:
    return 2 * both / (n_a + n_b) if n_a + n_b else 0.0


def quote_record_agreement(a: Sequence[Span], b: Sequence[Span]) -> dict:
    """Quote records of pass B matched one-to-one to pass A's by content overlap (as the
    scorer matches predictions), then speaker, cue and source compared on the matches."""
    from .quote_scoring import _same, records, greedy_match

    ra, rb = records(a), records(b)
    pairs = greedy_match(ra, rb, lambda x, y: len(x.chars & y.chars))
    norm = lambda t: " ".join(t.casefold().split())  # noqa: E731
    out = {"A": len(ra), "B": len(rb), "matched": len(pairs), "f1": _f1(len(pairs), len(ra), len(rb)),
           "content_exact": sum(ra[i].key == rb[j].key for i, j in pairs),
           "speaker": sum(_same(ra[i].speaker, rb[j].speaker) or (ra[i].speaker is None and rb[j].speaker is None) for i, j in pairs),
           "cue": sum(_same(ra[i].cue, rb[j].cue) or (ra[i].cue is None and rb[j].cue is None) for i, j in pairs),
           "source": sum(norm(ra[i].source) == norm(rb[j].source) for i, j in pairs)}
    return out


def value_agreement(a: Sequence[Span], b: Sequence[Span]) -> dict:
    """VALUE spans of pass B matched one-to-one to pass A's by overlap, then number and modifier compared."""
    from .numeric_scoring import score_numeric

    m = score_numeric(a, b)
    gv, pv, pairs = m.pop("_pairs")
    full = sum((gv[i].start, gv[i].end) == (pv[j].start, pv[j].end) and m_ok(gv[i], pv[j]) for i, j in pairs)
    return {"A": len(gv), "B": len(pv), "matched": len(pairs), "f1": _f1(len(pairs), len(gv), len(pv)),
            "exact": m["values"]["exact"], **{k: m["correct"][k] for k in ("number", "modifier", "unit", "thing")},
            "full": full}


def m_ok(x: Span, y: Span) -> bool:
    """Same number (to the scorer's tolerance) and the same modifier."""
    import math

    from .numeric_scoring import NUMBER_RTOL

    nx, ny = x.attrs.get("number"), y.attrs.get("number")
    same_number = isinstance(nx, (int, float)) and isinstance(ny, (int, float)) and math.isclose(nx, ny, rel_tol=NUMBER_RTOL)
    return same_number and x.attrs.get("modifier") == y.attrs.get("modifier")


def disagreements(a: Sequence[Span], b: Sequence[Span]) -> list[str]:
    """Human-readable list of spans in one pass only."""
    ka, kb = {_key(s): s for s in a}, {_key(s): s for s in b}
    lines = []
    for key in sorted(set(ka) ^ set(kb)):
        s = ka.get(key) or kb[key]
        who = "A only" if key in ka else "B only"
        lines.append(f"{who}\t{s.doc}\t{s.task}\t{s.label}\t[{s.start},{s.end})\t{s.text}")
    return lines


def agreement_report(corpus: Corpus, a: Sequence[Span], b: Sequence[Span], names: tuple[str, str]) -> str:
    """AGREEMENT.md: per task and label, P/R/F1 of B against A, token kappa, attributes."""
    lines = [
        "# Inter-annotator agreement",
        "",
        "Generated by `bench agreement`; do not edit by hand.",
        f"Pass A: `{names[0]}`; pass B: `{names[1]}`. Pass B was made without seeing pass A,",
        "from the guidelines and the text only. Span scores are exact matches (same offsets,",
        "same label) of pass B against pass A; kappa is Cohen's kappa over every token's IOB2 tag",
        "(scikit-learn `cohen_kappa_score`).",
        "",
    ]
    lines += [f"Documents compared: {len(corpus.documents)}.", ""]
    for task in TASKS:
        sa = [s for s in a if s.task == task]
        sb = [s for s in b if s.task == task]
        if not sa and not sb:
            continue  # a task neither pass annotated (the Reuters entities are CoNLL's own)
        kappa, observed = token_kappa(corpus, sa, sb)
        lines += [f"## {task}", "", f"Token-level Cohen's kappa: **{kappa:.3f}** (raw token agreement {observed:.3f}).", "",
                  "| label | A spans | B spans | both | P | R | F1 |", "|---|---:|---:|---:|---:|---:|---:|"]
        for label, c in span_agreement(sa, sb).items():
            name = "**micro**" if label == "ALL" else label
            lines.append(f"| {name} | {c.tp + c.fn} | {c.tp + c.fp} | {c.tp} | {c.precision:.3f} | {c.recall:.3f} | {c.f1:.3f} |")
        both, in_a, in_b = record_agreement(sa, sb)
        if in_a or in_b:
            lines += ["", f"Quote records (pieces grouped by `quote` id) identical in both passes: {both} of {in_a} (A) and {in_b} (B)."]
            r = quote_record_agreement(sa, sb)
            m = r["matched"] or 1
            lines += ["", "Record-level agreement: records matched one-to-one by content overlap, as the scorer matches",
                      "predictions; on matched records, the share with the same content pieces, speaker mention, cue",
                      "and canonical source.", "",
                      "| records A | records B | matched | record F1 | same content | same speaker | same cue | same source |",
                      "|---:|---:|---:|---:|---:|---:|---:|---:|",
                      f"| {r['A']} | {r['B']} | {r['matched']} | {r['f1']:.3f} | {r['content_exact'] / m:.3f} | "
                      f"{r['speaker'] / m:.3f} | {r['cue'] / m:.3f} | {r['source'] / m:.3f} |"]
        if any(s.label == "VALUE" for s in sa + sb):
            v = value_agreement(sa, sb)
            m = v["matched"] or 1
            lines += ["", "VALUE agreement: values matched one-to-one by overlap; on matched values, the share with the",
                      "same span, number, modifier, unit and thing, and with span, number and modifier all the same.", "",
                      "| VALUE A | VALUE B | matched | VALUE F1 | same span | same number | same modifier | same unit | same thing | span+number+modifier |",
                      "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
                      f"| {v['A']} | {v['B']} | {v['matched']} | {v['f1']:.3f} | {v['exact'] / m:.3f} | {v['number'] / m:.3f} | "
                      f"{v['modifier'] / m:.3f} | {v['unit'] / m:.3f} | {v['thing'] / m:.3f} | {v['full'] / m:.3f} |"]
        attrs = attribute_agreement(sa, sb)
        if attrs:
            lines += ["", "Attributes on spans both passes share:", "", "| attribute | agree | compared |", "|---|---:|---:|"]
            lines += [f"| {k} | {v[0]} | {v[1]} |" for k, v in attrs.items()]
        lines.append("")
    return "\n".join(lines)

