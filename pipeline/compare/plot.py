"""The comparison plot: each run's end-model macro-F1 per task, intervals as error bars, the majority
baseline as a mark beside each bar."""
from __future__ import annotations

import io

import pandas as pd

METRIC_NAMES = {"macro_f1": "macro-F1", "f_avg": "F_avg", "accuracy": "accuracy", "kappa": "kappa"}


def comparison_png(table: pd.DataFrame, system: str = "end_model", metric: str = "macro_f1") -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    # Metric columns are exactly task.system.metric (config columns start with "config.").
    columns = [c for c in table.columns if c.count(".") == 2 and c.endswith(f".{system}.{metric}")]
    ranked = table[table[columns].notna().any(axis=1)]
    tasks = [c.split(".")[0] for c in columns]
    labels = [text if len(text) <= 48 else text[:45] + "..." for text in ranked["label"]]
    height = 0.8 / max(len(tasks), 1)
    fig, ax = plt.subplots(figsize=(8.5, 1.2 + 0.55 * max(len(labels), 1) * max(len(tasks), 1) ** 0.5))
    for k, task in enumerate(tasks):
        name = f"{task}.{system}.{metric}"
        values = pd.to_numeric(ranked[name], errors="coerce").to_numpy()
        positions = [i + k * height for i in range(len(labels))]
        errors = None
        if f"{name}.low" in ranked and f"{name}.high" in ranked:
            low = pd.to_numeric(ranked[f"{name}.low"], errors="coerce").to_numpy()
            high = pd.to_numeric(ranked[f"{name}.high"], errors="coerce").to_numpy()
            errors = [values - low, high - values]
        ax.barh(positions, values, height, xerr=errors, capsize=3, color=f"C{k}", label=f"{task}: {system.replace('_', ' ')}")
        baseline = f"{task}.majority.{metric}"
        if baseline in ranked:
            ax.scatter(pd.to_numeric(ranked[baseline], errors="coerce"), positions, marker="|", s=180, color="black",
                       zorder=3, label="majority baseline" if k == 0 else None)
    ax.set_yticks([i + height * (len(tasks) - 1) / 2 for i in range(len(labels))], labels, fontsize=8)
    ax.invert_yaxis()  # best run on top
    ax.set_xlim(0, 1)
    ax.set_xlabel(METRIC_NAMES.get(metric, metric))
    ax.set_title(f"{METRIC_NAMES.get(metric, metric)} by run ({system.replace('_', ' ')}; bars: 95% intervals where known)", fontsize=10)
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    buffer = io.BytesIO()
    # No "Software" stamp: the same runs give the same bytes.
    fig.savefig(buffer, format="png", dpi=110, metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()
