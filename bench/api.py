"""The public Python API: what the ``bench`` command does, for a notebook or a training loop.

    import bench
    result = bench.evaluate("preds.jsonl", task="quotes", corpus="reuters-test")
    result.f1, result.headline["ci"], result.to_dict()["quotes"]["records"]
    bench.evaluate(spans, task="entities")              # Span objects or standoff dicts
    bench.evaluate(tags, task="entities", view="conll") # IOB2 tags per sentence of the corpus
    bench.load_corpus("reuters-dev"), bench.list_tasks(), bench.list_systems(), bench.list_corpora()

Every CLI command goes through these functions; heavy libraries load only when used.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from .errors import InputError, Problem, UsageError

if TYPE_CHECKING:
    from .corpus import Corpus
    from .evaluation import Evaluation, Predictions
    from .tasks import Task

RUNS = Path("runs")
DEFAULT_RESAMPLES = 10_000


def load_corpus(name: str | None = None, *, conll: str | Path | None = None, annotations: str | Path | None = None,
                tasks: Sequence[str] | None = None) -> "Corpus":
    """A corpus by name (``newsie-v1``, ``reuters-test``, ...), or an annotations folder.
    ``tasks``: read only these tasks' gold where that saves work (an annotations folder)."""
    from .corpora import BENCH_CORPUS, load_named
    from .corpus import load_corpus as load_folder

    if annotations is not None:
        return load_folder(Path(annotations), tasks=tasks)
    return load_named(name or BENCH_CORPUS, Path(conll) if conll else None, tasks=tasks)


def list_tasks() -> list["Task"]:
    from .tasks import TASKS

    return list(TASKS.values())


def list_systems() -> dict[str, str]:
    """Registered systems: name -> ``module:attr``."""
    from .systems import available_systems

    return available_systems()


def list_corpora() -> list[str]:
    from .corpora import corpus_names

    return corpus_names()


def _corpus(corpus: "str | Corpus | None") -> "Corpus":
    return corpus if corpus is not None and not isinstance(corpus, (str, Path)) else load_corpus(corpus)


def infer_tasks(path: Path, limit: int = 10_000) -> list[str]:
    """The tasks a standoff JSONL file's records name (read from its first ``limit`` records)."""
    from .standoff import read_records
    from .tasks import TASKS

    seen: list[str] = []
    for n, item in enumerate(read_records(path)):
        if n >= limit:
            break
        if isinstance(item, Problem):
            continue
        task = item[1].get("task") if isinstance(item[1], dict) else None
        if isinstance(task, str) and task in TASKS and task not in seen:
            seen.append(task)
    return seen


def to_predictions(predictions: Any, corpus: "Corpus", task: str, view: str = "fine", fmt: str = "auto",
                   allow_missing: bool = False, name: str = "predictions") -> "Predictions":
    """A file path, :class:`Span` objects, standoff dicts or IOB2 tags per sentence, checked
    exactly as ``bench evaluate`` checks a file (raises InputError)."""
    from .evaluation import Predictions
    from .predictions import check_missing, read_predictions
    from .standoff import Span, parse_records
    from .tasks import get_task

    if isinstance(predictions, Predictions):
        return predictions
    if isinstance(predictions, (str, Path)):
        return read_predictions(Path(predictions), corpus, task, fmt, allow_missing=allow_missing, view=view)
    items = list(predictions)
    if items and all(isinstance(x, list) for x in items):  # tags per sentence
        if len(items) != len(corpus.sentences) or any(len(t) != len(s.tokens) for t, s in zip(items, corpus.sentences)):
            raise InputError([Problem(name, None, f"tags for {len(items)} sentences; the corpus has {len(corpus.sentences)} "
                                                  "(one list of IOB2 tags per sentence, one tag per canonical token)")])
        return Predictions(tags=[[str(t) for t in sent] for sent in items])
    records = [(n, x.to_dict() if isinstance(x, Span) else x) for n, x in enumerate(items, 1)]
    labels = get_task(task).view_labels(view) if view != "fine" else ()
    spans, problems = parse_records(records, name, corpus.documents, tasks=[task], extra_labels=labels)
    if problems:
        raise InputError(problems)
    if not allow_missing:
        check_missing(name, corpus, task, spans)
    return Predictions(spans=spans)


def evaluate(predictions: Any, task: str | None = None, corpus: "str | Corpus | None" = None, view: str | None = None, *,
             n_resamples: int = DEFAULT_RESAMPLES, seed: int = 0, allow_missing: bool = True, fmt: str = "auto") -> "Evaluation":
    """Score predictions of one task in one view (default: the task's first view on the corpus).

    ``task`` may be left out for a standoff file whose records name one task.
    """
    c = _corpus(corpus)
    task = task or _one_task(predictions)
    views = views_of(c, task)
    view = view or views[0]
    if view not in views:
        raise UsageError(f"task {task} on corpus {c.name} is scored in the {' and '.join(views)} view, not {view}")
    return evaluate_views(predictions, task, c, [view], n_resamples=n_resamples, seed=seed, allow_missing=allow_missing, fmt=fmt)[view]


def evaluate_views(predictions: Any, task: str, corpus: "Corpus", views: Sequence[str], *, n_resamples: int = DEFAULT_RESAMPLES,
                   seed: int = 0, allow_missing: bool = False, fmt: str = "auto") -> dict[str, "Evaluation"]:
    from .evaluation import evaluate as score

    pred = to_predictions(predictions, corpus, task, views[0], fmt, allow_missing)
    return {view: score(corpus, task, pred, view, n_resamples, seed) for view in views}


def views_of(corpus: "Corpus", task: str) -> list[str]:
    from .tasks import get_task

    get_task(task)
    if not corpus.covers(task):
        raise UsageError(f"corpus {corpus.name} has no gold for task {task} (it has: {', '.join(corpus.tasks or ())})")
    return list(corpus.task_views(task))


def _one_task(predictions: Any) -> str:
    if not isinstance(predictions, (str, Path)):
        raise UsageError("name the task: task=... (it is inferred only from a standoff file's records)")
    tasks = infer_tasks(Path(predictions))
    if len(tasks) != 1:
        raise UsageError(f"{predictions}: " + (f"records of {len(tasks)} tasks ({', '.join(tasks)}): name one with task=..." if tasks
                                                else "no record names its task: name it with task=..."))
    return tasks[0]


def save_result(result: dict, spans_text: str, results_dir: Path, runs_dir: Path = RUNS, rehash: bool = False) -> Path:
    """Store a result and its predictions together (all or nothing); an identical result stays
    untouched. ``rehash``: the result was changed after ``make_result`` (its hash is renewed)."""
    from .errors import BadResult
    from .result_check import check_result
    from .results import content_hash, json_text, result_path, same_result
    from .transaction import Transaction

    if rehash:
        result = {**result, "integrity": content_hash(result)}
    out = result_path(results_dir, result["corpus"]["name"], result["task"], result["system"]["name"])
    kept = runs_dir / result["corpus"]["name"] / result["task"] / f"{result['system']['name']}.jsonl"
    with Transaction(results_dir) as tx:
        tx.stage(kept, spans_text)
        tx.rollback_last_prediction_if_same(kept, spans_text)
        try:
            unchanged = out.is_file() and same_result(check_result(out), result)
        except BadResult:
            unchanged = False
        if not unchanged:
            tx.stage(out, json_text(result))
        tx.commit()
    return out


def recover_folders(*folders: Path) -> None:
    """Finish the commits of killed runs in these folders and say so on stderr."""
    from .transaction import recover

    for line in recover(*folders):
        print(f"note: {line}", file=sys.stderr)


def run(system: Any, corpus: "str | Corpus | None" = None, tasks: Iterable[str] | None = None, *, results_dir: str | Path = "results",
        n_resamples: int = DEFAULT_RESAMPLES, seed: int = 0, allow_missing: bool = False, progress: bool = True,
        provenance: dict | None = None, notes: list[str] | None = None, name: str | None = None) -> list[tuple[Path, dict]]:
    """Run a system (an object, or a registered name) on a corpus and store its scored results."""
    from .corpus import CorpusSpec
    from .runner import run_system, supported_tasks
    from .systems import load_system

    c = _corpus(corpus)
    if isinstance(system, str):
        system = load_system(system)
    spec = CorpusSpec(c.name, c)
    try:
        chosen = supported_tasks(system, list(tasks) if tasks else None, spec)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return run_system(system, spec, chosen, results_dir=Path(results_dir), n_resamples=n_resamples, seed=seed, progress=progress,
                      allow_missing=allow_missing, notes=notes, extra_provenance=provenance)
