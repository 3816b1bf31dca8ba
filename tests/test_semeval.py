"""SemEval-2016 Task 6: reading the files as distributed, the official score, per-target training."""
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipeline.semeval.reader import SemEvalFormatError, parse_file, read_splits
from pipeline.semeval.scoring import f_avg, official_file, official_scores
from pipeline.semeval.train import grid_points, train_and_predict

FIXTURE = Path(__file__).parent / "fixtures" / "semeval"
TAB_TRAIN = FIXTURE / "tab" / "semeval2016-task6-trainingdata.txt"
TAB_TEST = FIXTURE / "tab" / "SemEval2016-Task6-subtaskA-testdata-gold.txt"


def tab_files():
    return {f"train/{TAB_TRAIN.name}": TAB_TRAIN.read_bytes(), f"test/{TAB_TEST.name}": TAB_TEST.read_bytes()}


def test_the_fixture_has_the_distributed_line_ends_and_encoding():
    assert b"\r\n" in TAB_TRAIN.read_bytes() and b"caf\xe9" in TAB_TRAIN.read_bytes()
    csv_bytes = (FIXTURE / "csv" / "StanceDataset" / "train.csv").read_bytes()
    assert b"\r" in csv_bytes and b"\n" not in csv_bytes


def test_tab_files_are_read_as_latin1_with_bad_rows_as_rejects():
    tweets, rejects = read_splits(tab_files())
    assert (tweets["split"] == "train").sum() == 135 and (tweets["split"] == "test").sum() == 30
    assert "reason and science over dogma at the café #SemST" in set(tweets["text"])
    assert set(tweets["stance"]) == {"FAVOR", "AGAINST", "NONE"}
    assert sorted(rejects["reason"]) == ["bad_label", "bad_row"]
    assert not tweets["text"].str.contains("\r").any()
    assert tweets["tweet_id"].is_unique


def test_stance_dataset_csv_with_cr_line_ends_and_quoted_commas():
    root = FIXTURE / "csv" / "StanceDataset"
    tweets, rejects = read_splits({"train/train.csv": (root / "train.csv").read_bytes(),
                                   "test/test.csv": (root / "test.csv").read_bytes()})
    assert 'a tweet with "quotes", and a comma #SemST' in set(tweets["text"])
    assert (tweets["split"] == "test").sum() == 6
    # Subtask B's target is not scored in subtask A: a reject, with its reason.
    assert rejects["reason"].tolist() == ["other_target"] and "Donald Trump" in rejects["detail"].iloc[0]


def test_a_file_of_another_kind_fails_with_a_clear_message():
    with pytest.raises(SemEvalFormatError, match="not a SemEval-2016 Task 6 file"):
        parse_file(b"id,text\n1,hello\n", "other.csv", "train")


def test_official_score_follows_eval_pl():
    gold = ["FAVOR", "FAVOR", "AGAINST", "AGAINST", "NONE", "NONE"]
    guess = ["FAVOR", "NONE", "AGAINST", "FAVOR", "NONE", "AGAINST"]
    # FAVOR: P=1/2 R=1/2 F=1/2; AGAINST: P=1/2 R=1/2 F=1/2; NONE is not averaged.
    assert f_avg(gold, guess) == pytest.approx(0.5)
    # A category never guessed and never gold scores 0, as in eval.pl.
    assert f_avg(["NONE"], ["NONE"]) == 0.0


def test_pooled_score_is_not_the_mean_of_per_target_scores():
    gold = ["FAVOR", "AGAINST", "FAVOR", "FAVOR", "AGAINST"]
    guess = ["FAVOR", "AGAINST", "AGAINST", "FAVOR", "NONE"]
    targets = ["a", "a", "b", "b", "b"]
    s = official_scores(gold, guess, targets)
    assert s["per_target"]["a"]["f_avg"] == pytest.approx(1.0)
    # b: FAVOR P=1 R=1/2 F=2/3; AGAINST P=0 -> 0; F_avg = 1/3
    assert s["per_target"]["b"]["f_avg"] == pytest.approx(1 / 3)
    # pooled: FAVOR tp=2 guess=2 gold=3 -> F=0.8; AGAINST tp=1 guess=2 gold=2 -> F=0.5
    assert s["pooled"]["f_avg"] == pytest.approx(0.65)
    assert s["pooled"]["f_avg"] != pytest.approx((1.0 + 1 / 3) / 2)


def test_official_file_reads_back_with_the_same_labels():
    tweets, _ = read_splits(tab_files())
    test = tweets[tweets["split"] == "test"].reset_index(drop=True)
    guesses = np.where(np.arange(len(test)) % 2 == 0, "FAVOR", "NONE")
    written = official_file(test, guesses)
    assert written.startswith(b"ID\tTarget\tTweet\tStance\r\n")
    back, rejects = parse_file(written, "guess.txt", "test")
    assert back["stance"].tolist() == guesses.tolist() and rejects.empty


def test_grid_points_are_the_product_in_a_stable_order():
    assert grid_points({"b": [1, 2], "a": ["x"]}) == [{"a": "x", "b": 1}, {"a": "x", "b": 2}]
    assert grid_points({}) == [{}]


def test_per_target_models_learn_the_fixture_and_never_see_test_tweets():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    tweets, _ = read_splits(tab_files())
    seen = []

    class SpyVectorizer(TfidfVectorizer):  # every text any feature step is fitted on, in CV or refit
        def fit_transform(self, raw_documents, y=None):
            seen.extend(raw_documents)
            return super().fit_transform(raw_documents, y)

        def fit(self, raw_documents, y=None):
            seen.extend(raw_documents)
            return super().fit(raw_documents, y)

    def make_model():
        return Pipeline([("features", SpyVectorizer()), ("classifier", LogisticRegression())])

    grid = {"classifier__C": [1.0, 10.0], "other_targets_weight": [0.0, 0.5]}
    result = train_and_predict(make_model, grid, tweets, 3, 0, ["#SemST"], none_offsets=[0.0, 0.5])
    test, chosen, cv_rows, models = result.test, result.chosen, result.cv_rows, result.models
    assert len(chosen) == 5 and len(cv_rows) == 5 * 4 * 2 and set(models) == set(tweets["target"])
    assert seen, "the spy saw no fit"
    test_texts = set(tweets.loc[tweets["split"] == "test", "text"].str.replace("#SemST", " ").str.strip())
    assert not test_texts & set(seen)
    assert official_scores(test["stance"], test["guess"], test["target"])["pooled"]["f_avg"] > 0.8
    assert 0.0 < result.cv_pooled_f_avg <= 1.0


def test_experiment_runs_on_the_fixture_and_writes_the_table(tmp_path, capsys):
    from pipeline.app import run_pipeline
    from pipeline.cli import _print_summary
    from tests.conftest import compose_config

    cfg = compose_config(["experiment=semeval2016", f"corpus.path={FIXTURE / 'tab'}", "semeval.n_folds=3",
                          "semeval.grid.classifier__C=[0.3,1.0]",
                          "semeval.grid.classifier__class_weight=[balanced]",
                          "semeval.grid.features__transformer_weights=[{vader:0.0}]"], tmp_path)
    outcome = run_pipeline(cfg)
    run = outcome["run_dir"]
    assert list(outcome["results"]) == ["semeval"]
    metrics = json.loads((run / "metrics.json").read_text())
    assert set(metrics["stance"]) == {"majority", "end_model"}
    assert metrics["stance"]["end_model"]["f_avg"] > metrics["stance"]["majority"]["f_avg"]
    table = pd.read_parquet(run / "semeval_scores.parquet")
    assert set(table["target"]) == {"Atheism", "Climate Change is a Real Concern", "Feminist Movement",
                                    "Hillary Clinton", "Legalization of Abortion", "ALL (pooled)"}
    pooled = table[(table["system"] == "end_model") & (table["target"] == "ALL (pooled)")]["f_avg"].iloc[0]
    assert pooled == pytest.approx(100 * metrics["stance"]["end_model"]["f_avg"], abs=1e-3)
    assert "| Atheism |" in (run / "semeval2016.md").read_text()
    details = json.loads((run / "semeval2016.json").read_text())
    assert 0 < details["cv_pooled_f_avg"] <= 100  # the training-only figure beside the test one
    assert f"{details['cv_pooled_f_avg']:.2f} |" in (run / "semeval2016.md").read_text().split("ALL (pooled)")[1]
    assert len(pd.read_parquet(run / "rejects.parquet")) == 2
    assert (run / "semeval2016_guess.txt").read_bytes().count(b"\r\n") == 31
    # The console shows the official figure to two decimals (x 100), not only the 3-decimal summary.
    _print_summary(outcome)
    printed = capsys.readouterr().out
    assert f"| {pooled:.2f} |" in printed.split("ALL (pooled)")[1]


def test_experiment_without_the_files_says_where_it_looked(tmp_path):
    from pipeline.app import run_pipeline
    from pipeline.ingest.text_dir import CorpusError
    from tests.conftest import compose_config

    cfg = compose_config(["experiment=semeval2016", f"corpus.path={tmp_path}"], tmp_path)
    with pytest.raises(CorpusError, match="no train file"):
        run_pipeline(cfg)


def test_none_offset_moves_the_boundary_between_none_and_a_stance():
    from pipeline.semeval.train import offset_guesses

    classes = ["AGAINST", "FAVOR", "NONE"]
    scores = np.array([[0.2, -1.0, 0.0], [-1.0, 0.1, 0.3], [-1.0, -1.0, 1.0]])
    assert list(offset_guesses(scores, classes, 0.0)) == ["AGAINST", "NONE", "NONE"]
    assert list(offset_guesses(scores, classes, -0.25)) == ["AGAINST", "FAVOR", "NONE"]
    assert list(offset_guesses(scores, classes, 0.5)) == ["NONE", "NONE", "NONE"]


def test_class_scores_give_one_column_per_class_even_for_two_classes():
    from sklearn.linear_model import LogisticRegression
    from sklearn.naive_bayes import MultinomialNB

    from pipeline.semeval.train import class_scores, offset_guesses

    X = np.array([[3.0, 0.0], [2.0, 1.0], [0.0, 3.0], [1.0, 2.0]])
    y = np.array(["FAVOR", "FAVOR", "NONE", "NONE"])
    for classifier in (LogisticRegression().fit(X, y), MultinomialNB().fit(X, y)):  # decision_function / proba
        scores = class_scores(classifier, X)
        assert scores.shape == (4, 2)
        assert list(offset_guesses(scores, classifier.classes_, 0.0)) == list(classifier.predict(X))


def test_cross_validation_shares_features_and_matches_fitting_each_pipeline_alone():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold
    from sklearn.pipeline import Pipeline

    from pipeline.semeval.train import class_scores, cross_validate, grid_points

    tweets, _ = read_splits(tab_files())
    own = tweets[(tweets["split"] == "train") & (tweets["target"] == "Atheism")].reset_index(drop=True)

    def make_model():
        return Pipeline([("features", TfidfVectorizer()), ("classifier", LogisticRegression())])

    points = grid_points({"classifier__C": [0.5, 5.0], "features__ngram_range": [(1, 1), (1, 2)]})
    scores, classes = cross_validate(make_model, points, own, own.iloc[:0], 2, 0)
    for point, got in zip(points, scores):
        expected = np.zeros_like(got)
        for train_idx, val_idx in StratifiedKFold(2, shuffle=True, random_state=0).split(own["text"], own["stance"]):
            model = make_model().set_params(**point).fit(own["text"].iloc[train_idx].to_list(), own["stance"].iloc[train_idx])
            expected[val_idx] = class_scores(model, own["text"].iloc[val_idx].to_list())
        np.testing.assert_allclose(got, expected)
    assert list(classes) == sorted(own["stance"].unique())


def _small_model():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    return Pipeline([("features", TfidfVectorizer()), ("classifier", LogisticRegression())])


def test_targets_searched_in_parallel_give_the_same_choice_and_guesses():
    tweets, _ = read_splits(tab_files())
    grid = {"classifier__C": [0.3, 3.0]}
    one, two = (train_and_predict(_small_model, grid, tweets, 3, 0, ["#SemST"], none_offsets=[0.0, 0.3], n_jobs=n)
                for n in (1, 2))
    assert one.chosen == two.chosen and one.cv_rows == two.cv_rows
    assert list(one.test["guess"]) == list(two.test["guess"])


def test_other_targets_weights_reach_a_classifier_that_is_itself_a_pipeline():
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    from pipeline.semeval.train import cross_validate

    tweets, _ = read_splits(tab_files())
    train = tweets[tweets["split"] == "train"]
    own = train[train["target"] == "Atheism"].reset_index(drop=True)
    others = train[train["target"] != "Atheism"].reset_index(drop=True)

    def make_model():  # as model=forest builds it: reduced features, then the estimator
        classifier = Pipeline([("svd", TruncatedSVD(5, random_state=0)), ("model", LogisticRegression())])
        return Pipeline([("features", TfidfVectorizer()), ("classifier", classifier)])

    scores, _ = cross_validate(make_model, [{"other_targets_weight": 0.0}, {"other_targets_weight": 0.5}], own, others, 2, 0)
    assert scores[0].shape == scores[1].shape == (len(own), 3)
    assert not np.allclose(scores[0], scores[1])  # the other targets' tweets were learnt from


def test_a_grid_name_that_is_no_parameter_fails_before_any_fit():
    tweets, _ = read_splits(tab_files())
    with pytest.raises(ValueError, match=r"semeval.grid: \['clasifier__C'\] name no parameter"):
        train_and_predict(_small_model, {"clasifier__C": [1.0]}, tweets, 3, 0)


def test_pooled_selection_can_trade_one_target_for_the_pooled_score():
    from pipeline.semeval.train import choose

    gold = {"a": np.array(["FAVOR", "FAVOR", "AGAINST", "AGAINST"]), "b": np.array(["FAVOR", "NONE", "NONE", "NONE"])}
    cv = {"a": [np.array(["FAVOR", "FAVOR", "AGAINST", "AGAINST"])],
          "b": [np.array(["NONE"] * 4), np.array(["FAVOR", "AGAINST", "AGAINST", "AGAINST"])]}
    # b alone: candidate 0 scores 0, candidate 1 scores 0.5 (FAVOR right, AGAINST F1 0).
    assert choose(cv, gold, "per_target") == {"a": 0, "b": 1}
    # Pooled with a: candidate 0 gives 0.9, candidate 1 only 0.786 (three false AGAINSTs).
    assert choose(cv, gold, "pooled") == {"a": 0, "b": 0}
    with pytest.raises(ValueError, match="semeval.select"):
        choose(cv, gold, "best")


def test_experiment_without_corpus_path_says_what_to_pass(tmp_path):
    from pipeline.app import run_pipeline
    from pipeline.ingest.text_dir import CorpusError
    from tests.conftest import compose_config

    with pytest.raises(CorpusError, match="needs corpus.path=DIR"):
        run_pipeline(compose_config(["experiment=semeval2016"], tmp_path))
