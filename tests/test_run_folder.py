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
