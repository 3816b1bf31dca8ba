"""The comparison plot: each run's primary metric per task (end-model macro-F1 by default), intervals as
error bars, the majority baseline as a mark beside each bar, and which way is better in the title."""
from __future__ import annotations

import io

import numpy as np
import pandas as pd

from pipeline.evaluation.direction import direction_arrow, direction_words, resolve_lower_is_better
from pipeline.compare.leaderboard import DEFAULT_PRIMARY

METRIC_NAMES = {"macro_f1": "macro-F1", "f_avg": "F_avg", "accuracy": "accuracy", "kappa": "kappa",
                "ece": "ECE (calibration error)", "brier": "Brier score", "log_loss": "log loss"}


def _plotted(table: pd.DataFrame, primary: str) -> tuple[list[tuple[str, str]], str, str]:
    """([(column, legend entry)], system, metric): the primary's system and metric in every task that has
    it, so that one plot compares the runs on each task; a deeper primary name is plotted alone."""
    parts = primary.split(".")
    if len(parts) != 3:
        return [(primary, primary)], "", parts[-1]
    _, system, metric = parts
    # Metric columns are exactly task.system.metric (config columns start with "config.").
    columns = [c for c in table.columns if c.count(".") == 2 and not c.startswith("config.")
               and c.endswith(f".{system}.{metric}")]
    return [(c, f"{c.split('.')[0]}: {system.replace('_', ' ')}") for c in columns], system, metric


def _x_extent(ranked: pd.DataFrame, columns: list[str]) -> tuple[float, float]:
    """Scores and calibration errors live in [0, 1]; a log loss above 1 or a negative kappa widens the axis."""
    shown = [c for name in columns for c in (name, f"{name}.low", f"{name}.high") if c in ranked]
    seen = ranked[shown].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float).ravel()
    seen = seen[np.isfinite(seen)]
    low, high = min(0.0, seen.min(initial=0.0)), max(1.0, seen.max(initial=1.0))
    return low, (high if high == 1.0 else high * 1.05)


def draw_comparison(ax, table: pd.DataFrame, primary: str = DEFAULT_PRIMARY, lower_is_better: bool | None = None):
    """Draw the runs of a ranked leaderboard onto `ax`, best on top; the title and axis say which way is better."""
    lower = resolve_lower_is_better(primary, lower_is_better)
    plotted, system, metric = _plotted(table, primary)
    ranked = table[table[[c for c, _ in plotted]].notna().any(axis=1)]
    labels = [text if len(text) <= 48 else text[:45] + "..." for text in ranked["label"]]
    height = 0.8 / max(len(plotted), 1)
    for k, (name, legend) in enumerate(plotted):
        values = pd.to_numeric(ranked[name], errors="coerce").to_numpy()
        positions = [i + k * height for i in range(len(labels))]
        errors = None
        if f"{name}.low" in ranked and f"{name}.high" in ranked:
            low = pd.to_numeric(ranked[f"{name}.low"], errors="coerce").to_numpy()
            high = pd.to_numeric(ranked[f"{name}.high"], errors="coerce").to_numpy()
            errors = [values - low, high - values]
        ax.barh(positions, values, height, xerr=errors, capsize=3, color=f"C{k}", label=legend)
        baseline = f"{name.split('.')[0]}.majority.{metric}"
        if system and baseline in ranked:
            ax.scatter(pd.to_numeric(ranked[baseline], errors="coerce"), positions, marker="|", s=180, color="black",
                       zorder=3, label="majority baseline" if k == 0 else None)
    ax.set_yticks([i + height * (len(plotted) - 1) / 2 for i in range(len(labels))], labels, fontsize=8)
    ax.invert_yaxis()  # the table's order: best run on top, whichever way is best
    baselines = [f"{name.split('.')[0]}.majority.{metric}" for name, _ in plotted] if system else []
    ax.set_xlim(*_x_extent(ranked, [c for c, _ in plotted] + baselines))
    shown = METRIC_NAMES.get(metric, metric)
    ax.set_xlabel(f"{shown} ({direction_arrow(lower)} {direction_words(lower)})")
    about = f"{system.replace('_', ' ')}; " if system else ""
    ax.set_title(f"{shown} by run ({about}{direction_words(lower)}, best on top; bars: 95% intervals where known)",
                 fontsize=10)
    ax.legend(loc="lower right", fontsize=8)
    return ax


def comparison_png(table: pd.DataFrame, primary: str = DEFAULT_PRIMARY, lower_is_better: bool | None = None) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    columns = [c for c, _ in _plotted(table, primary)[0]]
    n_runs = max(int(table[columns].notna().any(axis=1).sum()), 1)  # as tall as the runs drawn
    fig, ax = plt.subplots(figsize=(8.5, 1.2 + 0.55 * n_runs * max(len(columns), 1) ** 0.5))
    draw_comparison(ax, table, primary, lower_is_better)
    fig.tight_layout()
    buffer = io.BytesIO()
    # No "Software" stamp: the same runs give the same bytes.
    fig.savefig(buffer, format="png", dpi=110, metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()
