"""Run the configured stages in order; the Hydra entry point and the tests both call `run_pipeline`."""
from __future__ import annotations

import json
import logging
import time
from pathlib import Path

from omegaconf import DictConfig, OmegaConf

from pipeline.config.schema import STAGE_ORDER
from pipeline.manifest import environment, git_state
from pipeline.runner import StageRunner

log = logging.getLogger(__name__)


class ConfigError(ValueError):
    pass


def stages_to_run(requested) -> list[str]:
    """Every stage up to the last one requested: earlier stages are inputs (and usually cached)."""
    requested = list(requested)
    unknown = [s for s in requested if s not in STAGE_ORDER]
    if unknown or not requested:
        raise ConfigError(f"stages={requested}: unknown {unknown or 'empty list'}; choose from {list(STAGE_ORDER)}")
    last = max(STAGE_ORDER.index(s) for s in requested)
    return list(STAGE_ORDER[: last + 1])


def run_pipeline(cfg: DictConfig) -> dict:
    from pipeline.stages.registry import STAGES

    started = time.perf_counter()
    run_dir = Path(cfg.paths.output_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    runner = StageRunner(Path(cfg.paths.cache_dir), run_dir, force=cfg.force)
    names = stages_to_run(cfg.stages)
    for name in names:
        runner.run(STAGES[name], cfg)
    manifest = {
        "name": cfg.name,
        "seed": cfg.seed,
        "stages": {
            r.stage: {"key": r.key, "cache_hit": r.cache_hit, "inputs": r.manifest["inputs"],
                      "rows": r.manifest["rows"], "wall_seconds": r.manifest["wall_seconds"]}
            for r in runner.results.values()
        },
        "git": git_state(Path(cfg.paths.root_dir)),
        "environment": environment(),
        "config": OmegaConf.to_container(cfg, resolve=True),
        "wall_seconds": round(time.perf_counter() - started, 3),
    }
    # Written last: a run folder without manifest.json did not finish.
    (run_dir / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True, default=str))
    return {"run_dir": run_dir, "results": runner.results, "manifest": manifest}
