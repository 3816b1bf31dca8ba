"""Which parser reads a file: fixed by the corpus kind, or by extension for a mixed folder."""
from __future__ import annotations

from pathlib import PurePosixPath
from typing import Optional

TEXT, HTML, JSONL, CSV, TSV, PARQUET = "text", "html", "jsonl", "csv", "tsv", "parquet"

BY_EXTENSION = {
    ".txt": TEXT, ".text": TEXT, ".md": TEXT,
    ".html": HTML, ".htm": HTML, ".xhtml": HTML,
    ".jsonl": JSONL, ".ndjson": JSONL,
    ".csv": CSV, ".tsv": TSV,
    ".parquet": PARQUET,
}
BY_KIND = {"text_dir": TEXT, "html_dir": HTML, "jsonl": JSONL, "csv": CSV, "parquet": PARQUET}
RECORD_FORMATS = {JSONL, CSV, TSV, PARQUET}


def format_for(kind: str, path: str) -> Optional[str]:
    """The parser for `path`, or None when a mixed folder holds a file of no supported type."""
    if kind in BY_KIND:
        return BY_KIND[kind]
    return BY_EXTENSION.get(PurePosixPath(path).suffix.lower())
