"""The ``bench`` command line. Heavy libraries are imported inside the commands that use them."""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from . import __version__


class UsageError(Exception):
    """Bad input from the user: printed as one line, exit code 2."""


def _corpus(args):
    from .corpus import ANNOTATIONS, load_corpus

    return load_corpus(Path(args.annotations) if getattr(args, "annotations", None) else ANNOTATIONS)


# -- validate / stats / agreement --------------------------------------------------------

def cmd_validate(args) -> int:
    from .corpus import ANNOTATIONS, DOCUMENTS_FILE, GOLD_FILE
    from .documents import load_documents
    from .standoff import parse_spans

    root = Path(args.annotations) if args.annotations else ANNOTATIONS
    documents = {d.id: d for d in load_documents(root / DOCUMENTS_FILE)}
    files = [Path(f) for f in args.files] or [root / GOLD_FILE]
    total = 0
    for path in files:
        spans, problems = parse_spans(path, documents, gold=True)
        for p in problems:
            print(p, file=sys.stderr)
        total += len(problems)
        if not problems:
            print(f"{path}: OK: {len(spans)} spans in {len({s.doc for s in spans})} documents")
    return 1 if total else 0


def cmd_stats(args) -> int:
    corpus = _corpus(args)
    counts = Counter((s.doc, s.task, s.label) for s in corpus.spans)
    rows = []
    for doc in corpus.documents:
        for (d, task, label), n in sorted(counts.items()):
            if d == doc:
                rows.append({"doc": doc, "task": task, "label": label, "count": n})
    if args.json:
        print(json.dumps({"gold_version": corpus.version, "counts": rows}, indent=2))
        return 0
    print(f"gold version {corpus.version}: {len(corpus.documents)} documents, {len(corpus.sentences)} sentences, "
          f"{sum(len(s.tokens) for s in corpus.sentences)} tokens, {len(corpus.spans)} spans")
    print(f"{'document':<22} {'task':<15} {'label':<10} {'count':>5}")
    for r in rows:
        print(f"{r['doc']:<22} {r['task']:<15} {r['label']:<10} {r['count']:>5}")
    quotes = {(s.doc, s.attrs["quote"]) for s in corpus.spans if s.task == "quotes" and "quote" in s.attrs}
    for doc in corpus.documents:
        print(f"{doc:<22} {'quotes':<15} {'records':<10} {sum(1 for d, _ in quotes if d == doc):>5}")
    return 0


def cmd_agreement(args) -> int:
    from .agreement import agreement_report, disagreements, write_text_atomic
    from .corpus import ANNOTATIONS, DOCUMENTS_FILE, Corpus
    from .documents import load_documents
    from .standoff import load_spans

    root = Path(args.annotations) if args.annotations else ANNOTATIONS
    documents = {d.id: d for d in load_documents(root / DOCUMENTS_FILE)}
    pass_a, pass_b = Path(args.pass_a or root / "passes" / "pass_a.jsonl"), Path(args.pass_b or root / "passes" / "pass_b.jsonl")
    a = load_spans(pass_a, documents, gold=True)
    b = load_spans(pass_b, documents, gold=True)
    names = (str(pass_a.relative_to(root.parent)) if pass_a.is_relative_to(root.parent) else str(pass_a),
             str(pass_b.relative_to(root.parent)) if pass_b.is_relative_to(root.parent) else str(pass_b))
    report = agreement_report(Corpus(documents, []), a, b, names)
    if args.disagreements:
        print("\n".join(disagreements(a, b)) or "no span disagreements")
    if args.output:
        write_text_atomic(Path(args.output), report + "\n")
        print(f"wrote {args.output}")
    elif not args.disagreements:
        print(report)
    return 0


# -- parser ------------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bench",
        description="Score information-extraction systems on hand-labelled news: entities, quotes, numeric claims.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("validate", help="check the gold corpus (or given standoff files) against the annotation rules")
    p.add_argument("files", nargs="*", help="standoff JSONL files to check (default: annotations/gold.jsonl)")
    p.add_argument("--annotations", help="annotations folder (default: the project's)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("stats", help="count gold spans per document, task and label")
    p.add_argument("--annotations", help="annotations folder (default: the project's)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("agreement", help="agreement of two annotation passes (span P/R/F1, token kappa)")
    p.add_argument("--pass-a", help="first pass (default: annotations/passes/pass_a.jsonl)")
    p.add_argument("--pass-b", help="second pass (default: annotations/passes/pass_b.jsonl)")
    p.add_argument("--annotations", help="annotations folder (default: the project's)")
    p.add_argument("--output", "-o", help="write the Markdown report here (e.g. annotations/AGREEMENT.md)")
    p.add_argument("--disagreements", action="store_true", help="list spans found by one pass only")
    p.set_defaults(func=cmd_agreement)
    return parser


def main(argv: list[str] | None = None) -> int:
    from .standoff import InputError
    from .systems import SystemError_

    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (InputError, UsageError, SystemError_) as exc:
        print(f"bench {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"bench {args.command}: interrupted; nothing was written", file=sys.stderr)
        return 130
