"""Corpus readers by `corpus.kind`: each returns the raw inputs, relative path -> bytes.

Kept free of heavy imports: the runner calls them on every run to hash the inputs. Parsing
(HTML, JSON, CSV, Parquet, Arrow) happens in the ingest stage, from these bytes, so the stage
stays a pure function of what was hashed.
"""
from __future__ import annotations

from pathlib import Path

from omegaconf import DictConfig

from pipeline.ingest.formats import BY_EXTENSION
from pipeline.ingest.text_dir import SKIPPED_KEY, CorpusError, read_files, relative_name


def read_mixed_dir(cfg: DictConfig) -> dict[str, bytes]:
    raw = read_files(cfg.corpus)
    names = [name for name in raw if name != SKIPPED_KEY]
    if not any(Path(name).suffix.lower() in BY_EXTENSION for name in names):
        found = sorted({Path(name).suffix.lower() or "(none)" for name in names})
        raise CorpusError(f"corpus.path={cfg.corpus.path} holds no file of a supported type "
                          f"({', '.join(sorted(BY_EXTENSION))}); found extensions: {', '.join(found)}")
    return raw


def read_hf_disk(cfg: DictConfig) -> dict[str, bytes]:
    """Every file of the saved dataset (Arrow shards, dataset_info.json, state.json)."""
    root = Path(cfg.corpus.path)
    if not (root / "dataset_info.json").exists() and not (root / "dataset_dict.json").exists():
        raise CorpusError(f"corpus.path={root} is not a dataset saved with save_to_disk "
                          "(no dataset_info.json or dataset_dict.json)")
    return {relative_name(f, root): f.read_bytes() for f in sorted(root.rglob("*")) if f.is_file()}


def _files(cfg: DictConfig) -> dict[str, bytes]:
    return read_files(cfg.corpus)


READERS = {
    "text_dir": _files,
    "html_dir": _files,
    "jsonl": _files,
    "csv": _files,
    "parquet": _files,
    "hf_files": _files,
    "hf_disk": read_hf_disk,
    "mixed_dir": read_mixed_dir,
}


def read_corpus(cfg: DictConfig) -> dict[str, bytes]:
    kind = cfg.corpus.kind
    if kind not in READERS:
        raise CorpusError(f"corpus.kind={kind!r} is not supported; choose one of {sorted(READERS)}")
    return READERS[kind](cfg)
