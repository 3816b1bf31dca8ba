"""List and read the files of a corpus: raw bytes keyed by path relative to `corpus.path`."""
from __future__ import annotations

from pathlib import Path

from omegaconf import DictConfig


class CorpusError(RuntimeError):
    """The corpus as configured cannot be read at all (as opposed to one bad file: a reject)."""


def list_corpus_files(corpus: DictConfig) -> list[Path]:
    """Files under corpus.path matching corpus.pattern, sorted; corpus.path may be one file."""
    root = Path(corpus.path)
    if root.is_file():
        return [root]
    if not root.is_dir():
        what = "a folder" if corpus.kind in ("text_dir", "html_dir", "mixed_dir") else "a file or a folder"
        raise CorpusError(f"corpus.path={root} is not {what} (corpus={corpus.kind})")
    files = sorted(root.rglob(corpus.pattern) if corpus.recursive else root.glob(corpus.pattern))
    # Hidden files (.DS_Store, editor swap files) are not articles anyone meant to hand over.
    files = [f for f in files if f.is_file() and not any(p.startswith(".") for p in f.relative_to(root).parts)]
    if not files:
        raise CorpusError(f"corpus.path={root} holds no files matching {corpus.pattern!r}")
    return files


def relative_name(path: Path, root: Path) -> str:
    return path.name if root.is_file() else path.relative_to(root).as_posix()


def read_files(corpus: DictConfig) -> dict[str, bytes]:
    root = Path(corpus.path)
    files = list_corpus_files(corpus)
    if corpus.max_articles and corpus.kind in ("text_dir", "html_dir"):
        files = files[: int(corpus.max_articles)]  # one file, one article: cut here, before reading
    return {relative_name(f, root): f.read_bytes() for f in files}


def read_text_dir(cfg: DictConfig) -> dict[str, bytes]:
    return read_files(cfg.corpus)
