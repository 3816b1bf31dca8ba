"""Splits, bootstrap intervals and the paired test, calibration, aggregates, and the new plots."""
import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import f1_score

from pipeline.evaluation import plots
from pipeline.evaluation.aggregate import article_shares, outlet_month_shares
from pipeline.evaluation.bootstrap import bootstrap_ci, paired_bootstrap
from pipeline.evaluation.crossval import holdout_split, out_of_fold, temporal_split, training_rows
from pipeline.evaluation.curves import calibration_bins, expected_calibration_error
from pipeline.evaluation.metrics import score
from pipeline.labels import STANCE
from tests.spies import ArticleRecordingModel

WORDS = {"FAVOR": "welcome progress hope", "AGAINST": "reject collapse doubt", "NONE": "weather market road"}


def corpus(n_articles=12, per_article=6):
    rows = []
    for a in range(n_articles):
        for i in range(per_article):
            y = STANCE[(a + i) % 3]
            rows.append({"sentence_id": f"{a:02d}-{i}", "article_id": f"art{a:02d}", "text": f"{WORDS[y]} token{a}x{i}",
                         "y": y, "weight": 1.0})
    return pd.DataFrame(rows)


def test_kappa_matches_a_hand_computed_value():
    # Agreement 4/6; chance: true (2F,2A,2N), pred (3F,1A,2N) -> (2*3+2*1+2*2)/36 = 1/3.
    m = score(["FAVOR", "FAVOR", "AGAINST", "AGAINST", "NONE", "NONE"],
              ["FAVOR", "FAVOR", "FAVOR", "AGAINST", "NONE", "FAVOR"], STANCE, "stance")
    assert m["kappa"] == pytest.approx((4 / 6 - 1 / 3) / (1 - 1 / 3))


def test_holdout_split_holds_out_whole_articles_reproducibly():
    gold = corpus()
    first, again = holdout_split(gold, 0.25, seed=3)[0], holdout_split(gold, 0.25, seed=3)[0]
    assert (first.test_idx == again.test_idx).all()
    held = set(gold["article_id"].iloc[first.test_idx])
    assert len(held) == 3
    assert not held & set(training_rows(gold, gold, first)["article_id"])


def test_temporal_split_trains_only_on_earlier_articles():
    gold = corpus()
    published = pd.Series({f"art{a:02d}": (f"2020-{a + 1:02d}-15" if a != 5 else None) for a in range(12)})
    split = temporal_split(gold, published, "2020-07-01")[0]
    tested = set(gold["article_id"].iloc[split.test_idx])
    trained = set(training_rows(gold, gold, split)["article_id"])
    assert tested == {f"art{a:02d}" for a in range(6, 12)}
    assert trained == {f"art{a:02d}" for a in range(5)}  # art05 is undated: on neither side
    with pytest.raises(ValueError, match="split_date"):
        temporal_split(gold, published, "2019-01-01")
    with pytest.raises(ValueError, match="split_date"):
        temporal_split(gold, published, None)


def test_gold_in_training_never_comes_from_a_tested_article():
    pool = corpus()
    gold = pool[pool["sentence_id"].str.endswith(("-0", "-1"))].reset_index(drop=True)
    # Training pool as with train_on=both: weak rows plus the gold rows themselves.
    both = pd.concat([pool.assign(origin="weak"), gold.assign(origin="gold")], ignore_index=True)
    seen = []
    article_of_text = dict(zip(both["text"], both["article_id"]))

    oof = out_of_fold(gold[["sentence_id", "article_id", "text"]], both,
                      lambda: ArticleRecordingModel(article_of_text, seen), STANCE, 4)
    for k, trained in enumerate(seen):
        assert not set(gold.loc[oof.fold == k, "article_id"]) & trained


def test_bootstrap_interval_brackets_the_score_and_is_seeded():
    rng = np.random.default_rng(0)
    y = rng.choice(STANCE, 300)
    pred = np.where(rng.random(300) < 0.7, y, rng.choice(STANCE, 300))
    point = score(y, pred, STANCE, "stance")
    ci = bootstrap_ci(y, pred, STANCE, "stance", 500, seed=1)
    for metric in ("accuracy", "macro_f1", "f_avg"):
        low, high = ci[metric]
        assert low < point[metric] < high and high - low < 0.25
    assert ci == bootstrap_ci(y, pred, STANCE, "stance", 500, seed=1)
    assert ci != bootstrap_ci(y, pred, STANCE, "stance", 500, seed=2)


def test_vectorised_scores_agree_with_scikit_learn():
    from pipeline.evaluation.bootstrap import _codes, _scores

    rng = np.random.default_rng(5)
    y, pred = rng.choice(STANCE, 80), rng.choice(STANCE, 80)
    full = np.arange(80)[None, :]
    got = _scores(_codes(y, STANCE), _codes(pred, STANCE), full, 3, [0, 1])
    assert got["macro_f1"][0] == pytest.approx(f1_score(y, pred, labels=list(STANCE), average="macro"))
    assert got["f_avg"][0] == pytest.approx(score(y, pred, STANCE, "stance")["f_avg"])


def test_paired_bootstrap_separates_a_better_system_from_noise():
    rng = np.random.default_rng(1)
    y = rng.choice(STANCE, 400)
    good = np.where(rng.random(400) < 0.8, y, rng.choice(STANCE, 400))
    bad = rng.choice(STANCE, 400)
    better = paired_bootstrap(y, good, bad, STANCE, "stance", 500, seed=0)
    assert better["delta"] > 0.3 and better["p_value"] < 0.01
    same = paired_bootstrap(y, good, good, STANCE, "stance", 500, seed=0)
    assert same["delta"] == 0 and same["p_value"] == 1.0


def test_calibration_bins_of_a_calibrated_model():
    proba = np.array([[0.9, 0.05, 0.05]] * 10 + [[0.5, 0.3, 0.2]] * 10)
    y = ["FAVOR"] * 9 + ["NONE"] + ["FAVOR"] * 5 + ["AGAINST"] * 5
    bins = calibration_bins(y, proba, STANCE)
    assert bins["count"].tolist() == [10, 10]
    assert bins["accuracy"].tolist() == pytest.approx([0.5, 0.9])
    assert expected_calibration_error(bins) == pytest.approx(0.0)


def test_article_and_outlet_month_shares():
    articles = pd.DataFrame({"article_id": ["a", "b", "c"], "source": ["Wire", "Wire", "Daily"],
                             "published": ["2020-02-03", "2020-02-20", None], "title": ["A", "B", "C"]})
    predicted = pd.DataFrame({"sentence_id": list("123456"), "article_id": ["a", "a", "a", "b", "c", "c"],
                              "label": ["FAVOR", "FAVOR", "AGAINST", "NONE", "AGAINST", "AGAINST"]})
    per_article = article_shares(predicted, articles, STANCE).set_index("article_id")
    assert per_article.loc["a", "share_FAVOR"] == pytest.approx(2 / 3) and per_article.loc["a", "majority"] == "FAVOR"
    assert per_article.loc["a", "net"] == pytest.approx(1 / 3)
    monthly = outlet_month_shares(predicted, articles, STANCE)
    assert monthly[["source", "month", "n_sentences", "n_articles"]].values.tolist() == [
        ["Daily", "undated", 2, 1], ["Wire", "2020-02", 4, 2]]
    assert monthly["share_FAVOR"].tolist() == pytest.approx([0.0, 0.5])


def test_dates_in_several_formats_in_one_corpus_are_each_read_in_their_own_month():
    from pipeline.evaluation.dates import parse_dates

    written = ["2020-09-14", "2020-10-02T08:30:00Z", "2020-11-01T01:00:00+04:30", "12 September 2020",
               "2020/10/01", "Mon, 14 Sep 2020 10:00:00 GMT", "20200912", "20200912T083000Z", "12-Sep-20",
               "", None, float("nan"), "soon", "1 Nov", "now", "10:30 AM", "today", "10:30 2020", "2020", "Flight 2020"]
    months = parse_dates(pd.Series(written, dtype=object)).dt.strftime("%Y-%m").fillna("undated").tolist()
    # The Kabul story of 01:00 on 1 November stays in November (the offset is not applied); a value
    # without year, month and day is undated, never filled in from today's date (the output would
    # depend on the day of the run).
    assert months == ["2020-09", "2020-10", "2020-11", "2020-09", "2020-10", "2020-09", "2020-09", "2020-09",
                      "2020-09"] + ["undated"] * 11
    articles = pd.DataFrame({"article_id": ["a", "b", "c"], "source": "Wire", "title": "t",
                             "published": ["2020-09-14", "2020-10-02T08:30:00Z", "2 October 2020"]})
    predicted = pd.DataFrame({"sentence_id": list("123"), "article_id": list("abc"), "label": "FAVOR"})
    monthly = outlet_month_shares(predicted, articles, STANCE)
    assert monthly[["month", "n_articles"]].values.tolist() == [["2020-09", 1], ["2020-10", 2]]
    gold = pd.DataFrame({"article_id": list("abc"), "sentence_id": list("123")})
    (split,) = temporal_split(gold, articles.set_index("article_id")["published"], "2020-10-01")
    assert sorted(split.train_articles) == ["a"] and gold["article_id"].iloc[split.test_idx].tolist() == ["b", "c"]


def test_a_split_date_that_is_no_date_names_the_key():
    gold = pd.DataFrame({"article_id": ["a"], "sentence_id": ["1"]})
    with pytest.raises(ValueError, match="eval.split_date='notadate' is not a date"):
        temporal_split(gold, pd.Series({"a": "2020-01-01"}), "notadate")


PNG = b"\x89PNG\r\n\x1a\n"


def test_every_new_plot_is_a_reproducible_png():
    y = ["FAVOR", "AGAINST", "NONE", "FAVOR"]
    proba = np.array([[0.7, 0.2, 0.1], [0.2, 0.6, 0.2], [0.1, 0.1, 0.8], [0.4, 0.4, 0.2]])
    share = pd.DataFrame({"source": ["Wire", "Wire"], "month": ["2020-01", "2020-02"], "n_sentences": [3, 4],
                          "share_FAVOR": [0.5, 0.2], "share_AGAINST": [0.25, 0.3], "share_NONE": [0.25, 0.5]})
    makers = [
        lambda: plots.precision_recall_png(y, proba, STANCE, "pr"),
        lambda: plots.reliability_png(calibration_bins(y, proba, STANCE), "rel"),
        lambda: plots.learning_curve_png(pd.DataFrame({"n_gold": [10, 20], "score_mean": [0.4, 0.5], "score_min": [0.3, 0.45],
                                                       "score_max": [0.5, 0.55]}), {"label model": 0.45}, "f_avg", "lc"),
        lambda: plots.top_ngrams_png({"FAVOR": [("hope", 1.0), ("deal", 0.5)], "AGAINST": [("attack", 0.9)]}, "top"),
        lambda: plots.label_distribution_png(pd.DataFrame({"task": ["stance"] * 2, "source": ["gold", "weak"],
                                                           "label": ["FAVOR", "FAVOR"], "count": [3, 5]}), "dist"),
        lambda: plots.stance_over_time_png(share, STANCE, "time"),
    ]
    for make in makers:
        first, second = make(), make()
        assert first[:8] == PNG and first == second


def test_small_outlets_are_pooled_with_weighted_shares():
    from pipeline.evaluation.aggregate import keep_top_outlets

    share = pd.DataFrame({"source": ["A", "B", "C"], "month": ["2020-01"] * 3, "n_sentences": [10, 2, 6],
                          "n_articles": [1, 1, 1], "share_FAVOR": [0.5, 1.0, 0.0], "share_AGAINST": [0.5, 0.0, 0.5],
                          "share_NONE": [0.0, 0.0, 0.5], "net": [0.0, 1.0, -0.5]})
    kept = keep_top_outlets(share, STANCE, n=1).set_index("source")
    assert list(kept.index) == ["A", "other outlets (2)"]
    other = kept.loc["other outlets (2)"]
    assert other["n_sentences"] == 8 and other["share_FAVOR"] == pytest.approx(2 / 8)
    assert other["share_AGAINST"] == pytest.approx(3 / 8) and other["net"] == pytest.approx(-1 / 8)


def _stage_inputs(tmp_path, overrides):
    from pipeline.models.build import build_classifier
    from pipeline.models.persist import dump_model
    from pipeline.models.training import fit
    from pipeline.runner import stage_config
    from pipeline.stages.base import Artifacts
    from pipeline.stages.registry import STAGES
    from tests.conftest import compose_config

    pool = corpus()
    sentences = pool[["sentence_id", "article_id", "text"]]
    is_gold = pool["sentence_id"].str.endswith(("-0", "-1", "-2"))
    labels = pd.DataFrame({"sentence_id": pool["sentence_id"], "stance_weak": pool["y"],
                           "stance_weak_conf": 0.8, "stance_gold": pool["y"].where(is_gold)})
    articles = pd.DataFrame({"article_id": [f"art{a:02d}" for a in range(12)],
                             "source": ["Wire", "Daily"] * 6, "title": "t",
                             "published": [f"2020-{a + 1:02d}-10" for a in range(12)]})
    cfg = compose_config(["features=word_tfidf", "eval.tasks=[stance]", "eval.n_bootstrap=200", *overrides], tmp_path)
    model = fit(build_classifier(cfg.features, cfg.model), pool["text"], pool["y"])
    inputs = Artifacts(tables={"sentences": sentences, "labels": labels, "articles": articles},
                       files={"models/stance.skops": dump_model(model)})
    return stage_config(cfg, STAGES["evaluate"]), inputs


@pytest.mark.parametrize("split", ["group_kfold", "holdout", "temporal"])
def test_evaluate_stage_scores_every_split_with_intervals_and_plots(split, tmp_path):
    import json

    from pipeline.stages.evaluate import run_evaluate

    extra = ["eval.split_date=2020-07-01"] if split == "temporal" else []
    cfg, inputs = _stage_inputs(tmp_path, [f"eval.split={split}", "model.train_on=both", *extra])
    out = run_evaluate(cfg, inputs)
    metrics = json.loads(out.files["metrics.json"])["stance"]
    end = metrics["end_model"]
    assert {"kappa", "ci95", "paired_bootstrap", "split"} <= set(end)
    assert end["ci95"]["f_avg"][0] <= end["f_avg"] <= end["ci95"]["f_avg"][1]
    assert set(end["paired_bootstrap"]) == {"label_model", "majority"}
    folds = out.tables["predictions"]["stance_fold"]
    tested = int((folds >= 0).sum())
    assert end["n"] == tested == metrics["majority"]["n"]
    expected = {"group_kfold": 36, "holdout": 9, "temporal": 18}[split]
    assert tested == expected
    for name in ("confusion_stance_end_model", "precision_recall_stance", "reliability_stance",
                 "learning_curve_stance", "top_ngrams_stance", "label_distribution", "stance_over_time"):
        assert out.files[f"plots/{name}.png"][:8] == PNG, name


def test_a_model_without_probabilities_gets_nan_not_zero_and_the_report_shows_no_confidence(tmp_path):
    from pipeline.evaluation.report_errors import top_errors
    from pipeline.stages.evaluate import run_evaluate

    cfg, inputs = _stage_inputs(tmp_path, ["model=ridge", "model.train_on=both"])
    predictions = run_evaluate(cfg, inputs).tables["predictions"]
    proba = predictions[[f"stance_proba_{label}" for label in STANCE]]
    assert proba.isna().all().all()  # zeros would read as a sure guess of the first class
    gold = predictions["stance_gold"].notna()
    wrong = predictions["stance_gold"].map({"FAVOR": "AGAINST", "AGAINST": "NONE", "NONE": "FAVOR"})
    predictions.loc[gold, "stance_pred"] = wrong[gold]  # mistakes, to list in the report
    sentences = inputs.tables["sentences"].assign(idx=0)
    errors = top_errors("stance", predictions, sentences, inputs.tables["articles"], n=3)
    assert errors and all(e["confidence"] is None for e in errors)


def test_months_sit_on_a_calendar_axis_and_a_line_never_bridges_a_gap():
    from pipeline.evaluation.plots import _runs_of_consecutive, calendar_axis

    positions = calendar_axis(["2020-01", "2020-02", "2020-07", "2021-01", "undated"]).position
    assert positions == {"2020-01": 0, "2020-02": 1, "2020-07": 6, "2021-01": 12, "undated": 14}
    x = [0, 1, 6, 12, 13]
    assert [x[run] for run in _runs_of_consecutive(x)] == [[0, 1], [6], [12, 13]]
    assert calendar_axis(["undated"]).position == {"undated": 0}
    empty = pd.DataFrame(columns=["source", "month", "n_sentences", "share_FAVOR", "share_AGAINST", "share_NONE"])
    assert plots.stance_over_time_png(empty, STANCE, "no sentence names the target")[:8] == PNG
    _, ticks, labels, _ = calendar_axis(["2019-11", "2020-02", "2021-10", "undated"])  # 24 months: every third
    assert ticks[:3] == [0, 3, 6] and labels[:3] == ["2019-11", "2020-02", "2020-05"]
    assert labels[-2:] == ["2021-08", "undated"] and ticks[-1] == 25 and len(ticks) == 9


def test_a_long_stretch_without_articles_is_cut_out_of_the_calendar_axis_and_marked():
    from pipeline.evaluation.plots import CUT_WIDTH, calendar_axis

    # One article mis-dated to the epoch: without the cut, 2020-2021 would be 1/25 of the axis.
    months = ["1970-01", "2020-01", "2020-02", "2020-07", "2021-01", "undated"]
    assert calendar_axis(months).position == {"1970-01": 0, "2020-01": CUT_WIDTH, "2020-02": CUT_WIDTH + 1,
                                       "2020-07": CUT_WIDTH + 6, "2021-01": CUT_WIDTH + 12, "undated": CUT_WIDTH + 14}
    assert calendar_axis(months).cuts == [(CUT_WIDTH / 2, 599)]
    _, ticks, labels, _ = calendar_axis(months)
    assert labels[:3] == ["1970-01", "2020-01", "2020-03"] and ticks[:3] == [0, CUT_WIDTH, CUT_WIDTH + 2]
    # A gap of up to two years stays on the calendar, as it is.
    assert calendar_axis(["2018-01", "2020-01"]).cuts == [] and calendar_axis(["2018-01", "2020-01"]).position["2020-01"] == 24


def test_the_learning_curves_last_point_and_its_reference_line_score_the_same_sentences():
    from pipeline.evaluation.crossval import group_kfold_splits
    from pipeline.models.build import build_classifier
    from pipeline.evaluation.curves import learning_curve
    from pipeline.stages.evaluate import _mean_over_splits
    from tests.conftest import compose_config

    pool = corpus().assign(origin="gold")
    noisy = pool["article_id"].isin(["art00", "art05"]) & ~pool["sentence_id"].str.endswith("-0")  # folds differ
    pool.loc[noisy, "y"] = pool.loc[noisy, "y"].map({"FAVOR": "AGAINST", "AGAINST": "NONE", "NONE": "FAVOR"})
    gold = pool[["sentence_id", "article_id", "text"]].assign(y_true=pool["y"])
    cfg = compose_config(["features=word_tfidf"])
    make = lambda: build_classifier(cfg.features, cfg.model)  # noqa: E731
    splits = group_kfold_splits(gold, 4)
    oof = out_of_fold(gold, pool, make, STANCE, splits=splits)
    curve = learning_curve(gold, pool, make, STANCE, splits[:1], "stance", points=2, seed=0)
    first_fold = _mean_over_splits(gold["y_true"].to_numpy(), oof.end_model, splits[:1], STANCE, "stance", "f_avg")
    assert curve["score_mean"].iloc[-1] == pytest.approx(first_fold)  # the whole training fold: the same model
    every_fold = _mean_over_splits(gold["y_true"].to_numpy(), oof.end_model, splits, STANCE, "stance", "f_avg")
    assert every_fold != pytest.approx(first_fold)  # why the reference must use the curve's folds
