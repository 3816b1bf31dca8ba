"""Stance labelling functions: each returns FAVOR, AGAINST, NONE (class ids) or ABSTAIN.

They follow the hard-case rules of ANNOTATION.md: negation flips a cue (rule 1), a support and a
doubt across "but" tie to NONE (rules 2 and 8), scrutiny without a verdict is NONE (rule 3),
violence counts against the process only when linked to it (rule 4), a condition is FAVOR as a
path and AGAINST as a refusal (rule 5), milestones are progress (rule 7), a conditional threat is
AGAINST (rule 9), a question gives no verdict (rule 11). No function names a target: they read the
target's aliases, actors and cue lexicons from config.
"""
from __future__ import annotations

import re
from typing import Callable

from pipeline.labels import ABSTAIN
from pipeline.weak.context import SentenceView

FAVOR, AGAINST, NONE = 0, 1, 2
LabelingFunction = Callable[[SentenceView], int]
REGISTRY: dict[str, LabelingFunction] = {}
EVALUATIVE = ("support", "oppose", "milestone", "breakdown", "path", "refusal", "threat")


def labeling_function(fn: LabelingFunction) -> LabelingFunction:
    REGISTRY[fn.__name__] = fn
    return fn


def _flip(label: int) -> int:
    return AGAINST if label == FAVOR else FAVOR


def _clause_votes(view: SentenceView, group: str, polarity: int, hedges_cancel: bool = True) -> int:
    """Vote `polarity` for a cue of `group` in a clause holding the target; the opposite when negated.

    Hedged cues ("whether talks resume") count for nothing; equal plain and negated cues abstain.
    """
    if not view.in_scope or view.is_question:
        return ABSTAIN
    plain = negated = 0
    for start, _ in view.cues_in_target_clauses(group):
        if hedges_cancel and view.is_hedged(start):
            continue
        if view.is_negated(start):
            negated += 1
        else:
            plain += 1
    if plain == negated:
        return ABSTAIN
    return polarity if plain > negated else _flip(polarity)


# --- support and opposition --------------------------------------------------------------------
@labeling_function
def lf_support_cue(view: SentenceView) -> int:
    """Backing, welcoming, hope, progress ("welcomed the talks"); negated: AGAINST ("did not welcome")."""
    return _clause_votes(view, "support", FAVOR)


@labeling_function
def lf_oppose_cue(view: SentenceView) -> int:
    """Rejection, doubt, accusation ("rejected the deal"); negated: FAVOR ("no longer opposes")."""
    return _clause_votes(view, "oppose", AGAINST)


# --- milestones and breakdowns -------------------------------------------------------------------
@labeling_function
def lf_milestone(view: SentenceView) -> int:
    """Talks starting or resuming, a deal signed (rule 7); negated ("never signed"): AGAINST."""
    if not view.mentions_target:
        return ABSTAIN
    return _clause_votes(view, "milestone", FAVOR)


@labeling_function
def lf_breakdown(view: SentenceView) -> int:
    """Talks cancelled, suspended, postponed, collapsing; negated ("not broken off"): FAVOR."""
    return _clause_votes(view, "breakdown", AGAINST)


# --- violence ------------------------------------------------------------------------------------
@labeling_function
def lf_violence_linked(view: SentenceView) -> int:
    """Violence the sentence ties to the process ("the attack threatens the talks"): AGAINST (rule 4)."""
    if not view.mentions_target or not view.has("violence") or view.is_question:
        return ABSTAIN
    if view.has("support") or view.has("path"):
        return ABSTAIN  # "committed to the deal despite the attack" is not a threat to it
    return AGAINST if view.has("link") else ABSTAIN


@labeling_function
def lf_violence_alone_none(view: SentenceView) -> int:
    """Violence with no word of the process: NONE for stance (rule 4)."""
    return NONE if view.has("violence") and not view.mentions_target else ABSTAIN


# --- conditions and threats ----------------------------------------------------------------------
@labeling_function
def lf_condition_path(view: SentenceView) -> int:
    """A condition put as a path forward ("a deal would open the way to ..."): FAVOR (rule 5)."""
    return _clause_votes(view, "path", FAVOR, hedges_cancel=False)


@labeling_function
def lf_condition_refusal(view: SentenceView) -> int:
    """A condition put as a refusal ("will not talk until ...", "only with Washington"): AGAINST (rule 5)."""
    if not view.about_target or view.is_question:
        return ABSTAIN
    for start, _ in view.cue_spans("refusal"):
        clause_start = view.clause_of(start)[0]
        before = view.text[clause_start:start]
        if view.cues.groups["negation"].search(before) or re.search(r"\bonly\b", view.text[max(0, start - 12):start + 8], re.I):
            return AGAINST
    return ABSTAIN


@labeling_function
def lf_threat(view: SentenceView) -> int:
    """Threats and warnings about the process ("will nullify it if they renege"): AGAINST (rule 9)."""
    return _clause_votes(view, "threat", AGAINST, hedges_cancel=False)


# --- quotes and sentiment --------------------------------------------------------------------------
@labeling_function
def lf_quote_actor(view: SentenceView) -> int:
    """What an actor is quoted or reported saying, in a sentence about the process: VADER on the quote
    decides (half the lf_vader_stance thresholds), unless the sentence carries a cue of the other side."""
    if not view.about_target or view.is_question or not view.reported_text:
        return ABSTAIN
    from pipeline.weak.sentiment import vader_compound

    score = vader_compound(view.reported_text)
    if score >= view.cues.stance_vader_favor / 2 and not view.has("oppose"):
        return FAVOR
    if score <= view.cues.stance_vader_against / 2 and not view.has("support"):
        return AGAINST
    return ABSTAIN


@labeling_function
def lf_vader_stance(view: SentenceView) -> int:
    """A strongly positive or negative sentence that names the process (thresholds in config)."""
    if not view.mentions_target or view.is_question:
        return ABSTAIN
    if view.vader >= view.cues.stance_vader_favor:
        return FAVOR
    if view.vader <= view.cues.stance_vader_against and not view.has("violence"):
        return AGAINST
    return ABSTAIN


# --- NONE ------------------------------------------------------------------------------------------
@labeling_function
def lf_question_none(view: SentenceView) -> int:
    """A question gives no verdict (rule 11)."""
    return NONE if view.is_question else ABSTAIN


@labeling_function
def lf_no_target_none(view: SentenceView) -> int:
    """Not about the process: it is not named, and neither an actor nor the context brings in an evaluation of it."""
    if view.mentions_target:
        return ABSTAIN
    if (view.mentions_actor or view.context_mentions_target) and any(view.has(g) for g in EVALUATIVE):
        return ABSTAIN
    return NONE


@labeling_function
def lf_procedure_none(view: SentenceView) -> int:
    """Schedules, venues, rounds, drafts with no evaluative cue (rule 7: routine meetings are NONE)."""
    if not view.mentions_target or not view.has("procedure"):
        return ABSTAIN
    return ABSTAIN if any(view.has(g) for g in EVALUATIVE) else NONE


@labeling_function
def lf_no_cue_none(view: SentenceView) -> int:
    """About the process, but no evaluative cue of any family: a neutral fact."""
    if not view.about_target:
        return ABSTAIN
    return ABSTAIN if any(view.has(g) for g in EVALUATIVE) or view.has("violence") else NONE


@labeling_function
def lf_scrutiny_none(view: SentenceView) -> int:
    """Reviewing or assessing whether ... with no verdict (rules 3 and 10): NONE."""
    if not view.about_target or not view.has("scrutiny"):
        return ABSTAIN
    return ABSTAIN if view.has("oppose") or view.has("breakdown") else NONE


@labeling_function
def lf_contrast_none(view: SentenceView) -> int:
    """"X, but Y" with X and Y pointing opposite ways is a tie (rules 2 and 8): NONE."""
    if not view.about_target or len(view.clauses) < 2:
        return ABSTAIN
    favor = {c for c in view.clauses for s, _ in view.cue_spans("support") + view.cue_spans("milestone")
             if c[0] <= s < c[1] and not view.is_negated(s)}
    against = {c for c in view.clauses for s, _ in view.cue_spans("oppose") + view.cue_spans("breakdown")
               if c[0] <= s < c[1] and not view.is_negated(s)}
    return NONE if favor and against and favor.isdisjoint(against) else ABSTAIN
