"""The label stage on a tiny corpus: labels, LF summary table and plot, gold agreement, gold rejects."""
import pandas as pd
import pytest

from pipeline.stages.base import Artifacts
from pipeline.stages.label import run_label
from pipeline.weak.analysis import lf_summary, lf_summary_png
from tests.conftest import compose_config

ARTICLES = pd.DataFrame({"article_id": ["a"], "title": ["Peace talks resume in Doha"]})
SENTENCES = pd.DataFrame({
    "sentence_id": [f"a-000{i}" for i in range(4)], "article_id": ["a"] * 4, "idx": list(range(4)),
    "text": ["The government welcomed the peace talks.", "The Taliban rejected the ceasefire.",
             "A bomb killed nine people in a market.", "The next round of talks is scheduled for Tuesday."],
})
GOLD = (b"sentence_id,stance,sentiment,annotator\n"
        b"a-0000,FAVOR,POSITIVE,x\na-0000,FAVOR,POSITIVE,y\na-0001,AGAINST,NEGATIVE,x\na-0001,NONE,NEGATIVE,y\n"
        b"a-0002,NONE,NEGATIVE,x\na-0002,NONE,NEGATIVE,y\na-0003,SOMETIMES,NEUTRAL,x\n")


def run(tmp_path):
    cfg = compose_config(tmp_path=tmp_path)
    inputs = Artifacts(tables={"sentences": SENTENCES, "articles": ARTICLES}, files={"external/gold/g.csv": GOLD})
    return run_label(cfg, inputs)


def test_label_stage_outputs_labels_analysis_plot_and_agreement(tmp_path):
    out = run(tmp_path)
    labels = out.tables["labels"].set_index("sentence_id")
    assert labels.loc["a-0000", "stance_weak"] == "FAVOR"
    assert labels.loc["a-0001", "stance_weak"] == "AGAINST"
    assert labels.loc["a-0002", "stance_weak"] == "NONE"
    assert labels.loc["a-0001", "stance_gold"] == "NONE"  # a tie between annotators adjudicates to NONE
    assert {"stance_p_FAVOR", "sentiment_weak_conf", "sentiment_vader", "lf_sentiment_vader"} <= set(labels.columns)
    agreement = out.tables["gold_agreement"].set_index("task")
    assert agreement.loc["stance", "statistic"] == "cohen" and agreement.loc["stance", "n_items"] == 3
    assert agreement.loc["sentiment", "kappa"] == 1.0
    assert out.tables["gold_rejects"]["detail"].str.contains("SOMETIMES").all()
    assert out.tables["gold_rejects"]["row"].tolist() == [7]  # the 7th data row, as a spreadsheet numbers it
    assert set(out.tables["lf_summary"]["task"]) == {"stance", "sentiment"}
    assert out.files["plots/lf_summary.png"].startswith(b"\x89PNG")


def test_label_stage_is_byte_for_byte_repeatable(tmp_path):
    first, second = run(tmp_path), run(tmp_path)
    assert first.files["plots/lf_summary.png"] == second.files["plots/lf_summary.png"]
    pd.testing.assert_frame_equal(first.tables["labels"], second.tables["labels"])


def test_lf_plot_draws_an_empty_summary():
    assert lf_summary_png(lf_summary(pd.DataFrame({"stance_gold": []}), [])).startswith(b"\x89PNG")


def test_weak_quality_scores_label_model_and_vader_alone_per_gold_file(tmp_path):
    from sklearn.metrics import f1_score

    from pipeline.weak.quality import macro_f1

    quality = run(tmp_path).tables["weak_quality"].set_index(["task", "system", "gold_file"])
    assert ("sentiment", "vader_alone", "all") in quality.index and ("stance", "label_model", "g.csv") in quality.index
    assert quality.loc[("stance", "label_model", "all"), "n"] == 3
    y_true, y_pred = ["FAVOR", "NONE", "AGAINST", "NONE"], ["FAVOR", "AGAINST", "AGAINST", "FAVOR"]
    assert macro_f1(y_true, y_pred) == pytest.approx(f1_score(y_true, y_pred, average="macro"))
