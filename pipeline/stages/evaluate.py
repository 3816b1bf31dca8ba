"""Stage shell: score the label model, the end model and a majority baseline against gold, with
bootstrap intervals, a paired test, and the plots a researcher reads."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
from omegaconf import DictConfig

from pipeline.evaluation import plots
from pipeline.evaluation.aggregate import keep_top_outlets, outlet_month_shares
from pipeline.evaluation.bootstrap import bootstrap_ci, paired_bootstrap
from pipeline.evaluation.crossval import make_splits, out_of_fold
from pipeline.evaluation.curves import calibration_bins, expected_calibration_error, learning_curve
from pipeline.evaluation.metrics import round_floats, score
from pipeline.labels import ABSTAIN_LABEL, LABELS
from pipeline.models.apply import labels_and_proba
from pipeline.models.build import build_classifier
from pipeline.models.inspect import top_features
from pipeline.models.persist import load_model
from pipeline.models.training import pool_from_config, training_pool
from pipeline.stages.base import Artifacts
from pipeline.text.sentence_ids import in_reading_order

SYSTEMS = ("majority", "label_model", "end_model")


def _system_metrics(y_true, preds: dict, classes, task: str, cfg: DictConfig) -> dict:
    metrics = {}
    for k, system in enumerate(SYSTEMS):
        m = score(y_true, preds[system], classes, task)
        m["ci95"] = bootstrap_ci(y_true, preds[system], classes, task, cfg.eval.n_bootstrap, cfg.seed + k)
        metrics[system] = m
    # Is the end model better than each other system on these sentences, beyond resampling noise?
    metrics["end_model"]["paired_bootstrap"] = {
        other: paired_bootstrap(y_true, preds["end_model"], preds[other], classes, task, cfg.eval.n_bootstrap, cfg.seed)
        for other in ("label_model", "majority")
    }
    return metrics


def _mean_over_splits(y_true, predicted, splits, classes, task, metric) -> float:
    """A system's score on the very test sentences the learning curve scores (its lines are then comparable)."""
    return float(np.mean([score(y_true[s.test_idx], predicted[s.test_idx], classes, task)[metric] for s in splits]))


def _diagnostic_plots(task, cfg, y_true, oof, evaluated, gold, labels, sentences, make_model, splits, metrics, full_model):
    classes = LABELS[task]
    out = {}
    if oof.has_proba and evaluated.any():
        proba = oof.proba[evaluated]
        out[f"plots/precision_recall_{task}.png"] = plots.precision_recall_png(
            y_true, proba, classes, f"{task}: precision-recall per class, end model (n={len(y_true)})")
        bins = calibration_bins(y_true, proba, classes)
        metrics["end_model"]["ece"] = expected_calibration_error(bins)
        out[f"plots/reliability_{task}.png"] = plots.reliability_png(
            bins, f"{task}: reliability of the end model (ECE={metrics['end_model']['ece']:.3f})")
    if cfg.eval.learning_curve_points > 0:
        gold_pool = training_pool(labels, sentences, task, "gold")
        curve_gold = gold.assign(y_true=gold[f"{task}_gold"].to_numpy())
        curve_splits = splits[: cfg.eval.learning_curve_folds]
        curve = learning_curve(curve_gold, gold_pool, make_model, classes, curve_splits, task,
                               cfg.eval.learning_curve_points, cfg.seed)
        if not curve.empty:
            metric = "f_avg" if task == "stance" else "macro_f1"
            references = {f"end model ({cfg.model.train_on} labels)": oof.end_model,
                          "label model": gold["label_model"].to_numpy()}
            references = {name: _mean_over_splits(curve_gold["y_true"].to_numpy(), predicted, curve_splits, classes,
                                                  task, metric) for name, predicted in references.items()}
            folds = f"{len(curve_splits)} of {len(splits)} folds" if len(splits) > 1 else "the held-out set"
            out[f"plots/learning_curve_{task}.png"] = plots.learning_curve_png(
                curve, references, metric, f"{task}: {metric} against gold training sentences ({cfg.model.name}; {folds})")
    top = top_features(full_model, cfg.eval.top_ngrams)
    if top:
        out[f"plots/top_ngrams_{task}.png"] = plots.top_ngrams_png(top, f"{task}: strongest features per class ({cfg.model.name})")
    return out


def evaluate_task(task: str, cfg: DictConfig, sentences: pd.DataFrame, labels: pd.DataFrame, model_bytes: bytes,
                  published: pd.Series | None = None):
    """Return (metrics for the task, prediction columns for every sentence, proba, plots)."""
    classes = LABELS[task]
    frame = sentences[["sentence_id", "article_id", "text"]].merge(labels, on="sentence_id", how="left")
    weak = frame[f"{task}_weak"].where(frame[f"{task}_weak"] != ABSTAIN_LABEL, cfg.eval.abstain_as[task])

    full_model = load_model(model_bytes)
    texts = frame["text"].fillna("").to_list()
    predicted, proba = labels_and_proba(full_model, texts, classes)  # the features computed once
    columns = {f"{task}_weak": frame[f"{task}_weak"].to_numpy(), f"{task}_pred": predicted.astype(object)}
    # A model without predict_proba (ridge, a plain linear SVM) has no probabilities: NaN, as predict writes.
    proba = np.full((len(frame), len(classes)), np.nan) if proba is None else proba
    columns[f"{task}_fold"] = np.full(len(frame), -1)
    columns[f"{task}_gold"] = frame[f"{task}_gold"].to_numpy()

    has_gold = frame[f"{task}_gold"].notna().to_numpy()
    if has_gold.sum() == 0:
        return {}, columns, proba, {}
    gold = frame.loc[has_gold].assign(label_model=weak[has_gold]).reset_index(drop=True)  # the rules' vote
    pool = pool_from_config(labels, sentences, task, cfg.model)
    splits = make_splits(gold, cfg.eval, cfg.seed, published)

    def make_model():
        return build_classifier(cfg.features, cfg.model)

    oof = out_of_fold(gold[["sentence_id", "article_id", "text"]], pool, make_model, classes, splits=splits)
    evaluated = oof.fold >= 0
    positions = np.flatnonzero(has_gold)[evaluated]
    columns[f"{task}_pred"][positions] = oof.end_model[evaluated]  # out of fold for tested gold sentences
    columns[f"{task}_fold"][positions] = oof.fold[evaluated]
    if oof.has_proba:
        proba[positions] = oof.proba[evaluated]

    y_true = gold[f"{task}_gold"].to_numpy()[evaluated]
    preds = {"majority": oof.majority[evaluated], "label_model": gold["label_model"].to_numpy()[evaluated],
             "end_model": oof.end_model[evaluated]}
    metrics = _system_metrics(y_true, preds, classes, task, cfg)
    out_plots = {}
    for system in SYSTEMS:
        out_plots[f"plots/confusion_{task}_{system}.png"] = plots.confusion_matrix_png(
            y_true, preds[system], classes, f"{task}: {system.replace('_', ' ')} (n={len(y_true)})")
    metrics["label_model"]["coverage"] = float((gold[f"{task}_weak"].to_numpy()[evaluated] != ABSTAIN_LABEL).mean())
    metrics["end_model"]["split"] = {"kind": cfg.eval.split, "n_splits": len(splits), "train_on": cfg.model.train_on,
                                     "n_gold_not_tested": int((~evaluated).sum())}
    out_plots.update(_diagnostic_plots(task, cfg, y_true, oof, evaluated, gold, labels, sentences, make_model,
                                       splits, metrics, full_model))
    return metrics, columns, proba, out_plots


def _label_distribution(labels: pd.DataFrame, tasks) -> pd.DataFrame:
    rows = []
    for task in tasks:
        for source, column in (("weak (rules)", f"{task}_weak"), ("gold", f"{task}_gold")):
            counts = labels[column].dropna().value_counts()
            for label in (*LABELS[task], ABSTAIN_LABEL):
                if source == "weak (rules)" or label != ABSTAIN_LABEL:
                    rows.append({"task": task, "source": source, "label": label, "count": int(counts.get(label, 0))})
    return pd.DataFrame(rows)


def run_evaluate(cfg: DictConfig, inputs: Artifacts) -> Artifacts:
    sentences, labels = inputs.tables["sentences"], inputs.tables["labels"]
    articles = inputs.tables.get("articles")
    published = articles.set_index("article_id")["published"] if articles is not None else None
    sentences = in_reading_order(sentences)
    predictions = pd.DataFrame({"sentence_id": sentences["sentence_id"]})
    metrics, files = {}, {}
    for task in cfg.eval.tasks:
        if task not in LABELS:
            raise ValueError(f"eval.tasks: unknown task {task!r}; known: {sorted(LABELS)}")
        task_metrics, columns, proba, task_plots = evaluate_task(
            task, cfg, sentences, labels, inputs.files[f"models/{task}.skops"], published)
        for name, values in columns.items():
            predictions[name] = values
        for j, label in enumerate(LABELS[task]):
            predictions[f"{task}_proba_{label}"] = proba[:, j]
        metrics[task] = task_metrics
        files.update(task_plots)
    files["plots/label_distribution.png"] = plots.label_distribution_png(
        _label_distribution(labels, cfg.eval.tasks), "labels: weak (rules) and gold, per class")
    if articles is not None and "stance" in cfg.eval.tasks:
        predicted = sentences[["sentence_id", "article_id"]].assign(label=predictions["stance_pred"].to_numpy())
        share = outlet_month_shares(predicted, articles, LABELS["stance"])
        files["plots/stance_over_time.png"] = plots.stance_over_time_png(
            keep_top_outlets(share, LABELS["stance"]), LABELS["stance"], "predicted stance per outlet and month (end model)")
    files["metrics.json"] = json.dumps(round_floats(metrics), indent=2, sort_keys=True).encode("utf-8")
    return Artifacts(tables={"predictions": predictions}, files=files)
