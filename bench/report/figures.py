"""The report's plots: each task's leaderboard as F1 with its 95% CI (matplotlib, imported here only)."""
from __future__ import annotations

import base64
import io
from pathlib import Path

from .model import Group
from .style import short

def leaderboard_figure(group: Group):
    """F1 with its 95% CI per system, best on top, colour by tied rank (matplotlib, Agg)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    n = len(group.ranked)
    fig = Figure(figsize=(9, 1.4 + 0.42 * n), layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    palette = ["#1b5e20", "#0d47a1", "#e65100", "#6a1b9a", "#b71c1c", "#37474f", "#827717", "#004d40"]
    ranks = sorted({r for r, _ in group.ranked})
    for y, (rank, e_) in enumerate(group.ranked):
        h = e_.scores["headline"]
        f1, lo, hi = 100 * h["f1"], 100 * h["ci"][0], 100 * h["ci"][1]
        colour = palette[ranks.index(rank) % len(palette)]
        ax.errorbar([f1], [y], xerr=[[f1 - lo], [hi - f1]], fmt="o", color=colour, ecolor=colour, capsize=4, markersize=7, lw=1.8)
        ax.annotate(f"{f1:.1f} [{lo:.1f}, {hi:.1f}]", (min(hi, 100), y), xytext=(6, 0), textcoords="offset points",
                    va="center", fontsize=8.5, color="#222")
    ax.set_yticks(range(n), [f"{rank}. {short(e_.label, 42)}" for rank, e_ in group.ranked], fontsize=9)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(0, 118)
    ax.set_xticks(range(0, 101, 10))
    ax.grid(axis="x", color="#ddd", lw=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel("seqeval strict micro F1 (%), 95% bootstrap CI over sentences", fontsize=9)
    ax.set_title(group.title, fontsize=10.5, loc="left")
    return fig


def save_figures(group: Group, out_dir: Path) -> tuple[str, str]:
    """Write ``<stem>.png`` and ``<stem>.svg``; return the SVG data URI and the stem."""
    from matplotlib import rc_context

    stem = f"leaderboard-{group.key}"
    fig = leaderboard_figure(group)
    with rc_context({"svg.hashsalt": "bench-report", "svg.fonttype": "path"}):
        svg = io.BytesIO()
        fig.savefig(svg, format="svg", metadata={"Date": None})
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=150, metadata={"Software": None})
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"{stem}.svg").write_bytes(svg.getvalue())
    (out_dir / f"{stem}.png").write_bytes(png.getvalue())
    return "data:image/svg+xml;base64," + base64.b64encode(svg.getvalue()).decode("ascii"), stem
