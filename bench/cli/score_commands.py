"""Commands that score and rank: run, evaluate, compare, leaderboard, systems."""
from __future__ import annotations

import json
import sys
from contextlib import nullcontext
from pathlib import Path

from ..errors import UsageError
from .options import (COMMAND_TIMEOUT, RUNS, add_gold, add_scoring, add_tasks, corpus_spec, non_negative_int, positive_float,
                      print_results, requested_tasks)


def cmd_run(args) -> int:
    from ..api import recover_folders
    from ..results import check_name
    from ..runner import run_system, supported_tasks
    from ..systems import CommandSystem, load_system

    specs = [("module", x) for x in args.system or []] + [("command", x) for x in args.system_cmd or []]
    if not specs:
        raise UsageError("name a system: --system NAME (repeatable) or --system-cmd COMMAND; `bench systems` lists them")
    if args.name and len(specs) > 1:
        raise UsageError("--name applies to a single system")
    if args.name:
        check_name(args.name)
    tasks = requested_tasks(args)
    if args.system_cmd and not tasks:
        raise UsageError("--system-cmd needs --task: the tasks the program covers (a program is never assumed to do all three)")
    if not args.limit:
        recover_folders(Path(args.results), RUNS)
    options = {"device": args.device, "batch_size": args.batch_size}
    # options only some systems take (a model, a server, a prompt): passed only when given
    given = (("model", args.model), ("dtype", args.dtype), ("api_base", args.api_base), ("shots", args.shots),
             ("prompt_dir", args.prompt_dir), ("cache_dir", args.cache_dir), ("concurrency", args.concurrency))
    options.update({k: v for k, v in given if v is not None})
    if args.timeout is not None and args.system:
        options["timeout"] = args.timeout
    if args.trust_remote_code:
        options["trust_remote_code"] = True
    spec = corpus_spec(args)
    plan = []  # build every system and check its tasks before running any
    for kind, target in specs:
        system = (CommandSystem(target, name=args.name, tasks=tasks, timeout=args.timeout or COMMAND_TIMEOUT) if kind == "command"
                  else load_system(target, options))
        if args.name:
            system.name = args.name
        wanted = tasks
        if wanted and len(specs) > 1:  # systems x tasks: each runs the requested tasks it covers
            wanted = [t for t in wanted if t in system.tasks] or wanted
        try:
            plan.append((system, supported_tasks(system, wanted, spec)))
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    pairs, notes = [], []
    with _scratch_folder("bench-limit-") as scratch:
        results = Path(scratch) / "results" if args.limit else Path(args.results)  # --limit stores nothing
        runs = Path(scratch) / "runs" if args.limit else RUNS
        for system, chosen in plan:
            pairs += run_system(system, spec, chosen, results_dir=results, runs_dir=runs, n_resamples=args.resamples, seed=args.seed,
                                progress=not args.no_progress, allow_missing=args.allow_missing, notes=notes,
                                extra_provenance={"device": getattr(system, "device_name", None) or "cpu",
                                                  "batch_size": args.batch_size, "command": args.command_line})
        if args.limit:
            pairs = [(None, r) for _, r in pairs]
    print_results(pairs, args.json)
    for note in notes:
        print(note, file=sys.stderr)
    return 0


def _scratch_folder(prefix: str):
    import tempfile  # only where a scratch folder is made: it costs start-up time

    return tempfile.TemporaryDirectory(prefix=prefix)


def cmd_evaluate(args) -> int:
    from ..api import infer_tasks, recover_folders, save_result, to_predictions, views_of
    from ..evaluation import evaluate, predicted_spans
    from ..predictions import guess_format
    from ..results import check_name, make_result, provenance
    from ..predictions import missing_note
    from ..standoff import spans_jsonl

    path = Path(args.predictions)
    fmt = guess_format(path) if args.format == "auto" else args.format
    tasks = requested_tasks(args)
    if not tasks:
        if fmt != "jsonl":
            raise UsageError(f"{path}: a token/tag file names no task: pass --task")
        tasks = infer_tasks(path)
        if not tasks:
            raise UsageError(f"{path}: no record names a known task: pass --task")
    name = args.name or path.stem
    store = args.save and not args.limit  # --limit is a quick check: nothing is stored
    if store:
        check_name(name)
        recover_folders(Path(args.results), RUNS)
    spec = corpus_spec(args, tasks)
    pairs, notes = [], []
    with _scratch_folder("bench-evaluate-") if args.report else nullcontext() as scratch:
        for task in tasks:
            available = views_of(spec.corpus, task)
            if args.view and args.view not in available:
                raise UsageError(f"task {task} on corpus {spec.name} is scored in the {' and '.join(available)} view, not {args.view}")
            views = [args.view] if args.view else available
            pred = to_predictions(path, spec.corpus, task, views[0], fmt, args.allow_missing)
            scores = {v: evaluate(spec.corpus, task, pred, v, args.resamples, args.seed).to_dict() for v in views}
            kept = RUNS / spec.name / task / f"{name}.jsonl"  # a saved result keeps its predictions beside it
            result = make_result({"name": name, "version": args.system_version, "tasks": [task], "label_map": {}}, task, spec.name,
                                 spec.corpus.version, scores, provenance(predictions=str(kept) if store else str(path), seed=args.seed,
                                                                         resamples=args.resamples, command=args.command_line))
            text = spans_jsonl(predicted_spans(spec.corpus, task, pred)[1]) if store or args.report else ""
            out = save_result(result, text, Path(args.results)) if store else None
            if args.report:  # the report reads a result and its predictions: a scratch copy of both
                save_result({**result, "provenance": {**result["provenance"], "predictions": str(Path(scratch) / kept)}} |
                            {"integrity": None}, text, Path(scratch) / "results", Path(scratch) / "runs", rehash=True)
            pairs.append((out, result))
            if args.allow_missing:
                notes.append(missing_note(task, spec.corpus, pred))
        print_results(pairs, args.json)
        if args.report:
            from ..report import GoldSources, build_report

            gold = GoldSources(getattr(args, "annotations", None), getattr(args, "gold", None), getattr(args, "gold_name", None),
                               getattr(args, "conll", None))
            page = build_report([Path(scratch) / "results"], args.report, resamples=max(1, min(args.resamples, 1000)),
                                seed=args.seed, gold=gold)
            print(f"wrote {page}")
    for note in filter(None, notes):
        print(note, file=sys.stderr)
    return 0


def cmd_compare(args) -> int:
    from ..bootstrap import paired_bootstrap
    from ..result_check import check_result

    a, b = check_result(Path(args.result_a)), check_result(Path(args.result_b))
    if a["task"] != b["task"]:
        raise UsageError(f"results are for different tasks: {a['task']} vs {b['task']}")
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
    from ..api import recover_folders
    from ..leaderboard import render
    from ..results import write_text_atomic

    recover_folders(Path(args.results), RUNS)
    text = render(Path(args.results))
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


def cmd_systems(args) -> int:
    from ..api import list_systems

    systems = list_systems()
    if args.json:
        print(json.dumps(systems, indent=1))
    else:
        for name, target in sorted(systems.items()):
            print(f"{name:<24} {target}")
    return 0


def add_parsers(sub) -> None:
    p = sub.add_parser("run", help="run systems on a corpus and store scored results",
                       description="Run a system on every document, check its output like a prediction file, score it and write "
                                   "results/<corpus>/<task>/<system>.json with its predictions in runs/, all tasks at once or none.")
    p.add_argument("--system", metavar="NAME", action="append", help="registered system (see `bench systems`) or package.module:attr; repeatable")
    p.add_argument("--system-cmd", metavar="COMMAND", action="append", help="external program: JSONL documents on stdin, JSONL spans on stdout; repeatable")
    p.add_argument("--name", help="name to store the results under (default: the system's own)")
    add_tasks(p, "task to run (default: all the system covers; a --system-cmd must be given its tasks)")
    p.add_argument("--model", help="model id or local path, for systems that load one (transformer, llm)")
    p.add_argument("--device", default="auto", help="auto, cpu, cuda or cuda:N (default auto: CUDA when available)")
    p.add_argument("--batch-size", type=non_negative_int, default=16, help="batch size for systems that batch (default 16)")
    p.add_argument("--dtype", help="float32, float16 or bfloat16, for systems that load a model (default: float16 on CUDA)")
    p.add_argument("--trust-remote-code", action="store_true", help="allow a model's own code to run (off by default)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--timeout", type=positive_float, metavar="SECONDS",
                   help=f"time limit of one --system-cmd call (default {COMMAND_TIMEOUT}) or of one llm request")
    p.add_argument("--api-base", metavar="URL", help="OpenAI-compatible server for the llm system, e.g. http://localhost:8000/v1 "
                                                    "(key from $OPENAI_API_KEY)")
    p.add_argument("--shots", type=non_negative_int, metavar="K", help="llm: demonstrations in the prompt (default 0)")
    p.add_argument("--prompt-dir", metavar="DIR", help="llm: a folder of prompt templates <task>.txt to use instead of the built-in ones")
    p.add_argument("--cache-dir", metavar="DIR", help="llm: the response cache (default ~/.cache/newsie-bench/llm)")
    p.add_argument("--concurrency", type=non_negative_int, metavar="N", help="llm: requests in flight to the server (default 4)")
    add_gold(p)
    add_scoring(p)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("evaluate", help="score a prediction file (standoff JSONL or CoNLL token/tag columns)",
                       description="Score a prediction file. A standoff file's records name their tasks, so --task is needed "
                                   "only for token/tag columns. Never imports torch or transformers.")
    p.add_argument("predictions", help="prediction file: standoff JSONL, or token/tag columns (.conll/.bio/.tsv/.txt)")
    add_tasks(p, "task to score (default: the tasks the file's records name)")
    p.add_argument("--format", default="auto", choices=["auto", "jsonl", "conll"], help="file format (default: from the extension)")
    p.add_argument("--view", choices=["fine", "conll"], help="label view (default: every view of the task on the corpus)")
    p.add_argument("--name", help="system name for a saved result (default: the file name)")
    p.add_argument("--system-version", default="", help="system version for a saved result")
    p.add_argument("--save", action="store_true", help="write the result under results/ and a copy of the predictions in runs/")
    p.add_argument("--report", metavar="DIR", help="also write the error-analysis report of this file to DIR (like spacy evaluate --displacy-path)")
    add_gold(p)
    add_scoring(p)
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("compare", help="paired significance test between two results")
    p.add_argument("result_a", help="a result file (results/<corpus>/<task>/<system>.json)")
    p.add_argument("result_b", help="another result of the same task on the same corpus")
    p.add_argument("--view", help="label view to compare (default: the first in the results)")
    p.add_argument("--resamples", type=non_negative_int, default=10_000, help="bootstrap resamples (default 10000)")
    p.add_argument("--seed", type=non_negative_int, default=0, help="seed of the bootstrap (default 0)")
    p.add_argument("--json", action="store_true", help="print the test as JSON")
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("leaderboard", help="render LEADERBOARD.md from results/")
    p.add_argument("--results", default="results", metavar="DIR", help="results folder (default results/)")
    p.add_argument("--output", "-o", default="LEADERBOARD.md", metavar="FILE", help="the page to write (default LEADERBOARD.md)")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 if the page differs from a fresh render")
    p.set_defaults(func=cmd_leaderboard)

    p = sub.add_parser("systems", help="list the registered systems")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_systems)
