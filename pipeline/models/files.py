"""Reading a saved model file for the predict stage (no heavy imports: the runner hashes it)."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

from omegaconf import DictConfig

from pipeline.config.tree import dict_nodes


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


def encoders_in_model(file: Path) -> list[str]:
    """The sentence encoders a saved model's embedding blocks name, read from its skops schema without
    loading it (so a missing `embeddings` extra can be said before any stage runs); [] if unreadable."""
    try:
        with zipfile.ZipFile(file) as archive:
            schema = json.loads(archive.read("schema.json"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return []
    names = set()
    for _, node in dict_nodes(schema):
        if node.get("__class__") == "SentenceEmbedding" and node.get("__module__") == "pipeline.models.embedding":
            model = node.get("content", {}).get("content", {}).get("model", {}).get("content", '"?"')
            names.add(json.loads(model) if isinstance(model, str) else str(model))
    return sorted(names)
