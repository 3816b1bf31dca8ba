"""What a labelling function sees of a sentence: its text, its neighbours, and the compiled cues."""
from __future__ import annotations

from dataclasses import dataclass

from pipeline.weak.lexicon import Lexicon, compile_lexicon

CUE_GROUPS = ("support", "oppose", "milestone", "negation", "hedge", "violence", "procedure")


@dataclass(frozen=True)
class Cues:
    """A target's lexicons, compiled once per run."""

    aliases: Lexicon
    actors: Lexicon
    groups: dict[str, Lexicon]
    negation_window: int
    use_context: bool

    @classmethod
    def from_config(cls, target, labeler) -> "Cues":
        cue_cfg = dict(target.cues)
        missing = [g for g in CUE_GROUPS if g not in cue_cfg]
        if missing:
            raise ValueError(f"target {target.name!r}: cue lists missing from target.cues: {missing}")
        return cls(
            aliases=compile_lexicon("aliases", target.aliases),
            actors=compile_lexicon("actors", target.actors),
            groups={g: compile_lexicon(g, cue_cfg[g]) for g in CUE_GROUPS},
            negation_window=labeler.negation_window,
            use_context=labeler.use_context,
        )


@dataclass(frozen=True)
class SentenceView:
    text: str
    previous: str  # the sentence before, "" for the first
    title: str
    cues: Cues

    @property
    def mentions_target(self) -> bool:
        return self.cues.aliases.search(self.text)

    @property
    def mentions_actor(self) -> bool:
        return self.cues.actors.search(self.text)

    @property
    def context_mentions_target(self) -> bool:
        return self.cues.use_context and (
            self.cues.aliases.search(self.previous) or self.cues.aliases.search(self.title)
        )

    @property
    def about_target(self) -> bool:
        """The sentence names the target, or names an actor while its context names the target."""
        return self.mentions_target or (self.mentions_actor and self.context_mentions_target)

    def cue_spans(self, group: str) -> list[tuple[int, int]]:
        return self.cues.groups[group].find(self.text)

    def has(self, group: str) -> bool:
        return self.cues.groups[group].search(self.text)

    def is_negated(self, cue_start: int) -> bool:
        """A negator among the few words before the cue flips it ("did not welcome")."""
        window = " ".join(self.text[:cue_start].split()[-self.cues.negation_window:])
        return self.cues.groups["negation"].search(window)
