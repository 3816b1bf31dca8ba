"""Labelling functions against the hard-case rules of ANNOTATION.md, and on a target they were not written for."""
import os

import numpy as np
import pytest

from pipeline.labels import ABSTAIN
from pipeline.weak.aggregate import aggregate
from pipeline.weak.apply import resolve_lfs
from pipeline.weak.context import Cues, SentenceView, clause_spans
from pipeline.weak.sentiment import vader_compound
from pipeline.weak.sentiment_lfs import NEGATIVE, NEUTRAL, POSITIVE, SENTIMENT_REGISTRY
from pipeline.weak.stance_lfs import AGAINST, FAVOR, NONE, REGISTRY
from tests.conftest import compose_config


@pytest.fixture(scope="module")
def afghan():
    cfg = compose_config()
    return cfg, Cues.from_config(cfg.target, cfg.labeler)


@pytest.fixture(scope="module")
def colombia():
    cfg = compose_config(["target=colombia_farc_peace_process"])
    return cfg, Cues.from_config(cfg.target, cfg.labeler)


def view(cues, text, previous="", title=""):
    return SentenceView(text=text, previous=previous, title=title, cues=cues, vader=vader_compound(text))


@pytest.mark.parametrize("text,lf,expected", [
    ("Kabul said it was hopeful about the peace talks.", "lf_support_cue", FAVOR),
    ("Kabul said it was not hopeful about the peace talks.", "lf_support_cue", AGAINST),  # rule 1
    ("Analysts said the quarrel was unlikely to derail the talks.", "lf_breakdown", FAVOR),  # rule 1
    ("The talks were suspended on Monday.", "lf_breakdown", AGAINST),
    ("Officials asked whether the talks would resume.", "lf_milestone", ABSTAIN),  # a hedge cancels the cue
    ("The rocket attack puts the talks at risk.", "lf_violence_linked", AGAINST),  # rule 4
    ("Gunmen killed four guards at a checkpoint.", "lf_violence_alone_none", NONE),  # rule 4
    ("A deal would open the way to a withdrawal.", "lf_condition_path", FAVOR),  # rule 5
    ("We will not negotiate until the prisoners are freed.", "lf_condition_refusal", AGAINST),  # rule 5
    ("They insist on talks only with Washington.", "lf_condition_refusal", AGAINST),  # rule 5
    ("He warned that Washington would nullify the agreement if they reneged.", "lf_threat", AGAINST),  # rule 9
    ("The envoy is reviewing whether the agreement is being honoured.", "lf_scrutiny_none", NONE),  # rule 3
    ("The envoy welcomed the talks, but his deputy rejected the deal.", "lf_contrast_none", NONE),  # rule 8
    ("Will the negotiations collapse?", "lf_breakdown", ABSTAIN),  # rule 11
    ("The negotiators met at a hotel for the second round.", "lf_no_cue_none", NONE),
])
def test_stance_families_follow_the_hard_case_rules(afghan, text, lf, expected):
    assert REGISTRY[lf](view(afghan[1], text)) == expected


def test_a_cue_counts_only_in_the_clause_that_holds_the_target(afghan):
    cues = afghan[1]
    # "rejected" sits in a clause without the target: no opposition to the talks is read from it.
    sentence = "The minister rejected the budget; separately, the talks continued in Doha."
    assert REGISTRY["lf_oppose_cue"](view(cues, sentence)) == ABSTAIN
    assert [("A, but B; C")[a:b] for a, b in clause_spans("A, but B; C")] == ["A", "but B", "C"]


def test_context_from_the_previous_sentence_or_title_brings_the_target_in(afghan):
    cues = afghan[1]
    sentence = "The Taliban rejected the proposal on Monday."
    assert REGISTRY["lf_oppose_cue"](view(cues, sentence)) == ABSTAIN
    assert REGISTRY["lf_oppose_cue"](view(cues, sentence, title="Talks resume in Doha")) == AGAINST
    assert REGISTRY["lf_no_target_none"](view(cues, "Markets in Herat were calm.")) == NONE


@pytest.mark.parametrize("text,lf,expected", [
    ("A suicide bomber killed twelve people at a wedding.", "lf_sentiment_violence", NEGATIVE),
    ("No one was killed or wounded.", "lf_sentiment_violence", ABSTAIN),
    ("Diplomats praised the breakthrough as historic.", "lf_sentiment_positive_cue", POSITIVE),
    ("The talks stalled again on Tuesday.", "lf_sentiment_setback", NEGATIVE),
    ("The envoy urged both sides to agree on an agenda.", "lf_sentiment_plain_call", NEUTRAL),
    ("The delegation will travel to Doha on Tuesday.", "lf_sentiment_flat_fact", NEUTRAL),
])
def test_sentiment_functions(afghan, text, lf, expected):
    assert SENTIMENT_REGISTRY[lf](view(afghan[1], text)) == expected


# Sentences written for this test about a process the functions were not tuned on.
COLOMBIA = [
    ("President Santos welcomed the accord as the end of half a century of war.", "FAVOR"),
    ("Former president Uribe rejected the deal, calling it a surrender to terrorists.", "AGAINST"),
    ("Negotiators resumed talks in Havana on Monday after a two-week break.", "FAVOR"),
    ("The next round of talks is scheduled for Thursday in Havana.", "NONE"),
    ("FARC commander Timochenko said the guerrillas remained committed to the ceasefire.", "FAVOR"),
    ("Rebels killed four soldiers in an ambush, an attack that threatens the fragile truce.", "AGAINST"),
    ("A bomb killed three police officers in Bogota.", "NONE"),
    ("Will the accord survive the election?", "NONE"),
    ("The government said it would not negotiate until the FARC released all hostages.", "AGAINST"),
    ("The FARC no longer opposes the special jurisdiction for peace.", "FAVOR"),
    ("The government is reviewing whether former rebels are complying with the disarmament schedule.", "NONE"),
    ("Coffee prices rose for a third week in Medellin.", "NONE"),
]


def test_the_same_functions_carry_to_a_new_target_by_config_alone(colombia):
    cfg, cues = colombia
    lfs = resolve_lfs("stance", cfg.labeler.stance_lfs)
    title = "Colombia and FARC rebels sign peace accord in Havana"
    votes = np.array([[lf(view(cues, text, title=title)) for lf in lfs] for text, _ in COLOMBIA])
    labels, confidence, proba = aggregate(votes, 3, cfg.labeler.stance_model)
    predicted = ["FAVOR AGAINST NONE".split()[c] if c != ABSTAIN else "NONE" for c in labels]
    gold = [g for _, g in COLOMBIA]
    assert sum(p == g for p, g in zip(predicted, gold)) >= 11, list(zip(predicted, gold))
    assert ((confidence > 0) == (labels != ABSTAIN)).all()


def test_unknown_cue_groups_and_functions_are_named_in_the_error(afghan):
    cfg = compose_config(["+target.cues.suport=[welcome]"])
    with pytest.raises(ValueError, match="suport"):
        Cues.from_config(cfg.target, cfg.labeler)
    with pytest.raises(ValueError, match="lf_nope"):
        resolve_lfs("stance", ["lf_support_cue", "lf_nope"])


@pytest.mark.parametrize("name", ["afghan_peace_process", "colombia_farc_peace_process", "_template"])
def test_every_target_file_compiles(name):
    cfg = compose_config([f"target={name}"])
    cues = Cues.from_config(cfg.target, cfg.labeler)
    assert cues.aliases.search("The peace talks resumed.")


def test_lexicon_pattern_is_the_same_under_any_hash_seed():
    """Same-length phrases must not be ordered by set order: that follows PYTHONHASHSEED, and the
    first matching alternative decides what a count sees."""
    import subprocess
    import sys

    code = ("from pipeline.weak.lexicon import compile_lexicon; "
            "print(compile_lexicon('x', ['talks', 'deals', 'truce', 'peace', 'cease*', 'war', 'arm']).regex.pattern)")
    patterns = {subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONHASHSEED": str(seed)},
                               capture_output=True, text=True, check=True).stdout for seed in range(6)}
    assert len(patterns) == 1
