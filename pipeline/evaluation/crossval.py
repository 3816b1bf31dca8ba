"""Out-of-fold predictions for gold sentences, with no article on both sides of a split.

In each fold the held-out articles' gold sentences are the test set, and the models learn from the
weak labels of every sentence of the other articles. So neither a gold sentence nor any sentence of
its article is ever seen in training.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.dummy import DummyClassifier
from sklearn.model_selection import GroupKFold


@dataclass
class FoldPredictions:
    sentence_id: np.ndarray
    fold: np.ndarray
    end_model: np.ndarray
    majority: np.ndarray
    proba: np.ndarray  # (n, n_classes), columns in the order of `classes`
    classes: tuple[str, ...]


def _aligned_proba(model, texts: list[str], classes: tuple[str, ...]) -> np.ndarray:
    """Probabilities in a fixed class order, zero for a class the fold's training data lacked."""
    out = np.zeros((len(texts), len(classes)))
    if not hasattr(model, "predict_proba"):
        return out
    proba = model.predict_proba(texts)
    for j, label in enumerate(model.classes_):
        out[:, classes.index(label)] = proba[:, j]
    return out


def out_of_fold(gold: pd.DataFrame, train_pool: pd.DataFrame, make_model, classes: tuple[str, ...],
                n_splits: int) -> FoldPredictions:
    """gold: sentence_id, article_id, text. train_pool: sentence_id, article_id, text, y (weak)."""
    from tqdm.auto import tqdm

    n_groups = gold["article_id"].nunique()
    if n_groups < 2:
        raise ValueError(f"gold labels cover {n_groups} article(s); a grouped split needs at least 2")
    splitter = GroupKFold(n_splits=min(n_splits, n_groups))
    n = len(gold)
    fold = np.full(n, -1)
    end_pred = np.empty(n, dtype=object)
    majority_pred = np.empty(n, dtype=object)
    proba = np.zeros((n, len(classes)))
    folds = list(splitter.split(gold, groups=gold["article_id"]))
    for k, (_, test_idx) in enumerate(tqdm(folds, desc="cross-validation", unit="fold", leave=False)):
        held_out = set(gold["article_id"].iloc[test_idx])
        train = train_pool[~train_pool["article_id"].isin(held_out)]
        texts = gold["text"].iloc[test_idx].fillna("").to_list()
        model = make_model().fit(train["text"].fillna("").to_list(), train["y"].to_numpy())
        dummy = DummyClassifier(strategy="most_frequent").fit(np.zeros((len(train), 1)), train["y"].to_numpy())
        fold[test_idx] = k
        end_pred[test_idx] = model.predict(texts)
        majority_pred[test_idx] = dummy.predict(np.zeros((len(test_idx), 1)))
        proba[test_idx] = _aligned_proba(model, texts, classes)
    return FoldPredictions(gold["sentence_id"].to_numpy(), fold, end_pred, majority_pred, proba, classes)
