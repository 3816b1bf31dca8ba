"""The report: run summary, metrics with intervals beside the majority baseline, plots, top errors, links."""
import json
import re

import pandas as pd
import pytest
from omegaconf import OmegaConf

from pipeline.compare.config_diff import diff_against, flatten
from pipeline.evaluation.report_errors import top_errors
from pipeline.evaluation.summary import interval, metrics_rows, metrics_table
from pipeline.stages.base import Artifacts
from pipeline.stages.report import run_report
from pipeline.weak.analysis import lf_summary

PNG = b"\x89PNG\r\n\x1a\nnot-a-real-image"


def _system(acc, f1, ci=None, **extra):
    entry = {"n": 4, "accuracy": acc, "macro_f1": f1, "per_class": {
        "FAVOR": {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2},
        "AGAINST": {"precision": 1.0, "recall": 0.5, "f1": 0.667, "support": 2},
        "NONE": {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0}}, **extra}
    if ci:
        entry["ci"] = ci
    return entry


def artifacts(metrics: dict, diff=None) -> Artifacts:
    articles = pd.DataFrame({"article_id": ["a1", "a2"], "title": ["Talks resume in Doha", ""], "source": ["Wire", "Post"],
                             "n_removed_lines": [2, 1], "text": ["x", "y"]})
    rejects = pd.DataFrame({"path": ["e.txt", "b.bin", "c.txt"], "reason": ["empty", "not_text", "empty"], "detail": ["", "", ""]})
    sentences = pd.DataFrame({
        "sentence_id": ["a1-0", "a1-1", "a1-2", "a2-0"], "article_id": ["a1", "a1", "a1", "a2"], "idx": [0, 1, 2, 0],
        "text": ["Envoys met in Doha.", "Both sides praised the progress.", "Then a bomb went off.", "Nothing happened."],
        "mentions_target": [True, True, False, False]})
    labels = pd.DataFrame({"sentence_id": sentences["sentence_id"], "lf_cue": [0, 0, -1, -1], "lf_none": [-1, 2, -1, 2],
                           "stance_weak": ["FAVOR", "FAVOR", "ABSTAIN", "NONE"],
                           "sentiment_weak": ["POSITIVE", "POSITIVE", "NEGATIVE", "NEUTRAL"],
                           "stance_gold": ["FAVOR", "FAVOR", "AGAINST", None], "sentiment_gold": [None] * 4})
    predictions = pd.DataFrame({
        "sentence_id": sentences["sentence_id"], "stance_weak": labels["stance_weak"],
        "stance_pred": ["FAVOR", "AGAINST", "NONE", "NONE"], "stance_gold": labels["stance_gold"],
        "stance_proba_FAVOR": [0.8, 0.1, 0.2, 0.1], "stance_proba_AGAINST": [0.1, 0.6, 0.1, 0.1],
        "stance_proba_NONE": [0.1, 0.3, 0.7, 0.8]})
    files = {"metrics.json": json.dumps(metrics).encode(), "plots/confusion_stance_end_model.png": PNG,
             "plots/learning_curve_stance.png": PNG}
    if diff is not None:
        files["external/config_diff.json"] = json.dumps(diff).encode()
    # The label stage writes the labelling-function summary; the report only renders it.
    summary = lf_summary(labels, ["lf_cue", "lf_none"])
    return Artifacts({"articles": articles, "rejects": rejects, "sentences": sentences, "labels": labels,
                      "lf_summary": summary, "predictions": predictions}, files)


CFG = OmegaConf.create({"report": {"title": "Run report", "n_errors": 5}, "name": "exp-7", "corpus": {"kind": "text_dir"},
                        "experiment": "baseline", "seed": 3})
PAIRED = {"majority": {"metric": "f_avg", "delta": 0.35, "ci95": [0.1, 0.5], "p_value": 0.002, "n_resamples": 1000}}
METRICS = {"stance": {"majority": _system(0.5, 0.2),
                      "end_model": _system(0.75, 0.55, ci={"macro_f1": [0.41, 0.68]}, paired_bootstrap=PAIRED,
                                           split={"kind": "group_kfold", "n_splits": 5}),
                      "label_model": _system(0.5, 0.45)}}


@pytest.fixture(scope="module")
def report():
    out = run_report(CFG, artifacts(METRICS, [{"key": "model.name", "default": "logreg", "value": "linear_svc"}]))
    return out.files["report.md"].decode(), out.files["report.html"].decode()


def test_summary_shows_config_difference_counts_rejects_and_lfs(report):
    markdown, html = report
    assert "| `model.name` | logreg | linear_svc |" in markdown
    assert "<td><code>model.name</code></td><td>logreg</td><td><b>linear_svc</b></td>" in html
    assert "| rejects | 3 |" in markdown and "| empty | 2 |" in markdown and "| not_text | 1 |" in markdown
    assert "| lf_cue | 0.500 |" in markdown  # fired on 2 of 4 sentences


def test_metrics_show_intervals_and_the_gap_to_the_majority_baseline(report):
    markdown, html = report
    assert "| stance | end_model | 4 | 0.750 | 0.550 [0.41, 0.68] |" in markdown
    assert "+0.350" in markdown  # 0.55 - 0.20
    rows = re.findall(r"<tr[^>]*><td>(majority|label_model|end_model)</td>", html)
    assert rows[:3] == ["majority", "label_model", "end_model"]  # the baseline first, beside the others
    assert '<tr class="baseline"><td>majority</td>' in html and "[0.41, 0.68]" in html
    assert "<b>stance</b>: classifier macro-F1 <b>0.550</b> [0.41, 0.68] (+0.350 over the majority baseline)" in html
    assert "(group_kfold, n_splits=5)" in html  # how gold was split, beside the task's table
    assert ("<td>stance</td><td>end_model</td><td>majority</td><td>f_avg</td><td class=\"num\">+0.350</td>"
            "<td class=\"num\">[0.100, 0.500]</td><td class=\"num\">0.002</td>") in html


def test_plots_are_embedded_and_tables_linked(report):
    markdown, html = report
    assert html.count("data:image/png;base64,") == 2
    assert '<a href="predictions.parquet">' in html and '<a href="metrics.json">' in html
    # Self-contained: nothing is fetched from anywhere.
    assert not re.search(r'(src|href)="(https?:)?//', html) and "<link" not in html and "<script" not in html


def test_top_errors_show_the_previous_sentence_and_title_most_confident_first(report):
    _, html = report
    section = html[html.index('id="errors"'):]
    assert "stance: 2 of 3 tested gold sentences wrong" in section
    assert section.index("predicted NONE (0.70)") < section.index("predicted AGAINST (0.60)")
    assert "Talks resume in Doha" in section and "&hellip; Both sides praised the progress." in section


def test_gold_sentences_a_split_trained_on_are_neither_errors_nor_successes():
    from pipeline.evaluation.report_errors import error_counts

    t = artifacts(METRICS).tables
    predictions = t["predictions"].assign(stance_fold=[0, -1, 0, -1])  # a1-1 was in every training set
    assert error_counts("stance", predictions) == {"gold": 2, "wrong": 1}
    rows = top_errors("stance", predictions, t["sentences"], t["articles"], n=5)
    assert [r["sentence_id"] for r in rows] == ["a1-2"]


def test_top_errors_context_and_order():
    t = artifacts(METRICS).tables
    rows = top_errors("stance", t["predictions"], t["sentences"], t["articles"], n=5)
    assert [r["sentence_id"] for r in rows] == ["a1-2", "a1-1"]
    assert rows[0]["previous"] == "Both sides praised the progress." and rows[1]["previous"] == "Envoys met in Doha."
    assert rows[0]["title"] == "Talks resume in Doha" and rows[0]["confidence"] == pytest.approx(0.7)
    assert top_errors("stance", t["predictions"], t["sentences"], t["articles"], n=1)[0]["sentence_id"] == "a1-2"
    # No gold column (a run without annotations): no errors, no crash.
    assert top_errors("sentiment", t["predictions"], t["sentences"], t["articles"], n=5) == []


def test_report_without_intervals_or_config_diff_still_renders():
    bare = {"stance": {"majority": _system(0.5, 0.2), "end_model": _system(0.75, 0.55)}}
    out = run_report(CFG, artifacts(bare))
    markdown, html = out.files["report.md"].decode(), out.files["report.html"].decode()
    assert "| stance | end_model | 4 | 0.750 | 0.550 | - | - | +0.350 |" in markdown
    assert "metrics.json holds no intervals" in html and "difference from the defaults" not in html


def test_report_bytes_are_reproducible():
    first = run_report(CFG, artifacts(METRICS, []))
    second = run_report(CFG, artifacts(METRICS, []))
    assert first.files == second.files
    assert "This run uses the default configuration." in first.files["report.html"].decode()


@pytest.mark.parametrize("entry", [
    {"macro_f1_ci": [0.1, 0.3]}, {"ci": {"macro_f1": [0.1, 0.3]}}, {"intervals": {"macro_f1": {"low": 0.1, "high": 0.3}}},
    {"bootstrap": {"macro_f1": {"lo": 0.1, "hi": 0.3}}},
])
def test_intervals_are_read_in_every_shape_evaluation_may_write(entry):
    assert interval(entry, "macro_f1") == (0.1, 0.3)
    assert interval(entry, "accuracy") is None


def test_metrics_rows_skip_entries_that_are_not_systems_and_put_stance_first():
    metrics = {"sentiment": {"end_model": _system(0.6, 0.5)},
               "stance": {"end_model": _system(0.7, 0.6), "majority": _system(0.4, 0.2),
                          "paired_bootstrap": {"p_value": 0.03}}}
    rows = metrics_rows(metrics)
    assert [(r["task"], r["system"]) for r in rows] == [("stance", "majority"), ("stance", "end_model"), ("sentiment", "end_model")]
    assert rows[1]["vs_majority"] == pytest.approx(0.4) and rows[2]["vs_majority"] is None
    assert metrics_table(metrics).splitlines()[1].split()[:2] == ["stance", "majority"]


def test_config_diff_lists_changed_added_and_removed_keys_but_not_paths():
    default = {"model": {"name": "logreg", "C": 4.0}, "seed": 42, "paths": {"cache_dir": "/a"}, "stages": ["a", "b"]}
    run = {"model": {"name": "svc"}, "seed": 42, "paths": {"cache_dir": "/b"}, "stages": ["a"], "extra": {"k": 1}}
    rows = {r["key"]: (r["default"], r["value"]) for r in diff_against(run, default)}
    assert rows == {"model.name": ("logreg", "svc"), "model.C": (4.0, "(absent)"), "stages": (["a", "b"], ["a"]),
                    "extra.k": ("(absent)", 1)}
    assert flatten({"a": {"b": {}, "c": [1]}}) == {"a.c": [1]}


def test_config_diff_input_composes_the_defaults_even_inside_a_running_hydra(tmp_path):
    from hydra import initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra

    from pipeline.cli import CONFIG_DIR
    from pipeline.compare.config_diff import config_diff_input
    from tests.conftest import compose_config

    cfg = compose_config(["model=complement_nb", "seed=7"], tmp_path)
    with initialize_config_dir(config_dir=CONFIG_DIR, version_base="1.3"):  # as under @hydra.main
        rows = json.loads(config_diff_input(cfg)["config_diff.json"])
        assert GlobalHydra.instance().is_initialized()
    changed = {r["key"]: (r["default"], r["value"]) for r in rows}
    assert changed["model.name"] == ("logreg", "complement_nb") and changed["seed"] == ("42", "7")
    assert not any(key.startswith("paths.") for key in changed)  # tmp_path folders are not a difference
    # The composed defaults are kept on disk, so that a run served from the cache does not compose again.
    assert len(list((tmp_path / "cache" / "config_defaults").glob("*.json"))) == 1
    assert json.loads(config_diff_input(cfg)["config_diff.json"]) == rows


def test_annotator_agreement_and_unusable_gold_rows_are_in_the_report():
    inputs = artifacts(METRICS)
    inputs.tables["gold_agreement"] = pd.DataFrame([{"task": "stance", "statistic": "cohen", "kappa": 0.25,
                                                     "observed_agreement": 0.5, "n_items": 8, "n_annotators": 2,
                                                     "n_ratings": 16}])
    inputs.tables["gold_rejects"] = pd.DataFrame({"file": ["g.csv"] * 12, "row": list(range(1, 13)), "reason": "bad_label",
                                                  "detail": ["stance='SOMETIMES' is not in ['FAVOR', 'AGAINST', 'NONE']"] * 11
                                                  + ["a | pipe\nand a line break"]})
    out = run_report(CFG, inputs)
    markdown, html = out.files["report.md"].decode(), out.files["report.html"].decode()
    assert "| stance | cohen | 0.250 | 0.500 | 8 | 2 |" in markdown
    assert "12 gold rows could not be used" in markdown and "| g.csv | 10 | bad_label |" in markdown
    assert "| g.csv | 11 |" not in markdown and "2 more" in markdown  # the first ten, then a count
    inputs.tables["gold_rejects"] = inputs.tables["gold_rejects"].iloc[[0, 11]].assign(row=[-1, 12])
    markdown = run_report(CFG, inputs).files["report.md"].decode()
    assert "| g.csv | - | bad_label |" in markdown  # a file that could not be read has no row
    assert "| g.csv | 12 | bad_label | a \\| pipe and a line break |" in markdown
    assert "<h3>Gold labels</h3>" in html and "<td class=\"num\">0.250</td>" in html and "&#39;SOMETIMES&#39;" in html
    inputs.tables["gold_unmatched"] = pd.DataFrame({"file": ["g.csv"], "sentence_id": [""], "named_sentence_id": ["zz-0003"],
                                                    "article_id": ["zz"],
                                                    "text": ["A sentence since cut | edited."], "stance": ["NONE"]})
    markdown = run_report(CFG, inputs).files["report.md"].decode()
    assert "1 gold rows match no sentence" in markdown and "| g.csv | zz-0003 | A sentence since cut \\| edited. |" in markdown
    plain = run_report(CFG, artifacts(METRICS)).files["report.md"].decode()
    assert "Gold labels" not in plain  # nothing to say when no sentence was labelled twice and no row was refused


def test_text_from_the_corpus_is_escaped_in_the_html_report():
    inputs = artifacts(METRICS)
    inputs.tables["articles"].loc[0, "title"] = "Talks <script>alert(1)</script> & 'hope'"
    html = run_report(CFG, inputs).files["report.html"].decode()
    assert "<script>alert" not in html
    assert "Talks &lt;script&gt;alert(1)&lt;/script&gt; &amp; &#39;hope&#39;" in html
