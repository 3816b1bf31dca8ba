import numpy as np
import pandas as pd
import pytest

from pipeline.labels import ABSTAIN
from pipeline.weak.aggregate import majority_vote
from pipeline.weak.analysis import lf_summary
from pipeline.weak.context import Cues, SentenceView
from pipeline.weak.gold import GoldError, adjudicate, join_gold, read_gold_file, resolve_sentence_ids
from pipeline.weak.lexicon import compile_lexicon
from pipeline.weak.sentiment import sentiment_from_score, vader_compound
from pipeline.weak.stance_lfs import AGAINST, FAVOR, NONE, REGISTRY
from tests.conftest import compose_config


@pytest.fixture(scope="module")
def cues():
    cfg = compose_config()
    return Cues.from_config(cfg.target, cfg.labeler)


def view(cues, text, previous="", title=""):
    return SentenceView(text=text, previous=previous, title=title, cues=cues, vader=vader_compound(text))


def test_lexicon_matches_words_wildcards_and_hyphen_variants():
    lex = compile_lexicon("t", ["peace talks", "negotiat*", "cease fire", "*n't"])
    assert lex.search("Peace  talks resume")
    assert lex.search("the negotiations stalled")
    assert lex.search("a cease-fire held")
    assert lex.search("they didn't agree")
    assert not lex.search("peacetime talkshow")


@pytest.mark.parametrize("text,lf,expected", [
    ("The government welcomed the peace talks.", "lf_support_cue", FAVOR),
    ("The government did not welcome the peace talks.", "lf_support_cue", AGAINST),  # rule 1
    ("The Taliban rejected the ceasefire.", "lf_oppose_cue", AGAINST),
    ("Kabul no longer opposes negotiations with the Taliban.", "lf_oppose_cue", FAVOR),  # rule 1
    ("The agreement was signed in Doha.", "lf_milestone", FAVOR),  # rule 7
    ("The bombing threatens the talks.", "lf_violence_linked", AGAINST),  # rule 4
    ("A bomb killed nine people in Kabul.", "lf_violence_linked", ABSTAIN),  # violence alone
    ("Is the deal already collapsing?", "lf_question_none", NONE),  # rule 11
    ("Is the deal already collapsing?", "lf_oppose_cue", ABSTAIN),
    ("Markets in Kabul were calm.", "lf_no_target_none", NONE),
    ("The next round of talks is scheduled for Tuesday.", "lf_procedure_none", NONE),
])
def test_stance_functions_follow_the_annotation_rules(cues, text, lf, expected):
    assert REGISTRY[lf](view(cues, text)) == expected


def test_context_lets_an_actor_sentence_carry_the_target(cues):
    sentence = "The Taliban rejected the proposal on Monday."
    assert REGISTRY["lf_oppose_cue"](view(cues, sentence)) == ABSTAIN
    assert REGISTRY["lf_oppose_cue"](view(cues, sentence, previous="Peace talks resumed in Doha.")) == AGAINST


def test_majority_vote_abstains_on_ties_and_silence():
    votes = np.array([[0, 0, 1], [1, 2, ABSTAIN], [ABSTAIN, ABSTAIN, ABSTAIN], [2, ABSTAIN, ABSTAIN]])
    labels, conf, proba = majority_vote(votes, 3)
    assert labels.tolist() == [0, ABSTAIN, ABSTAIN, 2]
    assert conf.tolist() == pytest.approx([2 / 3, 0.0, 0.0, 1.0])
    assert proba.sum(axis=1) == pytest.approx(np.ones(4))


def test_vader_thresholds_map_scores_to_classes():
    assert vader_compound("a wonderful, hopeful breakthrough") > 0.5
    assert vader_compound("a horrific attack killed dozens") < -0.5
    assert [sentiment_from_score(s, 0.05, -0.05) for s in (0.3, -0.3, 0.0)] == [0, 1, 2]


def test_gold_adjudication_is_majority_with_ties_to_none():
    assert adjudicate(pd.Series(["FAVOR", "FAVOR", "AGAINST"]), "NONE") == "FAVOR"
    assert adjudicate(pd.Series(["FAVOR", "AGAINST"]), "NONE") == "NONE"


def test_gold_joins_by_article_and_text_and_keeps_unmatched_rows():
    sentences = pd.DataFrame({"sentence_id": ["a-0000", "a-0001"], "article_id": ["a", "a"],
                              "text": ["Talks resumed in Doha.", "The  deal was signed."]})
    csv = ("article_id,text,stance,sentiment,annotator\n"
           "a,Talks resumed in Doha.,FAVOR,POSITIVE,x\n"
           "a,Talks resumed in Doha.,favor,NEUTRAL,y\n"
           "a,The deal was signed.,FAVOR,POSITIVE,x\n"
           "b,Not in this corpus.,NONE,NEUTRAL,x\n").encode()
    gold = read_gold_file("g.csv", csv)
    adjudicated, unmatched = join_gold(gold, sentences)
    rows = adjudicated.set_index("sentence_id")
    assert rows.loc["a-0000", "stance_gold"] == "FAVOR"
    assert rows.loc["a-0000", "sentiment_gold"] == "NEUTRAL"  # POSITIVE vs NEUTRAL tie
    assert rows.loc["a-0000", "n_annotators"] == 2
    assert rows.loc["a-0001", "stance_gold"] == "FAVOR"  # whitespace differences still match
    assert unmatched["text"].tolist() == ["Not in this corpus."]


def test_a_gold_id_whose_text_is_now_another_sentence_follows_its_text(caplog):
    # A long sentence was cut since the label was made: the old a-0001 is now a-0002.
    sentences = pd.DataFrame({"sentence_id": ["a-0000", "a-0001", "a-0002"], "article_id": ["a"] * 3,
                              "text": ["Talks resumed in Doha.", "A first piece", "The deal was signed."]})
    csv = ("sentence_id,text,stance,sentiment,annotator\n"
           "a-0001,The deal was signed.,FAVOR,POSITIVE,x\n"  # id moved: the text decides
           "a-0000,Talks resumed in Doha.,NONE,NEUTRAL,x\n"  # id and text agree
           "a-0001,A sentence no longer there.,AGAINST,NEGATIVE,x\n"  # id moved, text gone: unmatched
           "a-0001,,NONE,NEUTRAL,y\n").encode()  # no text: the id is all there is
    with caplog.at_level("WARNING"):
        adjudicated, unmatched = join_gold(read_gold_file("g.csv", csv), sentences)
    rows = adjudicated.set_index("sentence_id")
    assert rows.loc["a-0002", "stance_gold"] == "FAVOR" and rows.loc["a-0000", "stance_gold"] == "NONE"
    assert rows.loc["a-0001", "stance_gold"] == "NONE" and rows.loc["a-0001", "n_annotators"] == 1
    assert unmatched["text"].tolist() == ["A sentence no longer there."]
    assert unmatched["named_sentence_id"].tolist() == ["a-0001"]  # what the row named, for the report
    assert "2 gold rows name a sentence_id whose text differs from that sentence's now" in caplog.text
    # Resolved once (as the label stage does), joined without resolving again: the same rows, one warning.
    caplog.clear()
    with caplog.at_level("WARNING"):
        resolved = resolve_sentence_ids(read_gold_file("g.csv", csv), sentences)
        again, unmatched_again = join_gold(resolved, sentences, resolved=True)
    assert again.equals(adjudicated) and unmatched_again.equals(unmatched)
    assert caplog.text.count("whose text differs") == 1


def test_gold_with_bad_labels_or_columns_is_a_clear_error():
    with pytest.raises(GoldError, match="MAYBE"):
        read_gold_file("g.csv", b"sentence_id,stance,sentiment\ns1,MAYBE,NEUTRAL\n")
    with pytest.raises(GoldError, match="needs"):
        read_gold_file("g.csv", b"text,stance\nx,FAVOR\n")


def test_lf_summary_counts_coverage_conflicts_and_gold_accuracy():
    labels = pd.DataFrame({
        "lf_a": [0, 0, ABSTAIN, 1],
        "lf_b": [0, 1, ABSTAIN, ABSTAIN],
        "stance_gold": ["FAVOR", "AGAINST", None, "AGAINST"],
    })
    summary = lf_summary(labels, ["lf_a", "lf_b"]).set_index("function")
    assert summary.loc["lf_a", "coverage"] == 0.75
    assert summary.loc["lf_a", "overlaps"] == 0.5
    assert summary.loc["lf_a", "conflicts"] == 0.25
    assert summary.loc["lf_a", "gold_accuracy"] == pytest.approx(2 / 3)
    assert summary.loc["lf_b", "gold_accuracy"] == 1.0
    assert set(summary["task"]) == {"stance"}


def test_lf_summary_judges_sentiment_functions_against_sentiment_gold():
    labels = pd.DataFrame({
        "lf_a": [0, ABSTAIN], "lf_sentiment_x": [1, 1],
        "stance_gold": ["FAVOR", "NONE"], "sentiment_gold": ["NEGATIVE", "POSITIVE"],
    })
    summary = lf_summary(labels, ["lf_a", "lf_sentiment_x"]).set_index("function")
    assert summary.loc["lf_sentiment_x", "task"] == "sentiment"
    assert summary.loc["lf_sentiment_x", "gold_accuracy"] == 0.5
    assert summary.loc["lf_sentiment_x", "conflicts"] == 0.0  # no other sentiment function to conflict with
    assert summary.loc["lf_a", "conflicts"] == 0.0
