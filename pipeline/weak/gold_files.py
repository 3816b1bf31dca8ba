"""Find the gold files of a run. Light on imports: the runner hashes them on every run."""
from __future__ import annotations

from pathlib import Path

from omegaconf import DictConfig


def read_gold_dir(cfg: DictConfig) -> dict[str, bytes]:
    """Gold files are inputs from outside the run; their bytes enter the cache key."""
    if not cfg.labeler.gold_dir:
        return {}
    folder = Path(cfg.labeler.gold_dir)
    if not folder.is_dir():
        raise FileNotFoundError(f"labeler.gold_dir={folder} is not a folder (set labeler.gold_dir=null for none)")
    paths = sorted({f for pattern in cfg.labeler.gold_patterns for f in folder.glob(pattern) if f.is_file()})
    return {f"gold/{f.name}": f.read_bytes() for f in paths}
