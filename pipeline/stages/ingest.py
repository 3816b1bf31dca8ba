"""Stage shell: raw corpus files -> articles + rejects."""
from __future__ import annotations

from omegaconf import DictConfig

from pipeline.ingest.articles import IngestSettings, build_articles
from pipeline.ingest.text_dir import CorpusError
from pipeline.stages.base import Artifacts
from pipeline.text.furniture import FurnitureFilter

def run_ingest(cfg: DictConfig, inputs: Artifacts) -> Artifacts:
    raw = {path[len("external/"):]: data for path, data in inputs.files.items() if path.startswith("external/")}
    settings = IngestSettings(
        max_bytes=int(cfg.ingest.max_file_mb * 1e6),
        min_body_chars=cfg.ingest.min_body_chars,
        fallback_encoding=cfg.corpus.fallback_encoding,
        furniture=FurnitureFilter.from_config(
            cfg.ingest.furniture_patterns, cfg.ingest.short_line_max_words, cfg.ingest.max_furniture_chars
        ),
    )
    articles, rejects = build_articles(raw, settings)
    if articles.empty:
        reasons = rejects["reason"].value_counts().to_dict()
        raise CorpusError(f"no usable article in {len(raw)} inputs (rejects by reason: {reasons})")
    return Artifacts(tables={"articles": articles, "rejects": rejects})

