"""Which sentences a model learns from, with what weight, and fitting one model.

`train_on` chooses the labels: `weak` (the label model's, filtered by confidence and optionally
weighted by it), `gold` (hand labels), or `both` (gold where a sentence has it, weak elsewhere).
The split that keeps test articles out of training lives in pipeline.evaluation.crossval; this
module only builds the pool.
"""
from __future__ import annotations

import inspect

import numpy as np
import pandas as pd

from pipeline.config.checks import TRAIN_ON
from pipeline.labels import ABSTAIN_LABEL
from pipeline.text.sentence_ids import in_reading_order

POOL_COLUMNS = ["sentence_id", "article_id", "text", "y", "weight", "origin"]


def _weak_rows(labels: pd.DataFrame, task: str, min_conf: float, weight_by_conf: bool) -> pd.DataFrame:
    conf_col = f"{task}_weak_conf"
    conf = labels[conf_col].astype(float) if conf_col in labels else pd.Series(1.0, index=labels.index)
    keep = (labels[f"{task}_weak"] != ABSTAIN_LABEL) & labels[f"{task}_weak"].notna() & (conf >= min_conf)
    weight = conf[keep].clip(lower=0.0) if weight_by_conf else pd.Series(1.0, index=labels.index)[keep]
    return pd.DataFrame({"sentence_id": labels.loc[keep, "sentence_id"], "y": labels.loc[keep, f"{task}_weak"],
                         "weight": weight.to_numpy(), "origin": "weak"})


def _gold_rows(labels: pd.DataFrame, task: str, gold_weight: float) -> pd.DataFrame:
    column = f"{task}_gold"
    keep = labels[column].notna() if column in labels else pd.Series(False, index=labels.index)
    return pd.DataFrame({"sentence_id": labels.loc[keep, "sentence_id"], "y": labels.loc[keep, column],
                         "weight": float(gold_weight), "origin": "gold"})


def training_pool(labels: pd.DataFrame, sentences: pd.DataFrame, task: str, train_on: str = "weak",
                  min_conf: float = 0.0, weight_by_conf: bool = False, gold_weight: float = 1.0) -> pd.DataFrame:
    """Every sentence a model may learn from: sentence_id, article_id, text, y, weight, origin."""
    if train_on not in TRAIN_ON:
        raise ValueError(f"model.train_on={train_on!r}: choose one of {list(TRAIN_ON)}")
    parts = []
    if train_on in ("gold", "both"):
        parts.append(_gold_rows(labels, task, gold_weight))
    if train_on in ("weak", "both"):
        weak = _weak_rows(labels, task, min_conf, weight_by_conf)
        if parts:  # a gold label replaces the weak one of the same sentence
            weak = weak[~weak["sentence_id"].isin(parts[0]["sentence_id"])]
        parts.append(weak)
    pool = pd.concat(parts, ignore_index=True).merge(sentences[["sentence_id", "article_id", "text"]], on="sentence_id")
    pool["weight"] = pool["weight"].astype(float)
    pool = pool[pool["weight"] > 0]
    return in_reading_order(pool[POOL_COLUMNS])


def weak_training_set(labels: pd.DataFrame, sentences: pd.DataFrame, task: str, min_conf: float) -> pd.DataFrame:
    """Kept for callers of the first version: the weak pool, unweighted."""
    return training_pool(labels, sentences, task, "weak", min_conf)


def pool_from_config(labels: pd.DataFrame, sentences: pd.DataFrame, task: str, model_cfg) -> pd.DataFrame:
    return training_pool(labels, sentences, task, model_cfg.train_on, model_cfg.min_weak_conf,
                         model_cfg.weight_by_conf, model_cfg.gold_weight)


def _final_estimator(model):
    while hasattr(model, "steps"):
        model = model.steps[-1][1]
    return model


def _weight_fit_param(model) -> str:
    """The fit parameter that reaches the last estimator of nested Pipelines."""
    names = []
    while hasattr(model, "steps"):
        name, model = model.steps[-1]
        names.append(name)
    return "__".join(names + ["sample_weight"])


def fit(model, texts: pd.Series, y: pd.Series, weight=None):
    """Fit a model that starts from raw texts (missing texts read as empty)."""
    return fit_weighted(model, pd.Series(texts).fillna("").astype(str).to_list(), y, weight)


def fit_weighted(model, X, y, weight=None):
    """model.fit(X, y) with the sample weights sent to the last estimator, nested Pipelines too;
    X is whatever the model's first step takes (texts, or features already computed)."""
    classes = np.unique(y)
    if len(classes) == 0:
        raise ValueError("no labelled sentence to train on: model.train_on=gold needs gold labels in "
                         "labeler.gold_dir, and model.train_on=weak needs rules that fire on this corpus")
    if len(classes) < 2:
        raise ValueError(f"cannot train on one class only ({classes.tolist()}); the training labels are too sparse")
    y = np.asarray(y, dtype=object)
    if weight is None or np.allclose(weight, 1.0):
        return model.fit(X, y)
    estimator = _final_estimator(model)
    if "sample_weight" not in inspect.signature(estimator.fit).parameters:
        raise ValueError(f"{type(estimator).__name__} does not accept sample weights; "
                         "set model.weight_by_conf=false and model.gold_weight=1")
    return model.fit(X, y, **{_weight_fit_param(model): np.asarray(weight, dtype=float)})
