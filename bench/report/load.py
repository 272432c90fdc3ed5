"""Finding what the report shows: result files (each checked) and the gold they were scored on."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from ..errors import BadResult, ReportError
from ..result_check import check_result
from ..results import BENCH_CORPUS


def collect_results(paths: Sequence[str | Path], tasks: Sequence[str] | None = None) -> list[tuple[Path, dict]]:
    """Result files named, and those under the folders named; ``tasks`` keeps only those tasks."""
    out: list[tuple[Path, dict]] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = sorted(path.glob("**/*.json"))
        elif path.is_file():
            files = [path]
        else:
            raise ReportError(f"{path}: no such result file or folder")
        for f in files:
            if f.resolve() in seen:
                continue
            seen.add(f.resolve())
            try:
                obj = check_result(f)
            except BadResult as exc:
                raise ReportError(str(exc)) from None
            if tasks and obj["task"] not in tasks:
                continue
            out.append((f, obj))
    return out


class GoldSources:
    """The gold corpus of each corpus name, loaded once: the benchmark's, another annotated
    folder (``--annotations``) or an external CoNLL file (``--gold``)."""

    def __init__(self, annotations: str | None = None, gold: str | None = None, gold_name: str | None = None, conll: str | None = None):
        self.annotations = Path(annotations) if annotations else None
        self.conll = Path(conll) if conll else None
        self.gold = Path(gold) if gold else None
        self.gold_name = gold_name
        self.cache: dict[str, tuple[Any, str]] = {}

    def _load(self, name: str):
        from ..corpus import load_corpus
        from ..errors import InputError

        try:
            if self.annotations is not None and self.annotations.resolve().name == name:
                return load_corpus(self.annotations), ""
            from ..corpora import LAYERS, load_named

            if name == BENCH_CORPUS or name in LAYERS:
                return load_named(name, self.conll), ""
            if self.gold is not None:
                from ..conll import conll_corpus

                parent = self.gold.resolve().parent.name
                default = f"{parent}-{self.gold.stem}" if parent else self.gold.stem
                if (self.gold_name or default) == name:
                    return conll_corpus(self.gold)[0], ""
        except (InputError, OSError, ValueError) as exc:  # ConllUnavailable, UnknownCorpus: told, not raised
            return None, f"the gold of corpus {name} could not be read: {exc}"
        return None, (f"the gold of corpus {name} is not loaded: pass --annotations DIR (a folder named {name}) "
                      f"or --gold PATH --gold-name {name} for the documents and the error analysis")

    def get(self, name: str):
        if name not in self.cache:
            self.cache[name] = self._load(name)
        return self.cache[name]


def find_predictions(recorded: str, result_file: Path) -> Path | None:
    """The predictions file a result names: as recorded (absolute, or relative to the working
    folder of the run), tried against the current folder and each folder above the result."""
    p = Path(recorded)
    if p.is_absolute():
        return p if p.is_file() else None
    for base in [Path.cwd(), *result_file.resolve().parents]:
        if (base / p).is_file():
            return base / p
    return None
