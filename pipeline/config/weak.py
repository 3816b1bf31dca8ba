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
