"""Sentence predictions rolled up: per article, and per outlet and month (stance over time)."""
from __future__ import annotations

import pandas as pd

from pipeline.evaluation.dates import parse_dates


def article_shares(predicted: pd.DataFrame, articles: pd.DataFrame, classes: tuple[str, ...]) -> pd.DataFrame:
    """predicted: sentence_id, article_id, label. One row per article: counts and shares of each
    class, the majority label, and net = share(first class) - share(second) (FAVOR - AGAINST)."""
    counts = pd.crosstab(predicted["article_id"], predicted["label"]).reindex(columns=list(classes), fill_value=0)
    total = counts.sum(axis=1)
    out = pd.DataFrame({"article_id": counts.index, "n_sentences": total.to_numpy()})
    for label in classes:
        out[f"n_{label}"] = counts[label].to_numpy()
        out[f"share_{label}"] = (counts[label] / total).to_numpy()
    out["majority"] = counts.idxmax(axis=1).to_numpy()
    out["net"] = out[f"share_{classes[0]}"] - out[f"share_{classes[1]}"]
    meta = articles[["article_id", "source", "published", "title"]]
    return meta.merge(out, on="article_id", how="right").sort_values("article_id", kind="stable").reset_index(drop=True)


def outlet_month_shares(predicted: pd.DataFrame, articles: pd.DataFrame, classes: tuple[str, ...]) -> pd.DataFrame:
    """One row per (source, month): sentences, articles, share of each class, net. Articles with no
    usable date are grouped under month 'undated' rather than dropped."""
    meta = articles[["article_id", "source", "published"]].copy()
    dates = parse_dates(meta["published"])
    meta["month"] = dates.dt.strftime("%Y-%m").fillna("undated")
    meta["source"] = meta["source"].fillna("unknown").replace("", "unknown")
    frame = predicted.merge(meta, on="article_id", how="left")
    counts = pd.crosstab([frame["source"], frame["month"]], frame["label"]).reindex(columns=list(classes), fill_value=0)
    total = counts.sum(axis=1)
    out = counts.index.to_frame(index=False)
    out["n_sentences"] = total.to_numpy()
    out["n_articles"] = frame.groupby(["source", "month"])["article_id"].nunique().reindex(counts.index).to_numpy()
    for label in classes:
        out[f"share_{label}"] = (counts[label] / total).to_numpy()
    out["net"] = out[f"share_{classes[0]}"] - out[f"share_{classes[1]}"]
    return out.sort_values(["source", "month"], kind="stable").reset_index(drop=True)


def keep_top_outlets(share: pd.DataFrame, classes: tuple[str, ...], n: int = 8) -> pd.DataFrame:
    """The n outlets with most sentences as they are; the rest pooled as 'other outlets' (shares
    weighted by sentences), so a plot of dozens of outlets stays readable."""
    totals = share.groupby("source")["n_sentences"].sum().sort_values(ascending=False, kind="stable")
    if len(totals) <= n:
        return share
    top = set(totals.index[:n])
    rest = share[~share["source"].isin(top)]
    counts = rest[[f"share_{c}" for c in classes]].mul(rest["n_sentences"], axis=0).assign(
        month=rest["month"], n_sentences=rest["n_sentences"], n_articles=rest["n_articles"]).groupby("month").sum()
    pooled = pd.DataFrame({"source": f"other outlets ({len(totals) - n})", "month": counts.index,
                           "n_sentences": counts["n_sentences"].to_numpy(), "n_articles": counts["n_articles"].to_numpy()})
    for c in classes:
        pooled[f"share_{c}"] = (counts[f"share_{c}"] / counts["n_sentences"]).to_numpy()
    pooled["net"] = pooled[f"share_{classes[0]}"] - pooled[f"share_{classes[1]}"]
    return pd.concat([share[share["source"].isin(top)], pooled], ignore_index=True)
