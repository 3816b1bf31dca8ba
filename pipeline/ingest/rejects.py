"""The closed set of reasons an input does not become an article."""
from __future__ import annotations

from enum import Enum


class RejectReason(str, Enum):
    UNREADABLE = "unreadable"  # bytes that no configured encoding decodes
    EMPTY = "empty"  # nothing but whitespace
    NOT_TEXT = "not_text"  # binary content
    TOO_LARGE = "too_large"  # over ingest.max_file_mb
    NO_BODY = "no_body"  # only furniture, or a body under ingest.min_body_chars
    PARSE_ERROR = "parse_error"  # a structured record that does not parse
    MISSING_FIELD = "missing_field"  # a record without its text field
    DUPLICATE = "duplicate"  # the same article (exact or near) as one already kept; detail names it
    UNSUPPORTED = "unsupported"  # a file in a mixed folder whose extension no reader handles


REJECT_COLUMNS = ["path", "reason", "detail"]
