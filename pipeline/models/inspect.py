"""What a fitted linear text classifier leans on: its largest weights per class, by feature name."""
from __future__ import annotations

import numpy as np


def _linear_weights(estimator):
    """coef_ of a linear model; for a calibrated one, the mean over its calibration folds."""
    if hasattr(estimator, "coef_"):
        return np.asarray(estimator.coef_), list(estimator.classes_)
    calibrated = getattr(estimator, "calibrated_classifiers_", None)
    if calibrated and all(hasattr(c.estimator, "coef_") for c in calibrated):
        return np.mean([c.estimator.coef_ for c in calibrated], axis=0), list(estimator.classes_)
    if hasattr(estimator, "feature_log_prob_"):  # naive Bayes: log-probabilities as weights
        weights = np.asarray(estimator.feature_log_prob_)
        return weights - weights.mean(axis=0, keepdims=True), list(estimator.classes_)
    return None, None


def _display(name: str) -> str:
    """'word__peace talks' -> 'peace talks'; 'char__ hop' -> "char ' hop'" (quotes show the spaces,
    and keep a character n-gram apart from the word it is part of)."""
    source, _, feature = name.rpartition("__")
    if not source or source == "word":
        return feature
    return f"{source} '{feature}'" if source.startswith("char") else f"{source}: {feature}"


def top_features(pipeline, k: int = 12) -> dict[str, list[tuple[str, float]]]:
    """{class: [(feature, weight), ...]} for a Pipeline(features, classifier); {} when the
    classifier has no per-feature weights (trees on reduced features, dummy)."""
    features, estimator = pipeline.steps[0][1], pipeline.steps[-1][1]
    weights, classes = _linear_weights(estimator)
    if weights is None or not hasattr(features, "get_feature_names_out"):
        return {}
    try:
        names = np.asarray(features.get_feature_names_out(), dtype=object)
    except (AttributeError, ValueError, TypeError):  # hashed features have no names
        return {}
    if weights.shape[0] == 1 and len(classes) == 2:  # binary: one row, toward classes[1]
        weights = np.vstack([-weights[0], weights[0]])
    names = np.asarray([_display(n) for n in names], dtype=object)
    out = {}
    for row, label in zip(weights, classes):
        best = np.argsort(-row, kind="stable")[:k]
        out[str(label)] = [(str(names[i]), float(row[i])) for i in best]
    return out
