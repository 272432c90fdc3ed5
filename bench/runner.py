"""Running systems over a corpus and turning predictions into stored results.

Every system's output goes through the same gate as a prediction file: it is written to
``runs/`` as standoff JSONL and read back with the checks of ``bench evaluate``, so a
plug-in gets exactly the validation a file does.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from .corpus import Corpus, CorpusSpec  # noqa: F401  (CorpusSpec: re-exported)
from .documents import Document
from .evaluation import Predictions, evaluate
from .predictions import missing_note, read_predictions  # noqa: F401  (missing_note: re-exported)
from .results import check_name, json_text, make_result, provenance, result_path
from .standoff import Span, spans_jsonl
from .systems import System, apply_label_map
from .tasks import TASKS, get_task

RUNS_DIR = Path("runs")


def predict_in_batches(system: System, documents: Sequence[Document], task: str, batch_docs: int, progress: bool) -> list[Span]:
    """Call the system on batches of documents, with a progress bar over documents."""
    from tqdm.auto import tqdm

    spans: list[Span] = []
    with tqdm(total=len(documents), desc=f"{system.name} {task}", unit="doc", disable=not progress, leave=False) as bar:
        for lo in range(0, len(documents), batch_docs):
            batch = documents[lo : lo + batch_docs]
            spans += system.predict(batch, task)
            bar.update(len(batch))
    return spans


def system_info(system: System) -> dict:
    info = {
        "name": system.name,
        "version": system.version,
        "tasks": list(system.tasks),
        "label_map": {t: dict(m) for t, m in system.label_map.items()},
    }
    if getattr(system, "description", None):
        info["description"] = system.description
    return info


def score_predictions(spec: CorpusSpec, task: str, pred: Predictions, views: list[str], n_resamples: int, seed: int) -> dict:
    return {view: evaluate(spec.corpus, task, pred, view, n_resamples, seed).to_dict() for view in views}


from .errors import EmptyOutput  # noqa: E402,F401


def check_nonempty(system_name: str, task: str, mapped) -> None:
    """Refuse a task's output when no span survives: empty output, or every label dropped."""
    if mapped.spans:
        return
    if mapped.dropped:
        labels = ", ".join(f"{k!r} x{v}" for k, v in sorted(mapped.dropped.items())[:5])
        raise EmptyOutput(f"system {system_name!r} gave no {task} span with a label of the task: all were dropped ({labels}); "
                          "map them in its label_map")
    raise EmptyOutput(f"system {system_name!r} produced no {task} spans at all")


def run_system(system: System, spec: CorpusSpec, tasks: Sequence[str], *, results_dir: Path, runs_dir: Path = RUNS_DIR,
               n_resamples: int, seed: int, batch_docs: int = 16, progress: bool = True, extra_provenance: dict | None = None,
               allow_missing: bool = False, notes: list[str] | None = None) -> list[tuple[Path, dict]]:
    """Predict, check, score and store one result per task. Returns (path, result) pairs.

    All tasks are one transaction: each task's predictions go to a temporary file of this
    process, are read back with the checks of ``bench evaluate`` and scored; only when every
    task has passed are the predictions and results renamed into ``runs/`` and ``results/``
    together (``bench.transaction``). A failure or a signal before that leaves both folders
    as they were; a result identical to the stored one but for its date is left untouched.
    """
    from .result_check import BadResult, check_result
    from .results import same_result
    from .transaction import Transaction, write_temp

    check_name(system.name)
    coarse_only = bool(getattr(system, "coarse_only", False))
    documents = list(spec.corpus.documents.values())
    out: list[tuple[Path, dict]] = []
    with Transaction(results_dir) as tx:
        for task in tasks:
            start = time.perf_counter()
            raw = predict_in_batches(system, documents, task, batch_docs, progress)
            wall = time.perf_counter() - start
            views = spec.views(task, coarse_only)
            mapped = apply_label_map(system, task, raw, spec.extra_labels(task, views))
            check_nonempty(system.name, task, mapped)
            pred_path = runs_dir / check_name(spec.name, "corpus name") / task / f"{system.name}.jsonl"
            text = spans_jsonl(mapped.spans)
            scratch = write_temp(pred_path, text.encode("utf-8"))  # this process's own file
            tx.staged.append((scratch, pred_path))
            pred = read_predictions(scratch, spec.corpus, task, "jsonl", allow_missing=allow_missing, view=views[0], name=str(pred_path))
            if allow_missing and notes is not None:
                note = missing_note(task, spec.corpus, pred)
                if note:
                    notes.append(note)
            pred.dropped_labels = mapped.dropped
            views_scores = score_predictions(spec, task, pred, views, n_resamples, seed)
            # the system's own account first; what the run itself knows wins
            own = getattr(system, "provenance", lambda: {})() or {}
            prov = provenance(**{**own, **(extra_provenance or {}), "wall_time_s": round(wall, 3), "seed": seed,
                                 "resamples": n_resamples, "predictions": str(pred_path)})
            result = make_result(system_info(system), task, spec.name, spec.corpus.version, views_scores, prov)
            path = result_path(results_dir, spec.name, task, system.name)
            out.append((path, result))
            try:
                unchanged = path.is_file() and same_result(check_result(path), result)
            except BadResult:
                unchanged = False
            if unchanged:
                tx.rollback_last_prediction_if_same(pred_path, text)
            else:
                tx.stage(path, json_text(result))
        tx.commit()
    return out


def supported_tasks(system: System, requested: Sequence[str] | None, spec: CorpusSpec) -> list[str]:
    tasks = list(requested) if requested else list(system.tasks)
    unknown = [t for t in tasks if t not in TASKS]
    if unknown:
        raise ValueError(f"unknown task {unknown[0]!r} (known: {', '.join(TASKS)})")
    missing = [t for t in tasks if t not in system.tasks]
    if missing:
        raise ValueError(f"system {system.name!r} does not cover task {missing[0]!r} (it covers: {', '.join(system.tasks)})")
    covered = [t for t in tasks if spec.corpus.covers(t)]
    if not covered:
        raise ValueError(f"corpus {spec.name} has gold for {', '.join(spec.corpus.tasks or ())} only, not for {', '.join(tasks)}")
    return covered
