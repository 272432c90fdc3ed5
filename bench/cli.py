"""The ``bench`` command line. Heavy libraries are imported inside the commands that use them."""
from __future__ import annotations

import argparse
import json
import shlex
import sys
from collections import Counter
from pathlib import Path

from . import __version__


from .errors import BenchError, UsageError  # noqa: E402  (one line for the user, exit code 2)


RUNS = Path("runs")
COMMAND_TIMEOUT = 3600  # seconds for one --system-cmd call
MAX_INT_OPTION = 10**9


def non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not 0 <= value <= MAX_INT_OPTION:
        raise argparse.ArgumentTypeError(f"must be between 0 and {MAX_INT_OPTION:,}, got {value}")
    return value


def positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, got {text!r}")
    return value


def _corpus(args):
    """The corpus a command works on: --annotations DIR, else --corpus NAME (default the seed articles)."""
    from .corpora import BENCH_CORPUS, load_named
    from .corpus import load_corpus

    if getattr(args, "annotations", None):
        return load_corpus(Path(args.annotations))
    conll = Path(args.conll) if getattr(args, "conll", None) else None
    return load_named(getattr(args, "corpus", None) or BENCH_CORPUS, conll)


# -- validate / stats / agreement --------------------------------------------------------

def cmd_validate(args) -> int:
    from .corpus import ANNOTATIONS, DOCUMENTS_FILE, GOLD_FILE
    from .documents import load_documents
    from .standoff import parse_spans

    from .corpora import BENCH_CORPUS, corpus_dir

    layer = not args.annotations and (args.corpus or BENCH_CORPUS) != BENCH_CORPUS
    if layer:
        root = corpus_dir(args.corpus)
        documents = _corpus(args).documents  # rebuilt from CoNLL-2003 and hash-checked
    else:
        root = Path(args.annotations) if args.annotations else ANNOTATIONS
        documents = {d.id: d for d in load_documents(root / DOCUMENTS_FILE)}
    files = [Path(f) for f in args.files] or [root / GOLD_FILE]
    total = 0
    for path in files:
        spans, problems = parse_spans(path, documents, gold=True, layer=layer, sentences="lines" if layer else "canonical")
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
    print(f"{corpus.name} gold version {corpus.version}: {len(corpus.documents)} documents, {len(corpus.sentences)} sentences, "
          f"{sum(len(s.tokens) for s in corpus.sentences)} tokens, {len(corpus.spans)} spans")
    print(f"{'document':<22} {'task':<15} {'label':<10} {'count':>5}")
    for r in rows:
        print(f"{r['doc']:<22} {r['task']:<15} {r['label']:<10} {r['count']:>5}")
    from .tasks import TASKS

    for task in (t for t in TASKS.values() if t.group_by):
        groups = {(s.doc, s.attrs[task.group_by]) for s in corpus.spans if s.task == task.name and task.group_by in s.attrs}
        for doc in corpus.documents:
            print(f"{doc:<22} {task.name:<15} {'records':<10} {sum(1 for d, _ in groups if d == doc):>5}")
    return 0


def cmd_agreement(args) -> int:
    from .agreement import agreement_report, disagreements
    from .results import write_text_atomic
    from .corpus import ANNOTATIONS, DOCUMENTS_FILE, Corpus
    from .documents import load_documents
    from .standoff import load_spans

    from .corpora import BENCH_CORPUS, corpus_dir

    layer = not args.annotations and (args.corpus or BENCH_CORPUS) != BENCH_CORPUS
    if layer:
        root = corpus_dir(args.corpus)
        documents = _corpus(args).documents
    else:
        root = Path(args.annotations) if args.annotations else ANNOTATIONS
        documents = {d.id: d for d in load_documents(root / DOCUMENTS_FILE)}
    pass_a, pass_b = Path(args.pass_a or root / "passes" / "pass_a.jsonl"), Path(args.pass_b or root / "passes" / "pass_b.jsonl")
    mode = "lines" if layer else "canonical"
    a = load_spans(pass_a, documents, gold=True, layer=layer, sentences=mode)
    b = load_spans(pass_b, documents, gold=True, layer=layer, sentences=mode)
    names = (str(pass_a.relative_to(root.parent)) if pass_a.is_relative_to(root.parent) else str(pass_a),
             str(pass_b.relative_to(root.parent)) if pass_b.is_relative_to(root.parent) else str(pass_b))
    # both passes cover the same documents; agreement is measured on those alone
    both = {s.doc for s in a} | {s.doc for s in b}
    report = agreement_report(Corpus({k: v for k, v in documents.items() if k in both}, []), a, b, names)
    if args.disagreements:
        print("\n".join(disagreements(a, b)) or "no span disagreements")
    if args.output:
        write_text_atomic(Path(args.output), report + "\n")
        print(f"wrote {args.output}")
    elif not args.disagreements:
        print(report)
    return 0


# -- run / evaluate / compare / leaderboard ----------------------------------------------

def _corpus_spec(args):
    """The benchmark's gold, or an external CoNLL corpus given with --gold."""
    from .runner import CorpusSpec

    if getattr(args, "gold", None):
        from .conll import conll_corpus

        path = Path(args.gold)
        corpus, repairs = conll_corpus(path)
        if repairs:
            print(f"note: {len(repairs)} invalid IOB2 tags in the gold file were read as chunk starts, e.g. {repairs[0]}", file=sys.stderr)
        name = args.gold_name or _external_name(path)
        return CorpusSpec(name, corpus, external=True)
    corpus = _corpus(args)
    return CorpusSpec(corpus.name, corpus, external=False)


def _external_name(path: Path) -> str:
    parent = path.resolve().parent.name
    return f"{parent}-{path.stem}" if parent and parent not in (".", "") else path.stem


def _print_results(pairs, as_json: bool) -> None:
    from .tables import format_scores

    if as_json:
        print(json.dumps([r for _, r in pairs] if len(pairs) != 1 else pairs[0][1], indent=1))
        return
    for path, r in pairs:
        for view, scores in r["scores"].items():
            print(format_scores(f"{r['system']['name']} / {r['task']} / {r['corpus']['name']}", scores))
        if path:
            print(f"  -> {path}")
        print()


def cmd_run(args) -> int:
    from .runner import run_system, supported_tasks
    from .systems import CommandSystem, load_system

    from .results import check_name
    from .transaction import recover

    specs = [("module", x) for x in args.system or []] + [("command", x) for x in args.system_cmd or []]
    if not specs:
        raise UsageError("name a system: --system NAME (repeatable) or --system-cmd COMMAND; `bench systems` lists them")
    if args.name and len(specs) > 1:
        raise UsageError("--name applies to a single system")
    if args.name:
        check_name(args.name)
    if args.system_cmd and not args.task:
        raise UsageError("--system-cmd needs --task: the tasks the program covers (a program is never assumed to do all three)")
    for line in recover(Path(args.results), RUNS):
        print(f"note: {line}", file=sys.stderr)
    options = {"device": args.device, "batch_size": args.batch_size}
    # options only some systems take (a model, a server, a prompt): passed only when given
    given = (("model", args.model), ("dtype", args.dtype), ("api_base", args.api_base), ("shots", args.shots),
             ("prompt_dir", args.prompt_dir), ("cache_dir", args.cache_dir), ("concurrency", args.concurrency))
    options.update({k: v for k, v in given if v is not None})
    if args.timeout is not None and args.system:
        options["timeout"] = args.timeout
    if args.trust_remote_code:
        options["trust_remote_code"] = True
    spec = _corpus_spec(args)
    plan = []  # build every system and check its tasks before running any
    for kind, target in specs:
        system = (CommandSystem(target, name=args.name, tasks=args.task, timeout=args.timeout or COMMAND_TIMEOUT) if kind == "command"
                  else load_system(target, options))
        if args.name:
            system.name = args.name
        requested = args.task
        if requested and len(specs) > 1:  # systems x tasks: each runs the requested tasks it covers
            requested = [t for t in requested if t in system.tasks] or requested
        try:
            plan.append((system, supported_tasks(system, requested, spec)))
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    pairs = []
    notes: list[str] = []
    for system, tasks in plan:
        pairs += run_system(system, spec, tasks, results_dir=Path(args.results), n_resamples=args.resamples, seed=args.seed,
                            progress=not args.no_progress, allow_missing=args.allow_missing, notes=notes,
                            extra_provenance={"device": getattr(system, "device_name", None) or "cpu",
                                              "batch_size": args.batch_size, "command": args.command_line})
    _print_results(pairs, args.json)
    for note in notes:
        print(note, file=sys.stderr)
    return 0


def cmd_evaluate(args) -> int:
    from .evaluation import evaluate
    from .predictions import read_predictions
    from .results import make_result, provenance, result_path, write_json_atomic
    from .tasks import TASKS

    if args.task not in TASKS:
        raise UsageError(f"unknown task {args.task!r} (known: {', '.join(TASKS)})")
    spec = _corpus_spec(args)
    if not spec.corpus.covers(args.task):
        raise UsageError(f"corpus {spec.name} has no gold for task {args.task} (it has: {', '.join(spec.corpus.tasks or ())})")
    available = spec.views(args.task)
    views = [args.view] if args.view else available
    if args.view and args.view not in available:
        raise UsageError(f"task {args.task} on corpus {spec.name} is scored in the {' and '.join(available)} view, not {args.view}")
    from .evaluation import predicted_spans
    from .results import check_name, json_text, same_result
    from .runner import missing_note
    from .standoff import spans_jsonl
    from .transaction import Transaction, recover

    path = Path(args.predictions)
    name = args.name or path.stem
    if args.save:
        check_name(name)
        for line in recover(Path(args.results), RUNS):
            print(f"note: {line}", file=sys.stderr)
    pred = read_predictions(path, spec.corpus, args.task, args.format, allow_missing=args.allow_missing, view=views[0])
    scores = {view: evaluate(spec.corpus, args.task, pred, view, args.resamples, args.seed).to_dict() for view in views}
    # a saved result keeps its predictions beside it, in runs/, as standoff JSONL
    kept = RUNS / spec.name / args.task / f"{name}.jsonl" if args.save else None
    result = make_result({"name": name, "version": args.system_version, "tasks": [args.task], "label_map": {}},
                         args.task, spec.name, spec.corpus.version, scores,
                         provenance(predictions=str(kept or path), seed=args.seed, resamples=args.resamples, command=args.command_line))
    out = None
    if args.save:
        from .result_check import BadResult, check_result

        out = result_path(Path(args.results), spec.name, args.task, name)
        _, spans, _ = predicted_spans(spec.corpus, args.task, pred)
        with Transaction(Path(args.results)) as tx:
            tx.stage(kept, spans_jsonl(spans))
            tx.rollback_last_prediction_if_same(kept, spans_jsonl(spans))
            try:
                unchanged = out.is_file() and same_result(check_result(out), result)
            except BadResult:
                unchanged = False
            if not unchanged:
                tx.stage(out, json_text(result))
            tx.commit()
    _print_results([(out, result)], args.json)
    if args.allow_missing:
        note = missing_note(args.task, spec.corpus, pred)
        if note:
            print(note, file=sys.stderr)
    return 0


def _read_result(path: str) -> dict:
    from .result_check import check_result

    return check_result(Path(path))


def cmd_compare(args) -> int:
    from .bootstrap import paired_bootstrap

    a, b = _read_result(args.result_a), _read_result(args.result_b)
    for key in ("task",):
        if a[key] != b[key]:
            raise UsageError(f"results are for different tasks: {a[key]} vs {b[key]}")
    if a["corpus"] != b["corpus"]:
        raise UsageError(f"results are scored on different gold: {a['corpus']} vs {b['corpus']}; re-run one of them")
    view = args.view or next(iter(a["scores"]))
    if view not in a["scores"] or view not in b["scores"]:
        raise UsageError(f"view {view!r} is not in both results (have: {sorted(a['scores'])} and {sorted(b['scores'])})")
    test = paired_bootstrap(a["scores"][view]["units"], b["scores"][view]["units"], args.resamples, args.seed)
    out = {"a": a["system"]["name"], "b": b["system"]["name"], "task": a["task"], "view": view,
           "f1_a": test.f1_a, "f1_b": test.f1_b, "delta": test.delta, "delta_ci": list(test.ci),
           "p_value": test.p_value, "resamples": test.n_resamples, "significant": test.significant}
    if args.json:
        print(json.dumps(out, indent=1))
    else:
        verdict = "significant" if test.significant else "not significant"
        print(f"{out['a']} vs {out['b']} on {out['task']} [{view} view], paired bootstrap, {test.n_resamples} resamples")
        print(f"  F1 {100 * test.f1_a:.2f} vs {100 * test.f1_b:.2f}: difference {100 * test.delta:+.2f} "
              f"(95% CI {100 * test.ci[0]:+.2f} to {100 * test.ci[1]:+.2f}), p = {test.p_value:.4f}: {verdict} at 0.05")
    return 0


def cmd_leaderboard(args) -> int:
    from .leaderboard import render
    from .results import write_text_atomic
    from .transaction import recover

    for line in recover(Path(args.results), RUNS):
        print(f"note: {line}", file=sys.stderr)
    try:
        text = render(Path(args.results))
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    out = Path(args.output)
    if args.check:
        current = out.read_text(encoding="utf-8") if out.exists() else ""
        if current != text:
            print(f"{out} differs from a fresh render of {args.results}/: run `bench leaderboard`", file=sys.stderr)
            return 1
        print(f"{out} is up to date")
        return 0
    write_text_atomic(out, text)
    print(f"wrote {out}")
    return 0


def cmd_tokens(args) -> int:
    """The canonical tokens as a CoNLL template (tag column O), for systems that write tags."""
    spec = _corpus_spec(args)
    out = []
    doc = None
    for sent in spec.corpus.sentences:
        if sent.doc != doc:
            out.append(f"-DOCSTART- {sent.doc}\n")
            doc = sent.doc
        out.append("".join(f"{t.text} O\n" for t in sent.tokens) + "\n")
    sys.stdout.write("".join(out))
    return 0


def cmd_export(args) -> int:
    from .corpora import export

    args.corpus = args.corpus_name
    corpus = _corpus(args)
    out = Path(args.output)
    export(corpus, out)
    print(f"wrote {out}/ ({len(corpus.documents)} documents, {len(corpus.spans)} gold spans); keep it out of the repository")
    return 0


def cmd_systems(args) -> int:
    from .systems import available_systems

    systems = available_systems()
    if args.json:
        print(json.dumps(systems, indent=1))
    else:
        for name, target in sorted(systems.items()):
            print(f"{name:<24} {target}")
    return 0


# -- parser ------------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bench",
        description="Score information-extraction systems on hand-labelled news: entities, quotes, numeric claims.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def add_corpus(p, annotations_help="an annotations folder (documents.jsonl + gold.jsonl with text) instead of a named corpus"):
        p.add_argument("--corpus", metavar="NAME", help="named corpus: newsie-v1 (the seed articles, default), reuters-dev, reuters-test, reuters-train")
        p.add_argument("--conll", metavar="DIR", help="your CoNLL-2003 folder (train.txt, dev.txt, test.txt), for the reuters-* corpora "
                                                     "(default: $BENCH_CONLL, else ../shared/data/conll2003, else the Hugging Face hub)")
        p.add_argument("--annotations", metavar="DIR", help=annotations_help)

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
    p.add_argument("corpus_name", metavar="CORPUS", help="newsie-v1, reuters-dev, reuters-test or reuters-train")
    p.add_argument("--output", "-o", required=True, metavar="DIR", help="folder to write (created if missing)")
    p.add_argument("--conll", metavar="DIR", help="your CoNLL-2003 folder (default: $BENCH_CONLL, else ../shared/data/conll2003, else the hub)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("agreement", help="agreement of two annotation passes (span P/R/F1, token kappa, record agreement)")
    p.add_argument("--pass-a", help="first pass (default: the corpus's passes/pass_a.jsonl)")
    p.add_argument("--pass-b", help="second pass (default: the corpus's passes/pass_b.jsonl)")
    add_corpus(p)
    p.add_argument("--output", "-o", help="write the Markdown report here (e.g. annotations/AGREEMENT.md)")
    p.add_argument("--disagreements", action="store_true", help="list spans found by one pass only")
    p.set_defaults(func=cmd_agreement)

    def add_gold(p):
        p.add_argument("--gold", metavar="PATH", help="score against an external CoNLL-format corpus (token ... tag columns; entities, coarse view) instead of the benchmark")
        p.add_argument("--gold-name", metavar="NAME", help="name of that corpus in results (default: from its path, e.g. conll2003-test)")
        p.add_argument("--annotations", metavar="DIR", help="score against another annotated corpus (documents.jsonl + gold.jsonl in the standoff format), e.g. annotations/heldout")
        p.add_argument("--corpus", metavar="NAME", help="named corpus: newsie-v1 (the seed articles, default), reuters-dev, reuters-test, reuters-train")
        p.add_argument("--conll", metavar="DIR", help="your CoNLL-2003 folder, for the reuters-* corpora (default: $BENCH_CONLL, else ../shared/data/conll2003, else the hub)")

    def add_scoring(p):
        p.add_argument("--resamples", type=non_negative_int, default=10_000, metavar="N", help="bootstrap resamples for the 95%% CIs (default 10000; 0 = none)")
        p.add_argument("--seed", type=non_negative_int, default=0, help="seed of the bootstrap (default 0)")
        p.add_argument("--results", default="results", metavar="DIR", help="results folder (default results/)")
        p.add_argument("--json", action="store_true", help="print the result as JSON")

    p = sub.add_parser("run", help="run systems on the benchmark (or a CoNLL corpus) and store scored results",
                       description="Run a system on every document, check its output like a prediction file, score it and write results/<corpus>/<task>/<system>.json.")
    p.add_argument("--system", metavar="NAME", action="append", help="registered system (see `bench systems`) or package.module:attr; repeatable")
    p.add_argument("--system-cmd", metavar="COMMAND", action="append", help="external program: JSONL documents on stdin, JSONL spans on stdout; repeatable")
    p.add_argument("--name", help="name to store the results under (default: the system's own)")
    p.add_argument("--task", action="append", metavar="TASK", help="task to run (repeatable; default: all the system covers)")
    p.add_argument("--model", help="model id or local path, for systems that load one (e.g. transformer)")
    p.add_argument("--device", default="auto", help="auto, cpu, cuda or cuda:N (default auto: CUDA when available)")
    p.add_argument("--batch-size", type=int, default=16, help="batch size for systems that batch (default 16)")
    p.add_argument("--dtype", help="float32, float16 or bfloat16, for systems that load a model (default: float16 on CUDA)")
    p.add_argument("--trust-remote-code", action="store_true", help="allow a model's own code to run (off by default)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--timeout", type=positive_float, metavar="SECONDS",
                   help=f"time limit of one --system-cmd call (default {COMMAND_TIMEOUT}), or of one request to a model server (llm)")
    p.add_argument("--api-base", metavar="URL", help="OpenAI-compatible server for the llm system, e.g. http://localhost:8000/v1 "
                                                     "(API key from $OPENAI_API_KEY); without it --model is a local Hugging Face model")
    p.add_argument("--shots", type=non_negative_int, metavar="K", help="llm: demonstrations in the prompt (default 0)")
    p.add_argument("--prompt-dir", metavar="DIR", help="llm: a folder of prompt templates <task>.txt to use instead of the built-in ones")
    p.add_argument("--cache-dir", metavar="DIR", help="llm: the response cache (default ~/.cache/newsie-bench/llm)")
    p.add_argument("--concurrency", type=non_negative_int, metavar="N", help="llm: requests in flight to the server (default 4)")
    p.add_argument("--allow-missing", action="store_true", help="accept documents with no predicted span (listed on stderr), as bench evaluate does")
    add_gold(p)
    add_scoring(p)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("evaluate", help="score a prediction file (standoff JSONL or CoNLL token/tag columns)",
                       description="Score a prediction file. Never imports torch or transformers.")
    p.add_argument("predictions", help="prediction file: standoff JSONL, or token/tag columns (.conll/.bio/.tsv/.txt)")
    p.add_argument("--task", required=True, help="entities, quotes or numeric_claims")
    p.add_argument("--format", default="auto", choices=["auto", "jsonl", "conll"], help="file format (default: from the extension)")
    p.add_argument("--view", choices=["fine", "conll"], help="label view (default: fine, plus conll for entities)")
    p.add_argument("--allow-missing", action="store_true", help="accept documents with no predicted span")
    p.add_argument("--name", help="system name for a saved result (default: the file name)")
    p.add_argument("--system-version", default="", help="system version for a saved result")
    p.add_argument("--save", action="store_true", help="write the result under results/")
    add_gold(p)
    add_scoring(p)
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("compare", help="paired significance test between two results")
    p.add_argument("result_a")
    p.add_argument("result_b")
    p.add_argument("--view", help="label view to compare (default: the first in the results)")
    p.add_argument("--resamples", type=non_negative_int, default=10_000, help="bootstrap resamples (default 10000)")
    p.add_argument("--seed", type=non_negative_int, default=0, help="seed of the bootstrap (default 0)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("leaderboard", help="render LEADERBOARD.md from results/")
    p.add_argument("--results", default="results", metavar="DIR")
    p.add_argument("--output", "-o", default="LEADERBOARD.md")
    p.add_argument("--check", action="store_true", help="exit 1 if the file differs from a fresh render")
    p.add_argument("--annotations", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_leaderboard)

    p = sub.add_parser("tokens", help="print the canonical tokens as a CoNLL template (for systems that write tags)")
    add_gold(p)
    p.set_defaults(func=cmd_tokens)

    p = sub.add_parser("systems", help="list the registered systems")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_systems)

    from .report import add_parser as add_report_parser
    from .train import add_parser as add_train_parser

    add_report_parser(sub)
    add_train_parser(sub)
    return parser


class Terminated(BaseException):
    """SIGTERM or SIGHUP, raised so that cleanup (killing a --system-cmd child) runs."""

    def __init__(self, signum: int):
        import signal

        self.signum = signum
        super().__init__(f"stopped by {signal.Signals(signum).name}")


def _terminate_on_signals() -> None:
    import signal

    def handler(signum, frame):
        raise Terminated(signum)

    for sig in (signal.SIGTERM, signal.SIGHUP):
        try:
            signal.signal(sig, handler)
        except (ValueError, OSError):  # not the main thread
            pass


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 2000 else text[:1997] + "..."


def main(argv: list[str] | None = None) -> int:
    from . import transaction

    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser().parse_args(argv)
    args.command_line = " ".join(shlex.quote(a) for a in ["bench", *argv])
    _terminate_on_signals()
    try:
        return args.func(args)
    except BenchError as exc:
        print(f"bench {args.command}: error: {_one_line(exc)}", file=sys.stderr)
        return 2
    except (KeyboardInterrupt, Terminated) as exc:
        written = transaction.COMMITTED
        what = (f"{len(written)} files had already been written, as one complete set" if written else "nothing was written")
        print(f"bench {args.command}: {exc or 'interrupted'}; {what}", file=sys.stderr)
        return 130 if isinstance(exc, KeyboardInterrupt) else 128 + getattr(exc, "signum", 15)
    except BrokenPipeError:  # `bench stats | head`: the reader has gone, which is no error
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
