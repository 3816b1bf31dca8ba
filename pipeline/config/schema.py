"""Structured-config schemas, registered in Hydra's ConfigStore.

Every YAML option lists its schema first in its defaults list, so a misspelt key or a value of the
wrong type fails at composition with Hydra's own message, before any stage runs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from hydra.core.config_store import ConfigStore
from omegaconf import MISSING

# One module of schemas per area of the pipeline; this module assembles them.
from pipeline.config.ingest import CORPUS_SCHEMAS, IngestConfig, SegmentConfig
from pipeline.config.models import (EvalConfig, FeaturesConfig, ModelConfig, PredictConfig, SemEvalConfig,
                                    SemEvalCorpusConfig)
from pipeline.config.report import GateConfig, ReportConfig, TrackingConfig
from pipeline.config.weak import LabelerConfig, TargetConfig

STAGE_ORDER = ("ingest", "segment", "label", "train", "evaluate", "report")
# Stages outside the default chain, run only when named in `stages` (after their upstream stages).
SIDE_STAGES = ("predict", "semeval")


@dataclass
class PathsConfig:
    root_dir: str = MISSING
    data_dir: str = MISSING
    cache_dir: str = MISSING
    output_dir: str = MISSING


@dataclass
class Config:
    name: str = "default"
    experiment: Optional[str] = None
    stages: list[str] = field(default_factory=lambda: list(STAGE_ORDER))
    seed: int = 42
    force: bool = False
    n_jobs: int = 1
    paths: PathsConfig = field(default_factory=PathsConfig)
    corpus: Any = MISSING
    ingest: IngestConfig = field(default_factory=IngestConfig)
    segment: SegmentConfig = field(default_factory=SegmentConfig)
    target: TargetConfig = field(default_factory=TargetConfig)
    labeler: LabelerConfig = field(default_factory=LabelerConfig)
    features: FeaturesConfig = field(default_factory=FeaturesConfig)
    model: ModelConfig = field(default_factory=ModelConfig)
    eval: EvalConfig = field(default_factory=EvalConfig)
    predict: PredictConfig = field(default_factory=PredictConfig)
    semeval: SemEvalConfig = field(default_factory=SemEvalConfig)
    report: ReportConfig = field(default_factory=ReportConfig)
    gate: GateConfig = field(default_factory=GateConfig)
    tracking: TrackingConfig = field(default_factory=TrackingConfig)


def register_configs() -> None:
    cs = ConfigStore.instance()
    cs.store(name="base_config", node=Config)
    for name, node in CORPUS_SCHEMAS.items():
        cs.store(group="corpus", name=name, node=node)
    cs.store(group="paths", name="base_paths", node=PathsConfig)
    cs.store(group="ingest", name="base_ingest", node=IngestConfig)
    cs.store(group="segment", name="base_segment", node=SegmentConfig)
    cs.store(group="target", name="base_target", node=TargetConfig)
    cs.store(group="labeler", name="base_labeler", node=LabelerConfig)
    cs.store(group="features", name="base_features", node=FeaturesConfig)
    cs.store(group="model", name="base_model", node=ModelConfig)
    cs.store(group="eval", name="base_eval", node=EvalConfig)
    cs.store(group="predict", name="base_predict", node=PredictConfig)
    cs.store(group="corpus", name="base_semeval2016", node=SemEvalCorpusConfig)
    cs.store(group="report", name="base_report", node=ReportConfig)
    cs.store(group="gate", name="base_gate", node=GateConfig)
    cs.store(group="tracking", name="base_tracking", node=TrackingConfig)
