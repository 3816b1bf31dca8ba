"""Stage shell: score the label model, the end model and a majority baseline against gold."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
from omegaconf import DictConfig

from pipeline.evaluation.crossval import out_of_fold
from pipeline.evaluation.metrics import round_floats, score
from pipeline.evaluation.plots import confusion_matrix_png
from pipeline.labels import ABSTAIN_LABEL, LABELS
from pipeline.models.build import build_classifier
from pipeline.models.persist import load_model
from pipeline.models.training import weak_training_set
from pipeline.stages.base import Artifacts

SYSTEMS = ("majority", "label_model", "end_model")


def evaluate_task(task: str, cfg: DictConfig, sentences: pd.DataFrame, labels: pd.DataFrame, model_bytes: bytes):
    """Return (metrics for the task, prediction columns for every sentence, plots)."""
    classes = LABELS[task]
    frame = sentences[["sentence_id", "article_id", "text"]].merge(labels, on="sentence_id", how="left")
    weak = frame[f"{task}_weak"].where(frame[f"{task}_weak"] != ABSTAIN_LABEL, cfg.eval.abstain_as[task])

    full_model = load_model(model_bytes)
    texts = frame["text"].fillna("").to_list()
    columns = {f"{task}_weak": frame[f"{task}_weak"].to_numpy(), f"{task}_pred": full_model.predict(texts)}
    full_proba = full_model.predict_proba(texts) if hasattr(full_model, "predict_proba") else None
    proba = np.zeros((len(frame), len(classes)))
    if full_proba is not None:
        for j, label in enumerate(full_model.classes_):
            proba[:, classes.index(label)] = full_proba[:, j]
    columns[f"{task}_fold"] = np.full(len(frame), -1)
    columns[f"{task}_gold"] = frame[f"{task}_gold"].to_numpy()

    has_gold = frame[f"{task}_gold"].notna().to_numpy()
    metrics, plots = {}, {}
    if has_gold.sum() == 0:
        return metrics, columns, proba, plots
    gold = frame.loc[has_gold, ["sentence_id", "article_id", "text"]].reset_index(drop=True)
    pool = weak_training_set(labels, sentences, task, cfg.model.min_weak_conf)
    oof = out_of_fold(gold, pool, lambda: build_classifier(cfg.features, cfg.model), classes, cfg.eval.n_splits)

    gold_positions = np.flatnonzero(has_gold)
    columns[f"{task}_pred"] = columns[f"{task}_pred"].astype(object)
    columns[f"{task}_pred"][gold_positions] = oof.end_model  # out-of-fold for gold sentences
    columns[f"{task}_fold"][gold_positions] = oof.fold
    proba[gold_positions] = oof.proba

    y_true = frame.loc[has_gold, f"{task}_gold"].to_numpy()
    system_preds = {"majority": oof.majority, "label_model": weak[has_gold].to_numpy(), "end_model": oof.end_model}
    for system in SYSTEMS:
        metrics[system] = score(y_true, system_preds[system], classes, task)
        plots[f"plots/confusion_{task}_{system}.png"] = confusion_matrix_png(
            y_true, system_preds[system], classes, f"{task}: {system.replace('_', ' ')} (n={len(y_true)})"
        )
    metrics["label_model"]["coverage"] = float((frame.loc[has_gold, f"{task}_weak"] != ABSTAIN_LABEL).mean())
    return metrics, columns, proba, plots


def run_evaluate(cfg: DictConfig, inputs: Artifacts) -> Artifacts:
    sentences, labels = inputs.tables["sentences"], inputs.tables["labels"]
    sentences = sentences.sort_values("sentence_id", kind="stable").reset_index(drop=True)
    predictions = pd.DataFrame({"sentence_id": sentences["sentence_id"]})
    metrics, files = {}, {}
    for task in cfg.eval.tasks:
        if task not in LABELS:
            raise ValueError(f"eval.tasks: unknown task {task!r}; known: {sorted(LABELS)}")
        task_metrics, columns, proba, plots = evaluate_task(task, cfg, sentences, labels, inputs.files[f"models/{task}.skops"])
        for name, values in columns.items():
            predictions[name] = values
        for j, label in enumerate(LABELS[task]):
            predictions[f"{task}_proba_{label}"] = proba[:, j]
        metrics[task] = task_metrics
        files.update(plots)
    files["metrics.json"] = json.dumps(round_floats(metrics), indent=2, sort_keys=True).encode("utf-8")
    return Artifacts(tables={"predictions": predictions}, files=files)

