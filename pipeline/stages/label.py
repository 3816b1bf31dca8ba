"""Stage shell: sentences -> labels (labelling-function votes, weak labels, VADER, gold)."""
from __future__ import annotations

import pandas as pd
from omegaconf import DictConfig

from pipeline.stages.base import Artifacts
from pipeline.weak.apply import label_sentences
from pipeline.weak.gold import GOLD_COLUMNS, join_gold, read_gold_file

GOLD_PREFIX = "external/gold/"


def run_label(cfg: DictConfig, inputs: Artifacts) -> Artifacts:
    sentences, articles = inputs.tables["sentences"], inputs.tables["articles"]
    labels = label_sentences(sentences, articles, cfg.target, cfg.labeler)
    gold_files = {p[len(GOLD_PREFIX):]: b for p, b in sorted(inputs.files.items()) if p.startswith(GOLD_PREFIX)}
    gold = (pd.concat([read_gold_file(n, b) for n, b in gold_files.items()], ignore_index=True)
            if gold_files else pd.DataFrame(columns=GOLD_COLUMNS))
    adjudicated, unmatched = join_gold(gold, sentences)
    labels = labels.merge(adjudicated, on="sentence_id", how="left")
    labels["n_annotators"] = labels["n_annotators"].fillna(0).astype("int64")
    return Artifacts(tables={"labels": labels, "gold_unmatched": unmatched})

