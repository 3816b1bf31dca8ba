"""Optional MLflow logging to a local file store: flattened config as params, metrics, artifacts."""
import json

import pytest

from tests.conftest import compose_config

mlflow = pytest.importorskip("mlflow")


@pytest.fixture
def finished_run(tmp_path):
    run_dir = tmp_path / "run"
    (run_dir / "plots").mkdir(parents=True)
    (run_dir / "metrics.json").write_text(json.dumps({"stance": {"end_model": {"macro_f1": 0.5, "n": 10,
                                                                               "per_class": {"FAVOR": {"f1": 0.25}}}}}))
    (run_dir / "report.html").write_text("<html>report</html>")
    (run_dir / "plots" / "confusion.png").write_bytes(b"\x89PNG fake")
    return run_dir


def test_log_run_writes_params_metrics_and_artifacts_to_a_local_store(tmp_path, finished_run):
    from mlflow.tracking import MlflowClient

    from pipeline.tracking.mlflow_log import log_run

    store = tmp_path / "store"
    cfg = compose_config(["tracking=mlflow", f"tracking.tracking_uri={store}", "model=complement_nb", "name=tracked"], tmp_path)
    info = log_run(cfg, finished_run, {"git": {"commit": "abc", "dirty": False}})
    client = MlflowClient(tracking_uri=info["tracking_uri"])
    run = client.get_run(info["run_id"])
    assert info["tracking_uri"].startswith("file:") and store.is_dir()
    assert run.info.status == "FINISHED" and run.info.run_name == "tracked"
    assert run.data.params["model.name"] == "complement_nb" and run.data.params["seed"] == "42"
    assert json.loads(run.data.params["stages"])[0] == "ingest"
    assert not any(k.startswith("paths.") for k in run.data.params)
    assert run.data.metrics["stance.end_model.macro_f1"] == 0.5
    assert run.data.metrics["stance.end_model.per_class.FAVOR.f1"] == 0.25
    assert run.data.tags["git.commit"] == "abc"
    artifacts = {a.path for a in client.list_artifacts(info["run_id"])}
    assert {"report.html", "metrics.json", "plots"} <= artifacts
    assert [a.path for a in client.list_artifacts(info["run_id"], "plots")] == ["plots/confusion.png"]


def test_default_store_is_inside_the_run_folder(tmp_path, finished_run):
    from pipeline.tracking.mlflow_log import log_run

    cfg = compose_config(["tracking=mlflow", "tracking.log_artifacts=false"], tmp_path)
    info = log_run(cfg, finished_run, {})
    assert (finished_run / "mlruns").is_dir() and info["tracking_uri"] == (finished_run / "mlruns").resolve().as_uri()


def test_tracking_is_off_by_default(tmp_path):
    assert compose_config([], tmp_path).tracking.enabled is False


def test_run_pipeline_logs_when_the_flag_is_on(tmp_path):
    from pipeline.app import run_pipeline

    cfg = compose_config(["tracking=mlflow", "stages=[ingest,segment]", "corpus.max_articles=2"], tmp_path)
    outcome = run_pipeline(cfg)
    assert outcome["tracking"]["run_id"] and (tmp_path / "run" / "mlruns").is_dir()
    off = run_pipeline(compose_config(["stages=[ingest]", "corpus.max_articles=2"], tmp_path / "off"))
    assert off["tracking"] is None and not (tmp_path / "off" / "run" / "mlruns").exists()
