"""Which sentences a model learns from, and fitting one model per task."""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.labels import ABSTAIN_LABEL


def weak_training_set(labels: pd.DataFrame, sentences: pd.DataFrame, task: str, min_conf: float) -> pd.DataFrame:
    """Sentences with a weak label (not abstained), at least `min_conf` confident for stance."""
    frame = labels[["sentence_id", f"{task}_weak"] + ([f"{task}_weak_conf"] if task == "stance" else [])]
    frame = frame.merge(sentences[["sentence_id", "article_id", "text"]], on="sentence_id")
    keep = frame[f"{task}_weak"] != ABSTAIN_LABEL
    if task == "stance":
        keep &= frame["stance_weak_conf"] >= min_conf
    out = frame[keep].rename(columns={f"{task}_weak": "y"})
    return out.sort_values("sentence_id", kind="stable").reset_index(drop=True)


def fit(model, texts: pd.Series, y: pd.Series):
    classes = np.unique(y)
    if len(classes) < 2:
        raise ValueError(f"cannot train on one class only ({classes.tolist()}); the weak labels are too sparse")
    return model.fit(texts.fillna("").to_list(), y.to_numpy())
