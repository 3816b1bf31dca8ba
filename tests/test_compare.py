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
