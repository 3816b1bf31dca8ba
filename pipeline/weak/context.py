"""What a labelling function sees of a sentence: its text, its neighbours, and the compiled cues.

The cue lexicons are general news vocabulary (labeler.lexicons) plus whatever a target adds
(target.cues), so that a new target needs only its aliases and actors.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from pipeline.weak.lexicon import Lexicon, compile_lexicon

# The groups a labelling function may ask for. A group missing from both config lists is empty.
CUE_GROUPS = (
    "support", "oppose", "milestone", "breakdown", "negation", "hedge", "scrutiny", "violence", "link",
    "path", "refusal", "threat", "procedure", "speech", "contrast", "positive", "negative", "call",
)
CONTEXT_SOURCES = ("title", "previous")
# Clause boundaries: semicolons, colons, dashes, and conjunctions that turn the sentence around.
_CLAUSE_BREAK = re.compile(r"\s*[;:\u2014]\s*|\s+\u2013\s+|\s+-\s+|,?\s+(?=(?:but|while|whereas|although|though|yet|"
                           r"however|even as|despite)\b)", re.IGNORECASE)
_QUOTE = re.compile(r"[\"\u201c]([^\"\u201d]{8,})[\"\u201d]")


@dataclass(frozen=True)
class Cues:
    """A target's aliases and actors and the merged cue lexicons, compiled once per run."""

    aliases: Lexicon
    actors: Lexicon
    groups: dict[str, Lexicon]
    context: tuple[str, ...]
    negation_window: int = 3
    stance_vader_favor: float = 0.6
    stance_vader_against: float = -0.6
    lf_vader_positive: float = 0.05
    lf_vader_negative: float = -0.05

    @classmethod
    def from_config(cls, target, labeler) -> "Cues":
        general, extra = dict(labeler.lexicons or {}), dict(target.cues or {})
        unknown = sorted((set(general) | set(extra)) - set(CUE_GROUPS))
        if unknown:
            raise ValueError(f"cue groups {unknown} are not known (target {target.name!r} or labeler.lexicons); "
                             f"known: {list(CUE_GROUPS)}")
        bad_context = sorted(set(target.context) - set(CONTEXT_SOURCES))
        if bad_context:
            raise ValueError(f"target.context: {bad_context} not in {list(CONTEXT_SOURCES)}")
        if not target.aliases:
            raise ValueError(f"target {target.name!r} has no aliases: nothing could mention it")
        groups = {g: compile_lexicon(g, [*general.get(g, []), *extra.get(g, [])]) for g in CUE_GROUPS}
        return cls(
            aliases=compile_lexicon("aliases", target.aliases),
            actors=compile_lexicon("actors", target.actors),
            groups=groups,
            context=tuple(target.context),
            negation_window=labeler.negation_window,
            stance_vader_favor=labeler.stance_vader_favor,
            stance_vader_against=labeler.stance_vader_against,
            lf_vader_positive=labeler.lf_vader_positive,
            lf_vader_negative=labeler.lf_vader_negative,
        )


def clause_spans(text: str) -> list[tuple[int, int]]:
    """Split at semicolons, dashes and turning conjunctions ("..., but ..."): the clauses of ANNOTATION rule 2."""
    spans, start = [], 0
    for match in _CLAUSE_BREAK.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans or [(0, len(text))]


@dataclass(frozen=True)
class SentenceView:
    text: str
    previous: str  # the sentence before, "" for the first
    title: str
    cues: Cues
    vader: float = 0.0  # VADER compound of the sentence
    _memo: dict = field(default_factory=dict, compare=False, repr=False)

    # --- where the target is -------------------------------------------------------------
    @cached_property
    def target_spans(self) -> list[tuple[int, int]]:
        return self.cues.aliases.find(self.text)

    @property
    def mentions_target(self) -> bool:
        return bool(self.target_spans)

    @cached_property
    def mentions_actor(self) -> bool:
        return self.cues.actors.search(self.text)

    @cached_property
    def context_mentions_target(self) -> bool:
        sources = {"title": self.title, "previous": self.previous}
        return any(self.cues.aliases.search(sources[s]) for s in self.cues.context)

    @property
    def about_target(self) -> bool:
        """The sentence names the target, or names an actor while its context names the target."""
        return self.mentions_target or (self.mentions_actor and self.context_mentions_target)

    @property
    def in_scope(self) -> bool:
        """Cues may speak of the target: it is named here or in the context (title, previous sentence)."""
        return self.mentions_target or self.context_mentions_target

    @property
    def is_question(self) -> bool:
        return self.text.rstrip().rstrip("\"'\u201d\u2019").endswith("?")

    # --- clauses and cues -----------------------------------------------------------------
    @cached_property
    def clauses(self) -> list[tuple[int, int]]:
        return clause_spans(self.text)

    @cached_property
    def target_clauses(self) -> list[tuple[int, int]]:
        """Clauses holding a target mention; all of them when the target comes from the actors + context."""
        hits = [c for c in self.clauses if any(c[0] <= s < c[1] for s, _ in self.target_spans)]
        if hits:
            return hits
        return list(self.clauses) if self.in_scope else []

    def cue_spans(self, group: str) -> list[tuple[int, int]]:
        key = ("spans", group)
        if key not in self._memo:
            self._memo[key] = self.cues.groups[group].find(self.text)
        return self._memo[key]

    def has(self, group: str) -> bool:
        return bool(self.cue_spans(group))

    def cues_in_target_clauses(self, group: str) -> list[tuple[int, int]]:
        clauses = self.target_clauses
        return [s for s in self.cue_spans(group) if any(a <= s[0] < b for a, b in clauses)]

    def clause_of(self, position: int) -> tuple[int, int]:
        return next((c for c in self.clauses if c[0] <= position < c[1]), (0, len(self.text)))

    def is_negated(self, cue_start: int) -> bool:
        """A negator among the few words before the cue, in the same clause, flips it ("did not welcome")."""
        clause_start = self.clause_of(cue_start)[0]
        window = " ".join(self.text[clause_start:cue_start].split()[-self.cues.negation_window:])
        return self.cues.groups["negation"].search(window)

    def is_hedged(self, cue_start: int) -> bool:
        """A hedge earlier in the cue's clause ("whether the talks resume", "if they sign") cancels it."""
        clause_start = self.clause_of(cue_start)[0]
        return self.cues.groups["hedge"].search(self.text[clause_start:cue_start])

    # --- quotes -----------------------------------------------------------------------------
    @cached_property
    def reported_text(self) -> str:
        """What an actor is quoted or reported as saying: the quotation, or what follows a speech verb."""
        quotes = _QUOTE.findall(self.text)
        if quotes:
            return " ".join(quotes)
        spans = self.cue_spans("speech")
        if spans:
            return self.text[spans[0][1]:]
        return ""
