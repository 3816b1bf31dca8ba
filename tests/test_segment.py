"""Segmentation: the gold fixture, offsets, headlines, bullets, glued sentences, abbreviations."""
from pathlib import Path

import pandas as pd
import pytest

from pipeline.stages.segment import segment_articles
from pipeline.text.sentence_eval import boundary_f1, read_gold
from pipeline.text.sentences import split_sentences
from tests.conftest import compose_config

GOLD = Path(__file__).parent / "fixtures" / "sentences" / "gold.txt"


@pytest.fixture(scope="module")
def abbreviations():
    return list(compose_config().segment.abbreviations)


def _sentences(text, **kw):
    return [text[s.start:s.end] for s in split_sentences(text, **kw)]


def test_gold_fixture_boundary_f1_at_least_098(abbreviations):
    text, gold = read_gold(GOLD)
    assert len(gold) >= 300
    spans = [(s.start, s.end) for s in split_sentences(text, abbreviations=abbreviations)]
    assert boundary_f1(gold, spans)["f1"] >= 0.98


def test_fast_path_agrees_with_pysbd_and_is_no_less_accurate(abbreviations):
    text, gold = read_gold(GOLD)
    fast = [(s.start, s.end) for s in split_sentences(text, abbreviations=abbreviations)]
    pysbd = [(s.start, s.end) for s in split_sentences(text, method="pysbd")]
    assert len(set(fast) & set(pysbd)) >= 0.97 * len(gold)
    assert boundary_f1(gold, fast)["f1"] >= boundary_f1(gold, pysbd)["f1"]


def test_glued_sentences_are_split_and_abbreviations_kept_whole(abbreviations):
    text = "The guns fell silent on the first day of the ceasefire.The truce held. Gen. Miller met Mr. Khalilzad on Feb. 29 in Doha."
    assert _sentences(text, abbreviations=abbreviations) == [
        "The guns fell silent on the first day of the ceasefire.", "The truce held.",
        "Gen. Miller met Mr. Khalilzad on Feb. 29 in Doha."]


def test_an_initialism_ends_a_sentence_before_a_pronoun_and_pysbd_judges_the_rest(abbreviations):
    text = "The delegation left for the U.S. Its members said they were hopeful. U.S. officials agreed."
    assert _sentences(text, abbreviations=abbreviations) == [
        "The delegation left for the U.S.", "Its members said they were hopeful.", "U.S. officials agreed."]
    unsure = "He met officials in the U.S. Army headquarters on Monday. They talked."
    assert _sentences(unsure, abbreviations=abbreviations) == _sentences(unsure, method="pysbd")


def test_headlines_and_bullets_are_sentences_of_their_own_with_exact_offsets(abbreviations):
    text = "Talks resume in Doha\n\nThe communique listed two aims:\n- a reduction in violence\n- the release of prisoners"
    spans = split_sentences(text, abbreviations=abbreviations)
    assert [text[s.start:s.end] for s in spans] == [
        "Talks resume in Doha", "The communique listed two aims:", "a reduction in violence", "the release of prisoners"]


def test_segment_stage_offsets_point_into_the_article(abbreviations):
    articles = pd.DataFrame({"article_id": ["a1"], "text": ["Mr. Ghani spoke.The talks resumed.\n\nPeace talks collapse"]})
    frame = segment_articles(articles, "en", 3, ["talks"], "fast", abbreviations)
    text = articles.iloc[0]["text"]
    assert all(text[s:e] == t for s, e, t in zip(frame["start"], frame["end"], frame["text"]))
    assert list(frame["text"]) == ["Mr. Ghani spoke.", "The talks resumed.", "Peace talks collapse"]


def test_text_without_sentence_punctuation_is_cut_at_spaces_under_max_chars(caplog):
    words = " ".join(f"word{i}" for i in range(3000))  # about 26,000 characters, no full stop
    text = f"The talks resumed on Monday.\n\n{words}\n\nA ceasefire was agreed."
    spans = split_sentences(text, max_chars=1000)
    pieces = [text[s.start:s.end] for s in spans]
    assert pieces[0] == "The talks resumed on Monday." and pieces[-1] == "A ceasefire was agreed."
    middle = pieces[1:-1]
    fewest = -(-len(words) // 1000)
    assert all(len(p) <= 1000 for p in middle) and fewest <= len(middle) <= fewest + 1
    assert " ".join(middle) == words  # every word kept, none split: the cuts fall on spaces
    assert [s.cut for s in spans] == [False] + [True] * len(middle) + [False]
    no_space = "x" * 2500
    assert [len(p) for p in _sentences(no_space, max_chars=1000)] == [1000, 1000, 500]
    # Short parts are kept: a cut never loses text, whatever min_chars says.
    for text_ in ("word " * 199 + "abcd ab", "ab " + "x" * 2000, "y" * 1001):
        parts = _sentences(text_, max_chars=1000)
        assert "".join(parts).replace(" ", "") == text_.replace(" ", "") and all(len(p) <= 1000 for p in parts)

    articles = pd.DataFrame({"article_id": ["a"], "text": [text]})
    with caplog.at_level("WARNING"):
        frame = segment_articles(articles, "en", 3, ["talks"], max_chars=1000)
    assert len(frame) == len(spans) and f"{len(middle)} sentence(s) are pieces of longer text" in caplog.text
