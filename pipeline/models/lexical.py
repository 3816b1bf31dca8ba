"""Dense, hand-made features beside the n-grams: cue-lexicon hits, VADER scores, target mentions.

Both transformers keep only their parameters (lists of phrases) as state: the compiled regular
expressions (see PhraseCounter) and the VADER analyzer are rebuilt on demand and cached per process,
so a saved model holds nothing skops cannot write, and models saved before load and score the same.
Every value is non-negative (complement naive Bayes needs that).
"""
from __future__ import annotations

import re
import sys
from functools import lru_cache

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin

from pipeline.weak.lexicon import compile_lexicon, ordered_phrases, phrase_pattern


@lru_cache(maxsize=1)
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()  # the lexicon ships inside the wheel: no download


# ---- Counting lexicon matches fast, with the very numbers of compile_lexicon(...).regex.findall ----
# The lexicons' patterns are case-insensitive alternations of ~100 phrases, each starting with \b:
# Python's regex engine tries every phrase at every position of a text, which made these features
# the larger part of predicting. The same counts come ~4x sooner from (1) folding the text's case
# once per text, so the patterns can be case-sensitive, and (2) putting each phrase's first letter
# before its word-boundary test, so the engine skips ahead to letters that can start a phrase and
# tries only the phrases that start with that letter. Every step is checked to be exact, and any
# lexicon it cannot be proved for is counted with its own pattern, as before.

_WORD = re.compile(r"\w")
_SPACE = re.compile(r"\s")
# A phrase's pattern `\b` + first letter ... becomes first letter + this + ...: after a word
# character, "no word character before it" is what \b says there.
_NO_WORD_BEFORE_HEAD = r"(?<!\w\w)"


@lru_cache(maxsize=1)
def _every_character() -> str:
    return np.arange(sys.maxunicode + 1, dtype="<u4").tobytes().decode("utf-32-le", "surrogatepass")


def _kind(char: str) -> tuple[bool, bool, bool]:
    r"""What \b, \w* and [\s-]+ in a phrase pattern see of a character."""
    return bool(_WORD.match(char)), bool(_SPACE.match(char)), char == "-"


@lru_cache(maxsize=64)
def _case_folding(chars: frozenset[str]) -> dict[int, str] | None:
    """A str.translate table that maps every character a case-insensitive pattern lets match one of
    `chars` (upper case, and the long s, the Kelvin sign, the dotted I...) to that character, so that
    case-sensitive patterns on the folded text match where the case-insensitive ones match on the
    text. The regex engine itself says which characters match, over all of Unicode. None when that
    would not be exact: a character matching two of `chars`, or one that differs from the character
    it stands for as a word character, a space or a hyphen."""
    anything = re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]", re.IGNORECASE)
    table: dict[int, str] = {}
    for found in sorted(set(anything.findall(_every_character()))):
        owners = [c for c in sorted(chars) if re.fullmatch(re.escape(c), found, re.IGNORECASE)]
        if len(owners) != 1 or _kind(found) != _kind(owners[0]):
            return None
        if found != owners[0]:
            table[ord(found)] = owners[0]
    if any(ord(c) in table for c in chars):  # two phrase characters are one letter in two cases
        return None
    return table


def _fast_pattern(phrases: tuple[str, ...]) -> re.Pattern | None:
    """The lexicon's pattern, case-sensitive (for folded text) and first letters first; None when
    the lexicon's own pattern is not the alternation of its phrases this rebuilds."""
    reference = compile_lexicon("", phrases).regex
    branches = [phrase_pattern(p) for p in ordered_phrases(phrases)]
    if not branches or "|".join(branches) != reference.pattern or reference.flags != re.IGNORECASE | re.UNICODE:
        return None
    alternatives, run = [], {}
    for branch in branches:
        if branch.startswith(r"\b") and len(branch) > 2 and _WORD.match(branch[2]):
            run.setdefault(branch[2], []).append(branch[3:])
        else:  # a phrase that may start inside a word ("*n't") closes the run before it
            alternatives += _grouped(run) + [branch]
            run = {}
    return re.compile("|".join(alternatives + _grouped(run)))


def _grouped(run: dict[str, list[str]]) -> list[str]:
    """Phrases that start with a letter, grouped by that letter (each group in its phrases' order):
    phrases with different first letters never match at the same place, so grouping leaves the
    winner of each place alone, while the engine tries one group instead of every phrase."""
    return [f"{head}{_NO_WORD_BEFORE_HEAD}(?:{'|'.join(tails)})" for head, tails in run.items()]


class PhraseCounter:
    """How many times each lexicon matches a text: len(compile_lexicon(name, phrases).regex.findall(text)),
    the same numbers, sooner. Built once per process for a set of lexicons (see `phrase_counter`)."""

    def __init__(self, lexicons: tuple[tuple[str, ...], ...]):
        self.references = [compile_lexicon("", phrases).regex for phrases in lexicons]
        chars = frozenset(c for phrases in lexicons for p in phrases for c in p.strip().lower()) | {"-"}
        self.table = _case_folding(chars)
        fast = [_fast_pattern(phrases) for phrases in lexicons] if self.table is not None else [None] * len(lexicons)
        self.fast = fast

    def counts(self, text: str) -> list[int]:
        folded = text.translate(self.table) if self.table is not None else text
        return [len(f.findall(folded)) if f is not None else len(r.findall(text))
                for f, r in zip(self.fast, self.references)]


@lru_cache(maxsize=32)
def phrase_counter(lexicons: tuple[tuple[str, ...], ...]) -> PhraseCounter:
    return PhraseCounter(lexicons)


def _as_texts(X) -> list[str]:
    return ["" if x is None else str(x) for x in X]


class LexiconScores(BaseEstimator, TransformerMixin):
    """Per text: log(1 + hits) of each cue lexicon, and VADER's pos/neg/neu scores with the
    compound score split into its positive and negative parts."""

    def __init__(self, cues=None, vader: bool = True):
        self.cues = cues
        self.vader = vader

    def fit(self, X, y=None):
        return self

    def _names(self) -> list[str]:
        return sorted(self.cues or {})

    def get_feature_names_out(self, input_features=None):
        names = [f"cue_{n}" for n in self._names()]
        if self.vader:
            names += ["vader_pos", "vader_neg", "vader_neu", "vader_compound_pos", "vader_compound_neg"]
        return np.asarray(names, dtype=object)

    def transform(self, X):
        texts = _as_texts(X)
        names = self._names()
        counter = phrase_counter(tuple(tuple(str(p) for p in self.cues[name]) for name in names))
        hits = [counter.counts(t) for t in texts]
        # log1p of each distinct count, computed as np.log1p(int) always was: the same floats.
        log1p = {k: np.log1p(k) for k in {k for row in hits for k in row}}
        columns = [[log1p[row[j]] for row in hits] for j in range(len(names))]
        if self.vader:
            scores = [_vader().polarity_scores(t) for t in texts]
            columns += [[s["pos"] for s in scores], [s["neg"] for s in scores], [s["neu"] for s in scores],
                        [max(s["compound"], 0.0) for s in scores], [max(-s["compound"], 0.0) for s in scores]]
        matrix = np.asarray(columns, dtype=float).T if columns else np.zeros((len(texts), 0))
        return sparse.csr_matrix(matrix.reshape(len(texts), -1))


class TargetMention(BaseEstimator, TransformerMixin):
    """Per text: whether it names the target (any alias), how often, and whether it names one of
    the target's actors. Stance is about the target: a sentence that never names it is more often
    NONE."""

    def __init__(self, aliases=None, actors=None):
        self.aliases = aliases
        self.actors = actors

    def fit(self, X, y=None):
        return self

    def get_feature_names_out(self, input_features=None):
        return np.asarray(["mentions_target", "n_target_mentions", "mentions_actor"], dtype=object)

    def transform(self, X):
        texts = _as_texts(X)
        counter = phrase_counter((tuple(str(a) for a in self.aliases or []), tuple(str(a) for a in self.actors or [])))
        rows = []
        for t in texts:
            hits, actor_hits = counter.counts(t)
            rows.append((float(hits > 0), np.log1p(hits), float(actor_hits > 0)))
        return sparse.csr_matrix(np.asarray(rows, dtype=float).reshape(len(texts), 3))


def lexicon_scores(lexicons=None, cues=None, vader: bool = True) -> LexiconScores:
    """General lexicons (labeler.lexicons) with the target's own cues (target.cues) added group by
    group. Hydra passes DictConfig/ListConfig; plain dicts and lists keep the saved model plain."""
    merged: dict[str, list[str]] = {}
    for source in (lexicons or {}, cues or {}):
        for name, phrases in dict(source).items():
            merged.setdefault(str(name), []).extend(str(p) for p in phrases)
    return LexiconScores({k: sorted(set(v)) for k, v in merged.items()}, bool(vader))


def target_mention(aliases=None, actors=None) -> TargetMention:
    return TargetMention([str(a) for a in aliases or []], [str(a) for a in actors or []])
