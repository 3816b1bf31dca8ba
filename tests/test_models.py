"""Models and features built from every config option; training pools; saving and loading."""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipeline.cli import CONFIG_DIR
from pipeline.models.build import build_classifier
from pipeline.models.inspect import top_features
from pipeline.models.persist import dump_model, load_model
from pipeline.models.training import fit, training_pool
from tests.conftest import compose_config

TEXTS = ["the talks resume in doha with hope", "an attack derails the talks", "the weather is mild today",
         "negotiators welcome progress", "taliban reject the ceasefire", "markets were quiet on monday"] * 4
Y = ["FAVOR", "AGAINST", "NONE"] * 8


def options(group):
    return sorted(p.stem for p in (Path(CONFIG_DIR) / group).glob("*.yaml"))


# Reduced-feature models need fewer SVD components than this toy vocabulary has.
SMALL = {"forest": ["model.estimator.n_components=5", "model.estimator.estimator.min_samples_leaf=2"],
         "random_forest": ["model.estimator.n_components=5"]}


@pytest.mark.parametrize("model", options("model"))
def test_every_model_fits_predicts_and_round_trips_through_skops(model, tmp_path):
    cfg = compose_config([f"model={model}", *SMALL.get(model, [])], tmp_path)
    clf = fit(build_classifier(cfg.features, cfg.model), pd.Series(TEXTS), pd.Series(Y))
    predicted = clf.predict(TEXTS)
    assert set(predicted) <= {"FAVOR", "AGAINST", "NONE"}
    again = load_model(dump_model(clf))
    assert (again.predict(TEXTS) == predicted).all()
    if model != "dummy":
        assert (predicted == np.asarray(Y)).mean() > 0.5, model  # the training texts are learnable


@pytest.mark.parametrize("features", options("features"))
def test_every_feature_set_builds_a_working_classifier(features, tmp_path, request):
    if "minilm" in features:  # its sentence encoder is tests/test_embedding.py's; here, the plumbing
        request.getfixturevalue("stand_in_encoder")
    cfg = compose_config([f"features={features}", "model=logreg"], tmp_path)
    clf = fit(build_classifier(cfg.features, cfg.model), pd.Series(TEXTS), pd.Series(Y))
    assert (clf.predict(TEXTS) == np.asarray(Y)).mean() > 0.8
    assert load_model(dump_model(clf)).predict(TEXTS).tolist() == clf.predict(TEXTS).tolist()
    saved = tmp_path / "model.skops"
    saved.write_bytes(dump_model(clf))
    assert load_model(saved).predict(TEXTS).tolist() == load_model(str(saved)).predict(TEXTS).tolist()


def test_lexicon_and_mention_features_count_what_they_say():
    from pipeline.models.lexical import lexicon_scores, target_mention

    lex = lexicon_scores({"support": ["welcom*"]}, {"support": ["hail*"], "oppose": ["reject*"]}, vader=True)
    X = lex.fit_transform(["They welcomed and hailed the deal", "They rejected it"]).toarray()
    names = list(lex.get_feature_names_out())
    assert names[:2] == ["cue_oppose", "cue_support"]
    assert X[0, names.index("cue_support")] == pytest.approx(np.log1p(2))
    assert X[1, names.index("cue_oppose")] == pytest.approx(np.log1p(1))
    assert X[0, names.index("vader_compound_pos")] > 0 and (X >= 0).all()
    mention = target_mention(["peace talks"], ["taliban"])
    M = mention.fit_transform(["Peace talks and more peace talks", "The Taliban said", "Nothing here"]).toarray()
    assert M.tolist() == [[1.0, pytest.approx(np.log1p(2)), 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, 0.0]]


def _labels_and_sentences():
    sentences = pd.DataFrame({"sentence_id": ["a-0", "a-1", "b-0", "b-1"], "article_id": ["a", "a", "b", "b"],
                              "text": ["one", "two", "three", "four"]})
    labels = pd.DataFrame({"sentence_id": ["a-0", "a-1", "b-0", "b-1"],
                           "stance_weak": ["FAVOR", "ABSTAIN", "AGAINST", "NONE"],
                           "stance_weak_conf": [0.9, 0.0, 0.4, 0.7],
                           "stance_gold": [None, "AGAINST", "FAVOR", None]})
    return labels, sentences


def test_training_pool_weak_gold_and_both():
    labels, sentences = _labels_and_sentences()
    weak = training_pool(labels, sentences, "stance", "weak", min_conf=0.5)
    assert weak["sentence_id"].tolist() == ["a-0", "b-1"] and (weak["weight"] == 1.0).all()
    weighted = training_pool(labels, sentences, "stance", "weak", weight_by_conf=True)
    assert dict(zip(weighted["sentence_id"], weighted["weight"])) == {"a-0": 0.9, "b-0": 0.4, "b-1": 0.7}
    gold = training_pool(labels, sentences, "stance", "gold", gold_weight=2.0)
    assert dict(zip(gold["sentence_id"], gold["y"])) == {"a-1": "AGAINST", "b-0": "FAVOR"}
    assert (gold["weight"] == 2.0).all()
    both = training_pool(labels, sentences, "stance", "both")
    # b-0 has a weak AGAINST and a gold FAVOR: the gold label wins, and the sentence appears once.
    assert dict(zip(both["sentence_id"], both["y"])) == {"a-0": "FAVOR", "a-1": "AGAINST", "b-0": "FAVOR", "b-1": "NONE"}
    assert dict(zip(both["sentence_id"], both["origin"]))["b-0"] == "gold"
    with pytest.raises(ValueError, match="train_on"):
        training_pool(labels, sentences, "stance", "silver")


def test_sample_weights_reach_the_last_step_of_nested_pipelines(tmp_path):
    cfg = compose_config(["model=forest", "model.estimator.n_components=5"], tmp_path)
    weight = np.where(np.asarray(Y) == "NONE", 0.1, 1.0)
    clf = fit(build_classifier(cfg.features, cfg.model), pd.Series(TEXTS), pd.Series(Y), weight)
    assert set(clf.predict(TEXTS)) <= set(Y)


def test_top_features_name_the_cue_words(tmp_path):
    cfg = compose_config(["features=word_tfidf", "model=logreg"], tmp_path)
    clf = fit(build_classifier(cfg.features, cfg.model), pd.Series(TEXTS), pd.Series(Y))
    top = top_features(clf, 3)
    assert set(top) == {"FAVOR", "AGAINST", "NONE"}
    assert {"hope", "welcome", "progress", "resume", "doha", "negotiators"} & {n for n, _ in top["FAVOR"]}
    assert top_features(fit(build_classifier(cfg.features, compose_config(["model=dummy"], tmp_path).model),
                            pd.Series(TEXTS), pd.Series(Y)), 3) == {}


DUMP_SCRIPT = """
import sys
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from pipeline.models.persist import dump_model
texts = ["talks resume with hope", "attack derails talks", "mild weather today"] * 3
model = Pipeline([("features", TfidfVectorizer()), ("classifier", LogisticRegression())]).fit(texts, ["F", "A", "N"] * 3)
sys.stdout.buffer.write(dump_model(model))
"""


def test_a_saved_model_has_the_same_bytes_in_another_process(project_root):
    import subprocess
    import sys

    def dump():
        return subprocess.run([sys.executable, "-c", DUMP_SCRIPT], capture_output=True, check=True, cwd=project_root).stdout

    first, second = dump(), dump()
    assert first == second  # no memory address (skops ids, CountVectorizer._stop_words_id) leaks in
    assert load_model(first).predict(["talks resume"]).tolist() == ["F"]


# ---- The fast lexicon counter gives the counts of the lexicons' own patterns ----
TRICKY_LEXICONS = {
    "overlap": ["peace", "peace talks", "talks", "peace talks resume", "talks resume"],
    "wildcards": ["negotiat*", "*n't", "bring* * to the table", "cease fire", "ceasefire*", "walk* out", "walked out"],
    "punctuation": ["u.s.", "u.s.-taliban deal", "non-starter", "o'clock", "at 5", "-", "'s"],
    "short": ["no", "nor", "not", "no longer", "a", "i"],
    "unicode": ["über", "café", "peace", "señal", "straße", "ωμέγα", "kilo", "istanbul"],
}
TRICKY_TEXTS = [
    "", "peace", "Peace talks", "PEACE TALKS RESUME", "peace talks resume talks resume peace", "talks.", ".talks",
    "peacetalks peace-talks peace  talks peace\ttalks peace\u00a0talks peace\ntalks", "unpeace peaceful peace_talks",
    "They didn't, couldn't and WON'T; n't alone; don\u2019t", "negotiations Negotiators renegotiate NEGOTIATING",
    "bring both sides to the table; Bringing them to the table; bring  to the table", "cease-fire cease fire ceasefires",
    "the U.S. and the u.s.-Taliban deal; U.S.A.; US.", "a non-starter at 5 o'clock, at 55 and at 5.", "Ghani's team - and - more",
    "No, no longer; NOR not; nothing; knot", "I a i A: I'm", "ſtraße STRASSE Straße ÜBER über Über CAFÉ cafe\u0301 café",
    "Kilo \u212aILO kilo; İstanbul ıstanbul ISTANBUL; ΩΜΈΓΑ ωμέγα", "\x00peace\x00talks\x00", "walked out, walks out, walk out",
    "señal SEÑAL sen\u0303al; peace\u200btalks; ｐｅａｃｅ", "talks" * 3 + " talks",
]


def _reference_counts(lexicons, text):
    from pipeline.weak.lexicon import compile_lexicon

    return [len(compile_lexicon(name, phrases).regex.findall(text)) for name, phrases in lexicons.items()]


def test_the_fast_counter_gives_the_lexicon_patterns_counts_on_tricky_texts():
    from pipeline.models.lexical import phrase_counter

    counter = phrase_counter(tuple(tuple(p) for p in TRICKY_LEXICONS.values()))
    assert counter.table is not None and all(f is not None for f in counter.fast)  # the fast path, not the fallback
    for text in TRICKY_TEXTS:
        assert counter.counts(text) == _reference_counts(TRICKY_LEXICONS, text), text
    # The longest phrase wins a place: "peace talks resume" once, not "peace" and "talks resume".
    assert counter.counts("Peace talks resume; the U.S. didn't") == [1, 1, 1, 0, 1]


def test_the_fast_counter_matches_on_random_texts():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from pipeline.models.lexical import phrase_counter

    counter = phrase_counter(tuple(tuple(p) for p in TRICKY_LEXICONS.values()))
    pieces = [p for phrases in TRICKY_LEXICONS.values() for p in phrases if "*" not in p] + [
        "PEACE", "Talks", "N'T", "\u212a", "ſ", "İ", "ı", "-", " ", "  ", ".", "'", "\u2019", "_", "x", "9", "\n", "é", "e\u0301"]

    @settings(max_examples=300, deadline=None, database=None)
    @given(st.lists(st.sampled_from(pieces), max_size=12), st.text(max_size=6))
    def check(parts, noise):
        text = "".join(parts) + noise + " ".join(parts)
        assert counter.counts(text) == _reference_counts(TRICKY_LEXICONS, text)

    check()


def test_case_folding_maps_every_character_each_phrase_letter_matches(project_root):
    import re
    import sys

    from pipeline.models.lexical import _case_folding

    cfg = compose_config()
    letters = {c for phrases in [*cfg.labeler.lexicons.values(), cfg.target.aliases, cfg.target.actors]
               for p in phrases for c in str(p).lower()} | set("".join(TRICKY_LEXICONS["unicode"]))
    table = _case_folding(frozenset(letters))
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    for letter in sorted(letters):  # what each letter, as a literal of a case-insensitive pattern, matches
        matched = set(re.findall(re.escape(letter), everything, re.IGNORECASE))
        assert {c for c in matched if table.get(ord(c), c) == letter} == matched, letter
    assert table[ord("\u212a")] == "k" and table[ord("\u017f")] == "s" and table[ord("\u0130")] == "i"
    assert table[ord("\u1e9e")] == "ß" and table[ord("A")] == "a" and ord("a") not in table


def test_lexicons_the_fast_path_cannot_prove_are_counted_the_plain_way():
    from pipeline.models.lexical import phrase_counter

    # 's' and the long s are one letter to a case-insensitive pattern; iota's case variants include a
    # combining mark that is not a word character; a lexicon of blanks is the empty pattern.
    odd = {"two_s": ["stop", "ſtop"], "iota": ["ιδέα"], "blank": [" "], "none": []}
    for name, phrases in odd.items():
        counter = phrase_counter((tuple(phrases),))
        assert counter.fast == [None], name
        for text in ["stop ſtop STOP", "ΙΔΈΑ ιδέα \u0345δέα", "", "a b"]:
            assert counter.counts(text) == _reference_counts({name: phrases}, text), (name, text)


def test_lexicon_features_equal_a_plain_implementation_on_the_embedded_corpus(project_root):
    from scipy import sparse

    from pipeline.models.lexical import _vader, lexicon_scores, target_mention
    from pipeline.weak.lexicon import compile_lexicon

    cfg = compose_config()
    texts = [line for path in sorted((project_root / "data" / "corpus").glob("*.txt"))[:12]
             for line in path.read_text(encoding="utf-8").splitlines()] + TRICKY_TEXTS
    lex = lexicon_scores(cfg.labeler.lexicons, cfg.target.cues, vader=True)
    plain = [[np.log1p(len(compile_lexicon(n, lex.cues[n]).regex.findall(t))) for n in sorted(lex.cues)]
             + [_vader().polarity_scores(t)[k] for k in ("pos", "neg", "neu")]
             + [max(_vader().polarity_scores(t)["compound"], 0.0), max(-_vader().polarity_scores(t)["compound"], 0.0)]
             for t in texts]
    assert lex.transform(texts).toarray().tobytes() == sparse.csr_matrix(np.asarray(plain)).toarray().tobytes()
    mention = target_mention(cfg.target.aliases, cfg.target.actors)
    aliases, actors = compile_lexicon("a", mention.aliases).regex, compile_lexicon("b", mention.actors).regex
    plain = [(float(len(aliases.findall(t)) > 0), np.log1p(len(aliases.findall(t))), float(actors.search(t) is not None))
             for t in texts]
    assert mention.transform(texts).toarray().tobytes() == sparse.csr_matrix(np.asarray(plain)).toarray().tobytes()


def test_training_on_no_labels_says_where_labels_come_from():
    from sklearn.linear_model import LogisticRegression

    from pipeline.models.training import fit_weighted

    with pytest.raises(ValueError, match="no labelled sentence to train on: model.train_on=gold needs gold labels"):
        fit_weighted(LogisticRegression(), [], [])
    with pytest.raises(ValueError, match=r"one class only \(\['FAVOR'\]\)"):
        fit_weighted(LogisticRegression(), [[0.0], [1.0]], ["FAVOR", "FAVOR"])
