"""Cue lexicons from config, compiled to regular expressions that match on word boundaries.

A phrase is lower-case words; a trailing `*` matches any word ending ("negotiat*" matches
"negotiations"), a leading `*` any word beginning ("*n't" matches "didn't"); spaces match any run
of whitespace or hyphens ("cease fire" ~ "cease-fire").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


def phrase_pattern(phrase: str) -> str:
    phrase = phrase.strip().lower()
    words = phrase.strip("*").split()
    body = r"[\s-]+".join(re.escape(w) for w in words)
    if phrase.startswith("*"):
        start = r"\w*"
    else:
        start = r"\b" if re.match(r"\w", phrase) else ""
    if phrase.endswith("*"):
        end = r"\w*"
    else:
        end = r"\b" if re.search(r"\w$", phrase) else ""
    return start + body + end


@dataclass(frozen=True)
class Lexicon:
    name: str
    regex: re.Pattern

    def find(self, text: str) -> list[tuple[int, int]]:
        return [m.span() for m in self.regex.finditer(text)]

    def search(self, text: str) -> bool:
        return self.regex.search(text) is not None


def ordered_phrases(phrases) -> list[str]:
    """The order of the alternatives in a lexicon's pattern. Longest first, so a longer phrase wins
    where two start at one place; ties by the phrase itself, so the pattern (and hence every count)
    does not depend on set order, i.e. on PYTHONHASHSEED."""
    return sorted({p for p in phrases if p.strip()}, key=lambda p: (-len(p), p))


@lru_cache(maxsize=256)
def _compile(phrases: tuple[str, ...]) -> re.Pattern:
    if not phrases:
        return re.compile(r"(?!x)x")  # matches nothing
    return re.compile("|".join(phrase_pattern(p) for p in ordered_phrases(phrases)), re.IGNORECASE)


def compile_lexicon(name: str, phrases) -> Lexicon:
    return Lexicon(name, _compile(tuple(str(p) for p in phrases)))
