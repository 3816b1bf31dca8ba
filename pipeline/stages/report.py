"""Stage shell: every earlier table, metrics and plots -> report.md and report.html."""
from __future__ import annotations

import json

import pandas as pd
from omegaconf import DictConfig

from pipeline.evaluation.report import render_reports
from pipeline.evaluation.summary import metrics_rows
from pipeline.labels import ABSTAIN_LABEL
from pipeline.stages.base import Artifacts
from pipeline.weak.analysis import lf_summary

TABLES = ("articles.parquet", "rejects.parquet", "sentences.parquet", "labels.parquet", "predictions.parquet")


def report_context(cfg: DictConfig, inputs: Artifacts) -> dict:
    t = inputs.tables
    articles, rejects, sentences, labels = t["articles"], t["rejects"], t["sentences"], t["labels"]
    metrics = json.loads(inputs.files["metrics.json"])
    lf_names = [c for c in labels.columns if c.startswith("lf_")]
    distribution = []
    for task in ("stance", "sentiment"):
        counts = labels[f"{task}_weak"].value_counts()
        for label in sorted(counts.index, key=lambda x: (x == ABSTAIN_LABEL, x)):
            distribution.append({"task": task, "label": label, "count": int(counts[label])})
    return {
        "title": cfg.report.title,
        "name": cfg.name,
        "counts": {
            "corpus": cfg.corpus.kind,
            "inputs": len(articles) + len(rejects),
            "articles": len(articles),
            "rejects": len(rejects),
            "removed_lines": int(articles["n_removed_lines"].sum()),
            "sentences": len(sentences),
            "mentions_target": int(sentences["mentions_target"].sum()),
            "gold": int(labels["stance_gold"].notna().sum()),
            "gold_unmatched": len(t.get("gold_unmatched", pd.DataFrame())),
        },
        "rejects": [{"reason": r, "count": int(n)} for r, n in sorted(rejects["reason"].value_counts().items())],
        "distribution": distribution,
        "lfs": lf_summary(labels, lf_names).to_dict("records"),
        "metrics": metrics_rows(metrics),
        "tables": list(TABLES),
    }


def run_report(cfg: DictConfig, inputs: Artifacts) -> Artifacts:
    plots = {p: b for p, b in inputs.files.items() if p.startswith("plots/")}
    markdown, html = render_reports(report_context(cfg, inputs), plots)
    return Artifacts(files={"report.md": markdown.encode("utf-8"), "report.html": html.encode("utf-8")})

