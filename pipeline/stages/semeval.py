"""Stage shell: SemEval-2016 Task 6 subtask A, one model per target, scored as eval.pl scores.

Writes the test predictions (also in the task's own file format, for `perl eval.pl`), the
per-target table beside the published anchors, the cross-validation results behind each choice,
and metrics.json in the pipeline's shape (stance: majority, end_model) so the console table shows it.
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
from omegaconf import DictConfig, OmegaConf

from pipeline.evaluation.bootstrap import bootstrap_ci, paired_bootstrap
from pipeline.evaluation.metrics import round_floats, score
from pipeline.labels import STANCE
from pipeline.models.build import build_classifier
from pipeline.semeval.reader import read_splits
from pipeline.semeval.scoring import official_file, official_scores
from pipeline.semeval.train import train_and_predict
from pipeline.stages.base import Artifacts

# Published SemEval-2016 Task 6 subtask A results (F_avg x 100, all targets pooled).
ANCHORS = {"majority class": 65.22, "organisers' SVM-ngrams": 68.98, "best of 19 teams": 67.82}


def majority_guesses(tweets: pd.DataFrame) -> np.ndarray:
    """Each target's most frequent training label, for its test tweets (the task's majority baseline)."""
    train = tweets[tweets["split"] == "train"]
    majority = {t: g["stance"].value_counts().sort_index().idxmax() for t, g in train.groupby("target")}
    test = tweets[tweets["split"] == "test"]
    return test["target"].map(majority).to_numpy()


def scores_table(test: pd.DataFrame, systems: dict[str, np.ndarray], chosen: list[dict],
                 cv_pooled_f_avg: float | None = None) -> pd.DataFrame:
    rows = []
    cv = {c["target"]: c for c in chosen}
    if cv_pooled_f_avg is not None:
        cv["ALL (pooled)"] = {"cv_f_avg": cv_pooled_f_avg, "params": ""}
    for system, guesses in systems.items():
        s = official_scores(test["stance"], guesses, test["target"])
        for target, block in [*s["per_target"].items(), ("ALL (pooled)", s["pooled"])]:
            rows.append({
                "system": system, "target": target, "n": block["n"], "f_avg": 100 * block["f_avg"],
                "f1_favor": 100 * block["FAVOR"]["f1"], "f1_against": 100 * block["AGAINST"]["f1"],
                "cv_f_avg": 100 * cv[target]["cv_f_avg"] if system == "end_model" and target in cv else None,
                "params": json.dumps(cv[target]["params"], sort_keys=True) if system == "end_model" and cv.get(target, {}).get("params") else "",
            })
    return pd.DataFrame(rows)


def markdown_table(table: pd.DataFrame) -> str:
    lines = ["| target | n | majority F_avg | model F_avg | F1 FAVOR | F1 AGAINST | CV F_avg (train) | chosen |",
             "|---|---:|---:|---:|---:|---:|---:|---|"]
    model = table[table["system"] == "end_model"].set_index("target")
    majority = table[table["system"] == "majority"].set_index("target")
    for target, row in model.iterrows():
        cv = "" if pd.isna(row["cv_f_avg"]) else f"{row['cv_f_avg']:.2f}"
        lines.append(f"| {target} | {row['n']} | {majority.loc[target, 'f_avg']:.2f} | {row['f_avg']:.2f} | "
                     f"{row['f1_favor']:.2f} | {row['f1_against']:.2f} | {cv} | {row['params']} |")
    lines.append("")
    lines += ["Published anchors (pooled F_avg): " + "; ".join(f"{k} {v:.2f}" for k, v in ANCHORS.items())]
    return "\n".join(lines) + "\n"


def run_semeval(cfg: DictConfig, inputs: Artifacts) -> Artifacts:
    files = {p[len("external/"):]: b for p, b in inputs.files.items() if p.startswith("external/")}
    tweets, rejects = read_splits(files, cfg.corpus.encoding)
    grid = OmegaConf.to_container(cfg.semeval.grid, resolve=True) if cfg.semeval.grid else {}

    def make_model():
        return build_classifier(cfg.features, cfg.model)

    result = train_and_predict(make_model, grid, tweets, cfg.semeval.n_folds, cfg.seed, list(cfg.semeval.strip),
                               cfg.semeval.select, list(cfg.semeval.none_offsets), cfg.n_jobs)
    test, chosen, cv_rows = result.test.reset_index(drop=True), result.chosen, result.cv_rows
    systems = {"majority": majority_guesses(tweets), "end_model": test["guess"].to_numpy()}
    table = scores_table(test, systems, chosen, result.cv_pooled_f_avg)

    metrics = {"stance": {}}
    for k, (system, guesses) in enumerate(systems.items()):
        m = score(test["stance"], guesses, STANCE, "stance")
        m["ci95"] = bootstrap_ci(test["stance"], guesses, STANCE, "stance", 1000, cfg.seed + k)
        metrics["stance"][system] = m
    metrics["stance"]["end_model"]["paired_bootstrap"] = {
        "majority": paired_bootstrap(test["stance"], systems["end_model"], systems["majority"], STANCE, "stance", 1000, cfg.seed)}
    details = {
        "pooled_f_avg": {s: float(table[(table.system == s) & (table.target == "ALL (pooled)")]["f_avg"].iloc[0]) for s in systems},
        "anchors": ANCHORS,
        "cv_pooled_f_avg": 100 * result.cv_pooled_f_avg,
        "chosen": {c["target"]: {"params": c["params"], "cv_f_avg": c["cv_f_avg"]} for c in chosen},
    }
    predictions = test[["tweet_id", "target", "text", "stance"]].assign(
        majority=systems["majority"], end_model=systems["end_model"])
    cv_table = pd.DataFrame([{"target": r["target"], "params": json.dumps(r["params"], sort_keys=True),
                              "cv_f_avg": r["cv_f_avg"]} for r in cv_rows])
    return Artifacts(
        tables={"semeval_predictions": predictions, "semeval_scores": table, "semeval_cv": cv_table,
                "rejects": rejects},
        files={"metrics.json": json.dumps(round_floats(metrics), indent=2, sort_keys=True).encode("utf-8"),
               "semeval2016.json": json.dumps(round_floats(details), indent=2, sort_keys=True).encode("utf-8"),
               "semeval2016.md": markdown_table(table).encode("utf-8"),
               "semeval2016_guess.txt": official_file(test, systems["end_model"])},
    )
