"""Stage shell: articles -> sentences, with offsets into articles.text."""
from __future__ import annotations

import logging

import pandas as pd
from omegaconf import DictConfig

from pipeline.stages.base import Artifacts
from pipeline.text.sentences import split_sentences
from pipeline.weak.lexicon import compile_lexicon

log = logging.getLogger(__name__)

SENTENCE_COLUMNS = ["sentence_id", "article_id", "idx", "start", "end", "text", "mentions_target"]


def sentence_id_for(article_id: str, idx: int) -> str:
    return f"{article_id}-{idx:04d}"


def segment_articles(articles: pd.DataFrame, language: str, min_chars: int, aliases, method: str = "fast",
                     abbreviations=None, max_chars: int | None = None) -> pd.DataFrame:
    from tqdm.auto import tqdm

    target = compile_lexicon("aliases", aliases)
    rows, n_cut = [], 0
    for article_id, text in tqdm(zip(articles["article_id"], articles["text"]), total=len(articles),
                                 desc="segment", unit="article", disable=len(articles) < 200):
        for idx, span in enumerate(split_sentences(text, language, min_chars, method, abbreviations, max_chars)):
            sentence = text[span.start:span.end]
            rows.append((sentence_id_for(article_id, idx), article_id, idx, span.start, span.end,
                         sentence, target.search(sentence)))
            n_cut += span.cut
    if n_cut:
        log.warning("%d sentence(s) are pieces of longer text cut at segment.max_chars=%d: text without sentence "
                    "punctuation (a table, a list, a scraped blob?)", n_cut, max_chars)
    frame = pd.DataFrame(rows, columns=SENTENCE_COLUMNS)
    return frame.astype({"idx": "int64", "start": "int64", "end": "int64", "mentions_target": "bool"})


def run_segment(cfg: DictConfig, inputs: Artifacts) -> Artifacts:
    seg = cfg.segment
    if seg.method not in ("fast", "pysbd"):
        raise ValueError(f"segment.method={seg.method!r}: choose fast or pysbd")
    sentences = segment_articles(inputs.tables["articles"], seg.language, seg.min_chars, list(cfg.target.aliases),
                                 seg.method, list(seg.abbreviations) or None, seg.max_chars)
    return Artifacts(tables={"sentences": sentences})

