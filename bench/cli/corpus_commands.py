"""Commands about corpora and gold: validate, stats, export, agreement, tokens, tasks."""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from .options import add_corpus, add_gold, corpus_from_args, corpus_spec


def _layer_or_folder(args):
    """(folder, documents, is a layer) of the corpus named by --corpus or --annotations."""
    from ..corpora import BENCH_CORPUS, corpus_dir
    from ..corpus import ANNOTATIONS, DOCUMENTS_FILE
    from ..documents import load_documents

    if not args.annotations and (args.corpus or BENCH_CORPUS) != BENCH_CORPUS:
        return corpus_dir(args.corpus), corpus_from_args(args).documents, True  # rebuilt from CoNLL-2003 and hash-checked
    root = Path(args.annotations) if args.annotations else ANNOTATIONS
    return root, {d.id: d for d in load_documents(root / DOCUMENTS_FILE)}, False


def cmd_validate(args) -> int:
    from ..corpus import GOLD_FILE
    from ..standoff import parse_spans

    root, documents, layer = _layer_or_folder(args)
    total = 0
    for path in [Path(f) for f in args.files] or [root / GOLD_FILE]:
        spans, problems = parse_spans(path, documents, gold=True, layer=layer, sentences="lines" if layer else "canonical")
        for p in problems:
            print(p, file=sys.stderr)
        total += len(problems)
        if not problems:
            print(f"{path}: OK: {len(spans)} spans in {len({s.doc for s in spans})} documents")
    return 1 if total else 0


def cmd_stats(args) -> int:
    from ..tasks import TASKS

    corpus = corpus_from_args(args)
    counts = Counter((s.doc, s.task, s.label) for s in corpus.spans)
    order = {d: n for n, d in enumerate(corpus.documents)}
    rows = [{"doc": d, "task": t, "label": lab, "count": n} for (d, t, lab), n in sorted(counts.items(), key=lambda kv: (order[kv[0][0]], kv[0]))]
    records = []
    for task in (t for t in TASKS.values() if t.group_by):
        groups = Counter(s.doc for s in {(s.doc, s.attrs[task.group_by]): s for s in corpus.spans
                                         if s.task == task.name and task.group_by in s.attrs}.values())
        records += [{"doc": d, "task": task.name, "label": "records", "count": groups.get(d, 0)} for d in corpus.documents]
    if args.json:
        print(json.dumps({"corpus": corpus.name, "gold_version": corpus.version, "documents": len(corpus.documents),
                          "sentences": len(corpus.sentences), "tokens": sum(len(s.tokens) for s in corpus.sentences),
                          "counts": rows + records}, indent=1))
        return 0
    print(f"{corpus.name} gold version {corpus.version}: {len(corpus.documents)} documents, {len(corpus.sentences)} sentences, "
          f"{sum(len(s.tokens) for s in corpus.sentences)} tokens, {len(corpus.spans)} spans")
    totals = Counter()
    for r in rows + records:
        totals[(r["task"], r["label"])] += r["count"]
    print("  " + "; ".join(f"{task} {label} {n}" for (task, label), n in sorted(totals.items())))
    print(f"{'document':<22} {'task':<15} {'label':<10} {'count':>5}")
    for r in rows + records:
        print(f"{r['doc']:<22} {r['task']:<15} {r['label']:<10} {r['count']:>5}")
    return 0


def cmd_export(args) -> int:
    from ..api import load_corpus
    from ..corpora import export

    corpus = load_corpus(args.corpus_name, conll=args.conll)
    export(corpus, Path(args.output))
    print(f"wrote {args.output}/ ({len(corpus.documents)} documents, {len(corpus.spans)} gold spans); keep it out of the repository")
    return 0


def cmd_agreement(args) -> int:
    from ..agreement import agreement_report, disagreements
    from ..corpus import Corpus
    from ..results import write_text_atomic
    from ..standoff import load_spans

    root, documents, layer = _layer_or_folder(args)
    pass_a, pass_b = Path(args.pass_a or root / "passes" / "pass_a.jsonl"), Path(args.pass_b or root / "passes" / "pass_b.jsonl")
    mode = "lines" if layer else "canonical"
    a = load_spans(pass_a, documents, gold=True, layer=layer, sentences=mode)
    b = load_spans(pass_b, documents, gold=True, layer=layer, sentences=mode)
    names = tuple(str(p.relative_to(root.parent)) if p.is_relative_to(root.parent) else str(p) for p in (pass_a, pass_b))
    both = {s.doc for s in a} | {s.doc for s in b}  # agreement is measured on the documents the passes annotated
    report = agreement_report(Corpus({k: v for k, v in documents.items() if k in both}, [], sentence_mode=mode), a, b, names)
    if args.disagreements:
        print("\n".join(disagreements(a, b)) or "no span disagreements")
    if args.output:
        write_text_atomic(Path(args.output), report + "\n")
        print(f"wrote {args.output}")
    elif not args.disagreements:
        print(report)
    return 0


def cmd_tokens(args) -> int:
    """The canonical tokens as a CoNLL template (tag column O), for systems that write tags."""
    out = []
    doc = None
    for sent in corpus_spec(args).corpus.sentences:
        if sent.doc != doc:
            out.append(f"-DOCSTART- {sent.doc}\n")
            doc = sent.doc
        out.append("".join(f"{t.text} O\n" for t in sent.tokens) + "\n")
    sys.stdout.write("".join(out))
    return 0


def cmd_tasks(args) -> int:
    from ..corpora import corpus_dir, corpus_names
    from ..tasks import TASKS

    if args.json:
        print(json.dumps({"tasks": [{"name": t.name, "labels": list(t.labels), "views": list(t.views), "description": t.description}
                                    for t in TASKS.values()],
                          "corpora": [{"name": c, "folder": str(corpus_dir(c))} for c in corpus_names()]}, indent=1))
        return 0
    print("tasks:")
    for t in TASKS.values():
        print(f"  {t.name:<16} views {', '.join(t.views):<12} labels {', '.join(t.labels)}")
        print(f"  {'':<16} {t.description}")
    print("corpora:")
    for c in corpus_names():
        print(f"  {c:<16} {corpus_dir(c)}")
    return 0


def add_parsers(sub) -> None:
    p = sub.add_parser("tasks", help="list the tasks (labels, views) and the corpora")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_tasks)

    p = sub.add_parser("validate", help="check a gold corpus (or given standoff files) against the annotation rules")
    p.add_argument("files", nargs="*", help="standoff JSONL files to check (default: the corpus's gold.jsonl)")
    add_corpus(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("stats", help="count documents, sentences, tokens and gold spans per document, task and label")
    add_corpus(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("export", help="write a named corpus as an ordinary annotations folder (documents with text, gold.jsonl)",
                       description="Rebuild a corpus and write documents.jsonl (with text), gold.jsonl and corpus.json to a folder "
                                   "for other tools. The reuters-* text comes from your CoNLL-2003 copy: keep the folder out of the repository.")
    p.add_argument("corpus_name", metavar="CORPUS", help="newsie-v1, reuters-test, reuters-dev or reuters-train")
    p.add_argument("--output", "-o", required=True, metavar="DIR", help="folder to write (created if missing)")
    p.add_argument("--conll", metavar="DIR", help="your CoNLL-2003 folder (default: $BENCH_CONLL, else ../shared/data/conll2003, else the hub)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("agreement", help="agreement of two annotation passes (span P/R/F1, token kappa, record agreement)")
    p.add_argument("--pass-a", metavar="FILE", help="first pass (default: the corpus's passes/pass_a.jsonl)")
    p.add_argument("--pass-b", metavar="FILE", help="second pass (default: the corpus's passes/pass_b.jsonl)")
    add_corpus(p)
    p.add_argument("--output", "-o", metavar="FILE", help="write the Markdown report here (e.g. annotations/AGREEMENT.md)")
    p.add_argument("--disagreements", action="store_true", help="list spans found by one pass only")
    p.set_defaults(func=cmd_agreement)

    p = sub.add_parser("tokens", help="print the canonical tokens as a CoNLL template (for systems that write tags)")
    add_gold(p)
    p.set_defaults(func=cmd_tokens, limit=None)
