"""Read a folder of plain-text articles: the raw bytes, keyed by path relative to the folder."""
from __future__ import annotations

from pathlib import Path

from omegaconf import DictConfig


class CorpusError(RuntimeError):
    """The corpus as configured cannot be read at all (as opposed to one bad file: a reject)."""


def list_corpus_files(corpus: DictConfig) -> list[Path]:
    root = Path(corpus.path)
    if not root.is_dir():
        raise CorpusError(f"corpus.path={root} is not a folder (corpus={corpus.kind})")
    files = sorted(root.rglob(corpus.pattern) if corpus.recursive else root.glob(corpus.pattern))
    files = [f for f in files if f.is_file()]
    if not files:
        raise CorpusError(f"corpus.path={root} holds no files matching {corpus.pattern!r}")
    if corpus.max_articles:
        files = files[: int(corpus.max_articles)]
    return files


def read_text_dir(cfg: DictConfig) -> dict[str, bytes]:
    root = Path(cfg.corpus.path)
    return {f.relative_to(root).as_posix(): f.read_bytes() for f in list_corpus_files(cfg.corpus)}
