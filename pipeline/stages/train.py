"""Stage shell: training labels (weak, gold or both, per `model.train_on`) -> one classifier per
task, saved with skops."""
from __future__ import annotations

import pandas as pd
from omegaconf import DictConfig

from pipeline.labels import LABELS
from pipeline.models.build import build_classifier
from pipeline.models.persist import dump_model
from pipeline.models.training import fit, pool_from_config
from pipeline.stages.base import Artifacts


def run_train(cfg: DictConfig, inputs: Artifacts) -> Artifacts:
    sentences, labels = inputs.tables["sentences"], inputs.tables["labels"]
    files, summary = {}, []
    for task in LABELS:
        train = pool_from_config(labels, sentences, task, cfg.model)
        model = fit(build_classifier(cfg.features, cfg.model), train["text"], train["y"], train["weight"].to_numpy())
        files[f"models/{task}.skops"] = dump_model(model)
        for (origin, label), part in sorted(train.groupby(["origin", "y"])):
            summary.append({"task": task, "origin": origin, "label": label, "n_train": int(len(part)),
                            "weight": float(part["weight"].sum())})
    return Artifacts(tables={"training_set": pd.DataFrame(summary)}, files=files)
