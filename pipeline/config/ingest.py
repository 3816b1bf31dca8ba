"""Schemas of the ingest-side groups: corpus, ingest (cleaning), segment."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from omegaconf import MISSING


@dataclass
class TextDirCorpusConfig:
    kind: str = "text_dir"
    path: str = MISSING
    pattern: str = "*.txt"
    recursive: bool = False
    max_articles: Optional[int] = None  # take the first N files in sorted order (for quick looks)
    fallback_encoding: str = "cp1252"


@dataclass
class IngestConfig:
    max_file_mb: float = 20.0
    min_body_chars: int = 80
    # Furniture rules: a line matching any pattern is removed (kept in `removed_lines`).
    furniture_patterns: list[str] = field(default_factory=list)
    # A line shorter than this many words that does not end like a sentence is furniture.
    short_line_max_words: int = 4
    max_furniture_chars: int = 300  # longer lines are prose, never furniture


@dataclass
class SegmentConfig:
    language: str = "en"
    min_chars: int = 3  # fragments shorter than this (stray punctuation) are not sentences
