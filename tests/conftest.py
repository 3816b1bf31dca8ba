"""Shared helpers: compose the real config the way Hydra's own tests do, pointed at tmp folders."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hydra import compose, initialize_config_dir

os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("MPLBACKEND", "Agg")

from pipeline.cli import CONFIG_DIR, PROJECT_ROOT, register  # noqa: E402

register()


def compose_config(overrides=(), tmp_path: Path | None = None):
    """The project's config with `overrides`; outputs and caches under tmp_path when given."""
    extra = []
    if tmp_path is not None:
        extra = [f"paths.output_dir={tmp_path / 'run'}", f"paths.cache_dir={tmp_path / 'cache'}"]
    with initialize_config_dir(config_dir=CONFIG_DIR, version_base="1.3"):
        return compose(config_name="config", overrides=[*extra, *overrides])


@pytest.fixture
def project_root() -> Path:
    return PROJECT_ROOT


@pytest.fixture
def small_corpus_overrides():
    """A slice of the embedded corpus: quick, but with gold labels in every fold."""
    return ["corpus.max_articles=8", "eval.n_splits=3"]


@pytest.fixture
def stand_in_encoder(monkeypatch):
    """The sentence encoder replaced by tests.spies.StandInEncoder, its vector cache emptied (so no
    vector of the real encoder leaks in, nor out)."""
    from pipeline.models import embedding
    from tests.spies import StandInEncoder

    encoder = StandInEncoder()
    monkeypatch.setattr(embedding, "_VECTORS", {})
    monkeypatch.setattr(embedding, "missing_parts", lambda name: [])
    monkeypatch.setattr(embedding, "load_encoder", lambda name: encoder)
    return encoder
