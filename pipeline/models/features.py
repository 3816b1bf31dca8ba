"""Small factories so that feature extractors can be written in YAML and built by `_target_`.

YAML has lists, scikit-learn wants tuples for `ngram_range`; these factories do that conversion
and nothing else, so the objects they return (and that skops saves) are plain scikit-learn ones.
"""
from __future__ import annotations

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion


def tfidf(ngram_range=(1, 1), **kwargs) -> TfidfVectorizer:
    return TfidfVectorizer(ngram_range=tuple(ngram_range), **kwargs)


def union(**transformers) -> FeatureUnion:
    """A FeatureUnion of named transformers, in name order (stable across YAML edits)."""
    if not transformers:
        raise ValueError("features: a union needs at least one transformer")
    return FeatureUnion(sorted(transformers.items()))
