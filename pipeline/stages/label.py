"""Stage shell: sentences -> labels (function votes, weak labels, VADER, gold), LF analysis, agreement."""
from __future__ import annotations

from omegaconf import DictConfig

from pipeline.stages.base import Artifacts
from pipeline.weak.agreement import agreement_table
from pipeline.weak.analysis import lf_summary, lf_summary_png
from pipeline.weak.apply import label_sentences
from pipeline.weak.gold import join_gold, load_gold, resolve_sentence_ids
from pipeline.weak.quality import weak_quality

GOLD_PREFIX = "external/gold/"


def run_label(cfg: DictConfig, inputs: Artifacts) -> Artifacts:
    sentences, articles = inputs.tables["sentences"], inputs.tables["articles"]
    labels = label_sentences(sentences, articles, cfg.target, cfg.labeler)
    gold_files = {p[len(GOLD_PREFIX):]: b for p, b in sorted(inputs.files.items()) if p.startswith(GOLD_PREFIX)}
    gold, gold_rejects = load_gold(gold_files)
    resolved = resolve_sentence_ids(gold, sentences) if len(gold) else gold  # once: it warns about moved ids
    adjudicated, unmatched = join_gold(resolved, sentences, resolved=True)
    labels = labels.merge(adjudicated, on="sentence_id", how="left")
    labels["n_annotators"] = labels["n_annotators"].fillna(0).astype("int64")
    agreement = agreement_table(resolved)
    quality = weak_quality(labels, dict(zip(resolved["sentence_id"], resolved["file"])))
    summary = lf_summary(labels, [c for c in labels.columns if c.startswith("lf_")])
    return Artifacts(
        tables={"labels": labels, "gold_unmatched": unmatched, "gold_rejects": gold_rejects,
                "gold_agreement": agreement, "lf_summary": summary, "weak_quality": quality},
        files={"plots/lf_summary.png": lf_summary_png(summary)},
    )
