"""A run folder used twice: the earlier run's outputs move to previous/<n>/, never read as the new run's."""
import subprocess
import sys

from pipeline.app import run_pipeline
from tests.conftest import compose_config


def test_a_second_run_in_the_same_folder_sets_the_first_aside_and_keeps_other_files(tmp_path):
    run = tmp_path / "run"
    run_pipeline(compose_config(["corpus.max_articles=4", "eval.n_splits=2", "model=complement_nb"], tmp_path))
    first_metrics = (run / "metrics.json").read_bytes()
    (run / "notes.txt").write_text("my notes on this run\n", encoding="utf-8")  # not the run's: stays

    run_pipeline(compose_config(["corpus.max_articles=2", "stages=[ingest,segment]"], tmp_path))
    assert not (run / "metrics.json").exists() and not (run / "report.html").exists()
    assert not (run / "models" / "stance.skops").exists()
    earlier = run / "previous" / "1"
    assert (earlier / "metrics.json").read_bytes() == first_metrics
    assert (earlier / "plots" / "confusion_stance_end_model.png").is_file() and (earlier / "manifest.json").is_file()
    assert (run / "notes.txt").read_text(encoding="utf-8") == "my notes on this run\n"
    assert sorted(p.name for p in (run / "stages").glob("*.json")) == ["ingest.json", "segment.json"]

    run_pipeline(compose_config(["corpus.max_articles=2", "stages=[ingest]"], tmp_path))
    assert (run / "previous" / "2" / "sentences.parquet").is_file() and (earlier / "metrics.json").is_file()


def test_the_gate_never_passes_on_an_earlier_runs_metrics(tmp_path):
    run = tmp_path / "run"
    common = [f"hydra.run.dir={run}", f"paths.cache_dir={tmp_path / 'cache'}", "corpus.max_articles=4",
              "eval.n_splits=2", "model=complement_nb"]
    first = subprocess.run([sys.executable, "-m", "pipeline", *common], capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    result = subprocess.run([sys.executable, "-m", "pipeline", "experiment=ci", "stages=[ingest,segment]",
                             "gate.floors.stance.end_model.macro_f1=0.0", *common],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert f"error: the gate needs {run / 'metrics.json'}" in result.stderr
    assert "gates: all" not in result.stdout


def test_a_folder_without_the_runners_records_is_left_alone(tmp_path):
    from pipeline.run_folder import set_aside_earlier_run

    run = tmp_path / "mine"
    (run / "stages").mkdir(parents=True)
    (run / "manifest.json").write_text('{"mine": true}')
    (run / "stages" / "build.json").write_text('{"outputs": {"files/x": {"sha256": "0"}}, "key": "k"}')  # no stage of ours
    (run / "stages" / "ingest.json").write_text('{"outputs": ["a"]}')  # the name of a stage, not a record
    assert set_aside_earlier_run(run, ["ingest", "segment"]) is None
    assert sorted(p.name for p in run.rglob("*")) == ["build.json", "ingest.json", "manifest.json", "stages"]


def test_a_record_naming_a_path_outside_the_folder_moves_nothing(tmp_path):
    from pipeline.run_folder import set_aside_earlier_run

    run = tmp_path / "run"
    (run / "stages").mkdir(parents=True)
    (tmp_path / "outside.txt").write_text("not the run's")
    (run / "stages" / "ingest.json").write_text(
        '{"key": "k", "outputs": {"files/../outside.txt": {"sha256": "0"}}}')
    moved = set_aside_earlier_run(run, ["ingest"])  # the record itself is the run's; the path it names is not
    assert sorted(p.relative_to(moved).as_posix() for p in moved.rglob("*")) == ["stages", "stages/ingest.json"]
    assert (tmp_path / "outside.txt").read_text() == "not the run's"


def test_a_file_the_new_run_would_read_from_the_earlier_runs_outputs_stops_it_with_one_line(tmp_path):
    import pytest

    from pipeline.run_folder import RunFolderError

    run = tmp_path / "run"
    run_pipeline(compose_config(["corpus.max_articles=4", "eval.n_splits=2", "model=complement_nb"], tmp_path))
    metrics = (run / "metrics.json").read_bytes()
    # The gate would compare this run with the baseline it had just overwritten: itself.
    with pytest.raises(RunFolderError, match=r"gate.baseline=.*metrics.json is an earlier run's output"):
        run_pipeline(compose_config(["experiment=ci", f"gate.baseline={run / 'metrics.json'}", "corpus.max_articles=4",
                                     "eval.n_splits=2", "model=complement_nb"], tmp_path))
    with pytest.raises(RunFolderError, match="predict.model_path="):
        run_pipeline(compose_config(["stages=[predict]", f"predict.model_path={run / 'models' / 'stance.skops'}"],
                                    tmp_path))
    assert (run / "metrics.json").read_bytes() == metrics and not (run / "previous").exists()  # nothing moved


def test_a_corpus_folder_that_holds_the_run_folder_does_not_stop_the_set_aside(tmp_path):
    from pipeline.run_folder import set_aside_earlier_run

    run = tmp_path / "corpus" / "runs" / "r1"
    (run / "stages").mkdir(parents=True)
    (run / "metrics.json").write_text("{}")
    (run / "plots").mkdir()
    (run / "plots" / "a.png").write_bytes(b"png")
    (run / "stages" / "evaluate.json").write_text(
        '{"key": "k", "outputs": {"files/metrics.json": {"sha256": "0"}, "files/../../x": {"sha256": "0"}, '
        '"files/plots/a.png": {"sha256": "0"}}}')
    moved = set_aside_earlier_run(run, ["evaluate"], {"corpus.path": tmp_path / "corpus", "labeler.gold_dir": run})
    assert moved == run / "previous" / "1" and (moved / "metrics.json").is_file() and (moved / "plots" / "a.png").is_file()
