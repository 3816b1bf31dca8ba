"""Build the text classifier from config: features then estimator, both by `_target_`."""
from __future__ import annotations

from hydra.utils import instantiate
from omegaconf import DictConfig
from sklearn.pipeline import Pipeline


def build_classifier(features: DictConfig, model: DictConfig) -> Pipeline:
    vectorizer = instantiate(features.vectorizer, _convert_="all")
    estimator = instantiate(model.estimator, _convert_="all")
    return Pipeline([("features", vectorizer), ("classifier", estimator)])
