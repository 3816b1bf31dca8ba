"""Reading a saved model file for the predict stage (no heavy imports: the runner hashes it)."""
from __future__ import annotations

import zipfile
from pathlib import Path

from omegaconf import DictConfig


class ModelFileError(FileNotFoundError):
    """The model to apply cannot be read; the message says what to pass."""


def _is_skops(file: Path) -> bool:
    """A skops file is a zip archive holding schema.json (a .docx or .xlsx is a zip too)."""
    if not zipfile.is_zipfile(file):
        return False
    with zipfile.ZipFile(file) as archive:
        return "schema.json" in archive.namelist()


def read_model_file(cfg: DictConfig) -> dict[str, bytes]:
    path = cfg.predict.model_path
    if not path:
        raise ModelFileError("stages=[predict] needs predict.model_path=FILE, a model saved by a run "
                             "(experiments/runs/<run>/models/stance.skops)")
    file = Path(path)
    if not file.is_file():
        raise ModelFileError(f"predict.model_path={file} is not a file")
    if not _is_skops(file):  # say so here, before skops fails inside with a zip or JSON error
        raise ModelFileError(f"predict.model_path={file} is not a model saved by a run (a .skops file, "
                             "such as experiments/runs/<run>/models/stance.skops)")
    return {"model.skops": file.read_bytes()}
