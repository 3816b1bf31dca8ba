"""Gates: absolute floors, and the largest drop allowed against a baseline metrics.json."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from pipeline.evaluation.summary import flatten_metrics


@dataclass(frozen=True)
class GateResult:
    kind: str  # "floor" or "max_drop"
    metric: str  # task.system.metric, as in metrics.json
    threshold: float
    value: Optional[float]
    baseline: Optional[float]
    passed: bool
    message: str

    @property
    def name(self) -> str:
        return f"{self.kind} {self.metric}"


class ThresholdError(ValueError):
    """A gate threshold that is not a number: skipping it would turn the gate off without a word."""


def _thresholds(tree, key: str, prefix: str = "") -> dict[str, float]:
    """`{stance: {end_model: {macro_f1: 0.4}}}` -> `{"stance.end_model.macro_f1": 0.4}`."""
    flat = {}
    for name, value in (tree or {}).items():
        if isinstance(value, dict):
            flat.update(_thresholds(value, key, f"{prefix}{name}."))
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            flat[f"{prefix}{name}"] = float(value)
        else:
            remove = f" (to remove the gate: ~{key}.{prefix}{name})" if value is None else ""
            raise ThresholdError(f"{key}.{prefix}{name}={value!r}: a gate threshold must be a number, such as 0.6{remove}")
    return dict(sorted(flat.items()))


def check_floor(metric: str, floor: float, metrics: dict[str, float]) -> GateResult:
    value = metrics.get(metric)
    if value is None:
        return GateResult("floor", metric, floor, None, None, False, f"{metric}: not in metrics.json (floor {floor:.3f})")
    passed = value >= floor
    relation = ">=" if passed else "<"
    return GateResult("floor", metric, floor, value, None, passed, f"{metric} = {value:.3f} {relation} floor {floor:.3f}")


def check_drop(metric: str, max_drop: float, metrics: dict[str, float], baseline: Optional[dict[str, float]],
               baseline_name: str) -> GateResult:
    value = metrics.get(metric)
    if baseline is None:
        return GateResult("max_drop", metric, max_drop, value, None, False,
                          f"{metric}: no baseline at {baseline_name} (write one with `make baseline`)")
    reference = baseline.get(metric)
    if value is None or reference is None:
        where = "metrics.json" if value is None else f"the baseline {baseline_name}"
        return GateResult("max_drop", metric, max_drop, value, reference, False,
                          f"{metric}: not in {where} (regenerate the baseline with `make baseline`)")
    drop = reference - value
    passed = drop <= max_drop + 1e-9  # metrics.json is rounded to 6 digits
    verdict = "within" if passed else "exceeds"
    return GateResult("max_drop", metric, max_drop, value, reference, passed,
                      f"{metric} = {value:.3f}, baseline {reference:.3f}: drop {drop:+.3f} {verdict} max_drop {max_drop:.3f}")


def evaluate_gates(metrics: dict, floors: dict, max_drop: dict, baseline: Optional[dict],
                   baseline_name: str = "the baseline") -> list[GateResult]:
    """One result per configured gate: floors first, then drops, each sorted by metric name."""
    flat = flatten_metrics(metrics)
    flat_baseline = flatten_metrics(baseline) if baseline is not None else None
    results = [check_floor(m, t, flat) for m, t in _thresholds(floors, "gate.floors").items()]
    results += [check_drop(m, t, flat, flat_baseline, baseline_name)
                for m, t in _thresholds(max_drop, "gate.max_drop").items()]
    return results


def failure_lines(results: list[GateResult]) -> list[str]:
    return [f"GATE FAILED {r.kind}: {r.message}" for r in results if not r.passed]
