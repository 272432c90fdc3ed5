"""quantulum3 as a numeric-claims system: each quantity's number becomes a VALUE, its unit
(when it has one) a UNIT linked to it. quantulum3 reports no approximators or bounds, only
an uncertainty for ranges and "±" values: those become ``approx``, everything else ``exact``.

quantulum3's optional unit classifier is a pickle of an older scikit-learn that the current
one cannot load, so it runs with the classifier off, its documented fallback (rule-based
unit disambiguation), as it does where scikit-learn is absent."""
from __future__ import annotations

import re
from typing import Sequence

from bench.documents import Document
from bench.standoff import Span
from bench.systems import SystemFailure

from .alignment import TokenGrid, disjoint

_NUMBER = re.compile(r"[\d.,]+|\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[a-z]+teen|[a-z]+ty)\b", re.I)


class QuantulumNumeric:
    name = "quantulum3"
    version = "0.10.0"
    description = "quantulum3 0.10 quantity extraction, off the shelf: values and units, no things"
    tasks = ("numeric_claims",)
    label_map = {"numeric_claims": {"VALUE": "VALUE", "UNIT": "UNIT"}}

    def __init__(self, **options):
        try:
            from quantulum3 import classifier, parser
        except ImportError:
            raise SystemFailure("quantulum3 is not installed: pip install -e '.[peers]'") from None
        classifier.USE_CLF = False
        self._parser = parser

    def predict(self, documents: Sequence[Document], task: str) -> list[Span]:
        out: list[Span] = []
        for doc in documents:
            grid = TokenGrid(doc.text)
            taken: list[tuple[int, int]] = []
            n = 0
            for q in self._parser.parse(doc.text):
                start, end = q.span
                m = _NUMBER.search(doc.text, start, end)
                if m is None:
                    continue
                value = grid.snap(m.start(), m.end())
                unit = grid.snap(m.end(), end) if q.unit.name != "dimensionless" and m.end() < end else None
                spans = [s for s in (value, unit) if s]
                if value is None or not disjoint(spans, taken):
                    continue
                taken += spans
                n += 1
                attrs = {"number": float(q.value), "modifier": "approx" if q.uncertainty else "exact", "unit": None, "thing": None}
                if unit:
                    attrs["unit"] = f"U{n}"
                    out.append(Span(doc.id, task, *unit, "UNIT", doc.text[unit[0]:unit[1]], f"U{n}"))
                out.append(Span(doc.id, task, *value, "VALUE", doc.text[value[0]:value[1]], f"V{n}", attrs))
        return out
