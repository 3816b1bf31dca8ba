"""Applying a fitted classifier to a corpus of any size: labels and class probabilities.

`Pipeline.predict` and then `Pipeline.predict_proba` would compute the features twice (they are
nearly all the cost); here they are computed once and both answers come from them. Texts
go through in batches of equal size, so that memory holds one batch's feature matrix (char n-grams:
~300 values a sentence) rather than a whole corpus's. Each row's features and scores depend on that
row alone, so the numbers are the same as in one pass.
"""
from __future__ import annotations

import math
from typing import Optional

import numpy as np
from sklearn.pipeline import Pipeline

BATCH_SIZE = 4096


def features_and_estimator(model) -> tuple[list, object]:
    """(the fitted transformers before the last step, the last step) of a Pipeline, as
    Pipeline.predict applies them; ([], model) for anything else. (Slicing the Pipeline would not
    do: scikit-learn calls a slice ending in the stateless lexicon features "not fitted".)"""
    if isinstance(model, Pipeline):
        steps = [step for _, step in model.steps[:-1] if step is not None and step != "passthrough"]
        return steps, model.steps[-1][1]
    return [], model


def _batches(n: int, batch_size: int) -> list[slice]:
    """Equal batches (no small remainder): numerical libraries may take another path for a tiny one."""
    count = max(1, math.ceil(n / batch_size))
    edges = np.linspace(0, n, count + 1).round().astype(int)
    return [slice(a, b) for a, b in zip(edges[:-1], edges[1:])]


def labels_and_proba(model, texts: list[str], classes: tuple[str, ...],
                     batch_size: int = BATCH_SIZE) -> tuple[np.ndarray, Optional[np.ndarray]]:
    """What model.predict(texts) and model.predict_proba(texts) return: the labels, and the
    probabilities in `classes` order (zero for a class the model never saw; None when the model
    gives none, as ridge)."""
    if not texts:
        raise ValueError("labels_and_proba: no texts")
    features, estimator = features_and_estimator(model)
    with_proba = hasattr(estimator, "predict_proba")
    labels, probas = [], []
    for batch in _batches(len(texts), batch_size):
        X = texts[batch]
        for step in features:
            X = step.transform(X)
        labels.append(np.asarray(estimator.predict(X)))
        if with_proba:
            probas.append(estimator.predict_proba(X))
    if not with_proba:
        return np.concatenate(labels), None
    proba = np.concatenate(probas)
    out = np.zeros((len(texts), len(classes)))
    for j, label in enumerate(model.classes_):
        out[:, classes.index(label)] = proba[:, j]
    return np.concatenate(labels), out
