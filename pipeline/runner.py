"""The stage runner: cache keys, atomic writes, manifests, and publishing into the run folder.

Why not joblib.Memory: it caches Python return values by argument pickles, but the stage contract
needs (a) keys that leave paths and n_jobs out while including library versions and input content
hashes, (b) Parquet tables a person can open, and (c) a manifest written last so that a folder
without one is never trusted. A small content-addressed store does all three.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import time
import uuid
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Optional

from omegaconf import DictConfig, OmegaConf

from pipeline.io.hashing import canonical_json, hash_object, sha256_bytes
from pipeline.stages.base import Artifacts, Stage

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
TABLES_DIR = "tables"
FILES_DIR = "files"
# Config keys that say where things are or how fast to go, not what to compute.
_KEY_EXCLUDED_NAMES = {"n_jobs", "path", "output_dir", "cache_dir", "root_dir", "data_dir", "gold_dir", "model_path"}


class StageError(RuntimeError):
    """A stage could not run; the message is meant for the person at the console."""


def library_versions(names: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for name in names:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def _strip_locations(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _strip_locations(v) for k, v in node.items() if k not in _KEY_EXCLUDED_NAMES}
    if isinstance(node, list):
        return [_strip_locations(v) for v in node]
    return node


def stage_config(cfg: DictConfig, stage: Stage) -> DictConfig:
    """The part of the config a stage may read, resolved."""
    sub = {key: OmegaConf.to_container(cfg[key], resolve=True) if OmegaConf.is_config(cfg[key]) else cfg[key]
           for key in stage.config_keys}
    return OmegaConf.create(sub)


def cache_key(stage: Stage, cfg: DictConfig, input_hashes: dict[str, str]) -> str:
    sub = OmegaConf.to_container(stage_config(cfg, stage), resolve=True)
    return hash_object(
        {
            "stage": stage.name,
            "version": stage.version,
            "config": _strip_locations(sub),
            "inputs": input_hashes,
            "libraries": library_versions(stage.libraries_for(sub)),
        }
    )[:24]


@dataclass
class StageResult:
    stage: str
    key: str
    cache_hit: bool
    entry: Path
    manifest: dict


class StageRunner:
    def __init__(self, cache_dir: Path, run_dir: Path, force: bool = False):
        self.cache_dir = Path(cache_dir)
        self.run_dir = Path(run_dir)
        self.force = force
        self.results: dict[str, StageResult] = {}

    # ---- reading what earlier stages left ----
    def _input_hashes(self, stage: Stage, external: dict[str, bytes]) -> dict[str, str]:
        hashes = {}
        for name in stage.upstream:
            if name not in self.results:
                raise StageError(f"stage '{stage.name}' needs the output of '{name}', which has not run")
            outputs = self.results[name].manifest["outputs"]
            hashes[name] = hash_object({path: meta["sha256"] for path, meta in outputs.items()})
        if external:
            hashes["external"] = hash_object({path: sha256_bytes(data) for path, data in sorted(external.items())})
        return hashes

    def _load_upstream(self, stage: Stage) -> Artifacts:
        from pipeline.io.tables import parquet_bytes_to_table

        merged = Artifacts()
        for name in stage.upstream:
            entry = self.results[name].entry
            for rel in self.results[name].manifest["outputs"]:
                data = (entry / rel).read_bytes()
                if rel.startswith(TABLES_DIR + "/"):
                    merged.tables[Path(rel).stem] = parquet_bytes_to_table(data)
                else:
                    merged.files[rel[len(FILES_DIR) + 1:]] = data
        return merged

    # ---- running one stage ----
    def run(self, stage: Stage, cfg: DictConfig) -> StageResult:
        external = stage.read_external(cfg)
        input_hashes = self._input_hashes(stage, external)
        key = cache_key(stage, cfg, input_hashes)
        entry = self.cache_dir / stage.name / key
        manifest_path = entry / MANIFEST
        if manifest_path.exists() and not self.force:
            manifest = json.loads(manifest_path.read_text())
            log.info("stage %-8s cache hit  %s: skipped (force=true recomputes)", stage.name, key[:12])
            result = StageResult(stage.name, key, True, entry, manifest)
        else:
            result = self._compute(stage, cfg, key, entry, input_hashes, external)
        self.results[stage.name] = result
        self._publish(result)
        return result

    def _compute(self, stage, cfg, key, entry, input_hashes, external) -> StageResult:
        from pipeline.io.tables import table_to_parquet_bytes

        started = time.perf_counter()
        inputs = self._load_upstream(stage)
        inputs.files.update({f"external/{p}": b for p, b in external.items()})
        outputs = stage.compute(stage_config(cfg, stage), inputs)
        payload = {f"{TABLES_DIR}/{name}.parquet": table_to_parquet_bytes(df) for name, df in outputs.tables.items()}
        payload.update({f"{FILES_DIR}/{rel}": data for rel, data in outputs.files.items()})
        wall = time.perf_counter() - started
        config = OmegaConf.to_container(stage_config(cfg, stage), resolve=True)
        manifest = {
            "stage": stage.name,
            "version": stage.version,
            "key": key,
            "inputs": input_hashes,
            "config": config,
            "libraries": library_versions(stage.libraries_for(config)),
            "outputs": {rel: {"sha256": sha256_bytes(data), "bytes": len(data)} for rel, data in sorted(payload.items())},
            "rows": {name: int(len(df)) for name, df in sorted(outputs.tables.items())},
            "wall_seconds": round(wall, 3),
        }
        self._write_entry(entry, payload, manifest)
        log.info("stage %-8s computed   %s in %.1fs (%s)", stage.name, key[:12], wall,
                 ", ".join(f"{n}={r}" for n, r in manifest["rows"].items()) or "no tables")
        return StageResult(stage.name, key, False, entry, manifest)

    @staticmethod
    def _write_entry(entry: Path, payload: dict[str, bytes], manifest: dict) -> None:
        """Write into a temporary sibling, manifest last, then move it into place in one step."""
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = entry.parent / f".tmp-{entry.name}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        tmp.mkdir()
        try:
            for rel, data in payload.items():
                target = tmp / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True, default=str))
            if entry.exists():  # a forced recompute, or a parallel job that finished first
                shutil.rmtree(entry)
            os.replace(tmp, entry)
        except OSError:
            if (entry / MANIFEST).exists():  # another process published the same key: same content
                shutil.rmtree(tmp, ignore_errors=True)
                return
            shutil.rmtree(tmp, ignore_errors=True)
            raise

    def _publish(self, result: StageResult) -> None:
        """Copy a stage's outputs from the cache into the run folder, where people look."""
        for rel in result.manifest["outputs"]:
            target = self.run_dir / published_name(rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(result.entry / rel, target)
        stage_dir = self.run_dir / "stages"
        stage_dir.mkdir(parents=True, exist_ok=True)
        record = dict(result.manifest, cache_hit=result.cache_hit)
        (stage_dir / f"{result.stage}.json").write_text(json.dumps(record, indent=2, sort_keys=True, default=str))


def published_name(rel: str) -> str:
    """Where a cache entry's output lands in the run folder: tables at the top, files as they are named."""
    return Path(rel).name if rel.startswith(TABLES_DIR + "/") else rel[len(FILES_DIR) + 1:]


def read_stage_file(result: StageResult, rel: str) -> Optional[bytes]:
    path = result.entry / FILES_DIR / rel
    return path.read_bytes() if path.exists() else None


__all__ = ["StageRunner", "StageError", "StageResult", "cache_key", "canonical_json", "read_stage_file"]
