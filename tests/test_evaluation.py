import numpy as np
import pandas as pd
import pytest

from pipeline.evaluation.crossval import out_of_fold
from pipeline.evaluation.metrics import round_floats, score
from pipeline.evaluation.plots import confusion_matrix_png
from pipeline.evaluation.report import render_reports
from pipeline.evaluation.summary import metrics_table
from pipeline.labels import STANCE
from tests.spies import ArticleRecordingModel


def test_scores_match_a_hand_computed_example():
    y_true = ["FAVOR", "FAVOR", "AGAINST", "NONE", "NONE", "AGAINST"]
    y_pred = ["FAVOR", "NONE", "AGAINST", "NONE", "FAVOR", "FAVOR"]
    m = score(y_true, y_pred, STANCE, "stance")
    # FAVOR: P=1/3 R=1/2 F1=0.4; AGAINST: P=1 R=1/2 F1=2/3; NONE: P=1/2 R=1/2 F1=0.5
    assert m["per_class"]["FAVOR"]["f1"] == pytest.approx(0.4)
    assert m["per_class"]["AGAINST"]["f1"] == pytest.approx(2 / 3)
    assert m["macro_f1"] == pytest.approx((0.4 + 2 / 3 + 0.5) / 3)
    assert m["f_avg"] == pytest.approx((0.4 + 2 / 3) / 2)
    assert m["accuracy"] == pytest.approx(3 / 6) and m["n"] == 6
    assert m["per_class"]["NONE"]["support"] == 2
    assert "f_avg" not in score(["POSITIVE"], ["POSITIVE"], ("POSITIVE", "NEGATIVE", "NEUTRAL"), "sentiment")


def test_round_floats_is_recursive():
    assert round_floats({"a": [0.1234567891, {"b": 2.0000000001}], "n": 3}) == {"a": [0.123457, {"b": 2.0}], "n": 3}


def test_out_of_fold_never_trains_on_a_held_out_article():
    words = {"FAVOR": "welcome progress hope", "AGAINST": "reject collapse doubt", "NONE": "weather market road"}
    rows = []
    for a in range(12):
        for i in range(6):
            y = STANCE[(a + i) % 3]
            rows.append({"sentence_id": f"{a}-{i}", "article_id": f"art{a}", "text": f"{words[y]} token{a}x{i}", "y": y})
    pool = pd.DataFrame(rows)
    gold = pool[pool["sentence_id"].str.endswith(("-0", "-1"))].reset_index(drop=True)

    seen_training_articles = []
    article_of_text = dict(zip(pool["text"], pool["article_id"]))

    oof = out_of_fold(gold, pool, lambda: ArticleRecordingModel(article_of_text, seen_training_articles), STANCE,
                      n_splits=4)
    assert sorted(set(oof.fold)) == [0, 1, 2, 3]
    for k, trained_on in enumerate(seen_training_articles):
        held_out = set(gold.loc[oof.fold == k, "article_id"])
        assert held_out and not (held_out & trained_on)
    assert (oof.end_model == gold["y"].to_numpy()).mean() > 0.9  # the cue words are learnable
    assert np.allclose(oof.proba.sum(axis=1), 1.0)


def test_out_of_fold_needs_two_articles():
    gold = pd.DataFrame({"sentence_id": ["s"], "article_id": ["a"], "text": ["x"]})
    with pytest.raises(ValueError, match="at least 2"):
        out_of_fold(gold, gold.assign(y="NONE"), lambda: None, STANCE, 5)


def test_confusion_matrix_png_is_a_png_and_reproducible():
    args = (["FAVOR", "NONE"], ["FAVOR", "FAVOR"], STANCE, "stance: test")
    first, second = confusion_matrix_png(*args), confusion_matrix_png(*args)
    assert first[:8] == b"\x89PNG\r\n\x1a\n" and first == second


def test_reports_render_counts_metrics_and_embed_plots():
    context = {
        "title": "T", "name": "run-x",
        "counts": {"corpus": "text_dir", "inputs": 3, "articles": 2, "rejects": 1, "removed_lines": 4,
                   "sentences": 9, "mentions_target": 5, "gold": 6, "gold_unmatched": 0},
        "rejects": [{"reason": "empty", "count": 1}],
        "distribution": [{"task": "stance", "label": "FAVOR", "count": 3}],
        "lfs": [{"function": "lf_x", "coverage": 0.5, "overlaps": 0.1, "conflicts": 0.0, "n_gold_fired": 2, "gold_accuracy": None}],
        "metrics": [{"task": "stance", "system": "end_model", "n": 6, "accuracy": 0.5, "macro_f1": 0.25, "f_avg": 0.125}],
        "tables": ["articles.parquet"],
    }
    markdown, html = render_reports(context, {"plots/a.png": b"\x89PNGfake"})
    assert "| stance | end_model | 6 | 0.500 | 0.250 | 0.125 |" in markdown
    assert "![plots/a.png](plots/a.png)" in markdown
    assert "data:image/png;base64,iVBOR2Zha2U=" in html and "<td>empty</td>" in html


def test_console_table_orders_systems_baseline_first():
    metrics = {"stance": {"end_model": {"n": 2, "accuracy": 1.0, "macro_f1": 1.0, "f_avg": 1.0},
                          "majority": {"n": 2, "accuracy": 0.5, "macro_f1": 0.2, "f_avg": 0.0}}}
    lines = metrics_table(metrics).splitlines()
    assert lines[1].split()[:2] == ["stance", "majority"] and lines[2].split()[:2] == ["stance", "end_model"]


def test_console_table_says_so_when_nothing_was_scored():
    assert "nothing was scored" in metrics_table({"stance": {}, "sentiment": {}})
