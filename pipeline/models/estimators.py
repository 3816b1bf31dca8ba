"""Estimator factories for YAML: models that are more than one scikit-learn object."""
from __future__ import annotations

from sklearn.decomposition import TruncatedSVD
from sklearn.pipeline import Pipeline


def reduced(estimator, n_components: int = 100, random_state: int = 0) -> Pipeline:
    """`estimator` on a TruncatedSVD projection of the sparse features (trees cannot use 10^5
    sparse columns well; a few hundred dense ones they can)."""
    return Pipeline([("svd", TruncatedSVD(n_components=n_components, random_state=random_state)),
                     ("model", estimator)])
