"""Run the configured stages in order; the Hydra entry point and the tests both call `run_pipeline`."""
from __future__ import annotations

import json
import logging
import time
from dataclasses import asdict
from pathlib import Path

from omegaconf import DictConfig

from pipeline.config.checks import check_config
from pipeline.config.schema import STAGE_ORDER
from pipeline.manifest import build_manifest
from pipeline.run_folder import config_read_paths, set_aside_earlier_run
from pipeline.runner import StageRunner

log = logging.getLogger(__name__)


class ConfigError(ValueError):
    pass


def stages_to_run(requested) -> list[str]:
    """Every stage up to the last one requested: earlier stages are inputs (and usually cached).
    A side stage (predict, semeval) runs after the stages it reads, and only when named."""
    from pipeline.stages.registry import STAGES

    requested = list(requested)
    unknown = [s for s in requested if s not in STAGES]
    if unknown or not requested:
        raise ConfigError(f"stages={requested}: unknown {unknown or 'empty list'}; choose from {list(STAGES)}")
    chain = [s for s in requested if s in STAGE_ORDER]
    names = list(STAGE_ORDER[: max(STAGE_ORDER.index(s) for s in chain) + 1]) if chain else []
    for side in (s for s in requested if s not in STAGE_ORDER):
        needed = set(STAGES[side].upstream)
        while any(set(STAGES[n].upstream) - needed for n in needed):
            needed |= {u for n in needed for u in STAGES[n].upstream}
        names += [n for n in STAGE_ORDER if n in needed and n not in names] + [side]
    return names


def run_pipeline(cfg: DictConfig) -> dict:
    from pipeline.gate.run import check_gate_config, gate_step
    from pipeline.stages.registry import STAGES

    check_config(cfg)
    check_gate_config(cfg)
    started = time.perf_counter()
    run_dir = Path(cfg.paths.output_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    set_aside_earlier_run(run_dir, list(STAGES), config_read_paths(cfg))
    runner = StageRunner(Path(cfg.paths.cache_dir), run_dir, force=cfg.force)
    names = stages_to_run(cfg.stages)
    for name in names:
        runner.run(STAGES[name], cfg)
    gate = gate_step(cfg, run_dir)  # None unless experiment=ci (or gate.enabled / gate.write_baseline)
    manifest = build_manifest(cfg, runner.results, time.perf_counter() - started,
                              gate=[asdict(r) for r in gate] if gate is not None else None)
    # Written last: a run folder without manifest.json did not finish.
    (run_dir / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True, default=str))
    tracking = None
    if cfg.tracking.enabled:
        from pipeline.tracking.mlflow_log import log_run

        tracking = log_run(cfg, run_dir, manifest)
        log.info("logged to MLflow: %s (run %s)", tracking["tracking_uri"], tracking["run_id"])
    return {"run_dir": run_dir, "results": runner.results, "manifest": manifest, "gate": gate, "tracking": tracking}
