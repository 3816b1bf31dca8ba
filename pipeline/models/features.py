"""Small factories so that feature extractors can be written in YAML and built by `_target_`.

YAML has lists, scikit-learn wants tuples for `ngram_range`; these factories do that conversion
and nothing else, so the objects they return (and that skops saves) are plain scikit-learn ones,
except the two transformers of `pipeline.models.lexical`, which skops is told to trust.
"""
from __future__ import annotations

from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer, TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline


def tfidf(ngram_range=(1, 1), **kwargs) -> TfidfVectorizer:
    return TfidfVectorizer(ngram_range=tuple(ngram_range), **kwargs)


def hashing(ngram_range=(1, 1), n_features: int = 2**20, sublinear_tf: bool = True, **kwargs) -> Pipeline:
    """Hashed n-gram counts, then TF-IDF weights: no vocabulary is held in memory, so the size of
    the model does not grow with the corpus. `alternate_sign=False` keeps the features
    non-negative (complement naive Bayes needs that)."""
    return Pipeline([
        ("hash", HashingVectorizer(ngram_range=tuple(ngram_range), n_features=n_features,
                                   alternate_sign=False, norm=None, **kwargs)),
        ("tfidf", TfidfTransformer(sublinear_tf=sublinear_tf)),
    ])


def union(**transformers) -> FeatureUnion:
    """A FeatureUnion of named transformers, in name order (stable across YAML edits)."""
    transformers = {name: t for name, t in transformers.items() if t is not None}
    if not transformers:
        raise ValueError("features: a union needs at least one transformer")
    return FeatureUnion(sorted(transformers.items()))
