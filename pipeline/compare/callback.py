"""Hydra callback: at the end of a sweep, write the leaderboard and comparison plot into the sweep folder.

Kept light at import time (Hydra instantiates callbacks on every run, swept or not).
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

from hydra.experimental.callback import Callback
from omegaconf import DictConfig

log = logging.getLogger(__name__)


class LeaderboardCallback(Callback):
    def __init__(self, primary_metric: str = "stance.end_model.macro_f1") -> None:
        self.primary_metric = primary_metric

    def on_multirun_end(self, config: DictConfig, **kwargs: Any) -> None:
        from pipeline.compare.runs import sweep_runs
        from pipeline.compare.write import write_comparison

        sweep_dir = Path(config.hydra.sweep.dir)
        runs = sweep_runs(sweep_dir) if sweep_dir.is_dir() else []
        if not runs:
            log.warning("leaderboard: no run folders in %s", sweep_dir)
            return
        try:
            result = write_comparison(runs, sweep_dir, self.primary_metric)
        except ValueError as err:  # e.g. every job failed: say so, do not hide the jobs' own errors
            from pipeline.compare.runs import load_run

            log.error("leaderboard not written: %s", err)
            self._exit_if_a_job_failed([load_run(r) for r in runs])
            return
        log.info("leaderboard of %d runs: %s", len(runs), result["files"][1])
        print(f"leaderboard: {result['files'][1]}")
        self._exit_if_a_job_failed(result["runs"])

    @staticmethod
    def _exit_if_a_job_failed(runs) -> None:
        """The jobs ran to the end and are all in the leaderboard; the sweep still exits 1 if one failed."""
        failed = [r for r in runs if r.problem and r.problem.startswith("failed: ")]
        if failed:
            print(f"error: {len(failed)} of {len(runs)} jobs failed: "
                  + "; ".join(f"{r.path.name}: {r.problem[len('failed: '):]}" for r in failed), file=sys.stderr)
            sys.exit(1)
