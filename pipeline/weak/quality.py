"""How good the weak labels are against gold, per gold file: the label model, and VADER alone.

Scored like the evaluate stage scores the label model (an abstention counts as NONE / NEUTRAL), so
the figures match metrics.json; per gold file, so a batch kept out of tuning reads as a hold-out.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.labels import ABSTAIN_LABEL, LABELS

ABSTAIN_AS = {"stance": "NONE", "sentiment": "NEUTRAL"}
QUALITY_COLUMNS = ["task", "system", "gold_file", "n", "accuracy", "macro_f1", "coverage"]


def macro_f1(y_true, y_pred) -> float:
    """Mean F1 over the classes seen in gold or predictions (scikit-learn's default label set)."""
    y_true, y_pred = np.asarray(y_true, dtype=object), np.asarray(y_pred, dtype=object)
    scores = []
    for label in sorted(set(y_true) | set(y_pred)):
        tp = np.sum((y_pred == label) & (y_true == label))
        predicted, actual = np.sum(y_pred == label), np.sum(y_true == label)
        scores.append(0.0 if tp == 0 else 2 * tp / (predicted + actual))
    return float(np.mean(scores)) if scores else 0.0


def weak_quality(labels: pd.DataFrame, gold_file_of: dict[str, str]) -> pd.DataFrame:
    """labels: the labels table with gold columns; gold_file_of: sentence_id -> the gold file labelling it."""
    systems = {"stance": {"label_model": "stance_weak"},
               "sentiment": {"label_model": "sentiment_weak", "vader_alone": "sentiment_vader"}}
    rows = []
    for task in LABELS:
        gold_column = f"{task}_gold"
        if gold_column not in labels or labels[gold_column].isna().all():
            continue
        judged = labels[labels[gold_column].notna()]
        files = judged["sentence_id"].map(gold_file_of).fillna("")
        for gold_file in ["all", *sorted(set(files) - {""})]:
            part = judged if gold_file == "all" else judged[files == gold_file]
            for system, column in systems[task].items():
                raw = part[column].to_numpy(dtype=object)
                predicted = np.where(raw == ABSTAIN_LABEL, ABSTAIN_AS[task], raw)
                truth = part[gold_column].to_numpy(dtype=object)
                rows.append({"task": task, "system": system, "gold_file": gold_file, "n": int(len(part)),
                             "accuracy": float(np.mean(predicted == truth)), "macro_f1": macro_f1(truth, predicted),
                             "coverage": float(np.mean(raw != ABSTAIN_LABEL))})
    return pd.DataFrame(rows, columns=QUALITY_COLUMNS)
