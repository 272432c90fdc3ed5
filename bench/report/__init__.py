"""``bench report``: an error-analysis page (or Markdown tables) from stored results.

For each task (corpus and label view) the page shows the leaderboard as a plot of F1 with
its 95% bootstrap interval, the matrix of paired-bootstrap p-values between the systems,
and for each system its outcome counts, the SemEval-2013 error breakdown, a confusion
matrix over labels (with ``missed`` and ``spurious``) and every document with the gold and
predicted spans coloured by outcome. Quotes show which speaker each quotation is given to;
numeric claims show the normalised value and modifier, gold against predicted.

The page is one self-contained HTML file: inline CSS, the plots embedded as data URIs,
no script, no font, nothing fetched. The plots are also written next to it as PNG and SVG.
Predictions are re-read from the file each result names in ``provenance.predictions`` and
matched against the gold with the scorer's own functions; where that no longer reproduces
the stored outcome counts the page says so. Never imports torch or transformers;
matplotlib is imported only when plots are drawn.
"""
from __future__ import annotations

from .command import DEFAULT_OUTPUT, add_parser, build_report, cmd_report

_LAZY = {"GoldSources": "load", "collect_results": "load", "find_predictions": "load",
         "Analysis": "model", "Entry": "model", "Group": "model", "analyse": "model", "build_groups": "model", "confusion": "model"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["DEFAULT_OUTPUT", "add_parser", "build_report", "cmd_report", *_LAZY]
