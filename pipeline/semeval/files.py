"""Find and read the SemEval-2016 Task 6 files under corpus.path (no heavy imports: the runner
hashes what this returns, so a changed file means a new run)."""
from __future__ import annotations

from pathlib import Path

from omegaconf import DictConfig, OmegaConf

from pipeline.ingest.text_dir import CorpusError


def _find(root: Path, candidates) -> Path | None:
    for name in candidates:
        if (root / name).is_file():
            return root / name
        matches = sorted(p for p in root.rglob(Path(name).name) if p.is_file() and p.as_posix().endswith(name))
        if matches:
            return matches[0]
    return None


def read_semeval_files(cfg: DictConfig) -> dict[str, bytes]:
    """{"train/<name>": bytes, "test/<name>": bytes} from the first candidate found for each split."""
    corpus = cfg.corpus
    if corpus.kind != "semeval2016":
        raise CorpusError(f"stages=[semeval] reads corpus=semeval2016, not corpus.kind={corpus.kind!r}; "
                          "run `stance-pipeline experiment=semeval2016 corpus.path=DIR`")
    if OmegaConf.is_missing(corpus, "path"):
        raise CorpusError("corpus=semeval2016 needs corpus.path=DIR, the folder of the SemEval-2016 Task 6 files")
    root = Path(corpus.path)
    if not root.is_dir():
        raise CorpusError(f"corpus.path={root} is not a folder (corpus=semeval2016)")
    out = {}
    for split, candidates in (("train", corpus.train_files), ("test", corpus.test_files)):
        found = _find(root, list(candidates))
        if found is None:
            raise CorpusError(f"corpus.path={root}: no {split} file; looked for {list(candidates)} "
                              f"(set corpus.{split}_files=[NAME])")
        out[f"{split}/{found.relative_to(root).as_posix()}"] = found.read_bytes()
    return out
