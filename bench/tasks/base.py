"""The ``Task``: the extension point of the harness (as lm-evaluation-harness's ``Task`` and
spaCy's per-component ``score``). A task owns its labels, the attributes and links its
spans carry, its views, its own scores beyond the shared ones, its leaderboard columns and
its report tables; no module outside ``bench.tasks`` branches on a task's name.

Adding a task is one subclass and one ``register_task`` call (``tests/test_tasks.py`` adds
a toy task through the public API alone).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence

if TYPE_CHECKING:
    from ..standoff import Span


@dataclass(frozen=True)
class Column:
    """A leaderboard column: its title and the cell it shows from one view's scores."""

    title: str
    cell: Callable[[dict], str]


@dataclass
class Cell:
    """A table cell with what a renderer may mark up: ``key`` is the path of the stored figure
    it shows (the report checks itself against it), ``cls`` and ``attrs`` are HTML hints."""

    text: Any
    key: str = ""
    cls: str = ""
    attrs: dict[str, str] = field(default_factory=dict)


@dataclass
class Table:
    """A plain table a task hands to the report, which renders it as HTML or Markdown.
    Cells are plain values or :class:`Cell`; ``row_classes`` (one per row) are HTML hints."""

    head: list[str]
    rows: list[list[Any]]
    caption: str = ""
    cls: str = ""
    row_classes: list[str] = field(default_factory=list)


@dataclass
class Reference:
    """An item linking spans to another span in the report's document view: a quotation's
    pieces to their speaker (``side``: ``g`` gold, ``p`` predicted)."""

    side: str
    pieces: list
    target: Any | None
    title: str
    target_title: str = ""


@dataclass
class Matching:
    """A one-to-one pairing of gold and predicted items (each with ``doc`` and ``start``)."""

    gold: list
    pred: list
    pairs: list[tuple[int, int]]

    def rows(self) -> list[tuple[Any, Any]]:
        """(gold or None, pred or None) in document order: pairs, missed and spurious items."""
        g_used = {i for i, _ in self.pairs}
        p_used = {j for _, j in self.pairs}
        out = [(self.gold[i], self.pred[j]) for i, j in self.pairs]
        out += [(g, None) for i, g in enumerate(self.gold) if i not in g_used]
        out += [(None, p) for j, p in enumerate(self.pred) if j not in p_used]
        return sorted(out, key=lambda r: ((r[0] or r[1]).doc, (r[0] or r[1]).start))


class TaskScores:
    """A task's own scores for one prediction: figures for the result file, and the
    matching behind them (``headline``: where its F1 with a CI goes in the figures)."""

    section: str = ""
    headline: tuple[str, ...] = ()

    def figures(self) -> dict:
        raise NotImplementedError

    def matching(self) -> Matching:
        raise NotImplementedError

    def detail(self, doc: str) -> list[Table]:
        """Tables of one document for the report (e.g. each quote record with its checks)."""
        return []

    def references(self, doc: str) -> list[Reference]:
        """Links between spans of one document for the report (e.g. quotation -> speaker)."""
        return []

    def pair_note(self, pred: Any) -> str:
        """What a predicted span got wrong against the gold item it was paired with ("" if nothing)."""
        return ""


def pct(x: float) -> str:
    return f"{100 * x:.1f}"


def ci_text(h: Mapping) -> str:
    return f"{pct(h['f1'])} [{pct(h['ci'][0])}, {pct(h['ci'][1])}]"


@dataclass
class Task:
    """A task: its labels, attributes, views, scoring and columns (the extension point)."""

    name: str
    labels: tuple[str, ...]
    description: str = ""
    title: str = ""  # heading on the board and in the report
    # link attribute -> (label it points to, labels that may carry it)
    links: Mapping[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    # label -> attributes a gold span of that label must carry
    required: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    views: tuple[str, ...] = ("fine",)
    # the attribute whose values group spans into records (a quotation's pieces); its values are arbitrary ids
    group_by: str = ""
    # paths of the task's own figures in a result's scores, each a share in [0, 1] or an F1 with its CI
    required_figures: tuple[str, ...] = ()

    # -- labels and views --------------------------------------------------------------------

    def view_labels(self, view: str) -> tuple[str, ...]:
        return self.labels

    def view_label(self, label: str, view: str) -> str:
        return label

    def view_title(self, view: str) -> str:
        return self.title or self.name

    def link_targets(self) -> dict[str, str]:
        return {name: target for name, (target, _) in self.links.items()}

    # -- checking spans ----------------------------------------------------------------------

    def check_attributes(self, label: str, attrs: Mapping, bad: Callable[[str, str], None], gold: bool) -> None:
        """Problems with a span's attributes: those gold must carry, types, links on labels that carry none."""
        if gold:
            for name in self.required.get(label, ()):
                if name not in attrs:
                    bad(name, "missing required attribute")
        for name, (_, carriers) in self.links.items():
            if attrs.get(name) is not None and label not in carriers:
                bad(name, f"a {label} span carries no {name!r} link (only {', '.join(carriers)} do)")

    # -- scoring -----------------------------------------------------------------------------

    def score(self, gold: Sequence["Span"], pred: Sequence["Span"]) -> TaskScores | None:
        """The task's own scores beyond seqeval and the span schemes (None: none)."""
        return None

    # -- showing scores ----------------------------------------------------------------------

    def columns(self, view: str) -> list[Column]:
        """The leaderboard columns of this task in ``view``, after rank and system."""
        def strict(s):
            return s["seqeval"]["strict"]["micro avg"]

        return [Column("F1 strict [95% CI]", lambda s: ci_text(s["headline"])),
                Column("P", lambda s: pct(strict(s)["precision"])),
                Column("R", lambda s: pct(strict(s)["recall"])),
                Column("F1 default", lambda s: pct(s["seqeval"]["default"]["micro avg"]["f1"])),
                Column("span exact / partial / type",
                       lambda s: " / ".join(pct(s["spans"][k]["f1"]) for k in ("exact", "partial", "ent_type")))]

    def summary(self, scores: Mapping) -> list[Table]:
        """The task's own figures as tables (report, terminal)."""
        return []

    def span_note(self, span: "Span") -> str:
        """A short note on a span in the report's document view (e.g. a value's number)."""
        return ""

    def agreement(self, a: Sequence["Span"], b: Sequence["Span"]) -> list[str]:
        """Markdown lines of task-specific agreement between two annotation passes."""
        return []
