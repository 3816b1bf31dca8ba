"""Gold labels: read annotation tables, adjudicate several annotators, join them to sentences."""
from __future__ import annotations

import io
import logging

import pandas as pd

from pipeline.labels import SENTIMENT, STANCE
from pipeline.text.normalize import normalize_text

log = logging.getLogger(__name__)
GOLD_COLUMNS = ["article_id", "text", "sentence_id", "stance", "sentiment", "annotator", "file"]


class GoldError(ValueError):
    pass


def read_gold_file(name: str, data: bytes) -> pd.DataFrame:
    if name.endswith(".parquet"):
        frame = pd.read_parquet(io.BytesIO(data))
    elif name.endswith(".csv"):
        frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8")
    else:
        raise GoldError(f"gold file {name}: only .csv and .parquet are read")
    has_key = "sentence_id" in frame.columns or {"article_id", "text"} <= set(frame.columns)
    missing = [c for c in ("stance", "sentiment") if c not in frame.columns]
    if not has_key or missing:
        raise GoldError(f"gold file {name}: needs `sentence_id` or (`article_id`, `text`), and `stance`, "
                        f"`sentiment`; has {list(frame.columns)}")
    for column, allowed in (("stance", STANCE), ("sentiment", SENTIMENT)):
        bad = sorted(set(frame[column].str.strip().str.upper()) - set(allowed))
        if bad:
            raise GoldError(f"gold file {name}: {column} values {bad} are not in {list(allowed)}")
    frame = frame.assign(
        stance=frame["stance"].str.strip().str.upper(),
        sentiment=frame["sentiment"].str.strip().str.upper(),
        file=name,
    )
    for column in GOLD_COLUMNS:
        if column not in frame.columns:
            frame[column] = ""
    return frame[GOLD_COLUMNS].fillna("")


def _match_key(text: str) -> str:
    return " ".join(normalize_text(text).split()).lower()


def adjudicate(labels: pd.Series, fallback: str) -> str:
    """Majority of the annotators; a tie goes to NONE/NEUTRAL (ANNOTATION.md, Files)."""
    counts = labels.value_counts()
    if len(counts) > 1 and counts.iloc[0] == counts.iloc[1]:
        return fallback
    return counts.index[0]


def join_gold(gold: pd.DataFrame, sentences: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (one adjudicated row per matched sentence_id, gold rows that match no sentence)."""
    if gold.empty:
        return pd.DataFrame(columns=["sentence_id", "stance_gold", "sentiment_gold", "n_annotators"]), gold
    by_text = {(a, _match_key(t)): s for s, a, t in zip(sentences["sentence_id"], sentences["article_id"], sentences["text"])}
    known_ids = set(sentences["sentence_id"])
    resolved = [
        sid if sid in known_ids else by_text.get((aid, _match_key(text)), "")
        for sid, aid, text in zip(gold["sentence_id"], gold["article_id"], gold["text"])
    ]
    gold = gold.assign(sentence_id=resolved)
    matched, unmatched = gold[gold["sentence_id"] != ""], gold[gold["sentence_id"] == ""]
    if len(unmatched):
        log.warning("%d gold rows match no sentence of this corpus (kept in the gold_unmatched table)", len(unmatched))
    grouped = matched.groupby("sentence_id", sort=True)
    adjudicated = pd.DataFrame(
        {
            "stance_gold": grouped["stance"].agg(lambda s: adjudicate(s, "NONE")),
            "sentiment_gold": grouped["sentiment"].agg(lambda s: adjudicate(s, "NEUTRAL")),
            "n_annotators": grouped["annotator"].nunique().astype("int64"),
        }
    ).reset_index()
    return adjudicated, unmatched.reset_index(drop=True)
