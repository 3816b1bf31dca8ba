"""Test doubles shared by the tests."""
from __future__ import annotations

import hashlib

import numpy as np

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline


class ArticleRecordingModel:
    """A real text classifier that records the articles behind the texts of every fit, so a test
    can check that no split trains on an article it tests on."""

    def __init__(self, article_of_text: dict[str, str], seen: list[set[str]]):
        self.article_of_text = article_of_text
        self.seen = seen
        self.inner = make_pipeline(TfidfVectorizer(), LogisticRegression())

    def fit(self, texts, y, **kwargs):
        self.seen.append({self.article_of_text[t] for t in texts})
        self.inner.fit(texts, y)
        self.classes_ = self.inner.classes_
        return self

    def predict(self, texts):
        return self.inner.predict(texts)

    def predict_proba(self, texts):
        return self.inner.predict_proba(texts)


class StandInEncoder:
    """Plays pipeline.models.embedding's packaged encoder without torch: unit vectors seeded by the
    text's hash, and a record of every text it was asked to encode, in order."""

    dimension = 8

    def __init__(self):
        self.texts: list[str] = []

    def __call__(self, text: str) -> np.ndarray:
        self.texts.append(text)
        seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "little")
        v = np.random.default_rng(seed).normal(size=self.dimension)
        return (v / np.linalg.norm(v)).astype(np.float32)
