"""Schemas of the ingest-side groups: corpus, ingest (cleaning, duplicates), segment.

One schema per corpus kind, so that a key that does not belong to the chosen kind fails at
composition. They share `CorpusBase`: where the inputs are and how many to take.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from omegaconf import MISSING


@dataclass
class FieldMap:
    """Which column or JSON key of a record holds each article field (null: the records lack it)."""

    text: str = "text"
    id: Optional[str] = None  # a record id; used for article_id when there is no URL
    title: Optional[str] = "title"
    url: Optional[str] = "url"
    published: Optional[str] = "published"
    source: Optional[str] = "source"
    author: Optional[str] = "author"


@dataclass
class CorpusBase:
    kind: str = MISSING
    path: str = MISSING  # a folder, or for jsonl/csv/parquet/hf_files also a single file
    pattern: str = "*"
    recursive: bool = False
    max_articles: Optional[int] = None  # the first N inputs in sorted order (quick looks); the rest are not_selected rejects
    fallback_encoding: str = "cp1252"


@dataclass
class TextDirCorpusConfig(CorpusBase):
    kind: str = "text_dir"
    pattern: str = "*.txt"


@dataclass
class HtmlDirCorpusConfig(CorpusBase):
    kind: str = "html_dir"
    pattern: str = "*.htm*"
    include_tables: bool = False  # tables on news pages are mostly scoreboards and tickers


@dataclass
class RecordsCorpusConfig(CorpusBase):
    """jsonl, csv, parquet: one article per record, fields named by `fields`."""

    kind: str = "jsonl"
    pattern: str = "*.jsonl"
    fields: FieldMap = field(default_factory=FieldMap)
    csv_delimiter: str = ","


@dataclass
class HfDiskCorpusConfig(CorpusBase):
    """A dataset written by `Dataset.save_to_disk` (or a DatasetDict: pick `split`)."""

    kind: str = "hf_disk"
    split: Optional[str] = None
    fields: FieldMap = field(default_factory=FieldMap)


@dataclass
class HfFilesCorpusConfig(CorpusBase):
    """`datasets.load_dataset(format, data_files=<files matching pattern under path>)`."""

    kind: str = "hf_files"
    format: str = "json"  # a packaged builder: json, csv, parquet, text, arrow
    pattern: str = "*.jsonl"
    fields: FieldMap = field(default_factory=FieldMap)


@dataclass
class MixedDirCorpusConfig(CorpusBase):
    """A folder of several formats, each file read by its extension."""

    kind: str = "mixed_dir"
    recursive: bool = True
    fields: FieldMap = field(default_factory=FieldMap)
    csv_delimiter: str = ","
    include_tables: bool = False


CORPUS_SCHEMAS = {
    "base_text_dir": TextDirCorpusConfig,
    "base_html_dir": HtmlDirCorpusConfig,
    "base_records": RecordsCorpusConfig,
    "base_hf_disk": HfDiskCorpusConfig,
    "base_hf_files": HfFilesCorpusConfig,
    "base_mixed_dir": MixedDirCorpusConfig,
}


@dataclass
class FurnitureConfig:
    """Rules that mark a line of a page as furniture (kept in `removed_lines`, not in `text`)."""

    # A line matching any pattern (case-insensitive, whole line) is furniture.
    patterns: list[str] = field(default_factory=list)
    # A line of at most this many words that does not end like a sentence is furniture.
    short_line_max_words: int = 4
    max_chars: int = 300  # longer lines are prose, never furniture
    # Lines that open a list of links ("Related Articles"); the non-sentence lines after one
    # (up to list_item_max_words words each) are furniture until a sentence comes.
    list_headers: list[str] = field(default_factory=list)
    list_item_max_words: int = 16
    # After the last prose line (>= prose_min_words words, ends like a sentence), a line that
    # does not end like a sentence and has at most tail_max_words words is furniture.
    prose_min_words: int = 12
    tail_max_words: int = 16
    # A line opening with the article's author name in the last `author_bio_lines` lines is a bio.
    author_bio_lines: int = 4


@dataclass
class DuplicatesConfig:
    near: bool = True  # also near duplicates (MinHash over word shingles)
    threshold: float = 0.8  # estimated Jaccard similarity at or above which two bodies are one story
    shingle_words: int = 5
    num_perm: int = 128
    seed: int = 1


@dataclass
class IngestConfig:
    max_file_mb: float = 20.0
    min_body_chars: int = 80
    # ANNOTATION.md: headlines are body. The title is the text's first paragraph, unless the body
    # already opens with it (trafilatura keeps some pages' <h1>); false keeps it as metadata only.
    headline_in_body: bool = True
    furniture: FurnitureConfig = field(default_factory=FurnitureConfig)
    duplicates: DuplicatesConfig = field(default_factory=DuplicatesConfig)


@dataclass
class SegmentConfig:
    language: str = "en"
    min_chars: int = 3  # fragments shorter than this (stray punctuation) are not sentences
    # Longer "sentences" (text without sentence punctuation: a table, a list, a scraped blob) are cut
    # at the last space before the limit: rules and VADER take time that grows faster than length.
    max_chars: int = 1000
    # "fast": a regex splitter, pysbd only for paragraphs with an ambiguous abbreviation;
    # "pysbd": pysbd for every paragraph (slower, for comparison).
    method: str = "fast"
    # Never end a sentence: title words before a name, and month abbreviations before a number.
    abbreviations: list[str] = field(default_factory=list)
