"""Stage shell: raw corpus files -> articles + rejects (+ inputs: every input and its outcome)."""
from __future__ import annotations

import json

from omegaconf import DictConfig

from pipeline.ingest.articles import IngestSettings, build_articles
from pipeline.ingest.dedupe import DuplicateSettings
from pipeline.ingest.inputs import corpus_units
from pipeline.ingest.text_dir import CorpusError
from pipeline.stages.base import Artifacts
from pipeline.text.furniture import FurnitureFilter


def settings_from_config(cfg: DictConfig) -> IngestSettings:
    dup = cfg.ingest.duplicates
    return IngestSettings(
        max_bytes=int(cfg.ingest.max_file_mb * 1e6),
        min_body_chars=cfg.ingest.min_body_chars,
        fallback_encoding=cfg.corpus.fallback_encoding,
        furniture=FurnitureFilter.from_config(cfg.ingest.furniture),
        duplicates=DuplicateSettings(dup.near, dup.threshold, dup.shingle_words, dup.num_perm, dup.seed),
        include_tables=bool(cfg.corpus.get("include_tables", False)),
        headline_in_body=cfg.ingest.headline_in_body,
    )


def run_ingest(cfg: DictConfig, inputs: Artifacts) -> Artifacts:
    raw = {path[len("external/"):]: data for path, data in inputs.files.items() if path.startswith("external/")}
    settings = settings_from_config(cfg)
    units = corpus_units(raw, cfg.corpus, settings.max_bytes)
    articles, rejects, accounted = build_articles(units, settings)
    # The accounting check: every input is one article or one reject. `inputs.parquet` lists them,
    # so the manifest's row counts show inputs = articles + rejects.
    if len(accounted) != len(articles) + len(rejects) or len(accounted) != len(units):
        raise CorpusError(f"ingest lost track of inputs: {len(units)} inputs, {len(articles)} articles, "
                          f"{len(rejects)} rejects")
    if articles.empty:
        reasons = rejects["reason"].value_counts().sort_index().to_dict()
        first = rejects.iloc[0]
        raise CorpusError(f"no usable article in {len(units)} inputs (rejects by reason: {reasons}); "
                          f"first: {first['path']}: {first['reason']}: {first['detail']}")
    check = {
        "n_inputs": len(accounted), "n_articles": len(articles), "n_rejects": len(rejects),
        "balanced": len(accounted) == len(articles) + len(rejects),
        "rejects_by_reason": rejects["reason"].value_counts().sort_index().to_dict(),
    }
    return Artifacts(tables={"articles": articles, "rejects": rejects, "inputs": accounted},
                     files={"ingest_check.json": (json.dumps(check, indent=2, sort_keys=True) + "\n").encode()})
