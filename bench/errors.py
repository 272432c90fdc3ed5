"""Every way bench refuses input, in one place: each error's message is one line for the
user, and ``bench``'s main catches exactly ``BenchError`` (exit 2). Modules raise these;
none imports the CLI to do so."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


class BenchError(Exception):
    """Bad input or a failed step, said in one line."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located by file, line, document, span and field."""

    file: str
    line: int | None
    message: str
    doc: str | None = None
    span: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        parts = [f"doc {_shown(self.doc)}" if self.doc else "", f"span {_shown(self.span)}" if self.span else "",
                 f"field '{self.field}'" if self.field else ""]
        context = " ".join(p for p in parts if p)
        return f"{where}: {context + ': ' if context else ''}{self.message}"


def _shown(name: str) -> str:
    """An id as written, or quoted where it has a line break or other unprintable character
    (an error stays one line whatever a record holds)."""
    return name if name.isprintable() else repr(name)


class InputError(BenchError):
    """Bad input: carries the problems found; ``str()`` is the first one, on one line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{more}")


class UsageError(BenchError):
    """A command used wrongly."""


class SystemFailure(BenchError):
    """A system could not be found, built or run."""


class EmptyOutput(BenchError, ValueError):
    """A system produced nothing scoreable for a task."""


class BadResult(BenchError, ValueError):
    """A result file that is malformed, edited, or scored on other gold or by another scorer."""


class BadName(BenchError, ValueError):
    """A system or corpus name that cannot be stored faithfully."""


class UnknownCorpus(BenchError, ValueError):
    pass


class ConllUnavailable(BenchError):
    """The user's CoNLL-2003 copy is missing, unreadable or differs from the annotated one."""


class ReportError(BenchError):
    pass


def short_json(value: Any, limit: int = 60) -> str:
    """A value for a one-line message: never thousands of characters."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return f"an integer of {len(str(value)):,} digits"
    try:
        text = json.dumps(value)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
