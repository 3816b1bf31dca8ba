"""Stage shell: every earlier table, metrics, plots and the config difference -> report.md and report.html."""
from __future__ import annotations

import json

import pandas as pd
from omegaconf import DictConfig

from pipeline.evaluation.report import render_reports
from pipeline.evaluation.report_errors import error_counts, top_errors
from pipeline.evaluation.summary import metrics_rows, ordered_tasks, paired_rows, per_class_tables, split_note
from pipeline.labels import ABSTAIN_LABEL, LABELS
from pipeline.stages.base import Artifacts

TABLES = ("articles.parquet", "rejects.parquet", "sentences.parquet", "labels.parquet", "predictions.parquet")
OTHER_FILES = ("metrics.json", "manifest.json")
CONFIG_DIFF = "external/config_diff.json"


def _weak_distribution(labels: pd.DataFrame) -> list[dict]:
    rows = []
    for task in LABELS:
        if f"{task}_weak" not in labels:
            continue
        counts = labels[f"{task}_weak"].value_counts()
        for label in sorted(counts.index, key=lambda x: (x == ABSTAIN_LABEL, x)):
            rows.append({"task": task, "label": label, "count": int(counts[label])})
    return rows


def _errors(cfg: DictConfig, t: dict, metrics: dict) -> list[dict]:
    predictions = t.get("predictions")
    if predictions is None:
        return []
    sections = []
    for task in ordered_tasks(metrics):
        if task in LABELS:
            sections.append({"task": task, **error_counts(task, predictions),
                             "rows": top_errors(task, predictions, t["sentences"], t["articles"], cfg.report.n_errors)})
    return sections


def _first_rows(table: pd.DataFrame, columns: list[str], shown: int = 10) -> dict:
    """How many rows, the first few (with `columns`, "" where absent), and how many more."""
    rows = [{c: r.get(c, "") for c in columns} for r in table.head(shown).to_dict("records")]
    return {"count": len(table), "rows": rows, "more": max(0, len(table) - shown)}


def _gold_rejects(rejects: pd.DataFrame, shown: int = 10) -> dict:
    """Gold rows that could not be used: how many, and the first few with why."""
    return _first_rows(rejects, ["file", "row", "reason", "detail"], shown)


def report_context(cfg: DictConfig, inputs: Artifacts) -> dict:
    t = inputs.tables
    articles, rejects, sentences, labels = t["articles"], t["rejects"], t["sentences"], t["labels"]
    metrics = json.loads(inputs.files["metrics.json"])
    config_diff = json.loads(inputs.files[CONFIG_DIFF]) if CONFIG_DIFF in inputs.files else None
    return {
        "title": cfg.report.title,
        "name": cfg.name,
        "experiment": cfg.get("experiment"),
        "seed": cfg.get("seed"),
        "config_diff": config_diff,
        "counts": {
            "corpus": cfg.corpus.kind,
            "inputs": len(articles) + len(rejects),
            "articles": len(articles),
            "rejects": len(rejects),
            "removed_lines": int(articles["n_removed_lines"].sum()),
            "sentences": len(sentences),
            "mentions_target": int(sentences["mentions_target"].sum()),
            "gold": int(labels["stance_gold"].notna().sum()) if "stance_gold" in labels else 0,
            "gold_unmatched": len(t.get("gold_unmatched", pd.DataFrame())),
        },
        "rejects": [{"reason": r, "count": int(n)} for r, n in sorted(rejects["reason"].value_counts().items())],
        "distribution": _weak_distribution(labels),
        "lfs": t["lf_summary"].to_dict("records"),  # computed once, by the label stage
        "agreement": t.get("gold_agreement", pd.DataFrame()).to_dict("records"),
        "gold_rejects": _gold_rejects(t.get("gold_rejects", pd.DataFrame())),
        "gold_unmatched": _first_rows(t.get("gold_unmatched", pd.DataFrame()), ["file", "named_sentence_id", "text"]),
        "metrics": metrics_rows(metrics),
        "per_class": per_class_tables(metrics),
        "paired": paired_rows(metrics),
        "splits": {task: split_note(metrics, task) for task in ordered_tasks(metrics)},
        "errors": _errors(cfg, t, metrics),
        "tables": list(TABLES),
        "files": list(OTHER_FILES),
    }


def run_report(cfg: DictConfig, inputs: Artifacts) -> Artifacts:
    plots = {p: b for p, b in inputs.files.items() if p.startswith("plots/") and p.endswith(".png")}
    markdown, html = render_reports(report_context(cfg, inputs), plots)
    return Artifacts(files={"report.md": markdown.encode("utf-8"), "report.html": html.encode("utf-8")})
