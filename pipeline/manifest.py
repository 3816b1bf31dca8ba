"""The run manifest: what ran, on what data, with which code, libraries, platform and seed."""
from __future__ import annotations

import platform
import subprocess
import sys
from pathlib import Path
from typing import Optional

from omegaconf import DictConfig, OmegaConf

from pipeline.runner import library_versions

TRACKED_PACKAGES = (
    "hydra-core", "omegaconf", "pandas", "pyarrow", "numpy", "scipy", "scikit-learn", "skops",
    "matplotlib", "jinja2", "pysbd", "vaderSentiment", "trafilatura", "datasets", "datasketch", "tqdm",
    "mlflow-skinny",
)


def git_state(root: Path) -> dict:
    """Commit and dirty flag of the code that ran (tracked files only: new run folders are not edits)."""
    def git(*args) -> subprocess.CompletedProcess:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=10)

    try:
        head = git("rev-parse", "HEAD")
        if head.returncode != 0:
            return {"commit": None, "dirty": None}
        status = git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "dirty": None}
    changed = [line[3:] for line in status.stdout.splitlines() if line.strip()]
    return {"commit": head.stdout.strip(), "dirty": bool(changed), "changed_files": len(changed)}


def environment() -> dict:
    return {
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "packages": library_versions(TRACKED_PACKAGES),
    }


def data_hashes(results: dict) -> dict:
    """Content hashes of what came from outside the run (corpus files, gold files), per stage.

    Each is the stage's hash over its external files (path + sha256 of every file), the same hash its
    cache key uses: two runs with equal values read byte-identical data.
    """
    out = {}
    for name, result in results.items():
        external = result.manifest.get("inputs", {}).get("external")
        if external:
            out[name] = external
    return out


def hydra_overrides() -> Optional[list[str]]:
    """The command-line overrides of this run, when it runs under Hydra."""
    try:
        from hydra.core.hydra_config import HydraConfig

        return list(HydraConfig.get().overrides.task)
    except (ImportError, ValueError):
        return None


def build_manifest(cfg: DictConfig, results: dict, wall_seconds: float, gate: Optional[list] = None) -> dict:
    manifest = {
        "name": cfg.name,
        "seed": cfg.seed,
        "stages": {
            r.stage: {"key": r.key, "cache_hit": r.cache_hit, "inputs": r.manifest["inputs"],
                      "rows": r.manifest["rows"], "wall_seconds": r.manifest["wall_seconds"]}
            for r in results.values()
        },
        "data": data_hashes(results),
        "git": git_state(Path(cfg.paths.root_dir)),
        "environment": environment(),
        "command": {"argv": list(sys.argv), "overrides": hydra_overrides()},
        "config": OmegaConf.to_container(cfg, resolve=True),
        "wall_seconds": round(wall_seconds, 3),
    }
    if gate is not None:
        manifest["gate"] = {"passed": all(r["passed"] for r in gate), "results": gate}
    return manifest
