"""Comparing runs: leaderboard.csv/.md, comparison plot, config differences; the sweep callback and the CLI."""
import json
import subprocess
import sys

import pandas as pd
import pytest

from pipeline.compare.write import write_comparison


def fake_run(folder, model, c, stance_f1, overrides, ci=None):
    folder.mkdir(parents=True)
    end = {"n": 50, "accuracy": 0.6, "macro_f1": stance_f1, "f_avg": stance_f1 - 0.1}
    if ci:
        end["macro_f1_ci"] = ci
    metrics = {"stance": {"majority": {"n": 50, "accuracy": 0.4, "macro_f1": 0.2, "f_avg": 0.0}, "end_model": end},
               "sentiment": {"majority": {"n": 50, "accuracy": 0.4, "macro_f1": 0.19},
                             "end_model": {"n": 50, "accuracy": 0.5, "macro_f1": 0.45}}}
    config = {"name": folder.name, "seed": 42, "model": {"name": model, "C": c}, "paths": {"output_dir": str(folder)},
              # A config key that ends like a metric name must not be taken for one.
              "gate": {"floors": {"stance": {"end_model": {"macro_f1": stance_f1 / 2}}}}}
    (folder / "metrics.json").write_text(json.dumps(metrics))
    (folder / "manifest.json").write_text(json.dumps({"config": config, "command": {"overrides": overrides}}))
    return folder


@pytest.fixture
def runs(tmp_path):
    return [
        fake_run(tmp_path / "sweep" / "0", "logreg", 4.0, 0.40, ["model=logreg", "seed=42"], ci=[0.30, 0.50]),
        fake_run(tmp_path / "sweep" / "1", "linear_svc", 1.0, 0.55, ["model=linear_svc", "seed=42"], ci=[0.45, 0.65]),
        fake_run(tmp_path / "sweep" / "2", "complement_nb", None, 0.47, ["model=complement_nb", "seed=42"]),
    ]


def test_leaderboard_ranks_runs_by_the_primary_metric_and_names_them_by_what_differs(runs, tmp_path):
    result = write_comparison(runs, tmp_path / "out")
    table = pd.read_csv(tmp_path / "out" / "leaderboard.csv")
    assert list(table["label"]) == ["model=linear_svc", "model=complement_nb", "model=logreg"]
    assert list(table["rank"]) == [1, 2, 3]
    assert list(table["stance.end_model.macro_f1"]) == [0.55, 0.47, 0.40]
    assert table.loc[0, "stance.end_model.macro_f1.low"] == 0.45 and pd.isna(table.loc[1, "stance.end_model.macro_f1.low"])
    assert {"config.model.name", "config.model.C"} <= set(table.columns) and "config.name" not in table.columns
    markdown = (tmp_path / "out" / "leaderboard.md").read_text()
    assert "| 1 | 1 | model=linear_svc | 50 | 0.200 |" in markdown and "0.550 [0.45, 0.65]" in markdown
    assert "Not like for like" not in markdown  # all three scored on the same 50 gold sentences
    assert "| `model.name` | logreg | linear_svc | complement_nb |" in markdown
    assert result["keys"] == ["gate.floors.stance.end_model.macro_f1", "model.C", "model.name"]


def test_comparison_plot_is_a_reproducible_png(runs, tmp_path):
    write_comparison(runs, tmp_path / "a")
    write_comparison(runs, tmp_path / "b")
    png = (tmp_path / "a" / "comparison.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png == (tmp_path / "b" / "comparison.png").read_bytes()


def test_a_run_without_metrics_is_listed_last_and_unranked(runs, tmp_path):
    broken = tmp_path / "sweep" / "3"
    broken.mkdir()
    write_comparison([*runs, broken], tmp_path / "out")
    table = pd.read_csv(tmp_path / "out" / "leaderboard.csv")
    assert table["run"].iloc[-1] == str(broken) and pd.isna(table["rank"].iloc[-1])
    assert "no metrics.json" in table["status"].iloc[-1]


def test_unknown_primary_metric_names_the_available_ones(runs, tmp_path):
    with pytest.raises(ValueError, match="stance.end_model.macro_f1"):
        write_comparison(runs, tmp_path / "out", primary="stance.end_model.auc")


def run_compare(*args, cwd):
    return subprocess.run([sys.executable, "-m", "pipeline.compare", *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_cli_compares_a_sweep_folder_and_prints_the_config_differences(runs, tmp_path):
    result = run_compare(str(tmp_path / "sweep"), "--out", str(tmp_path / "cmp"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "## How the configs differ" in result.stdout and "`model.name`" in result.stdout
    assert {p.name for p in (tmp_path / "cmp").iterdir()} == {"leaderboard.csv", "leaderboard.md", "comparison.png"}


def test_cli_errors_are_one_line(tmp_path):
    missing = run_compare(str(tmp_path / "nope"), cwd=tmp_path)
    assert missing.returncode == 2 and missing.stderr.strip() == f"error: not a folder: {tmp_path / 'nope'}"
    (tmp_path / "empty_run").mkdir()
    empty = run_compare(str(tmp_path / "empty_run"), cwd=tmp_path)
    assert empty.returncode == 1 and "no run to compare has a metrics.json" in empty.stderr and "Traceback" not in empty.stderr


def test_the_configured_hydra_callback_writes_the_leaderboard_into_the_sweep_folder(runs, tmp_path):
    """Instantiate the callbacks from the composed hydra config, the way Hydra does at the end of a -m run."""
    from hydra import compose, initialize_config_dir
    from hydra._internal.callbacks import Callbacks

    from pipeline.cli import CONFIG_DIR

    sweep = tmp_path / "sweep"
    with initialize_config_dir(config_dir=CONFIG_DIR, version_base="1.3"):
        cfg = compose(config_name="config", overrides=[f"hydra.sweep.dir={sweep}"], return_hydra_config=True)
    Callbacks(cfg).on_multirun_end(config=cfg)
    table = pd.read_csv(sweep / "leaderboard.csv")
    assert list(table["label"])[0] == "model=linear_svc" and (sweep / "comparison.png").is_file()


def test_runs_scored_on_different_gold_sets_are_flagged_and_a_run_without_overrides_is_named_so(tmp_path):
    runs = [fake_run(tmp_path / "a", "logreg", 4.0, 0.40, []),
            fake_run(tmp_path / "b", "linear_svc", 1.0, 0.55, ["model=linear_svc"])]
    metrics = json.loads((runs[1] / "metrics.json").read_text())
    metrics["stance"]["end_model"]["n"] = 12
    (runs[1] / "metrics.json").write_text(json.dumps(metrics))
    markdown = write_comparison(runs, tmp_path / "out")["markdown"]
    assert "| 1 | b | model=linear_svc | 12 |" in markdown
    assert "| 2 | a | (none: the shared settings) | 50 |" in markdown
    assert "scored on different numbers of gold sentences (n = 12, 50)" in markdown


def test_a_failing_sweep_job_does_not_stop_the_others_and_is_listed_and_the_sweep_exits_1(tmp_path):
    sweep = tmp_path / "sweep"
    result = subprocess.run([sys.executable, "-m", "pipeline", "-m", "corpus.max_articles=-1,4", "eval.n_splits=2",
                             "model=complement_nb", f"hydra.sweep.dir={sweep}", f"paths.cache_dir={tmp_path / 'cache'}"],
                            capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert result.returncode == 1
    assert (sweep / "1" / "metrics.json").is_file()  # the job after the failed one ran
    assert (sweep / "0" / "failed.txt").read_text().startswith("corpus.max_articles=-1: 1 or more")
    board = (sweep / "leaderboard.md").read_text()
    assert "| 1 | 1 | corpus.max_articles=4 |" in board and "| - | 0 (failed: corpus.max_articles=-1" in board
    assert "error: 1 job(s) failed: 0: corpus.max_articles=-1" in result.stderr
    assert "Traceback" not in result.stderr


def test_two_sweeps_compared_name_their_jobs_by_sweep_and_force_is_no_difference(tmp_path):
    runs = [fake_run(tmp_path / "sweep_a" / "0", "logreg", 4.0, 0.40, ["model=logreg"]),
            fake_run(tmp_path / "sweep_b" / "0", "linear_svc", 1.0, 0.55, ["model=linear_svc", "force=true"])]
    config = json.loads((runs[1] / "manifest.json").read_text())
    config["config"]["force"] = True
    (runs[1] / "manifest.json").write_text(json.dumps(config))
    result = write_comparison(runs, tmp_path / "out")
    assert "| 1 | sweep_b/0 | model=linear_svc | 50 |" in result["markdown"]
    assert "| key | sweep_a/0 | sweep_b/0 |" in result["markdown"]
    assert "force" not in result["keys"] and "force" not in result["markdown"]


def test_the_sweep_verdict_does_not_depend_on_the_leaderboard(tmp_path, capsys):
    from omegaconf import OmegaConf

    from pipeline.compare.callback import LeaderboardCallback

    sweep = tmp_path / "sweep"
    (sweep / "job" / "0").mkdir(parents=True)  # hydra.sweep.subdir=job/N: not a folder the leaderboard lists
    (sweep / "job" / "0" / "failed.txt").write_text("StageError: the corpus is empty\n")
    with pytest.raises(SystemExit) as stop:
        LeaderboardCallback().on_multirun_end(OmegaConf.create({"hydra": {"sweep": {"dir": str(sweep)}}}))
    assert stop.value.code == 1
    assert "1 job(s) failed: job/0: StageError: the corpus is empty" in capsys.readouterr().err
    (sweep / "job" / "0" / "failed.txt").unlink()
    LeaderboardCallback().on_multirun_end(OmegaConf.create({"hydra": {"sweep": {"dir": str(sweep)}}}))  # no failure


# Which way is better: calibration errors and losses rank lowest first, and every output says so.

@pytest.mark.parametrize("metric, lower", [
    ("stance.end_model.ece", True), ("brier", True), ("brier_score", True), ("log_loss", True), ("val_loss", True),
    ("calibration_error", True), ("stance.end_model.rmse", True),
    ("stance.end_model.macro_f1", False), ("f_avg", False), ("kappa", False), ("accuracy", False),
    ("stance.label_model.coverage", False), ("precision", False), ("stance.end_model.per_class.AGAINST.f1", False),
])
def test_the_direction_is_inferred_from_the_metric_s_last_key(metric, lower):
    from pipeline.evaluation.direction import infer_lower_is_better, resolve_lower_is_better

    assert infer_lower_is_better(metric) is lower
    assert resolve_lower_is_better(metric, not lower) is (not lower)  # an explicit choice wins


def with_ece(folder, ece):
    """metrics.json has `ece` for the end models (evaluation writes it beside the scores)."""
    metrics = json.loads((folder / "metrics.json").read_text())
    metrics["stance"]["end_model"]["ece"] = ece
    metrics["sentiment"]["end_model"]["ece"] = ece / 2
    (folder / "metrics.json").write_text(json.dumps(metrics))
    return folder


@pytest.fixture
def calibrated_runs(runs):
    # The best macro-F1 (run 1, 0.55) is the worst calibrated: ranking by ece must put it last.
    return [with_ece(folder, ece) for folder, ece in zip(runs, (0.05, 0.20, 0.10))]


def test_a_lower_is_better_metric_ranks_the_lowest_first_and_says_so(calibrated_runs, tmp_path):
    result = write_comparison(calibrated_runs, tmp_path / "out", primary="stance.end_model.ece")
    table = pd.read_csv(tmp_path / "out" / "leaderboard.csv")
    assert list(table["stance.end_model.ece"]) == [0.05, 0.10, 0.20] and list(table["rank"]) == [1, 2, 3]
    assert list(table["sentiment.end_model.ece"]) == [0.025, 0.05, 0.10]  # the metric in every task that has it
    assert result["lower_is_better"] is True
    markdown = result["markdown"]
    assert "Ranked by `stance.end_model.ece`, lower is better (best first)" in markdown
    assert "| stance.end_model.ece ↓ |" in markdown and "| 1 | 0 | model=logreg | 50 |" in markdown
    assert markdown.splitlines()[6].endswith("| 0.050 |")  # the ranking metric is shown, not only used


def test_an_explicit_direction_overrides_the_name(calibrated_runs, tmp_path):
    higher = write_comparison(calibrated_runs, tmp_path / "out", primary="stance.end_model.ece", lower_is_better=False)
    assert list(higher["table"]["stance.end_model.ece"]) == [0.20, 0.10, 0.05]
    assert "higher is better" in higher["markdown"] and "stance.end_model.ece ↑" in higher["markdown"]
    lower = write_comparison(calibrated_runs, tmp_path / "out", primary="stance.end_model.macro_f1", lower_is_better=True)
    assert list(lower["table"]["stance.end_model.macro_f1"]) == [0.40, 0.47, 0.55]


def test_the_default_ranking_says_higher_is_better(runs, tmp_path):
    markdown = write_comparison(runs, tmp_path / "out")["markdown"]
    assert "Ranked by `stance.end_model.macro_f1`, higher is better (best first)" in markdown
    assert "| stance.end_model.macro_f1 ↑ |" in markdown


def test_a_run_without_the_lower_is_better_metric_is_last_and_unranked(calibrated_runs, tmp_path):
    metrics = json.loads((calibrated_runs[0] / "metrics.json").read_text())
    del metrics["stance"]["end_model"]["ece"]
    (calibrated_runs[0] / "metrics.json").write_text(json.dumps(metrics))
    table = write_comparison(calibrated_runs, tmp_path / "out", primary="stance.end_model.ece")["table"]
    assert list(table["run"]) == [str(calibrated_runs[2]), str(calibrated_runs[1]), str(calibrated_runs[0])]
    assert list(table["rank"])[:2] == [1, 2] and pd.isna(table["rank"].iloc[-1])


def test_the_comparison_plot_shows_the_ranking_metric_its_direction_and_the_best_run_on_top(calibrated_runs, tmp_path):
    import matplotlib.pyplot as plt

    from pipeline.compare.plot import draw_comparison

    table = write_comparison(calibrated_runs, tmp_path / "out", primary="stance.end_model.ece")["table"]
    fig, ax = plt.subplots()
    draw_comparison(ax, table, "stance.end_model.ece", lower_is_better=True)
    assert "lower is better" in ax.get_title() and "↓ lower is better" in ax.get_xlabel()
    assert ax.get_xlabel().startswith("ECE")
    ticks = sorted(ax.get_yticklabels(), key=lambda t: ax.transData.transform(t.get_position())[1], reverse=True)
    assert ticks[0].get_text() == "model=logreg"  # the best calibrated run is drawn highest
    assert {t.get_text() for t in ax.get_legend().get_texts()} == {"stance: end model", "sentiment: end model"}
    plt.close(fig)
    png = (tmp_path / "out" / "comparison.png").read_bytes()
    write_comparison(calibrated_runs, tmp_path / "higher", primary="stance.end_model.ece", lower_is_better=False)
    assert png != (tmp_path / "higher" / "comparison.png").read_bytes()


def test_cli_takes_a_direction_flag_and_refuses_both(calibrated_runs, tmp_path):
    inferred = run_compare(str(tmp_path / "sweep"), "--out", str(tmp_path / "a"), "--primary", "stance.end_model.ece",
                           cwd=tmp_path)
    assert inferred.returncode == 0, inferred.stderr
    assert pd.read_csv(tmp_path / "a" / "leaderboard.csv")["label"].iloc[0] == "model=logreg"
    forced = run_compare(str(tmp_path / "sweep"), "--out", str(tmp_path / "b"), "--primary", "stance.end_model.ece",
                         "--higher-is-better", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert pd.read_csv(tmp_path / "b" / "leaderboard.csv")["label"].iloc[0] == "model=linear_svc"
    assert "higher is better" in forced.stdout
    both = run_compare(str(tmp_path / "sweep"), "--lower-is-better", "--higher-is-better", cwd=tmp_path)
    assert both.returncode == 2 and "not allowed with argument" in both.stderr


@pytest.mark.parametrize("override, best", [([], "model=logreg"),
                                            (["hydra.callbacks.leaderboard.lower_is_better=false"], "model=linear_svc")])
def test_the_hydra_callback_takes_the_direction_from_its_config(calibrated_runs, tmp_path, override, best):
    from hydra import compose, initialize_config_dir
    from hydra._internal.callbacks import Callbacks

    from pipeline.cli import CONFIG_DIR

    sweep = tmp_path / "sweep"
    with initialize_config_dir(config_dir=CONFIG_DIR, version_base="1.3"):
        cfg = compose(config_name="config", return_hydra_config=True, overrides=[
            f"hydra.sweep.dir={sweep}", "hydra.callbacks.leaderboard.primary_metric=stance.end_model.ece", *override])
    Callbacks(cfg).on_multirun_end(config=cfg)
    assert pd.read_csv(sweep / "leaderboard.csv")["label"].iloc[0] == best


def test_an_unknown_primary_lists_every_metric_the_runs_have(calibrated_runs, tmp_path):
    with pytest.raises(ValueError, match=r"'stance.end_model.ece'") as err:
        write_comparison(calibrated_runs, tmp_path / "out", primary="stance.end_model.eec")
    assert "stance.end_model.n'" not in str(err.value)  # a count, not a metric


# A job that breached a CI gate finished: ranked with its metrics, flagged; a job with an error is not.

def record_gate(folder, failed_gates=(), verdict_in_failed_txt=True):
    """What a run with the gate on leaves: the gate's results in manifest.json and, in a sweep, the breach
    verdict (the last line the gate prints) as failed.txt."""
    from pipeline.gate.run import breach_verdict

    manifest = json.loads((folder / "manifest.json").read_text())
    results = [{"kind": kind, "metric": metric, "passed": False} for kind, metric in failed_gates]
    results.append({"kind": "floor", "metric": "sentiment.end_model.macro_f1", "passed": True})
    manifest["gate"] = {"passed": not failed_gates, "results": results}
    (folder / "manifest.json").write_text(json.dumps(manifest))
    if failed_gates and verdict_in_failed_txt:
        (folder / "failed.txt").write_text(breach_verdict(len(failed_gates), len(results), folder / "gates.xml") + "\n")
    return folder


def test_a_job_that_failed_a_gate_is_ranked_by_its_metrics_and_flagged(runs, tmp_path):
    record_gate(runs[1], [("floor", "stance.end_model.macro_f1"), ("max_drop", "stance.end_model.f_avg")])
    record_gate(runs[0])
    record_gate(runs[2])
    result = write_comparison(runs, tmp_path / "out")
    table = pd.read_csv(tmp_path / "out" / "leaderboard.csv")
    assert list(table["label"]) == ["model=linear_svc", "model=complement_nb", "model=logreg"]
    assert list(table["rank"]) == [1, 2, 3] and list(table["status"]) == ["ok", "ok", "ok"]
    assert list(table["gate"]) == ["FAILED: floor stance.end_model.macro_f1, max_drop stance.end_model.f_avg", "pass", "pass"]
    assert "| rank | run | differs by | n | gate |" in result["markdown"]
    assert "| 1 | 1 | model=linear_svc | 50 | FAILED: floor stance.end_model.macro_f1, max_drop stance.end_model.f_avg |" \
        in result["markdown"]


def test_an_error_after_metrics_json_stays_a_failed_unranked_row(runs, tmp_path):
    # e.g. MLflow logging failed after evaluate (and after a gate): an error, whatever the gate said.
    (record_gate(runs[1], [("floor", "stance.end_model.macro_f1")], verdict_in_failed_txt=False)
     / "failed.txt").write_text("OSError: the MLflow store is read-only\n")
    table = write_comparison(runs, tmp_path / "out")["table"]
    assert table["run"].iloc[-1] == str(runs[1]) and pd.isna(table["rank"].iloc[-1])
    assert table["status"].iloc[-1] == "failed: OSError: the MLflow store is read-only"
    assert "gate" not in write_comparison(runs[:1], tmp_path / "one")["markdown"]  # no gate ran: no gate column


def test_the_gate_s_own_breach_line_is_what_the_leaderboard_recognises(tmp_path):
    from pipeline.gate.checks import evaluate_gates
    from pipeline.gate.run import is_breach_verdict, summary_lines

    results = evaluate_gates({"stance": {"end_model": {"macro_f1": 0.5}}}, {"stance": {"end_model": {"macro_f1": 0.9}}}, {}, None)
    lines, passed = summary_lines(results, tmp_path, None)
    assert not passed and is_breach_verdict(lines[-1])
    assert not is_breach_verdict("StageError: gates: 1 of 2 failed (JUnit: x) was not expected")


def test_a_sweep_job_that_breaches_a_gate_is_ranked_and_flagged_and_the_sweep_exits_1(tmp_path):
    sweep = tmp_path / "sweep"
    result = subprocess.run([sys.executable, "-m", "pipeline", "-m", "gate.enabled=true",
                             "+gate.floors.stance.end_model.macro_f1=0.0,0.99", "corpus.max_articles=4", "eval.n_splits=2",
                             "model=complement_nb", f"hydra.sweep.dir={sweep}", f"paths.cache_dir={tmp_path / 'cache'}"],
                            capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert result.returncode == 1, result.stderr
    assert "error: 1 job(s) failed: 1: gates: 1 of 1 failed" in result.stderr and "Traceback" not in result.stderr
    table = pd.read_csv(sweep / "leaderboard.csv").set_index("label")
    breached = table.loc["+gate.floors.stance.end_model.macro_f1=0.99"]
    assert breached["status"] == "ok" and breached["rank"] in (1, 2)
    assert breached["gate"] == "FAILED: floor stance.end_model.macro_f1"
    assert table.loc["+gate.floors.stance.end_model.macro_f1=0.0", "gate"] == "pass"
    assert sorted(table["rank"]) == [1, 2]
    assert "FAILED: floor stance.end_model.macro_f1" in (sweep / "leaderboard.md").read_text()
