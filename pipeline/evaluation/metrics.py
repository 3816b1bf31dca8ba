"""Scores of predicted labels against gold labels."""
from __future__ import annotations

import numpy as np
from sklearn.metrics import accuracy_score, cohen_kappa_score, f1_score, precision_recall_fscore_support


def score(y_true, y_pred, labels: tuple[str, ...], task: str) -> dict:
    """accuracy, macro-F1 over `labels`, Cohen's kappa, per-class P/R/F1/support, n; for stance also F_avg.

    F_avg is the SemEval-2016 Task 6 measure: the mean of F1(FAVOR) and F1(AGAINST).
    """
    y_true, y_pred = np.asarray(y_true, dtype=object), np.asarray(y_pred, dtype=object)
    precision, recall, f1, support = precision_recall_fscore_support(
        y_true, y_pred, labels=list(labels), zero_division=0
    )
    per_class = {
        label: {"precision": float(p), "recall": float(r), "f1": float(f), "support": int(s)}
        for label, p, r, f, s in zip(labels, precision, recall, f1, support)
    }
    result = {
        "n": int(len(y_true)),
        "accuracy": float(accuracy_score(y_true, y_pred)) if len(y_true) else 0.0,
        "macro_f1": float(f1_score(y_true, y_pred, labels=list(labels), average="macro", zero_division=0)),
        "kappa": _kappa(y_true, y_pred, labels),
        "per_class": per_class,
    }
    if task == "stance":
        result["f_avg"] = (per_class["FAVOR"]["f1"] + per_class["AGAINST"]["f1"]) / 2
    return result


def _kappa(y_true, y_pred, labels) -> float:
    """Cohen's kappa, 0.0 where it is undefined (one class only on both sides: no chance to beat)."""
    if len(y_true) == 0:
        return 0.0
    return float(cohen_kappa_score(y_true, y_pred, labels=list(labels), replace_undefined_by=0.0))


def round_floats(obj, digits: int = 6):
    """Round for stable, readable JSON (the last bits of a float carry no information here)."""
    if isinstance(obj, float):
        return round(obj, digits)
    if isinstance(obj, dict):
        return {k: round_floats(v, digits) for k, v in obj.items()}
    if isinstance(obj, list):
        return [round_floats(v, digits) for v in obj]
    return obj
