"""Values the schema's types cannot rule out, checked before any stage runs: a bad value fails in
a second with every problem named, not minutes later in the stage that reads it."""
from __future__ import annotations

from omegaconf import DictConfig, OmegaConf

from pipeline.labels import LABELS

TRAIN_ON = ("weak", "gold", "both")  # what pipeline.models.training can train on
SPLITS = ("group_kfold", "holdout", "temporal")  # what pipeline.evaluation.crossval can make
LOCAL_STORES = ("file:", "sqlite:")  # MLflow stores on this machine
MIN_MAX_CHARS = 100  # a shorter cap would cut ordinary sentences


class ConfigValueError(ValueError):
    pass


def _eval_problems(ev: DictConfig) -> list[str]:
    problems = []
    if ev.split not in SPLITS:
        problems.append(f"eval.split={ev.split!r}: choose one of {list(SPLITS)}")
    if ev.split == "group_kfold" and ev.n_splits < 2:
        problems.append(f"eval.n_splits={ev.n_splits}: a cross-validation needs at least 2 folds")
    if ev.split == "holdout" and not 0 < ev.holdout_fraction < 1:
        problems.append(f"eval.holdout_fraction={ev.holdout_fraction}: must be between 0 and 1")
    if ev.split == "temporal":
        import pandas as pd

        from pipeline.evaluation.dates import parse_date

        if not ev.split_date:
            problems.append("eval.split=temporal needs eval.split_date=YYYY-MM-DD")
        elif pd.isna(parse_date(str(ev.split_date))):
            problems.append(f"eval.split_date={ev.split_date!r} is not a date; give YYYY-MM-DD")
    for key in ("n_bootstrap", "learning_curve_points", "top_ngrams"):
        if ev[key] < 0:
            problems.append(f"eval.{key}={ev[key]}: must be 0 or more")
    if ev.learning_curve_folds < 1:
        problems.append(f"eval.learning_curve_folds={ev.learning_curve_folds}: must be 1 or more")
    unknown = [t for t in ev.tasks if t not in LABELS]
    if unknown or not ev.tasks:
        problems.append(f"eval.tasks={list(ev.tasks)}: unknown {unknown or 'empty list'}; choose from {sorted(LABELS)}")
    return problems


# The stages that build the configured features (report runs after evaluate, and so after train).
FEATURE_STAGES = ("train", "evaluate", "report", "semeval")


def _missing_encoder(name: str) -> str:
    """'' when the encoder `name` can run here, else what to install and how."""
    from pipeline.models.embedding import INSTALL_HINT, missing_parts

    missing = missing_parts(name)
    return f"needs {', '.join(missing)}; {INSTALL_HINT}" if missing else ""


def _encoder_problems(features: DictConfig) -> list[str]:
    """A sentence-embedding block whose encoder is not installed fails now, not after the n-grams."""
    from pipeline.config.tree import dict_nodes
    from pipeline.models.embedding import PACKAGED_ENCODERS

    problems = []
    for path, node in dict_nodes(OmegaConf.to_container(features, resolve=True), "features"):
        if not str(node.get("_target_", "")).startswith("pipeline.models.embedding."):
            continue
        name = str(node.get("model", "all-MiniLM-L6-v2"))
        if name not in PACKAGED_ENCODERS:
            problems.append(f"{path}.model={name!r}: choose one of {sorted(PACKAGED_ENCODERS)}")
        elif missing := _missing_encoder(name):
            problems.append(f"{path}: the sentence encoder {name} {missing}")
    return problems


def _predict_encoder_problems(model_path: str) -> list[str]:
    """A saved model with an embedding block, applied where its encoder is not installed."""
    from pathlib import Path

    from pipeline.models.embedding import PACKAGED_ENCODERS
    from pipeline.models.files import encoders_in_model

    problems = []
    for name in encoders_in_model(Path(model_path)) if Path(model_path).is_file() else []:
        if name not in PACKAGED_ENCODERS:
            problems.append(f"predict.model_path={model_path}: the model's sentence encoder {name!r} is not one "
                            f"this version knows ({sorted(PACKAGED_ENCODERS)})")
        elif missing := _missing_encoder(name):
            problems.append(f"predict.model_path={model_path}: the model's sentence encoder {name} {missing}")
    return problems


def config_problems(cfg: DictConfig) -> list[str]:
    problems = []
    limit = OmegaConf.select(cfg, "corpus.max_articles", default=None)
    if limit is not None and limit < 1:
        problems.append(f"corpus.max_articles={limit}: 1 or more, or null for every input")
    if "eval" in cfg:
        problems += _eval_problems(cfg.eval)
    stages = set(OmegaConf.select(cfg, "stages", default=[]) or [])
    if "features" in cfg and stages & set(FEATURE_STAGES):
        problems += _encoder_problems(cfg.features)
    model_path = OmegaConf.select(cfg, "predict.model_path", default=None)
    if "predict" in stages and model_path:
        problems += _predict_encoder_problems(str(model_path))
    if "model" in cfg:
        if cfg.model.train_on not in TRAIN_ON:
            problems.append(f"model.train_on={cfg.model.train_on!r}: choose one of {list(TRAIN_ON)}")
        if not 0 <= cfg.model.min_weak_conf <= 1:
            problems.append(f"model.min_weak_conf={cfg.model.min_weak_conf}: a confidence between 0 and 1")
    uri = OmegaConf.select(cfg, "tracking.tracking_uri", default=None)
    if OmegaConf.select(cfg, "tracking.enabled", default=False) and uri and "://" in uri \
            and not uri.startswith(LOCAL_STORES):
        problems.append(f"tracking.tracking_uri={uri}: a folder, or a file: or sqlite: URI (a run may not reach "
                        "the network; copy the local store to a server afterwards)")
    if "segment" in cfg:
        if cfg.segment.min_chars < 1:
            problems.append(f"segment.min_chars={cfg.segment.min_chars}: must be 1 or more")
        if cfg.segment.max_chars and cfg.segment.max_chars < MIN_MAX_CHARS:
            problems.append(f"segment.max_chars={cfg.segment.max_chars}: 0 (no limit) or at least {MIN_MAX_CHARS}")
    return problems


def check_config(cfg: DictConfig) -> None:
    problems = config_problems(cfg)
    if problems:
        raise ConfigValueError("; ".join(problems))
