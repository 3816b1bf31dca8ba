"""Test doubles shared by the evaluation tests."""
from __future__ import annotations

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
