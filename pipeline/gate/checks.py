"""Gates: absolute floors (ceilings for metrics where lower is better, such as `ece`), and the largest
worsening allowed against a baseline metrics.json."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

from pipeline.evaluation.direction import known_direction
from pipeline.evaluation.summary import flatten_metrics


@dataclass(frozen=True)
class GateResult:
    kind: str  # "floor", "ceiling" or "max_drop"
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


def _direction(metric: str, declared_lower: frozenset[str]) -> Optional[bool]:
    """True: lower is better (declared in gate.lower_is_better, or an error by its name); False: higher is
    better (a score by its name); None: not known (a count)."""
    return True if metric in declared_lower else known_direction(metric)


def _check_direction(thresholds: dict[str, float], key: str, lower_is_better: bool,
                     declared_lower: frozenset[str]) -> dict[str, float]:
    """A floor on an error (ece) or a ceiling on a score (macro_f1) would pass the worse run: refuse it.
    A metric of no known direction (a count) may have either."""
    for metric in thresholds:
        if _direction(metric, declared_lower) is (not lower_is_better):
            better, use = ("lower", "gate.ceilings") if not lower_is_better else ("higher", "gate.floors")
            raise ThresholdError(f"{key}.{metric}: {metric.rsplit('.', 1)[-1]} is better when {better}; "
                                 f"bound it with {use}.{metric}")
    return thresholds


def check_bound(kind: str, metric: str, bound: float, metrics: dict[str, float]) -> GateResult:
    """A floor (the metric must be >= bound) or a ceiling (<= bound)."""
    value = metrics.get(metric)
    if value is None:
        return GateResult(kind, metric, bound, None, None, False, f"{metric}: not in metrics.json ({kind} {bound:.3f})")
    passed = value >= bound if kind == "floor" else value <= bound
    relation = {("floor", True): ">=", ("floor", False): "<", ("ceiling", True): "<=", ("ceiling", False): ">"}[kind, passed]
    return GateResult(kind, metric, bound, value, None, passed, f"{metric} = {value:.3f} {relation} {kind} {bound:.3f}")


def check_drop(metric: str, max_drop: float, metrics: dict[str, float], baseline: Optional[dict[str, float]],
               baseline_name: str, lower_is_better: bool = False) -> GateResult:
    value = metrics.get(metric)
    if baseline is None:
        return GateResult("max_drop", metric, max_drop, value, None, False,
                          f"{metric}: no baseline at {baseline_name} (write one with `make baseline`)")
    reference = baseline.get(metric)
    if value is None or reference is None:
        where = "metrics.json" if value is None else f"the baseline {baseline_name}"
        return GateResult("max_drop", metric, max_drop, value, reference, False,
                          f"{metric}: not in {where} (regenerate the baseline with `make baseline`)")
    drop = value - reference if lower_is_better else reference - value  # how much worse than the baseline
    passed = drop <= max_drop + 1e-9  # metrics.json is rounded to 6 digits
    verdict = "within" if passed else "exceeds"
    change = "rise" if lower_is_better else "drop"
    return GateResult("max_drop", metric, max_drop, value, reference, passed,
                      f"{metric} = {value:.3f}, baseline {reference:.3f}: {change} {drop:+.3f} {verdict} max_drop {max_drop:.3f}")


def _declared_lower(names: Optional[Iterable[str]]) -> frozenset[str]:
    """gate.lower_is_better: metric names (task.system.metric), each a string, none a known score
    (listing macro_f1 would turn its gate around, so that a fall passed)."""
    names = list(names or [])
    for name in names:
        if not isinstance(name, str) or not name:
            raise ThresholdError(f"gate.lower_is_better: {name!r} is not a metric name such as stance.end_model.ece")
        if known_direction(name) is False:
            raise ThresholdError(f"gate.lower_is_better: {name} is a score, better when higher; remove it from the list")
    return frozenset(names)


def evaluate_gates(metrics: dict, floors: dict, max_drop: dict, baseline: Optional[dict],
                   baseline_name: str = "the baseline", ceilings: Optional[dict] = None,
                   lower_is_better: Optional[Iterable[str]] = None) -> list[GateResult]:
    """One result per configured gate: floors, ceilings, then drops, each sorted by metric name. A drop is
    a fall for a score and a rise for an error (ece): whatever makes the run worse. `lower_is_better`
    names metrics that are better when lower although their names do not say so (a count to keep small)."""
    declared_lower = _declared_lower(lower_is_better)
    flat = flatten_metrics(metrics)
    flat_baseline = flatten_metrics(baseline) if baseline is not None else None
    floors = _check_direction(_thresholds(floors, "gate.floors"), "gate.floors", False, declared_lower)
    ceilings = _check_direction(_thresholds(ceilings, "gate.ceilings"), "gate.ceilings", True, declared_lower)
    drops = _thresholds(max_drop, "gate.max_drop")
    # A misspelt name here would silently leave a max_drop measuring the wrong way.
    unbounded = sorted(declared_lower - set(floors) - set(ceilings) - set(drops))
    if unbounded:
        raise ThresholdError(f"gate.lower_is_better: {', '.join(unbounded)} has no gate (gate.ceilings or "
                             "gate.max_drop): bound it, or remove it from the list (is it misspelt?)")
    results = [check_bound("floor", m, t, flat) for m, t in floors.items()]
    results += [check_bound("ceiling", m, t, flat) for m, t in ceilings.items()]
    results += [check_drop(m, t, flat, flat_baseline, baseline_name, _direction(m, declared_lower) is True)
                for m, t in drops.items()]
    return results


def failure_lines(results: list[GateResult]) -> list[str]:
    return [f"GATE FAILED {r.kind}: {r.message}" for r in results if not r.passed]
