"""What a run folder holds, for comparing: its name, resolved config and metrics."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

FAILED_FILE = "failed.txt"  # a failed sweep job's error, written by pipeline.cli


@dataclass
class RunRecord:
    path: Path
    config: dict = field(default_factory=dict)
    metrics: Optional[dict] = None
    overrides: Optional[list[str]] = None  # Hydra's command-line overrides, when known
    problem: Optional[str] = None  # why the run cannot be ranked (no metrics.json, unreadable, ...)
    gate: Optional[str] = None  # "pass", "FAILED: <gates>", or None when the run checked no gate

    @property
    def complete(self) -> bool:
        return self.metrics is not None and self.problem is None


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8")), None
    except (OSError, json.JSONDecodeError) as err:
        return None, f"{path.name} unreadable: {err}"


def _overrides(path: Path) -> Optional[list[str]]:
    """The run's command-line overrides: manifest.json records them; Hydra keeps its own copy too."""
    if (path / "manifest.json").is_file():
        manifest, _ = _read_json(path / "manifest.json")
        found = ((manifest or {}).get("command") or {}).get("overrides")
        if found is not None:
            return list(found)
    hydra_copy = path / ".hydra" / "overrides.yaml"
    if hydra_copy.is_file():
        from omegaconf import OmegaConf

        return [str(o) for o in OmegaConf.load(hydra_copy)]
    return None


def _config(path: Path) -> tuple[dict, Optional[str]]:
    """The resolved config from manifest.json; else Hydra's own copy (.hydra/config.yaml) of an unfinished run."""
    if (path / "manifest.json").is_file():
        manifest, problem = _read_json(path / "manifest.json")
        return (manifest or {}).get("config", {}), problem
    hydra_copy = path / ".hydra" / "config.yaml"
    if hydra_copy.is_file():
        from omegaconf import OmegaConf

        return OmegaConf.to_container(OmegaConf.load(hydra_copy), resolve=False), None
    return {}, None


def _gate_verdict(path: Path) -> Optional[str]:
    """The CI gate's verdict as the manifest records it (written after the gate, before any exit):
    "pass", "FAILED: floor stance.end_model.macro_f1, ...", or None when the run checked no gate."""
    if not (path / "manifest.json").is_file():
        return None
    manifest, _ = _read_json(path / "manifest.json")
    gate = (manifest or {}).get("gate")
    if not isinstance(gate, dict):
        return None
    failed = [f"{r.get('kind')} {r.get('metric')}" for r in gate.get("results") or [] if not r.get("passed")]
    return "pass" if gate.get("passed") and not failed else "FAILED: " + (", ".join(failed) or "see gates.json")


def _only_a_gate_breach(failure: str, gate: Optional[str]) -> bool:
    """A sweep job that breached a gate finished (metrics, manifest) and then failed on purpose: it is
    ranked and flagged, not listed as an error. Any other failed.txt is an error, even beside metrics.json."""
    from pipeline.gate.run import is_breach_verdict

    return is_breach_verdict(failure) and gate is not None and gate.startswith("FAILED")


def load_run(path: Path) -> RunRecord:
    path = Path(path)
    if not path.is_dir():
        return RunRecord(path, problem="not a folder")
    config, problem = _config(path)
    overrides = _overrides(path)
    gate = _gate_verdict(path)
    failed = path / FAILED_FILE
    if failed.is_file():
        failure = failed.read_text(encoding="utf-8").strip()
        if not (_only_a_gate_breach(failure, gate) and (path / "metrics.json").is_file()):
            return RunRecord(path, config, None, overrides, "failed: " + failure)
    if not (path / "metrics.json").is_file():
        return RunRecord(path, config, None, overrides, problem or "no metrics.json (the run did not reach evaluate)")
    metrics, metrics_problem = _read_json(path / "metrics.json")
    return RunRecord(path, config, metrics, overrides, problem or metrics_problem, gate)


def sweep_runs(sweep_dir: Path) -> list[Path]:
    """The job folders of a Hydra sweep (0, 1, ..., 10: numeric order), or any run folders inside."""
    sweep_dir = Path(sweep_dir)
    candidates = [d for d in sweep_dir.iterdir() if d.is_dir() and not d.name.startswith(".")
                  and ((d / "metrics.json").exists() or (d / ".hydra").is_dir() or (d / "manifest.json").exists()
                       or (d / FAILED_FILE).exists())]
    return sorted(candidates, key=lambda d: (0, int(d.name), "") if d.name.isdigit() else (1, 0, d.name))
