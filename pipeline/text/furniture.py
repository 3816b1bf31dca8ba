"""Line-level removal of page furniture (paywall offers, bylines, related links...) from plain text.

Rules first: each configured pattern must match a whole line (case-insensitive). A short line that
does not end like a sentence is furniture too (prices, plan names, "3 Months"). Removed lines are
returned, never dropped silently.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCE_END = re.compile(r"[.!?:\"')\]]$")


@dataclass(frozen=True)
class FurnitureFilter:
    patterns: tuple[re.Pattern, ...]
    short_line_max_words: int
    max_chars: int = 300

    @classmethod
    def from_config(cls, patterns, short_line_max_words: int, max_chars: int = 300) -> "FurnitureFilter":
        compiled = []
        for pattern in patterns:
            try:
                compiled.append(re.compile(pattern, re.IGNORECASE))
            except re.error as err:
                raise ValueError(f"ingest.furniture_patterns: bad regular expression {pattern!r}: {err}") from err
        return cls(tuple(compiled), short_line_max_words, max_chars)

    def is_furniture(self, line: str) -> bool:
        stripped = line.strip().lstrip("*•·-–—>").strip()
        if not stripped or len(stripped) > self.max_chars:
            return False
        if any(p.fullmatch(stripped) for p in self.patterns):
            return True
        n_words = len(stripped.split())
        return n_words <= self.short_line_max_words and not _SENTENCE_END.search(stripped)

    def split(self, body: str) -> tuple[str, list[str]]:
        """Return (clean body with paragraphs separated by blank lines, removed lines in order)."""
        kept, removed = [], []
        for line in body.split("\n"):
            if not line.strip():
                continue
            (removed if self.is_furniture(line) else kept).append(line.strip())
        return "\n\n".join(kept), removed
