"""Labelling-function analysis: coverage, overlaps, conflicts, and accuracy against gold.

Functions are grouped by task: a column named `lf_sentiment_*` votes sentiment classes and is
compared with sentiment gold and other sentiment functions; every other `lf_*` column votes stance.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.labels import ABSTAIN, LABELS

SENTIMENT_PREFIX = "lf_sentiment_"


def lf_task(name: str) -> str:
    return "sentiment" if name.startswith(SENTIMENT_PREFIX) else "stance"


def _task_summary(labels: pd.DataFrame, lf_names: list[str], task: str) -> list[dict]:
    votes = labels[lf_names].to_numpy().astype(np.int64)
    fired = votes != ABSTAIN
    gold_column = f"{task}_gold"
    gold = labels[gold_column].to_numpy(dtype=object) if gold_column in labels else np.full(len(labels), None)
    has_gold = pd.notna(gold)
    rows = []
    for j, name in enumerate(lf_names):
        others = np.delete(fired, j, axis=1)
        other_votes = np.delete(votes, j, axis=1)
        overlap = fired[:, j] & others.any(axis=1)
        conflict = fired[:, j] & ((other_votes != votes[:, [j]]) & others).any(axis=1)
        judged = fired[:, j] & has_gold
        predicted = np.array([LABELS[task][v] if v != ABSTAIN else None for v in votes[:, j]], dtype=object)
        correct = int((predicted[judged] == gold[judged]).sum())
        rows.append({
            "function": name,
            "task": task,
            "coverage": float(fired[:, j].mean()) if len(labels) else 0.0,
            "overlaps": float(overlap.mean()) if len(labels) else 0.0,
            "conflicts": float(conflict.mean()) if len(labels) else 0.0,
            "n_gold_fired": int(judged.sum()),
            "gold_accuracy": float(correct / judged.sum()) if judged.sum() else None,
        })
    return rows


def lf_summary(labels: pd.DataFrame, lf_names: list[str]) -> pd.DataFrame:
    """Per labelling function (Snorkel's terms): the share of sentences it votes on (coverage), on
    which another function of its task also votes (overlaps) or votes otherwise (conflicts), and
    its accuracy on the gold sentences it votes on."""
    rows = []
    for task in ("stance", "sentiment"):
        names = [n for n in lf_names if lf_task(n) == task]
        if names:
            rows += _task_summary(labels, names, task)
    order = {n: i for i, n in enumerate(lf_names)}
    rows.sort(key=lambda r: order[r["function"]])
    columns = ["function", "task", "coverage", "overlaps", "conflicts", "n_gold_fired", "gold_accuracy"]
    return pd.DataFrame(rows, columns=columns)


def lf_summary_png(summary: pd.DataFrame) -> bytes:
    """A horizontal bar chart per function: coverage, overlaps, conflicts, gold accuracy. PNG bytes."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    metrics = ["coverage", "overlaps", "conflicts", "gold_accuracy"]
    n = max(len(summary), 1)
    fig, ax = plt.subplots(figsize=(8, 1.2 + 0.45 * n), dpi=100)
    y = np.arange(len(summary))
    height = 0.2
    for i, metric in enumerate(metrics):
        values = pd.to_numeric(summary[metric], errors="coerce").fillna(0.0).to_numpy() if len(summary) else []
        ax.barh(y + (i - 1.5) * height, values, height=height, label=metric.replace("_", " "))
    ax.set_yticks(y, summary["function"].tolist() if len(summary) else [])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of sentences (accuracy: share of gold sentences voted on)")
    ax.set_title("Labelling functions")
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    buffer = io.BytesIO()
    # No timestamps in the PNG metadata: the same summary gives the same bytes.
    fig.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()
