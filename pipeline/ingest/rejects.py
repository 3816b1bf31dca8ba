"""The closed set of reasons an input does not become an article."""
from __future__ import annotations

from enum import Enum


class RejectReason(str, Enum):
    UNREADABLE = "unreadable"  # bytes that no configured encoding decodes
    EMPTY = "empty"  # nothing but whitespace
    NOT_TEXT = "not_text"  # binary content
    TOO_LARGE = "too_large"  # over ingest.max_file_mb
    NO_BODY = "no_body"  # only furniture, or a body under ingest.min_body_chars
    PARSE_ERROR = "parse_error"  # a structured record or file that does not parse; detail names file and line/row
    MISSING_FIELD = "missing_field"  # a record without its text field
    DUPLICATE = "duplicate"  # the same article (exact or near) as one already kept; detail names it
    UNSUPPORTED = "unsupported"  # a file in a mixed folder whose extension no reader handles
    # Files under corpus.path that are listed but never read (see pipeline/ingest/text_dir.py):
    SKIPPED_SYSTEM = "skipped_system"  # OS or editor bookkeeping: .DS_Store, ._*, Thumbs.db, desktop.ini, ~$*, *.swp
    SKIPPED_HIDDEN = "skipped_hidden"  # another hidden file, or a hidden folder (one row for the whole folder)
    NOT_SELECTED = "not_selected"  # left out by corpus.pattern, corpus.recursive=false or corpus.max_articles


REJECT_COLUMNS = ["path", "reason", "detail"]
