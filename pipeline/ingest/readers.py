"""Corpus readers by `corpus.kind`: each returns the raw inputs, relative path -> bytes.

Kept free of heavy imports: the runner calls them on every run to hash the inputs.
"""
from __future__ import annotations

from omegaconf import DictConfig

from pipeline.ingest.text_dir import CorpusError, read_text_dir

READERS = {"text_dir": read_text_dir}


def read_corpus(cfg: DictConfig) -> dict[str, bytes]:
    kind = cfg.corpus.kind
    if kind not in READERS:
        raise CorpusError(f"corpus.kind={kind!r} is not supported; choose one of {sorted(READERS)}")
    return READERS[kind](cfg)
