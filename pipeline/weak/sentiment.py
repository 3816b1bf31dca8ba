"""Sentiment from VADER's compound score, with the thresholds in config."""
from __future__ import annotations

from functools import lru_cache

from pipeline.labels import class_id


@lru_cache(maxsize=1)
def _analyzer():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()  # its lexicon ships inside the wheel: no download


def vader_compound(text: str) -> float:
    return float(_analyzer().polarity_scores(text)["compound"])


def sentiment_from_score(score: float, positive: float, negative: float) -> int:
    if score >= positive:
        return class_id("sentiment", "POSITIVE")
    if score <= negative:
        return class_id("sentiment", "NEGATIVE")
    return class_id("sentiment", "NEUTRAL")
