"""Out-of-fold predictions for gold sentences, with no article on both sides of a split.

A split names the gold sentences it tests and the articles its model may learn from. Whatever the
split, a model never sees any sentence (weak or gold label) of an article it is tested on:
- group_kfold: GroupKFold over the gold sentences' articles (the default);
- holdout: one seeded share of the gold articles is the test set;
- temporal: gold sentences of articles published on or after `split_date` are the test set, and the
  model learns only from articles published before it (undated articles sit out, and are counted).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np
import pandas as pd
from sklearn.dummy import DummyClassifier
from sklearn.model_selection import GroupKFold, GroupShuffleSplit

from pipeline.config.checks import SPLITS
from pipeline.evaluation.dates import parse_date, parse_dates
from pipeline.models.apply import labels_and_proba
from pipeline.models.training import fit

log = logging.getLogger(__name__)



@dataclass
class Split:
    test_idx: np.ndarray  # positions in the gold table
    train_articles: Optional[frozenset] = None  # None: every article not tested in this split


@dataclass
class FoldPredictions:
    sentence_id: np.ndarray
    fold: np.ndarray  # -1: not tested by any split (temporal split, undated or earlier articles)
    end_model: np.ndarray
    majority: np.ndarray
    proba: np.ndarray  # (n, n_classes), columns in the order of `classes`
    classes: tuple[str, ...]
    has_proba: bool = True


def group_kfold_splits(gold: pd.DataFrame, n_splits: int) -> list[Split]:
    n_groups = gold["article_id"].nunique()
    if n_groups < 2:
        raise ValueError(f"gold labels cover {n_groups} article(s); a grouped split needs at least 2")
    if n_splits < 2:
        raise ValueError(f"eval.n_splits={n_splits}: a cross-validation needs at least 2 folds")
    if n_splits > n_groups:  # one article per fold is as far as a grouped split goes; metrics.json records it
        log.warning("eval.n_splits=%d but the gold labels cover %d articles: %d folds, one article each",
                    n_splits, n_groups, n_groups)
    splitter = GroupKFold(n_splits=min(n_splits, n_groups))
    return [Split(test) for _, test in splitter.split(gold, groups=gold["article_id"])]


def holdout_split(gold: pd.DataFrame, fraction: float, seed: int) -> list[Split]:
    if gold["article_id"].nunique() < 2:
        raise ValueError("gold labels cover fewer than 2 articles; a held-out set of articles needs at least 2")
    if not 0 < fraction < 1:
        raise ValueError(f"eval.holdout_fraction={fraction}: must be between 0 and 1")
    splitter = GroupShuffleSplit(n_splits=1, test_size=fraction, random_state=seed)
    _, test = next(splitter.split(gold, groups=gold["article_id"]))
    return [Split(test)]


def temporal_split(gold: pd.DataFrame, published: pd.Series, split_date: Optional[str]) -> list[Split]:
    """published: article_id -> date (or NaT)."""
    if not split_date:
        raise ValueError("eval.split=temporal needs eval.split_date=YYYY-MM-DD")
    cut = parse_date(split_date)
    if pd.isna(cut):
        raise ValueError(f"eval.split_date={split_date!r} is not a date; give YYYY-MM-DD")
    dates = parse_dates(published)
    before = frozenset(dates.index[dates < cut])
    after = set(dates.index[dates >= cut])
    test = np.flatnonzero(gold["article_id"].isin(after).to_numpy())
    if len(test) == 0 or not before:
        raise ValueError(f"eval.split_date={split_date}: {len(before)} dated article(s) before it and "
                         f"{len(test)} gold sentence(s) on or after it; a temporal split needs both")
    return [Split(test, before)]


def make_splits(gold: pd.DataFrame, eval_cfg, seed: int, published: Optional[pd.Series] = None) -> list[Split]:
    kind = eval_cfg.split
    if kind == "group_kfold":
        return group_kfold_splits(gold, eval_cfg.n_splits)
    if kind == "holdout":
        return holdout_split(gold, eval_cfg.holdout_fraction, seed)
    if kind == "temporal":
        return temporal_split(gold, published if published is not None else pd.Series(dtype=object), eval_cfg.split_date)
    raise ValueError(f"eval.split={kind!r}: choose one of {list(SPLITS)}")


def training_rows(pool: pd.DataFrame, gold: pd.DataFrame, split: Split) -> pd.DataFrame:
    """The pool rows a split's model may learn from: never an article it tests."""
    held_out = set(gold["article_id"].iloc[split.test_idx])
    keep = ~pool["article_id"].isin(held_out)
    if split.train_articles is not None:
        keep &= pool["article_id"].isin(split.train_articles)
    return pool[keep]


def out_of_fold(gold: pd.DataFrame, train_pool: pd.DataFrame, make_model: Callable, classes: tuple[str, ...],
                n_splits: int = 5, splits: Optional[list[Split]] = None) -> FoldPredictions:
    """gold: sentence_id, article_id, text. train_pool: sentence_id, article_id, text, y[, weight].
    `splits` (from make_splits) when given, else GroupKFold with `n_splits` folds."""
    from tqdm.auto import tqdm

    if splits is None:
        splits = group_kfold_splits(gold, n_splits)
    n = len(gold)
    fold = np.full(n, -1)
    end_pred = np.full(n, None, dtype=object)
    majority_pred = np.full(n, None, dtype=object)
    proba = np.zeros((n, len(classes)))
    has_proba = True
    for k, split in enumerate(tqdm(splits, desc="cross-validation", unit="fold", leave=False)):
        train = training_rows(train_pool, gold, split)
        if train["y"].nunique() < 2:
            raise ValueError(f"split {k}: the training articles hold {train['y'].nunique()} class(es) of labels; "
                             "need at least 2 (more articles, or another eval.split)")
        texts = gold["text"].iloc[split.test_idx].fillna("").to_list()
        weight = train["weight"].to_numpy() if "weight" in train else None
        model = fit(make_model(), train["text"], train["y"], weight)
        dummy = DummyClassifier(strategy="most_frequent").fit(np.zeros((len(train), 1)), train["y"].to_numpy())
        fold[split.test_idx] = k
        end_pred[split.test_idx], fold_proba = labels_and_proba(model, texts, classes)  # features once
        majority_pred[split.test_idx] = dummy.predict(np.zeros((len(split.test_idx), 1)))
        if fold_proba is None:
            has_proba = False
        else:
            proba[split.test_idx] = fold_proba
    if not has_proba:
        proba[:] = np.nan  # not zeros, which would read as a confident guess of the first class
    return FoldPredictions(gold["sentence_id"].to_numpy(), fold, end_pred, majority_pred, proba, classes, has_proba)
