"""Stage shell: weak labels -> one classifier per task, saved with skops."""
from __future__ import annotations

import pandas as pd
from omegaconf import DictConfig

from pipeline.models.build import build_classifier
from pipeline.models.persist import dump_model
from pipeline.models.training import fit, weak_training_set
from pipeline.labels import LABELS
from pipeline.stages.base import Artifacts


def run_train(cfg: DictConfig, inputs: Artifacts) -> Artifacts:
    sentences, labels = inputs.tables["sentences"], inputs.tables["labels"]
    files, summary = {}, []
    for task in LABELS:
        train = weak_training_set(labels, sentences, task, cfg.model.min_weak_conf)
        model = fit(build_classifier(cfg.features, cfg.model), train["text"], train["y"])
        files[f"models/{task}.skops"] = dump_model(model)
        for label, n in sorted(train["y"].value_counts().items()):
            summary.append({"task": task, "label": label, "n_train": int(n)})
    return Artifacts(tables={"training_set": pd.DataFrame(summary)}, files=files)

