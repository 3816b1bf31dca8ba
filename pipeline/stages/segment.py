"""Stage shell: articles -> sentences, with offsets into articles.text."""
from __future__ import annotations

import logging

import pandas as pd
from omegaconf import DictConfig

from pipeline.stages.base import Artifacts
from pipeline.text.sentence_ids import sentence_id_for
from pipeline.text.sentences import split_sentences
from pipeline.weak.lexicon import compile_lexicon

log = logging.getLogger(__name__)

SENTENCE_COLUMNS = ["sentence_id", "article_id", "idx", "start", "end", "text", "mentions_target"]


def _numbered(spans, headline_chars: int) -> list[tuple[int, object]]:
    """(idx, span): spans that start inside the added headline get -n..-1, the body's 0, 1, ..."""
    n_headline = sum(span.start < headline_chars for span in spans)
    return [(k - n_headline, span) for k, span in enumerate(spans)]


def segment_articles(articles: pd.DataFrame, language: str, min_chars: int, aliases, method: str = "fast",
                     abbreviations=None, max_chars: int | None = None) -> pd.DataFrame:
    from tqdm.auto import tqdm

    target = compile_lexicon("aliases", aliases)
    rows, n_cut = [], 0
    headline_chars = articles["headline_chars"] if "headline_chars" in articles else [0] * len(articles)
    for article_id, text, n_chars in tqdm(zip(articles["article_id"], articles["text"], headline_chars),
                                          total=len(articles), desc="segment", unit="article", disable=len(articles) < 200):
        spans = split_sentences(text, language, min_chars, method, abbreviations, max_chars)
        for idx, span in _numbered(list(spans), int(n_chars)):
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

