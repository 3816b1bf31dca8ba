"""Agreement between annotators: Cohen's kappa for two, Fleiss' kappa for more (ANNOTATION.md, Files)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.labels import LABELS

AGREEMENT_COLUMNS = ["task", "statistic", "kappa", "observed_agreement", "n_items", "n_annotators", "n_ratings"]


def cohen_kappa(a, b, classes) -> float:
    """Two raters over the same items: (p_o - p_e) / (1 - p_e); 1.0 when both always agree on one class."""
    a, b = np.asarray(a, dtype=object), np.asarray(b, dtype=object)
    p_o = float((a == b).mean())
    p_e = float(sum((a == c).mean() * (b == c).mean() for c in classes))
    return 1.0 if p_e == 1.0 else (p_o - p_e) / (1.0 - p_e)


def fleiss_kappa(counts: np.ndarray) -> float:
    """counts[i, j]: raters who put item i in class j. Items may have different numbers of raters (>= 2)."""
    counts = np.asarray(counts, dtype=np.float64)
    n_i = counts.sum(axis=1)
    p_i = (np.square(counts).sum(axis=1) - n_i) / (n_i * (n_i - 1))
    p_j = counts.sum(axis=0) / counts.sum()
    p_bar, p_e = p_i.mean(), float(np.square(p_j).sum())
    return 1.0 if p_e == 1.0 else float((p_bar - p_e) / (1.0 - p_e))


def agreement_table(gold: pd.DataFrame) -> pd.DataFrame:
    """One row per task over the sentences labelled by at least two annotators.

    gold: sentence_id (resolved), annotator, stance, sentiment; one row per annotator and sentence
    (a repeated label by the same annotator counts once, the last one).
    """
    rows = []
    gold = gold[gold["sentence_id"] != ""].drop_duplicates(["sentence_id", "annotator"], keep="last")
    multi = gold.groupby("sentence_id")["annotator"].transform("nunique") >= 2
    shared = gold[multi]
    annotators = sorted(shared["annotator"].unique())
    for task, classes in LABELS.items():
        if shared.empty:
            continue
        if len(annotators) == 2:
            wide = shared.pivot(index="sentence_id", columns="annotator", values=task).dropna()
            a, b = wide[annotators[0]].to_numpy(), wide[annotators[1]].to_numpy()
            kappa, observed, n_items = cohen_kappa(a, b, classes), float((a == b).mean()), len(wide)
            statistic = "cohen"
        else:
            counts = pd.crosstab(shared["sentence_id"], shared[task]).reindex(columns=list(classes), fill_value=0)
            kappa, n_items, statistic = fleiss_kappa(counts.to_numpy()), len(counts), "fleiss"
            observed = float(shared.groupby("sentence_id")[task].agg(lambda s: s.nunique() == 1).mean())
        rows.append({"task": task, "statistic": statistic, "kappa": float(kappa), "observed_agreement": observed,
                     "n_items": int(n_items), "n_annotators": len(annotators), "n_ratings": int(len(shared))})
    return pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)
