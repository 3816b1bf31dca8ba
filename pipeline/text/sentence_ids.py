"""Sentence ids: `<article_id>-0000`, `-0001`... for the body, `-h1` (`-h2`, `-h1`) for a headline
that ingest put before the body (ingest.headline_in_body), so a body sentence has the same id with
or without its headline, and gold files keyed by id alone keep their meaning."""
from __future__ import annotations

import pandas as pd


def sentence_id_for(article_id: str, idx: int) -> str:
    """Body sentences count from 0; the added headline's sentences count back from -1."""
    return f"{article_id}-{idx:04d}" if idx >= 0 else f"{article_id}-h{-idx}"


def _reading_key(sentence_id: str) -> str:
    article, _, tail = sentence_id.rpartition("-")
    if tail.startswith("h") and tail[1:].isdigit():  # -h2 before -h1 before the body
        return f"{article}-0-{999_999 - int(tail[1:]):06d}"
    return f"{article}-1-{tail}"


def reading_order(sentence_ids: pd.Series) -> pd.Series:
    """A sort key (for DataFrame.sort_values(key=...)) that puts sentence ids in reading order: a plain
    sort would put `-h1` after the body's digits."""
    return sentence_ids.map(_reading_key)


def in_reading_order(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` (with a sentence_id column) sorted into reading order, stably, with a fresh index."""
    return frame.sort_values("sentence_id", key=reading_order, kind="stable").reset_index(drop=True)
