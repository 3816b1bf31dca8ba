"""The report's top errors: gold sentences the classifier got wrong, most confident first, with context."""
from __future__ import annotations

import pandas as pd


def _confidence(frame: pd.DataFrame, task: str) -> pd.Series:
    """Probability the model gave to the label it predicted (NaN where it gave none)."""
    out = pd.Series(float("nan"), index=frame.index)
    for label in frame[f"{task}_pred"].dropna().unique():
        column = f"{task}_proba_{label}"
        if column in frame:
            rows = frame[f"{task}_pred"] == label
            out[rows] = frame.loc[rows, column].astype(float)
    return out


def _tested(predictions: pd.DataFrame, task: str) -> pd.Series:
    """Gold sentences predicted out of fold. A holdout or temporal split trains on the other gold
    sentences (`_fold` -1): their `_pred` is in-sample, so they are neither errors nor successes."""
    tested = predictions[f"{task}_gold"].notna()
    fold = f"{task}_fold"
    return tested & (predictions[fold] >= 0) if fold in predictions else tested


def top_errors(task: str, predictions: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame,
               n: int) -> list[dict]:
    """Up to `n` misclassified gold sentences of `task`: the sentence, the one before it, the article title.

    Returns [] when predictions lack the task's gold or predicted column (a run without gold).
    """
    gold, pred = f"{task}_gold", f"{task}_pred"
    if n <= 0 or gold not in predictions or pred not in predictions:
        return []
    wrong = predictions[_tested(predictions, task) & (predictions[gold] != predictions[pred])].copy()
    if wrong.empty:
        return []
    wrong["confidence"] = _confidence(wrong, task)
    ordered = sentences[["sentence_id", "article_id", "idx", "text"]]
    previous = ordered.assign(idx=ordered["idx"] + 1).rename(columns={"text": "previous", "sentence_id": "_prev_id"})
    wrong = (wrong.merge(ordered, on="sentence_id", how="left")
                  .merge(previous[["article_id", "idx", "previous"]], on=["article_id", "idx"], how="left")
                  .merge(articles[["article_id", "title", "source"]], on="article_id", how="left"))
    # Most confident mistakes first: they say most about what the model learnt wrong.
    wrong = wrong.sort_values(["confidence", "sentence_id"], ascending=[False, True], na_position="last", kind="stable")
    rows = []
    for r in wrong.head(n).itertuples(index=False):
        weak = getattr(r, f"{task}_weak", None)
        rows.append({
            "sentence_id": r.sentence_id,
            "title": r.title if isinstance(r.title, str) and r.title else "(untitled)",
            "source": r.source if isinstance(r.source, str) else "",
            "previous": r.previous if isinstance(r.previous, str) else "",
            "text": r.text if isinstance(r.text, str) else "",
            "gold": getattr(r, gold),
            "predicted": getattr(r, pred),
            "weak": weak if isinstance(weak, str) else None,
            "confidence": None if pd.isna(r.confidence) else float(r.confidence),
        })
    return rows


def error_counts(task: str, predictions: pd.DataFrame) -> dict:
    gold, pred = f"{task}_gold", f"{task}_pred"
    if gold not in predictions or pred not in predictions:
        return {"gold": 0, "wrong": 0}
    tested = _tested(predictions, task)
    return {"gold": int(tested.sum()), "wrong": int((tested & (predictions[gold] != predictions[pred])).sum())}
