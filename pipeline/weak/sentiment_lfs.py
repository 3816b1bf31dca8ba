"""Sentiment labelling functions: each returns POSITIVE, NEGATIVE, NEUTRAL (class ids) or ABSTAIN.

ANNOTATION.md: progress, agreement, hope, praise are POSITIVE; killing, attacks, failure,
accusation, fear are NEGATIVE; facts, and plain calls or demands, are NEUTRAL. VADER is one vote
among several, with its thresholds in config.
"""
from __future__ import annotations

from typing import Callable

from pipeline.labels import ABSTAIN
from pipeline.weak.context import SentenceView
from pipeline.weak.sentiment import sentiment_from_score

POSITIVE, NEGATIVE, NEUTRAL = 0, 1, 2
SentimentFunction = Callable[[SentenceView], int]
SENTIMENT_REGISTRY: dict[str, SentimentFunction] = {}
POLAR = ("positive", "negative", "violence")


def sentiment_function(fn: SentimentFunction) -> SentimentFunction:
    SENTIMENT_REGISTRY[fn.__name__] = fn
    return fn


def _count(view: SentenceView, group: str) -> tuple[int, int]:
    """(plain, negated) cues of `group` in the sentence."""
    spans = view.cue_spans(group)
    negated = sum(1 for s, _ in spans if view.is_negated(s))
    return len(spans) - negated, negated


@sentiment_function
def lf_sentiment_vader(view: SentenceView) -> int:
    """VADER's compound score against the thresholds of labeler.lf_vader_positive / lf_vader_negative."""
    return sentiment_from_score(view.vader, view.cues.lf_vader_positive, view.cues.lf_vader_negative)


@sentiment_function
def lf_sentiment_setback(view: SentenceView) -> int:
    """A process set back or opposed ("talks stalled", "rejected the offer"): NEGATIVE."""
    for group in ("breakdown", "oppose"):
        plain, negated = _count(view, group)
        if plain > negated:
            return NEGATIVE
    return ABSTAIN


@sentiment_function
def lf_sentiment_progress(view: SentenceView) -> int:
    """A milestone reached ("talks opened", "the deal was signed"), not negated or hedged: POSITIVE."""
    spans = [s for s, _ in view.cue_spans("milestone") if not view.is_negated(s) and not view.is_hedged(s)]
    if not spans or view.has("violence") or view.is_question:
        return ABSTAIN
    return POSITIVE


@sentiment_function
def lf_sentiment_violence(view: SentenceView) -> int:
    """Killing, attacks, bombings: NEGATIVE, unless negated ("without fear of a bomb")."""
    plain, negated = _count(view, "violence")
    return NEGATIVE if plain > negated else ABSTAIN


@sentiment_function
def lf_sentiment_positive_cue(view: SentenceView) -> int:
    """Progress, hope, praise, agreement: POSITIVE; negated ("no progress"): NEGATIVE."""
    plain, negated = _count(view, "positive")
    if plain == negated:
        return ABSTAIN
    return POSITIVE if plain > negated else NEGATIVE


@sentiment_function
def lf_sentiment_negative_cue(view: SentenceView) -> int:
    """Failure, accusation, fear, collapse: NEGATIVE; negated cues abstain ("not a failure" is not praise)."""
    plain, negated = _count(view, "negative")
    return NEGATIVE if plain > negated else ABSTAIN


@sentiment_function
def lf_sentiment_plain_call(view: SentenceView) -> int:
    """A plain call or demand ("urged a ceasefire") with no polar cue: NEUTRAL."""
    if not view.has("call") or any(view.has(g) for g in POLAR):
        return ABSTAIN
    return NEUTRAL


@sentiment_function
def lf_sentiment_flat_fact(view: SentenceView) -> int:
    """No polar cue of any lexicon and a VADER score near zero: a plain fact, NEUTRAL."""
    if any(view.has(g) for g in POLAR) or any(view.has(g) for g in ("oppose", "breakdown", "support")):
        return ABSTAIN
    return NEUTRAL if view.cues.lf_vader_negative < view.vader < view.cues.lf_vader_positive else ABSTAIN
