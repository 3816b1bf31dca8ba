"""Stage shell: apply a saved model to any corpus -> sentence predictions, and article-level and
outlet x month aggregates, as tables and as a plot."""
from __future__ import annotations

from omegaconf import DictConfig

from pipeline.evaluation.aggregate import article_shares, keep_top_outlets, outlet_month_shares
from pipeline.evaluation.plots import stance_over_time_png
from pipeline.labels import LABELS
from pipeline.models.apply import labels_and_proba
from pipeline.models.persist import load_model
from pipeline.stages.base import Artifacts
from pipeline.text.sentence_ids import in_reading_order


def task_of(model, requested: str | None) -> str:
    """The task whose label set holds every class the model predicts."""
    classes = {str(c) for c in model.classes_}
    tasks = [t for t, labels in LABELS.items() if classes <= set(labels)]
    if requested:
        if requested not in LABELS:
            raise ValueError(f"predict.task={requested!r}: choose one of {sorted(LABELS)}")
        if requested not in tasks:
            raise ValueError(f"predict.task={requested}: the model predicts {sorted(classes)}, not {requested} labels")
        return requested
    if len(tasks) != 1:
        raise ValueError(f"the model predicts {sorted(classes)}; set predict.task to one of {sorted(LABELS)}")
    return tasks[0]


def run_predict(cfg: DictConfig, inputs: Artifacts) -> Artifacts:
    model = load_model(inputs.files["external/model.skops"])
    task = task_of(model, cfg.predict.task)
    classes = LABELS[task]
    sentences = in_reading_order(inputs.tables["sentences"])
    articles = inputs.tables["articles"]
    texts = sentences["text"].fillna("").astype(str).to_list()
    predicted = sentences[["sentence_id", "article_id", "idx", "text", "mentions_target"]].copy()
    predicted["task"] = task
    labels, proba = labels_and_proba(model, texts, classes) if texts else ([], None)
    predicted["label"] = labels
    for j, label in enumerate(classes):
        predicted[f"proba_{label}"] = proba[:, j] if proba is not None else float("nan")
    counted = predicted[predicted["mentions_target"]] if cfg.predict.only_target_mentions else predicted
    per_article = article_shares(counted, articles, classes)
    per_outlet_month = outlet_month_shares(counted, articles, classes)
    scope = "sentences naming the target" if cfg.predict.only_target_mentions else "all sentences"
    plot = stance_over_time_png(keep_top_outlets(per_outlet_month, classes), classes, f"predicted {task} per outlet and month ({scope})")
    return Artifacts(
        tables={"sentence_predictions": predicted, "article_predictions": per_article,
                "outlet_month_predictions": per_outlet_month},
        files={f"plots/predicted_{task}_over_time.png": plot},
    )
