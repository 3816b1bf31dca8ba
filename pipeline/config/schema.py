"""Structured-config schemas, registered in Hydra's ConfigStore.

Every YAML option lists its schema first in its defaults list, so a misspelt key or a value of the
wrong type fails at composition with Hydra's own message, before any stage runs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from hydra.core.config_store import ConfigStore
from omegaconf import MISSING

STAGE_ORDER = ("ingest", "segment", "label", "train", "evaluate", "report")


@dataclass
class PathsConfig:
    root_dir: str = MISSING
    data_dir: str = MISSING
    cache_dir: str = MISSING
    output_dir: str = MISSING


@dataclass
class TextDirCorpusConfig:
    kind: str = "text_dir"
    path: str = MISSING
    pattern: str = "*.txt"
    recursive: bool = False
    max_articles: Optional[int] = None  # take the first N files in sorted order (for quick looks)
    fallback_encoding: str = "cp1252"


@dataclass
class IngestConfig:
    max_file_mb: float = 20.0
    min_body_chars: int = 80
    # Furniture rules: a line matching any pattern is removed (kept in `removed_lines`).
    furniture_patterns: list[str] = field(default_factory=list)
    # A line shorter than this many words that does not end like a sentence is furniture.
    short_line_max_words: int = 4
    max_furniture_chars: int = 300  # longer lines are prose, never furniture


@dataclass
class SegmentConfig:
    language: str = "en"
    min_chars: int = 3  # fragments shorter than this (stray punctuation) are not sentences


@dataclass
class TargetConfig:
    name: str = MISSING
    description: str = ""
    aliases: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    cues: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class LabelerConfig:
    stance_lfs: list[str] = field(default_factory=list)
    negation_window: int = 3
    use_context: bool = True
    vader_positive: float = 0.05
    vader_negative: float = -0.05
    aggregator: str = "majority"
    gold_dir: Optional[str] = None
    gold_pattern: str = "*.csv"


@dataclass
class FeaturesConfig:
    name: str = MISSING
    vectorizer: Any = MISSING  # a `_target_` node, built with hydra.utils.instantiate


@dataclass
class ModelConfig:
    name: str = MISSING
    estimator: Any = MISSING  # a `_target_` node
    min_weak_conf: float = 0.0  # train only on weak labels at least this confident


@dataclass
class EvalConfig:
    n_splits: int = 5
    tasks: list[str] = field(default_factory=lambda: ["stance", "sentiment"])
    # When the label model abstains it predicts this class, so every gold sentence is scored.
    abstain_as: dict[str, str] = field(
        default_factory=lambda: {"stance": "NONE", "sentiment": "NEUTRAL"}
    )


@dataclass
class ReportConfig:
    title: str = "Stance and sentiment run report"
    n_examples: int = 5


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
    report: ReportConfig = field(default_factory=ReportConfig)


def register_configs() -> None:
    cs = ConfigStore.instance()
    cs.store(name="base_config", node=Config)
    cs.store(group="corpus", name="base_text_dir", node=TextDirCorpusConfig)
    cs.store(group="paths", name="base_paths", node=PathsConfig)
    cs.store(group="ingest", name="base_ingest", node=IngestConfig)
    cs.store(group="segment", name="base_segment", node=SegmentConfig)
    cs.store(group="target", name="base_target", node=TargetConfig)
    cs.store(group="labeler", name="base_labeler", node=LabelerConfig)
    cs.store(group="features", name="base_features", node=FeaturesConfig)
    cs.store(group="model", name="base_model", node=ModelConfig)
    cs.store(group="eval", name="base_eval", node=EvalConfig)
    cs.store(group="report", name="base_report", node=ReportConfig)
