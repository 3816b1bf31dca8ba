"""Stance labelling functions: each returns FAVOR, AGAINST, NONE (class ids) or ABSTAIN.

They follow the hard-case rules of ANNOTATION.md: negation flips a cue (rule 1), questions give no
verdict (rule 11), scrutiny without a verdict is NONE (rule 3), violence counts against the
process only when the sentence links it to the process (rule 4).
"""
from __future__ import annotations

from typing import Callable

from pipeline.labels import ABSTAIN
from pipeline.weak.context import SentenceView

FAVOR, AGAINST, NONE = 0, 1, 2
LabelingFunction = Callable[[SentenceView], int]
REGISTRY: dict[str, LabelingFunction] = {}


def labeling_function(fn: LabelingFunction) -> LabelingFunction:
    REGISTRY[fn.__name__] = fn
    return fn


def _polarity_votes(view: SentenceView, group: str, polarity: int) -> int:
    """Vote `polarity` for an un-negated cue of `group`, the opposite for a negated one."""
    if not view.about_target or view.text.rstrip().endswith("?"):
        return ABSTAIN
    spans = view.cue_spans(group)
    if not spans:
        return ABSTAIN
    n_plain = sum(1 for start, _ in spans if not view.is_negated(start))
    n_negated = len(spans) - n_plain
    if n_plain == n_negated:
        return ABSTAIN
    return polarity if n_plain > n_negated else (AGAINST if polarity == FAVOR else FAVOR)


@labeling_function
def lf_support_cue(view: SentenceView) -> int:
    """Support for the process ("welcomed the talks", "urged a ceasefire"); negated: AGAINST."""
    return _polarity_votes(view, "support", FAVOR)


@labeling_function
def lf_oppose_cue(view: SentenceView) -> int:
    """Opposition, obstruction or doubt ("rejected the deal"); negated: FAVOR ("no longer opposes")."""
    return _polarity_votes(view, "oppose", AGAINST)


@labeling_function
def lf_milestone(view: SentenceView) -> int:
    """Talks starting or resuming, a deal signed (rule 7); negated ("never signed"): AGAINST."""
    if not view.mentions_target or view.has("hedge"):
        return ABSTAIN
    return _polarity_votes(view, "milestone", FAVOR)


@labeling_function
def lf_violence_linked(view: SentenceView) -> int:
    """Violence in the same sentence as the process: reported as a threat to it (rule 4)."""
    if view.mentions_target and view.has("violence") and not view.has("support"):
        return AGAINST
    return ABSTAIN


@labeling_function
def lf_question_none(view: SentenceView) -> int:
    """A question gives no verdict (rule 11)."""
    return NONE if view.text.rstrip().rstrip('"\'').endswith("?") else ABSTAIN


@labeling_function
def lf_no_target_none(view: SentenceView) -> int:
    """Neither the target nor (with the target in context) an actor: not about the process."""
    return NONE if not view.about_target else ABSTAIN


@labeling_function
def lf_procedure_none(view: SentenceView) -> int:
    """Schedules, venues, rounds, drafts and reviews with no evaluative cue (rules 3 and 7)."""
    if not view.mentions_target or not (view.has("procedure") or view.has("hedge")):
        return ABSTAIN
    if view.has("support") or view.has("oppose") or view.has("milestone"):
        return ABSTAIN
    return NONE
