"""Dense, hand-made features beside the n-grams: cue-lexicon hits, VADER scores, target mentions.

Both transformers keep only their parameters (lists of phrases) as state: the compiled regular
expressions and the VADER analyzer are rebuilt on demand and cached per process, so a saved model
holds nothing skops cannot write. Every value is non-negative (complement naive Bayes needs that).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin

from pipeline.weak.lexicon import compile_lexicon


@lru_cache(maxsize=1)
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()  # the lexicon ships inside the wheel: no download


def _as_texts(X) -> list[str]:
    return ["" if x is None else str(x) for x in X]


class LexiconScores(BaseEstimator, TransformerMixin):
    """Per text: log(1 + hits) of each cue lexicon, and VADER's pos/neg/neu scores with the
    compound score split into its positive and negative parts."""

    def __init__(self, cues=None, vader: bool = True):
        self.cues = cues
        self.vader = vader

    def fit(self, X, y=None):
        return self

    def _names(self) -> list[str]:
        return sorted(self.cues or {})

    def get_feature_names_out(self, input_features=None):
        names = [f"cue_{n}" for n in self._names()]
        if self.vader:
            names += ["vader_pos", "vader_neg", "vader_neu", "vader_compound_pos", "vader_compound_neg"]
        return np.asarray(names, dtype=object)

    def transform(self, X):
        texts = _as_texts(X)
        columns = []
        for name in self._names():
            lexicon = compile_lexicon(name, list(self.cues[name]))
            columns.append([np.log1p(len(lexicon.regex.findall(t))) for t in texts])
        if self.vader:
            scores = [_vader().polarity_scores(t) for t in texts]
            columns += [[s["pos"] for s in scores], [s["neg"] for s in scores], [s["neu"] for s in scores],
                        [max(s["compound"], 0.0) for s in scores], [max(-s["compound"], 0.0) for s in scores]]
        matrix = np.asarray(columns, dtype=float).T if columns else np.zeros((len(texts), 0))
        return sparse.csr_matrix(matrix.reshape(len(texts), -1))


class TargetMention(BaseEstimator, TransformerMixin):
    """Per text: whether it names the target (any alias), how often, and whether it names one of
    the target's actors. Stance is about the target: a sentence that never names it is more often
    NONE."""

    def __init__(self, aliases=None, actors=None):
        self.aliases = aliases
        self.actors = actors

    def fit(self, X, y=None):
        return self

    def get_feature_names_out(self, input_features=None):
        return np.asarray(["mentions_target", "n_target_mentions", "mentions_actor"], dtype=object)

    def transform(self, X):
        texts = _as_texts(X)
        target = compile_lexicon("aliases", list(self.aliases or []))
        actors = compile_lexicon("actors", list(self.actors or []))
        rows = []
        for t in texts:
            hits = len(target.regex.findall(t))
            rows.append((float(hits > 0), np.log1p(hits), float(actors.search(t))))
        return sparse.csr_matrix(np.asarray(rows, dtype=float).reshape(len(texts), 3))


def lexicon_scores(lexicons=None, cues=None, vader: bool = True) -> LexiconScores:
    """General lexicons (labeler.lexicons) with the target's own cues (target.cues) added group by
    group. Hydra passes DictConfig/ListConfig; plain dicts and lists keep the saved model plain."""
    merged: dict[str, list[str]] = {}
    for source in (lexicons or {}, cues or {}):
        for name, phrases in dict(source).items():
            merged.setdefault(str(name), []).extend(str(p) for p in phrases)
    return LexiconScores({k: sorted(set(v)) for k, v in merged.items()}, bool(vader))


def target_mention(aliases=None, actors=None) -> TargetMention:
    return TargetMention([str(a) for a in aliases or []], [str(a) for a in actors or []])
