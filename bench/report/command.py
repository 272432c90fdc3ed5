"""``bench report``: building the page from result files, and the command line for it.
Imported by the CLI to register the verb, so nothing heavy is imported at module level."""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Sequence

from ..errors import BadResult, InputError, ReportError, UsageError

DEFAULT_OUTPUT = "report"


def build_report(paths: Sequence[str | Path], output: str | Path = DEFAULT_OUTPUT, fmt: str = "html", tasks: Sequence[str] | None = None,
                 view: str | None = None, resamples: int = 10_000, seed: int = 0, max_documents: int | None = None,
                 gold: "GoldSources | None" = None) -> Path:
    """Write the report; returns the page (``index.html``) or Markdown file (``report.md``)."""
    from ..result_check import check_current
    from ..results import write_text_atomic
    from .load import GoldSources, collect_results
    from .model import build_groups

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
        from .markdown import render_markdown

        path = out_dir / "report.md"
        write_text_atomic(path, render_markdown(groups, resamples, seed, sources))
        return path
    from .figures import save_figures
    from .html import render_html

    images = {}
    for g in groups:
        images[g.key], g.figure = save_figures(g, out_dir)
    path = out_dir / "index.html"
    write_text_atomic(path, render_html(groups, images, resamples, seed, max_documents, sources))
    return path


def cmd_report(args) -> int:
    from ..tasks import TASKS
    from .load import GoldSources

    unknown = [t for t in args.task or [] if t not in TASKS]
    if unknown:
        raise UsageError(f"unknown task {unknown[0]!r} (known: {', '.join(TASKS)})")
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
    p.add_argument("--task", action="append", metavar="TASK", help="only this task (repeatable; default all)")
    p.add_argument("--view", choices=["fine", "conll"], help="only this label view (default: every view each result was scored in)")
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


