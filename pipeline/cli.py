"""Command line: `stance-pipeline [overrides]`, the same as `python -m pipeline`."""
from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

# Nothing at run time may reach the network: keep Hugging Face libraries offline.
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("MPLBACKEND", "Agg")

import hydra  # noqa: E402
from omegaconf import DictConfig, OmegaConf  # noqa: E402
from omegaconf.errors import MissingMandatoryValue  # noqa: E402

from pipeline.compare.runs import FAILED_FILE  # noqa: E402
from pipeline.config.schema import register_configs  # noqa: E402

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CONFIG_DIR = str(PROJECT_ROOT / "conf")
log = logging.getLogger("pipeline")


def register() -> None:
    """Schemas and resolvers must exist before Hydra composes (also used by the tests)."""
    register_configs()
    OmegaConf.register_new_resolver("project_root", lambda: str(PROJECT_ROOT), replace=True)


def _print_summary(outcome: dict) -> None:
    from pipeline.evaluation.summary import metrics_table

    run_dir = outcome["run_dir"]
    metrics_path = run_dir / "metrics.json"
    if metrics_path.exists():
        print("\n" + metrics_table(json.loads(metrics_path.read_text())))
    semeval_table = run_dir / "semeval2016.md"
    if semeval_table.exists():  # F_avg x 100 to two decimals, per target, as the task's tables print it
        print("\nSemEval-2016 Task 6 subtask A, official test set (eval.pl's F_avg x 100):\n" + semeval_table.read_text())
    report = run_dir / "report.html"
    print(f"report: {report}" if report.exists() else f"run folder: {run_dir}")


@hydra.main(version_base="1.3", config_path=CONFIG_DIR, config_name="config")
def hydra_main(cfg: DictConfig) -> None:
    from pipeline.app import ConfigError, run_pipeline
    from pipeline.ingest.text_dir import CorpusError
    from pipeline.runner import StageError

    run_dir = Path(cfg.paths.output_dir)
    (run_dir / FAILED_FILE).unlink(missing_ok=True)  # an earlier run's verdict in this folder is not this one's
    try:
        outcome = run_pipeline(cfg)
    except (ConfigError, CorpusError, StageError, FileNotFoundError, ValueError) as err:
        return _exit_with(str(err), run_dir)
    except MissingMandatoryValue as err:  # a `???` in the config: a value only the user can give
        return _exit_with(f"{err.full_key} has no value: give it on the command line, as in {err.full_key}=...", run_dir)
    except Exception as err:  # noqa: BLE001 - in a sweep, any failure is one job's; elsewhere the traceback helps
        if not _in_sweep():
            raise
        return _exit_with(f"{type(err).__name__}: {err}", run_dir)
    _print_summary(outcome)
    _exit_on_gate_breach(outcome, cfg)


def _in_sweep() -> bool:
    from hydra.core.hydra_config import HydraConfig
    from hydra.types import RunMode

    return HydraConfig.initialized() and HydraConfig.get().mode == RunMode.MULTIRUN


def _exit_with(message: str, run_dir: Path, echo: bool = True) -> None:
    """One line and exit 1. In a sweep the job only records why it failed, in its folder: exiting
    would stop the jobs after it, and the leaderboard (which lists failed jobs) would not be written."""
    if echo:
        log.error("%s", message)
        print(f"error: {message}", file=sys.stderr)
    if _in_sweep():
        run_dir.mkdir(parents=True, exist_ok=True)
        (run_dir / FAILED_FILE).write_text(message + "\n", encoding="utf-8")
        return
    sys.exit(1)


def _exit_on_gate_breach(outcome: dict, cfg: DictConfig) -> None:
    """With the CI gate on: one line per failed gate on stderr and exit code 1; else one line saying so."""
    from pipeline.gate.run import summary_lines

    lines, passed = summary_lines(outcome.get("gate"), outcome["run_dir"], cfg.get("gate"))
    for line in lines:
        print(line, file=sys.stdout if passed else sys.stderr)
    if not passed:
        _exit_with(lines[-1], Path(outcome["run_dir"]), echo=False)


def main() -> None:
    register()
    hydra_main()


if __name__ == "__main__":
    main()
