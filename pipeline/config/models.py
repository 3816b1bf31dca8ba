"""Schemas of the modelling groups: features, model, eval."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from omegaconf import MISSING


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
