"""Schemas of the modelling groups: features, model, eval."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from omegaconf import MISSING


@dataclass
class FeaturesConfig:
    name: str = MISSING
    vectorizer: Any = MISSING  # a `_target_` node, built with hydra.utils.instantiate


@dataclass
class ModelConfig:
    name: str = MISSING
    estimator: Any = MISSING  # a `_target_` node
    # Which labels a model learns from: weak (rules), gold (hand labels) or both (gold where a
    # sentence has it). In evaluation, gold of the test fold's articles is never trained on.
    train_on: str = "both"
    min_weak_conf: float = 0.0  # train only on weak labels at least this confident
    weight_by_conf: bool = False  # weight each weak label by its confidence
    gold_weight: float = 1.0  # sample weight of a gold label (weak ones weigh at most 1)


@dataclass
class EvalConfig:
    # group_kfold: GroupKFold by article; holdout: a seeded share of articles held out;
    # temporal: train on articles published before `split_date`, test on the rest.
    split: str = "group_kfold"
    n_splits: int = 5
    holdout_fraction: float = 0.25
    split_date: Optional[str] = None  # YYYY-MM-DD, for split=temporal
    n_bootstrap: int = 1000  # resamples for the 95% intervals and the paired test (0: none)
    learning_curve_points: int = 3  # sizes of the gold training set in the learning curve (0: no curve)
    learning_curve_folds: int = 1  # splits averaged per point (each point costs this many fits)
    top_ngrams: int = 12  # per class, in the top n-grams plot
    tasks: list[str] = field(default_factory=lambda: ["stance", "sentiment"])
    # When the label model abstains it predicts this class, so every gold sentence is scored.
    abstain_as: dict[str, str] = field(
        default_factory=lambda: {"stance": "NONE", "sentiment": "NEUTRAL"}
    )


@dataclass
class PredictConfig:
    # A model saved by the train stage (models/<task>.skops); applied to the configured corpus with
    # `stages=[predict] predict.model_path=FILE corpus=... corpus.path=...`.
    model_path: Optional[str] = None
    task: Optional[str] = None  # stance or sentiment; null: told by the model's classes
    only_target_mentions: bool = False  # aggregate only sentences that name the target


@dataclass
class SemEvalCorpusConfig:
    """SemEval-2016 Task 6 subtask A files as distributed, in one folder (searched recursively)."""

    kind: str = "semeval2016"
    path: str = MISSING
    # The first name found (relative to `path`, or anywhere below it) is used for each split.
    train_files: list[str] = field(default_factory=lambda: [
        "StanceDataset/train.csv", "semeval2016-task6-trainingdata.txt"])
    test_files: list[str] = field(default_factory=lambda: [
        "SemEval2016-Task6-subtaskA-testdata-gold.txt", "StanceDataset/test.csv"])
    encoding: str = "latin-1"


@dataclass
class SemEvalConfig:
    n_folds: int = 5  # stratified CV on each target's training tweets, for the hyperparameters
    # Parameter name (of the features/classifier Pipeline, or other_targets_weight) -> candidates.
    grid: dict[str, list[Any]] = field(default_factory=dict)
    strip: list[str] = field(default_factory=lambda: ["#SemST"])  # the task's marker hashtag
    # pooled: choose each target's candidate to maximise the CV F_avg pooled over targets (the
    # official score pools them); per_target: each target's own best CV F_avg.
    select: str = "pooled"
    # Offsets added to the NONE score before the argmax, chosen with the grid point by the same CV:
    # F_avg ignores NONE's own F1, so the NONE/stance boundary is worth tuning. [0.0]: plain argmax.
    none_offsets: list[float] = field(default_factory=lambda: [0.0])
