"""A run folder used a second time (a fixed hydra.run.dir, as CI jobs often set).

The earlier run's outputs are moved into `previous/<n>/` before any stage runs, so that nothing of
it is read as this run's (the console's metrics table, the report link, the gate's metrics.json)
and nothing of it is lost. Only what a run wrote is moved, and only when the folder holds the
runner's own records (`stages/<stage>.json`, each with its cache key and the outputs it published):
those records, the outputs they list, and the run's manifest and gate files. Anything else stays.
A file the new run's config reads may not be one of those outputs (the run would overwrite it before
reading it): that stops the run with one line.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

from pipeline.runner import FILES_DIR, TABLES_DIR, published_name

log = logging.getLogger(__name__)

RUN_FILES = ("manifest.json", "gates.json", "gates.xml")  # written by the run itself, not by a stage
PREVIOUS = "previous"
# Config values that name files or folders a run reads.
READ_PATHS = ("corpus.path", "predict.model_path", "gate.baseline", "labeler.gold_dir")


def _record_outputs(record: Path, run_dir: Path) -> list[str] | None:
    """The run-folder names a runner record lists (names that would leave the folder are skipped),
    or None when the file is not such a record."""
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    outputs = data.get("outputs") if isinstance(data, dict) else None
    if not isinstance(data.get("key") if isinstance(data, dict) else None, str) or not isinstance(outputs, dict):
        return None
    names, root = [], run_dir.resolve()
    for rel, meta in outputs.items():
        if not (isinstance(rel, str) and rel.startswith((TABLES_DIR + "/", FILES_DIR + "/")) and isinstance(meta, dict)):
            continue
        name = published_name(rel)
        if name and (run_dir / name).resolve().is_relative_to(root):  # never "files/../x", never a link out
            names.append(name)
    return names


class RunFolderError(ValueError):
    """The new run would overwrite, before reading it, a file it is told to read."""


def earlier_outputs(run_dir: Path, stage_names, read_paths: dict[str, Path] | None = None) -> list[str]:
    """Names (relative to run_dir) an earlier run wrote there and that are still present. A path the
    new run reads (read_paths: config key -> path) must not be one of them: the run would replace it
    with its own output before reading it (a baseline compared with itself)."""
    records = {}
    for stage in stage_names:
        record = run_dir / "stages" / f"{stage}.json"
        names = _record_outputs(record, run_dir) if record.is_file() else None
        if names is not None:
            records[f"stages/{record.name}"] = names
    if not records:
        return []
    names = set(records) | {n for listed in records.values() for n in listed} | set(RUN_FILES)
    present = sorted(n for n in names if (run_dir / n).exists())
    root = run_dir.resolve()
    for key, path in (read_paths or {}).items():
        path = path.resolve()
        if path == root or not path.is_relative_to(root):
            continue  # outside the folder, or the folder itself (a corpus folder holding its runs): not overwritten
        clash = [n for n in present if (root / n).is_relative_to(path) or path.is_relative_to(root / n)]
        if clash:
            raise RunFolderError(f"{key}={path} is an earlier run's output in this run folder, which this run "
                                 "would replace before reading it; copy it elsewhere or choose another hydra.run.dir")
    return present


def config_read_paths(cfg) -> dict[str, Path]:
    from omegaconf import OmegaConf

    values = {key: OmegaConf.select(cfg, key, default=None) for key in READ_PATHS}
    return {key: Path(v) for key, v in values.items() if isinstance(v, str) and v}


def set_aside_earlier_run(run_dir: Path, stage_names, read_paths: dict[str, Path] | None = None) -> Path | None:
    """Move an earlier run's outputs into run_dir/previous/<n>/; the folder they went to, or None."""
    names = earlier_outputs(run_dir, stage_names, read_paths)
    if not names:
        return None
    taken = [int(p.name) for p in (run_dir / PREVIOUS).glob("*") if p.name.isdigit()]
    target = run_dir / PREVIOUS / str(max(taken, default=0) + 1)
    for name in names:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (run_dir / name).rename(target / name)
    log.warning("%s held an earlier run: %d of its outputs moved to %s, so that none is read as this run's",
                run_dir, len(names), target)
    return target
