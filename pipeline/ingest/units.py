"""The unit of accounting: one input that becomes exactly one article or one reject.

A text or HTML file is one input; a JSONL line, a CSV row, a Parquet or dataset row is one input
(its path reads `file.jsonl:12` or `file.csv:row 7`); a record file that cannot be read at all is
one input too, rejected as a whole.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

ARTICLE_FIELDS = ("text", "id", "title", "url", "published", "source", "author")


@dataclass
class Unit:
    path: str
    fmt: str  # text | html | record
    data: Optional[bytes] = None  # text and html: the file's bytes
    record: dict = field(default_factory=dict)  # record: article field -> value (str), plus "extra"
    encoding: str = ""
    reject: Optional[tuple[str, str]] = None  # (reason, detail) when the input is already lost


def rejected(path: str, reason: str, detail: str) -> Unit:
    return Unit(path=path, fmt="reject", reject=(reason, detail))
