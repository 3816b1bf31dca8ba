"""Which way a metric is better. Most metrics in metrics.json are scores (macro-F1, F_avg, kappa: higher is
better), but calibration errors and losses (`ece`, a Brier score, log loss) are better when lower.

metrics.json says nothing about direction, so the default is read from the metric's last key name; a
caller who knows better (a metric named otherwise) passes the direction explicitly.
"""
from __future__ import annotations

import re
from typing import Optional

# Parts of a metric's last key that make it an error or a loss: `ece`, `brier_score`, `log_loss`,
# `calibration_error`, `n_errors`, `rmse`. Whole parts only, so that no score is taken for an error by a substring.
LOWER_IS_BETTER_PARTS = frozenset({
    "ece", "mce", "brier", "loss", "logloss", "nll", "error", "errors", "mae", "mse", "rmse", "perplexity",
})


# Whole last keys where lower is better although no part says "error": a test's p-value.
LOWER_IS_BETTER_NAMES = frozenset({"p_value", "pvalue"})
# The scores metrics.json holds, and their usual kin: higher is better.
HIGHER_IS_BETTER_NAMES = frozenset({
    "accuracy", "macro_f1", "micro_f1", "weighted_f1", "f1", "f_avg", "kappa", "precision", "recall", "coverage",
    "delta", "auc", "roc_auc", "average_precision",
})


def known_direction(metric: str) -> Optional[bool]:
    """True (lower is better) or False (higher is better) for the names above; None for the others
    (counts such as `n` or `support`, whose direction is the caller's to say)."""
    last = metric.rsplit(".", 1)[-1].lower()
    if last in LOWER_IS_BETTER_NAMES or set(re.split(r"[_\-]", last)) & LOWER_IS_BETTER_PARTS:
        return True
    return False if last in HIGHER_IS_BETTER_NAMES else None


def infer_lower_is_better(metric: str) -> bool:
    """True for the known error-, loss- and p-value-style names (the last key of `task.system.metric`)."""
    return known_direction(metric) is True


def resolve_lower_is_better(metric: str, lower_is_better: Optional[bool] = None) -> bool:
    """The explicit choice when given (True / False), else the one inferred from the name (None)."""
    return infer_lower_is_better(metric) if lower_is_better is None else bool(lower_is_better)


def direction_words(lower_is_better: bool) -> str:
    return "lower is better" if lower_is_better else "higher is better"


def direction_arrow(lower_is_better: bool) -> str:
    return "↓" if lower_is_better else "↑"
