"""The unit of accounting: one input that becomes exactly one article or one reject.

A text or HTML file is one input; a JSONL line, a CSV row, a Parquet or dataset row is one input
(its path reads `file.jsonl:12` or `file.csv:row 7`), malformed or not: a CSV row that does not
parse is one input and one reject, and the file's other rows are inputs of their own. A record file
that cannot be read at all (undecodable, no text column, a data file `datasets` cannot load) is one
input, rejected as a whole. A file or folder under corpus.path that is not read (hidden, OS junk,
left out by corpus.pattern or corpus.recursive) is one input and one reject too, so
`n_inputs == n_articles + n_rejects` covers everything in the folder. What `corpus.max_articles`
cuts off is accounted for the same way, and without reading it: one reject per file not reached,
and one for the rest of the file where the cut falls inside it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from pipeline.ingest.rejects import RejectReason

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


def limit_detail(what: str, limit: int) -> str:
    return f"{what}, left out by corpus.max_articles={limit} (the first {limit} inputs in sorted order are read)"


def left_out_by_limit(name: str, what: str, limit: int) -> Unit:
    """The reject for inputs past corpus.max_articles: `what` says which (a file, the rest of one)."""
    return rejected(name, RejectReason.NOT_SELECTED.value, limit_detail(what, limit))


def within_limit(name: str, units: list[Unit], budget: int, limit: int) -> list[Unit]:
    """The first `budget` units of file `name`, then one reject that accounts for the rest."""
    if len(units) <= budget:
        return units
    rest = units[budget:]
    what = f"{len(rest)} more input{'s' if len(rest) > 1 else ''} of this file ({rest[0].path} to {rest[-1].path})"
    return units[:budget] + [left_out_by_limit(name, what, limit)]


_DIGITS = re.compile(r"(\d+)")


def natural_key(path: str) -> tuple:
    """Sort key that puts `x.jsonl:2` before `x.jsonl:10` and `a2.txt` before `a10.txt`: "the first
    input" (the duplicate kept, the cut of corpus.max_articles) is the first a person would count."""
    # re.split with a group alternates text (even places) and digit runs (odd places); the path
    # itself breaks ties ("a01" and "a1" have the same numbers).
    parts = _DIGITS.split(path)
    return tuple(int(part) if i % 2 else part for i, part in enumerate(parts)), path
