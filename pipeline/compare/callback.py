"""Hydra callback: at the end of a sweep, write the leaderboard and comparison plot into the sweep folder.

Kept light at import time (Hydra instantiates callbacks on every run, swept or not).
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any, Optional

from hydra.experimental.callback import Callback
from omegaconf import DictConfig

from pipeline.compare.runs import FAILED_FILE

log = logging.getLogger(__name__)


class LeaderboardCallback(Callback):
    def __init__(self, primary_metric: str = "stance.end_model.macro_f1", lower_is_better: Optional[bool] = None) -> None:
        self.primary_metric = primary_metric
        self.lower_is_better = lower_is_better  # None: from the metric's name, as `python -m pipeline.compare` does

    def on_multirun_end(self, config: DictConfig, **kwargs: Any) -> None:
        sweep_dir = Path(config.hydra.sweep.dir)
        # The verdict first, on its own: the leaderboard below may fail or find no run folder.
        failed = sorted(sweep_dir.rglob(FAILED_FILE)) if sweep_dir.is_dir() else []
        try:
            self._write_leaderboard(sweep_dir)
        except Exception as err:  # noqa: BLE001 - Hydra would turn it into a warning and drop the verdict
            log.error("leaderboard not written: %s: %s", type(err).__name__, err)
        if failed:
            reasons = "; ".join(f"{f.parent.relative_to(sweep_dir)}: {f.read_text(encoding='utf-8').strip()}"
                                for f in failed)
            print(f"error: {len(failed)} job(s) failed: {reasons}", file=sys.stderr)
            sys.exit(1)

    def _write_leaderboard(self, sweep_dir: Path) -> None:
        from pipeline.compare.runs import sweep_runs
        from pipeline.compare.write import write_comparison

        runs = sweep_runs(sweep_dir) if sweep_dir.is_dir() else []
        if not runs:
            log.warning("leaderboard: no run folders in %s", sweep_dir)
            return
        try:
            result = write_comparison(runs, sweep_dir, self.primary_metric, self.lower_is_better)
        except ValueError as err:  # e.g. every job failed: say so, do not hide the jobs' own errors
            log.error("leaderboard not written: %s", err)
            return
        log.info("leaderboard of %d runs: %s", len(runs), result["files"][1])
        print(f"leaderboard: {result['files'][1]}")
