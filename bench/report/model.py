"""The model of the report page: results grouped by corpus, task and view, ranked as on the
board, with each system's predictions re-scored by ``bench.evaluation.evaluate`` so that every
pairing the page shows is the scorer's own (nothing is matched again here)."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..evaluation import Evaluation
from ..results import BENCH_CORPUS, slug
from ..semeval import OUTCOMES, Outcome
from ..standoff import Span
from ..tasks import TASKS, Cell, Table, get_task
from .load import GoldSources, find_predictions

if TYPE_CHECKING:
    from ..bootstrap import PairedTest


@dataclass
class Analysis:
    evaluation: Evaluation
    gold: list[Span]
    pred: list[Span]
    warnings: list[str] = field(default_factory=list)

    @property
    def outcomes(self) -> list[Outcome]:
        return self.evaluation.outcomes


def analyse(corpus, task: str, view: str, pred_path: Path, read_view: str, scores: dict) -> Analysis:
    """Re-score one result's predictions as ``bench evaluate`` does, keeping the pairings."""
    from ..evaluation import Predictions, evaluate
    from ..predictions import read_predictions

    if pred_path.stat().st_size == 0 or not pred_path.read_bytes().strip():
        pred = Predictions(spans=[])
    else:
        pred = read_predictions(pred_path, corpus, task, "auto", allow_missing=True, view=read_view)
    evaluation = evaluate(corpus, task, pred, view, n_resamples=0)
    a = Analysis(evaluation, evaluation.gold_spans, evaluation.pred_spans)
    counts = Counter(o.kind for o in a.outcomes)
    stored = scores.get("outcomes", {})
    differ = [f"{k} {stored.get(k)} stored, {counts.get(k, 0)} now" for k in OUTCOMES if stored.get(k) != counts.get(k, 0)]
    if differ:
        a.warnings.append(f"{pred_path} no longer gives the stored outcome counts ({'; '.join(differ)}): "
                          "the file changed after scoring; re-run the system")
    return a


def confusion(outcomes: Sequence[Outcome], task: str) -> tuple[list[str], list[str], dict[tuple[str, str], Counter]]:
    """Gold label x predicted label over matched pairs (by overlap, boundaries ignored), with a
    ``missed`` column for unmatched gold spans and a ``spurious`` row for unmatched predictions.
    Each cell counts the outcomes behind it by kind."""
    cells: dict[tuple[str, str], Counter] = defaultdict(Counter)
    labels: set[str] = set()
    for o in outcomes:
        g = o.gold.label if o.gold is not None else "spurious"
        p = o.pred.label if o.pred is not None else "missed"
        labels |= {x for x in (g, p) if x not in ("missed", "spurious")}
        cells[(g, p)][o.kind] += 1
    order = {lab: n for n, lab in enumerate(get_task(task).labels + tuple(l for v in get_task(task).views for l in get_task(task).view_labels(v)))}
    ordered = sorted(labels, key=lambda x: (order.get(x, len(order)), x))
    return ordered + ["spurious"], ordered + ["missed"], cells


@dataclass
class Entry:
    path: Path
    result: dict
    view: str
    label: str = ""
    analysis: Analysis | None = None
    note: str = ""
    corpus: Any = None

    @property
    def scores(self) -> dict:
        return self.result["scores"][self.view]


@dataclass
class Group:
    corpus: str
    task: str
    view: str
    entries: list[Entry]
    ranked: list[tuple[int, Entry]] = field(default_factory=list)
    tests: dict[tuple[int, int], PairedTest | None] = field(default_factory=dict)  # (i, j) over ranked order
    notes: list[str] = field(default_factory=list)
    figure: str = ""  # file name stem of the plots

    @property
    def key(self) -> str:
        return slug(f"{self.corpus}-{self.task}-{self.view}")

    @property
    def title(self) -> str:
        return f"{self.task} — {self.corpus} ({self.view} view)"


def build_groups(results: list[tuple[Path, dict]], view: str | None, gold: GoldSources, resamples: int, seed: int,
                 analyse_documents: bool = True) -> list[Group]:
    from ..bootstrap import paired_bootstrap
    from ..leaderboard import rank_with_ties

    groups: dict[tuple[str, str, str], list[Entry]] = defaultdict(list)
    for path, r in results:  # every system in every view it was scored in (or the one asked for)
        for v in ([view] if view else list(r["scores"])):
            if v in r["scores"]:
                groups[(r["corpus"]["name"], r["task"], v)].append(Entry(path, r, v))
    task_order = {t: n for n, t in enumerate(TASKS)}
    out = []
    order = lambda kv: (kv[0][0] != BENCH_CORPUS, kv[0][0], task_order.get(kv[0][1], 99), kv[0][2])  # noqa: E731
    for (corpus_name, task, v), entries in sorted(groups.items(), key=order):
        g = Group(corpus_name, task, v, entries)
        names = Counter(en.result["system"]["name"] for en in entries)
        for en in entries:
            name = en.result["system"]["name"]
            en.label = name if names[name] == 1 else f"{name} [{_results_folder(en.path)}]"
        labels = Counter(en.label for en in entries)
        for en in entries:
            if labels[en.label] > 1:
                en.label = f"{en.result['system']['name']} [{en.path}]"
        versions = {en.result["corpus"].get("version") for en in entries}
        if len(versions) > 1:
            g.notes.append(f"these results were scored on {len(versions)} versions of the gold ({', '.join(sorted(map(str, versions)))}); "
                           "they can't be compared: re-run them on one")
        by_id = {id(en.result): en for en in entries}
        try:  # the ranks of LEADERBOARD.md: tied where the paired test can't separate a system from its group's best
            ranking = rank_with_ties([en.result for en in entries], v)
        except ValueError:  # scored on different sentences: no paired test, plain order
            ranking = list(enumerate(sorted((en.result for en in entries), key=lambda r: -r["scores"][v]["headline"]["f1"]), 1))
        g.ranked = [(rank, by_id[id(r)]) for rank, r in ranking]
        ranked = [en for _, en in g.ranked]
        for i in range(len(ranked)):
            for j in range(i + 1, len(ranked)):
                try:
                    t = paired_bootstrap(ranked[i].scores["units"], ranked[j].scores["units"], resamples, seed)
                except ValueError:
                    t = None  # scored on different sentences
                g.tests[(i, j)] = t
        if analyse_documents:
            corpus, why = gold.get(corpus_name)
            for en in entries:
                _attach_analysis(en, corpus, why)
        out.append(g)
    return out


def _results_folder(path: Path) -> str:
    """The results folder of ``<results>/<corpus>/<task>/<system>.json``, relative where it can be."""
    root = path.parent.parent.parent if len(path.parts) >= 4 else path.parent
    try:
        return str(root.resolve().relative_to(Path.cwd().resolve())) or "."
    except ValueError:
        return str(root)


def _attach_analysis(en: Entry, corpus, why: str) -> None:
    from ..errors import InputError

    if corpus is None:
        en.note = why
        return
    if en.result["corpus"].get("version") != corpus.version:
        en.note = (f"scored on gold version {en.result['corpus'].get('version')}, the gold now is {corpus.version}: "
                  f"re-run it ({en.result.get('provenance', {}).get('command', 'bench run ...')}) for the error analysis")
        return
    recorded = en.result.get("provenance", {}).get("predictions")
    if not recorded:
        en.note = "the result names no predictions file"
        return
    path = find_predictions(recorded, en.path)
    if path is None:
        en.note = f"predictions file {recorded} not found (looked in the current folder and above {en.path})"
        return
    read_view = next(iter(en.result["scores"]))
    try:
        en.analysis = analyse(corpus, en.result["task"], en.view, path, read_view, en.scores)
        en.corpus = corpus
    except (InputError, ValueError, OSError) as exc:
        en.note = f"predictions file {path} could not be read: {exc}"


def losses_table(en: Entry) -> Table | None:
    """What a generative system lost before scoring (its provenance's ``losses``), next to its F1."""
    from ..leaderboard import LOSS_COLUMNS

    losses = en.result.get("provenance", {}).get("losses")
    if not isinstance(losses, dict):
        return None
    keys = [("items", "items")] + list(LOSS_COLUMNS)
    row = [Cell(f"{100 * en.scores['headline']['f1']:.1f}", key="headline.f1")] + [Cell(losses.get(k, "—"), cls="loss") for k, _ in keys]
    return Table(["F1 strict"] + [title for _, title in keys], [row],
                 "Generation losses: strings the system wrote that never became spans, and documents whose output was unusable",
                 "losses")
