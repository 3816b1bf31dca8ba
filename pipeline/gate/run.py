"""The gate after a run: read metrics.json and the baseline, check, write gates.json and JUnit XML.

Not a stage: its verdict depends on a file outside the run (the committed baseline) and it must run
every time, even when every stage comes from the cache.
"""
from __future__ import annotations

import json
import logging
import re
import shutil
from dataclasses import asdict
from pathlib import Path

from omegaconf import DictConfig, OmegaConf

from pipeline.gate.checks import GateResult, evaluate_gates, failure_lines
from pipeline.gate.junit import junit_xml

log = logging.getLogger(__name__)


class GateConfigError(ValueError):
    pass


def _read_json(path: Path, what: str):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise GateConfigError(f"{what} {path} is not valid JSON: {err}") from err


def write_baseline(gate: DictConfig, run_dir: Path) -> Path:
    """Copy this run's metrics.json to gate.baseline (the `make baseline` path)."""
    if not gate.baseline:
        raise GateConfigError("gate.write_baseline=true needs gate.baseline (a path)")
    target = Path(gate.baseline)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(run_dir / "metrics.json", target)
    log.info("baseline written: %s", target)
    return target


def _threshold_trees(gate: DictConfig) -> dict:
    """floors, max_drop and ceilings as plain dicts and lower_is_better as a list, interpolations resolved
    (evaluate_gates' keywords)."""
    trees = {name: OmegaConf.to_container(gate[name], resolve=True) if gate.get(name) is not None else {}
             for name in ("floors", "max_drop", "ceilings")}
    declared = gate.get("lower_is_better")
    trees["lower_is_better"] = OmegaConf.to_container(declared, resolve=True) if declared is not None else []
    return trees


def run_gates(gate: DictConfig, run_dir: Path) -> list[GateResult]:
    metrics_path = run_dir / "metrics.json"
    if not metrics_path.exists():
        raise GateConfigError(f"the gate needs {metrics_path}: include the evaluate stage in `stages`")
    metrics = _read_json(metrics_path, "metrics")
    baseline_path = Path(gate.baseline) if gate.baseline else None
    baseline = _read_json(baseline_path, "baseline") if baseline_path and baseline_path.exists() else None
    results = evaluate_gates(metrics, baseline=baseline, baseline_name=str(baseline_path), **_threshold_trees(gate))
    if not results:
        raise GateConfigError("gate.enabled=true but no gate is configured (gate.floors, gate.ceilings, gate.max_drop)")
    junit_path = Path(gate.junit_path) if gate.junit_path else run_dir / "gates.xml"
    junit_path.parent.mkdir(parents=True, exist_ok=True)
    junit_path.write_bytes(junit_xml(results))
    (run_dir / "gates.json").write_text(json.dumps([asdict(r) for r in results], indent=2) + "\n")
    return results


def check_gate_config(cfg: DictConfig) -> None:
    """Before any stage runs: a threshold that is not a number fails now, not after the whole run."""
    gate = cfg.get("gate")
    if gate is not None and gate.enabled and not gate.write_baseline:
        evaluate_gates({}, baseline=None, **_threshold_trees(gate))


def gate_step(cfg: DictConfig, run_dir: Path) -> list[GateResult] | None:
    """After the stages: write the baseline, or check the gates, or (gate off) nothing."""
    gate = cfg.get("gate")
    if gate is None:
        return None
    if gate.write_baseline:
        write_baseline(gate, run_dir)
        return None
    return run_gates(gate, run_dir) if gate.enabled else None


def breach_verdict(n_failed: int, n_gates: int, junit) -> str:
    """The last line of a breach; in a sweep it is also the job's failed.txt."""
    return f"gates: {n_failed} of {n_gates} failed (JUnit: {junit})"


_BREACH_VERDICT = re.compile(r"gates: \d+ of \d+ failed \(JUnit: .*\)")


def is_breach_verdict(text: str) -> bool:
    """Whether a sweep job's failed.txt records a gate breach (the run finished, its metrics are whole)
    rather than an error; the leaderboard ranks the former and flags it."""
    return _BREACH_VERDICT.fullmatch(text.strip()) is not None


def summary_lines(results: list[GateResult] | None, run_dir: Path, gate: DictConfig | None) -> tuple[list[str], bool]:
    """(lines for the console, passed). One line per failed gate, or one line saying all passed."""
    if results is None:
        return [], True
    failed = failure_lines(results)
    junit = gate.junit_path if gate is not None and gate.junit_path else run_dir / "gates.xml"
    if failed:
        return failed + [breach_verdict(len(failed), len(results), junit)], False
    return [f"gates: all {len(results)} passed (JUnit: {junit})"], True


__all__ = ["GateConfigError", "breach_verdict", "check_gate_config", "failure_lines", "gate_step", "is_breach_verdict",
           "run_gates", "summary_lines", "write_baseline"]
