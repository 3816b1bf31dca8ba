"""Schemas of the weak-supervision groups: target, labeler."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from omegaconf import MISSING


@dataclass
class TargetConfig:
    name: str = MISSING
    description: str = ""
    aliases: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    # Where a sentence that names only an actor may find the target: "title", "previous", or none.
    context: list[str] = field(default_factory=lambda: ["title", "previous"])
    # Extra cue phrases for this target, added to the labeler's general lexicons group by group.
    cues: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class LabelModelConfig:
    kind: str = "dawid_skene"  # majority | dawid_skene
    max_iter: int = 100
    tol: float = 1e-6
    smoothing: float = 1.0  # Dirichlet pseudo-counts on each function's confusion rows
    prior_accuracy: float = 0.7  # how much of that smoothing sits on the diagonal
    class_prior: str = "learned"  # learned | uniform
    confusion: str = "one_coin"  # one_coin (one accuracy per function) | full
    abstain: str = "outcome"  # outcome (silence is evidence) | ignore


@dataclass
class LabelerConfig:
    stance_lfs: list[str] = field(default_factory=list)
    sentiment_lfs: list[str] = field(default_factory=list)
    # General news vocabulary, shared by every target (target.cues adds to it).
    lexicons: dict[str, list[str]] = field(default_factory=dict)
    negation_window: int = 3
    # VADER alone (the `sentiment_vader` column, reported beside the label model): its usual cut-offs.
    vader_positive: float = 0.05
    vader_negative: float = -0.05
    # VADER as one sentiment function among several (lf_sentiment_vader, lf_sentiment_flat_fact).
    lf_vader_positive: float = 0.4
    lf_vader_negative: float = -0.4
    # VADER used as a stance vote on sentences about the target: stricter thresholds.
    stance_vader_favor: float = 0.6
    stance_vader_against: float = -0.6
    stance_model: LabelModelConfig = field(default_factory=LabelModelConfig)
    sentiment_model: LabelModelConfig = field(default_factory=LabelModelConfig)
    gold_dir: Optional[str] = None
    gold_patterns: list[str] = field(default_factory=lambda: ["*.csv", "*.parquet", "*.json"])
