"""Schemas of the reporting groups: report, gate (the CI evaluation gate) and tracking (MLflow)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional


@dataclass
class ReportConfig:
    title: str = "Stance and sentiment run report"
    n_errors: int = 10  # misclassified gold sentences shown per task, most confident first


@dataclass
class GateConfig:
    """Checks on metrics.json after a run; a breach makes the run exit 1 (see conf/gate/)."""

    enabled: bool = False
    # Nested like metrics.json: {task: {system: {metric: value}}}, e.g. floors.stance.end_model.macro_f1=0.4
    floors: dict[str, Any] = field(default_factory=dict)  # the metric must be >= the value
    # For metrics where lower is better (ece): the metric must be <= the value. A floor on such a
    # metric, or a ceiling on a score, is refused.
    ceilings: dict[str, Any] = field(default_factory=dict)
    # How much worse than the baseline a metric may be (a fall for a score, a rise for ece)
    max_drop: dict[str, Any] = field(default_factory=dict)
    # Metrics better when lower although their names do not say so (names such as ece, *_error, *loss and
    # p_value already do): a count to keep small, e.g. [stance.split.n_gold_not_tested]. They take
    # ceilings, and max_drop bounds their rise.
    lower_is_better: list[str] = field(default_factory=list)
    baseline: Optional[str] = None  # a metrics.json to compare against (needed by max_drop)
    junit_path: Optional[str] = None  # where the JUnit XML goes; null: gates.xml in the run folder
    write_baseline: bool = False  # true: copy this run's metrics.json to `baseline` instead of checking


@dataclass
class TrackingConfig:
    """Optional MLflow logging to a local file store."""

    enabled: bool = False
    tracking_uri: Optional[str] = None  # null: a file store in <run folder>/mlruns
    experiment_name: str = "stance-pipeline"
    log_artifacts: bool = True
