"""What several commands share: option types, the corpus options, and printing results."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import UsageError

RUNS = Path("runs")
COMMAND_TIMEOUT = 3600  # seconds for one --system-cmd call
MAX_INT_OPTION = 10**9
CORPUS_HELP = "named corpus: newsie-v1 (the seed articles, default), reuters-test, reuters-dev, reuters-train (`bench tasks` lists them)"
CONLL_HELP = ("your CoNLL-2003 folder (train.txt, dev.txt, test.txt), for the reuters-* corpora "
              "(default: $BENCH_CONLL, else ../shared/data/conll2003, else the Hugging Face hub)")


def non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not 0 <= value <= MAX_INT_OPTION:
        raise argparse.ArgumentTypeError(f"must be between 0 and {MAX_INT_OPTION:,}, got {value}")
    return value


def positive_int(text: str) -> int:
    value = non_negative_int(text)
    if value == 0:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, got {text!r}")
    return value


def add_corpus(p: argparse.ArgumentParser, annotations_help: str = "an annotations folder (documents.jsonl + gold.jsonl with text) "
                                                                  "instead of a named corpus") -> None:
    p.add_argument("--corpus", metavar="NAME", help=CORPUS_HELP)
    p.add_argument("--conll", metavar="DIR", help=CONLL_HELP)
    p.add_argument("--annotations", metavar="DIR", help=annotations_help)


def add_gold(p: argparse.ArgumentParser) -> None:
    add_corpus(p, "score against another annotated folder (documents.jsonl + gold.jsonl with text), e.g. annotations/heldout")
    p.add_argument("--gold", metavar="PATH", help="score against an external CoNLL-format file (token ... tag columns; entities, "
                                                  "coarse view) instead of a corpus")
    p.add_argument("--gold-name", metavar="NAME", help="name of that file's corpus in results (default: from its path, e.g. conll2003-test)")


def add_tasks(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument("--task", action="append", metavar="TASK", help=f"{what} (repeatable)")
    p.add_argument("--tasks", metavar="A,B", help="the same as a comma-separated list, e.g. --tasks quotes,numeric_claims")
    p.add_argument("--limit", type=positive_int, metavar="N", help="only the first N documents, for a quick check: prints the "
                                                                   "scores and stores nothing")


def add_scoring(p: argparse.ArgumentParser) -> None:
    p.add_argument("--resamples", type=non_negative_int, default=10_000, metavar="N",
                   help="bootstrap resamples for the 95%% CIs (default 10000; 0 = none)")
    p.add_argument("--seed", type=non_negative_int, default=0, help="seed of the bootstrap (default 0)")
    p.add_argument("--results", default="results", metavar="DIR", help="results folder (default results/)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--allow-missing", action="store_true", help="accept documents with no predicted span (they are listed on stderr)")


def requested_tasks(args) -> list[str] | None:
    """--task (repeatable) and --tasks a,b together, checked against the registry."""
    from ..tasks import TASKS

    tasks = list(args.task or []) + [t.strip() for t in (args.tasks or "").split(",") if t.strip()]
    unknown = [t for t in tasks if t not in TASKS]
    if unknown:
        raise UsageError(f"unknown task {unknown[0]!r} (known: {', '.join(TASKS)})")
    return list(dict.fromkeys(tasks)) or None


def corpus_from_args(args, tasks: list[str] | None = None):
    """The corpus a command works on: --annotations DIR, else --corpus NAME (default the seed
    articles); ``tasks``: the tasks the command needs gold for (default all)."""
    from ..api import load_corpus

    corpus = load_corpus(getattr(args, "corpus", None), conll=getattr(args, "conll", None), annotations=getattr(args, "annotations", None),
                         tasks=tasks)
    limit = getattr(args, "limit", None)
    return corpus.first(limit) if limit else corpus


def corpus_spec(args, tasks: list[str] | None = None):
    """The corpus of a scoring command, or an external CoNLL file given with --gold."""
    from ..corpus import CorpusSpec

    if getattr(args, "gold", None):
        from ..conll import conll_corpus

        path = Path(args.gold)
        corpus, repairs = conll_corpus(path)
        if repairs:
            print(f"note: {len(repairs)} invalid IOB2 tags in the gold file were read as chunk starts, e.g. {repairs[0]}", file=sys.stderr)
        if getattr(args, "limit", None):
            corpus = corpus.first(args.limit)
        parent = path.resolve().parent.name
        return CorpusSpec(args.gold_name or (f"{parent}-{path.stem}" if parent else path.stem), corpus, external=True)
    corpus = corpus_from_args(args, tasks)
    return CorpusSpec(corpus.name, corpus)


def print_results(pairs, as_json: bool) -> None:
    from ..tables import format_scores

    if as_json:
        print(json.dumps([r for _, r in pairs] if len(pairs) != 1 else pairs[0][1], indent=1))
        return
    for path, r in pairs:
        for scores in r["scores"].values():
            print(format_scores(f"{r['system']['name']} / {r['task']} / {r['corpus']['name']}", scores))
        if path:
            print(f"  -> {path}")
        print()
