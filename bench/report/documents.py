"""The report's document view: the text with gold and predicted spans coloured by outcome,
each task's links between spans (a quotation to its speaker) and its per-document tables."""
from __future__ import annotations

from collections import Counter, defaultdict

from ..semeval import Outcome
from ..standoff import Span
from ..tasks import Reference, TaskScores, get_task
from .model import Entry
from .style import KIND_TEXT, KINDS, e, short


def _span_desc(s: Span) -> str:
    note = get_task(s.task).span_note(s)
    return f"{s.label} “{short(s.text, 70)}”" + (f" {note}" if note else "")


def _pred_tag(s: Span, o: Outcome | None, scores: TaskScores | None) -> str:
    tag = s.label
    if o is not None and o.gold is not None and o.gold.label != s.label:
        tag += f" ≠{o.gold.label}"
    note = get_task(s.task).span_note(s)
    if note:
        tag += " " + note
    if scores is not None:
        mismatch = scores.pair_note(s)
        if mismatch:
            tag += " " + mismatch
    return tag


def render_document(doc, anchor: str, gold: list[Span], pred: list[Span], outcomes: list[Outcome],
                    scores: TaskScores | None) -> str:
    """The text with each predicted span in a ``mark.pred.<outcome>`` element and each gold span
    underlined (``span.gold``; ``.missed`` when nothing matched it, one ``data-oid`` per missed
    span even where a prediction cuts it in pieces). A task's references (a quotation's pieces
    to its speaker) become superscript links; labels are CSS-generated from ``data-tag`` so the
    text stays the document's."""
    text = doc.text
    pred_out: dict[int, tuple[str, Outcome]] = {}
    gold_out: dict[int, list[tuple[str, Outcome]]] = defaultdict(list)
    for n, o in enumerate(outcomes):
        oid = f"{anchor}-o{n}"
        if o.pred is not None:
            pred_out[id(o.pred)] = (oid, o)
        if o.gold is not None:
            gold_out[id(o.gold)].append((oid, o))

    pred_at: list[Span | None] = [None] * (len(text) + 1)
    gold_at: list[Span | None] = [None] * (len(text) + 1)
    for s in pred:
        for i in range(s.start, s.end):
            pred_at[i] = s
    for s in gold:
        for i in range(s.start, s.end):
            gold_at[i] = s
    cuts = {0, len(text)} | {s.start for s in gold + pred} | {s.end for s in gold + pred}

    inserts = _reference_marks(scores.references(doc.id) if scores is not None else [], anchor)
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
            out.append(f'<mark class="pred {kind}" data-oid="{oid}" data-label="{e(p.label)}" data-start="{p.start}" data-end="{p.end}" '
                       f'data-tag="{e(_pred_tag(p, o, scores))}" title="{e(title)}">')
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
            attrs = f'class="gold missed{" tagged" if b == g.end else ""}" data-oid="{missed[0]}"'
            note = get_task(g.task).span_note(g)
            tag = g.label + (f" {note}" if note else "")
        else:
            kinds = ", ".join(KIND_TEXT[o.kind] for _, o in matches)
            title = f"gold {_span_desc(g)}\nmatched: {kinds}"
            attrs = 'class="gold matched"'
            tag = ""
        tag_attr = f' data-tag="{e(tag)}"' if missed and b == g.end else ""
        out.append(f'<span {attrs} data-label="{e(g.label)}" data-start="{g.start}" data-end="{g.end}"{tag_attr} title="{e(title)}">{chunk}</span>')
    return "".join(out)


def _reference_marks(refs: list[Reference], anchor: str) -> dict[int, list[str]]:
    """Superscripts after each referring piece (a link to its target) and after each target (links back)."""
    inserts: dict[int, list[str]] = defaultdict(list)
    for side in ("g", "p"):
        mine = [r for r in refs if r.side == side]
        targets: dict[int, list[tuple[int, Reference]]] = defaultdict(list)
        target_anchor: dict[int, str] = {}
        for k, ref in enumerate(mine, 1):
            if ref.target is not None:
                targets[id(ref.target)].append((k, ref))
                target_anchor.setdefault(id(ref.target), f"{anchor}-{side}s{ref.target.start}")
        for k, ref in enumerate(mine, 1):
            label = f"{side}{k}"
            if ref.target is not None:
                link = f'<a class="{side}" href="#{target_anchor[id(ref.target)]}" title="{e(label + ": " + ref.title)}">{label}→</a>'
            else:
                link = f'<a class="{side} nospk" title="{e(label + ": " + ref.title)}">{label}∅</a>'
            for n, piece in enumerate(ref.pieces):
                pid = f' id="{anchor}-{side}q{k}"' if n == 0 else ""
                inserts[piece.end].append(f'<sup class="qref {side}"{pid} data-ref="{label}">{link}</sup>')
        for tid, pointing in targets.items():
            target = pointing[0][1].target
            links = " ".join(f'<a class="{side}" href="#{anchor}-{side}q{k}" '
                             f'title="{side}{k}: “{e(short(" … ".join(x.text for x in ref.pieces), 80))}”">{side}{k}</a>'
                             for k, ref in pointing)
            inserts[target.end].append(f'<sup class="qspk {side}" id="{target_anchor[tid]}" title="{e(pointing[0][1].target_title)}">'
                                       f'{links}</sup>')
    return inserts


def documents_html(en: Entry, anchor: str, max_documents: int | None) -> str:
    from .html import render_table

    a = en.analysis
    corpus = en.corpus
    scores = a.evaluation.task_scores
    docs = list(corpus.documents.values())
    if max_documents is not None:
        docs = docs[:max_documents]
    parts = []
    for n, doc in enumerate(docs):
        da = f"{anchor}-d{n}"
        gold = [s for s in a.gold if s.doc == doc.id]
        pred = [s for s in a.pred if s.doc == doc.id]
        outs = [o for o in a.outcomes if (o.pred or o.gold).doc == doc.id]
        counts = Counter(o.kind for o in outs)
        summary = ", ".join(f"{KIND_TEXT[k]} {counts[k]}" for k in KINDS if counts.get(k))
        body = render_document(doc, da, gold, pred, outs, scores)
        extra = "".join(render_table(t) for t in scores.detail(doc.id)) if scores is not None else ""
        parts.append(f'<section class="doc" id="{da}" data-doc="{e(doc.id)}"><h4>Document {e(doc.id)} '
                     f'<span class="meta">{len(gold)} gold, {len(pred)} predicted spans: {e(summary) or "nothing"}</span></h4>'
                     f'<div class="doctext" data-doc="{e(doc.id)}">{body}</div>{extra}</section>')
    if max_documents is not None and len(corpus.documents) > max_documents:
        parts.append(f'<p class="note">{len(corpus.documents) - max_documents} more documents left out (--max-documents {max_documents}).</p>')
    return "\n".join(parts)
