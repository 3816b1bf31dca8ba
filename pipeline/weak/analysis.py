"""Labelling-function analysis: coverage, overlaps, conflicts, and accuracy against gold."""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.labels import ABSTAIN, LABELS


def lf_summary(labels: pd.DataFrame, lf_names: list[str]) -> pd.DataFrame:
    """Per labelling function: coverage, overlaps, conflicts (Snorkel's terms), accuracy on gold."""
    votes = labels[lf_names].to_numpy()
    fired = votes != ABSTAIN
    gold = labels["stance_gold"] if "stance_gold" in labels else pd.Series([None] * len(labels))
    has_gold = gold.notna().to_numpy()
    rows = []
    for j, name in enumerate(lf_names):
        others = np.delete(fired, j, axis=1)
        other_votes = np.delete(votes, j, axis=1)
        overlap = fired[:, j] & others.any(axis=1)
        conflict = fired[:, j] & ((other_votes != votes[:, [j]]) & others).any(axis=1)
        judged = fired[:, j] & has_gold
        predicted = np.array([LABELS["stance"][v] if v != ABSTAIN else None for v in votes[:, j]], dtype=object)
        correct = (predicted[judged] == gold.to_numpy()[judged]).sum()
        rows.append({
            "function": name,
            "coverage": float(fired[:, j].mean()),
            "overlaps": float(overlap.mean()),
            "conflicts": float(conflict.mean()),
            "n_gold_fired": int(judged.sum()),
            "gold_accuracy": float(correct / judged.sum()) if judged.sum() else None,
        })
    return pd.DataFrame(rows)
