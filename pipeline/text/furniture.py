"""Line-level removal of page furniture (paywall offers, bylines, related links...) from plain text.

Rules, all configured under `ingest.furniture`, in three kinds:
- a line on its own: a configured pattern matches the whole line (case-insensitive), or the line
  is short (<= short_line_max_words) and does not end like a sentence ("3 Months", "₹900");
- a line in context: the non-sentence lines after a list header ("Related Articles", "More from
  Kabul") are link titles; after the last prose line of the page, lines that do not end like a
  sentence are footer links; a line that opens with the article's author name near the end is a bio;
- anything longer than max_chars is prose, whatever it mentions.
Removed lines are returned in order, never dropped silently.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

# A sentence ends with . ! ? or an ellipsis, possibly followed by closing quotes or brackets.
_SENTENCE_END = re.compile(r"(?:[.!?\u2026]|\.\.\.)[\"'\u201d\u2019)\]]*$")
_STATEMENT_END = re.compile(r"[.!\u2026][\"'\u201d\u2019)\]]*$")
_BULLET = re.compile(r"^(?:[-*\u2022\u00b7\u2013\u2014>]+|\d{1,2}[.)])\s+")


def _compile(patterns, key: str) -> tuple[re.Pattern, ...]:
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(pattern, re.IGNORECASE))
        except re.error as err:
            raise ValueError(f"ingest.furniture.{key}: bad regular expression {pattern!r}: {err}") from err
    return tuple(compiled)


def ends_like_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line))


@dataclass(frozen=True)
class FurnitureFilter:
    patterns: tuple[re.Pattern, ...]
    short_line_max_words: int = 4
    max_chars: int = 300
    list_headers: tuple[re.Pattern, ...] = ()
    list_item_max_words: int = 16
    prose_min_words: int = 12
    tail_max_words: int = 16
    author_bio_lines: int = 4

    @classmethod
    def from_config(cls, cfg) -> "FurnitureFilter":
        """From the `ingest.furniture` config node (or any object with the same attributes)."""
        return cls(
            patterns=_compile(cfg.patterns, "patterns"),
            short_line_max_words=int(cfg.short_line_max_words),
            max_chars=int(cfg.max_chars),
            list_headers=_compile(cfg.list_headers, "list_headers"),
            list_item_max_words=int(cfg.list_item_max_words),
            prose_min_words=int(cfg.prose_min_words),
            tail_max_words=int(cfg.tail_max_words),
            author_bio_lines=int(cfg.author_bio_lines),
        )

    @cached_property
    def _any_pattern(self) -> re.Pattern:
        # One alternation, one call into the regex engine per line instead of one per pattern.
        return re.compile("|".join(f"(?:{p.pattern})" for p in self.patterns) or r"(?!)", re.IGNORECASE)

    @staticmethod
    def _core(line: str) -> str:
        return _BULLET.sub("", line.strip()).strip()

    def is_furniture(self, line: str) -> bool:
        """The line on its own, without context."""
        stripped = self._core(line)
        if not stripped or len(stripped) > self.max_chars:
            return False
        if self._any_pattern.fullmatch(stripped):
            return True
        return len(stripped.split()) <= self.short_line_max_words and not ends_like_sentence(stripped)

    def _is_list_header(self, line: str) -> bool:
        core = self._core(line)
        return len(core) <= 80 and any(p.fullmatch(core) for p in self.list_headers)

    def _is_heading_above_prose(self, line: str, following: str) -> bool:
        core = self._core(line)
        return (3 <= len(core.split()) <= self.short_line_max_words and not ends_like_sentence(core)
                and not self._any_pattern.fullmatch(core) and self._is_prose(following))

    def _is_prose(self, line: str) -> bool:
        return ends_like_sentence(line) and len(line.split()) >= self.prose_min_words

    def classify(self, lines: list[str], author: str = "") -> list[bool]:
        """One flag per line (True = furniture); `lines` are non-empty and stripped."""
        flags = [self.is_furniture(line) for line in lines]
        # A headline or subhead right above prose is body, even when short ("What happens next").
        for i in range(len(lines) - 1):
            if flags[i] and self._is_heading_above_prose(lines[i], lines[i + 1]):
                flags[i] = False
        in_list = False
        for i, line in enumerate(lines):
            if self._is_list_header(line):
                flags[i], in_list = True, True
                continue
            if in_list:
                core = self._core(line)
                # Link titles may be questions ("Who are the prisoners?"), so only . or ! ends a list.
                if len(core.split()) <= self.list_item_max_words and not _STATEMENT_END.search(core):
                    flags[i] = True
                    continue
                in_list = False
        body = [i for i, line in enumerate(lines) if not flags[i] and self._is_prose(line)]
        last_prose = body[-1] if body else len(lines)
        for i in range(last_prose + 1, len(lines)):
            core = self._core(lines[i])
            if not ends_like_sentence(core) and len(core.split()) <= self.tail_max_words:
                flags[i] = True
        name = author.strip()
        if name and len(name.split()) >= 2:
            bio = re.compile(re.escape(name) + r",?\s+(?:is|was|covers|reports|writes|has|edits|teaches|leads|works)\b")
            for i in range(max(0, len(lines) - self.author_bio_lines), len(lines)):
                if bio.match(self._core(lines[i])) and len(lines[i]) <= self.max_chars:
                    flags[i] = True
        return flags

    def split(self, body: str, author: str = "") -> tuple[str, list[str]]:
        """Return (clean body with paragraphs separated by blank lines, removed lines in order)."""
        lines = [line.strip() for line in body.split("\n") if line.strip()]
        flags = self.classify(lines, author)
        kept = [line for line, flag in zip(lines, flags) if not flag]
        removed = [line for line, flag in zip(lines, flags) if flag]
        return "\n\n".join(kept), removed
