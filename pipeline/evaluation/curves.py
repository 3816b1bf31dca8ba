"""What the diagnostic plots show, computed apart from the drawing: calibration bins and the
learning curve (F1 against the number of gold training sentences)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.evaluation.crossval import Split, training_rows
from pipeline.evaluation.metrics import score
from pipeline.models.training import fit


def calibration_bins(y_true, proba: np.ndarray, classes: tuple[str, ...], n_bins: int = 10) -> pd.DataFrame:
    """For the predicted class: mean confidence, share correct and count, per confidence bin."""
    chosen = proba.argmax(axis=1)
    confidence = proba.max(axis=1)
    correct = np.asarray(y_true, dtype=object) == np.asarray(classes, dtype=object)[chosen]
    edges = np.linspace(0, 1, n_bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1]), 0, n_bins - 1)
    rows = [(confidence[which == b].mean(), correct[which == b].mean(), int((which == b).sum()))
            for b in range(n_bins) if (which == b).any()]
    return pd.DataFrame(rows, columns=["confidence", "accuracy", "count"])


def expected_calibration_error(bins: pd.DataFrame) -> float:
    total = bins["count"].sum()
    return float((bins["count"] * (bins["confidence"] - bins["accuracy"]).abs()).sum() / total) if total else 0.0


def learning_curve(gold: pd.DataFrame, gold_pool: pd.DataFrame, make_model, classes, splits: list[Split],
                   task: str, points: int, seed: int) -> pd.DataFrame:
    """Train on growing seeded subsets of the training folds' gold sentences; score each split's test
    sentences. gold: sentence_id, article_id, text, y_true. gold_pool: training rows of gold origin.
    Returns rows (n_gold, score_mean, score_min, score_max), the score F_avg for stance, else macro-F1."""
    metric = "f_avg" if task == "stance" else "macro_f1"
    rng = np.random.default_rng(seed)
    fractions = np.linspace(1.0 / points, 1.0, points) if points > 0 else []
    records = []
    for split in splits:
        train = training_rows(gold_pool, gold, split)
        order = rng.permutation(len(train))
        test = gold.iloc[split.test_idx]
        for fraction in fractions:
            subset = train.iloc[np.sort(order[: max(2, int(round(fraction * len(train))))])]
            if subset["y"].nunique() < 2:
                continue
            model = fit(make_model(), subset["text"], subset["y"])
            predicted = model.predict(test["text"].fillna("").to_list())
            records.append((fraction, len(subset), score(test["y_true"], predicted, classes, task)[metric]))
    frame = pd.DataFrame(records, columns=["fraction", "n_gold", "score"])
    if frame.empty:
        return pd.DataFrame(columns=["n_gold", "score_mean", "score_min", "score_max"])
    grouped = frame.groupby("fraction").agg(n_gold=("n_gold", "mean"), score_mean=("score", "mean"),
                                            score_min=("score", "min"), score_max=("score", "max"))
    return grouped.reset_index(drop=True)
