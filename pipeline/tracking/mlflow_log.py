"""Log a finished run to MLflow: the flattened config as params, metrics.json as metrics, files as artifacts.

Imported only when `tracking.enabled=true` (mlflow takes a second or two to import). The store is a
local folder: nothing leaves the machine, and telemetry is switched off before mlflow is imported.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

from omegaconf import DictConfig

from pipeline.compare.config_diff import flatten, resolved
from pipeline.evaluation.summary import flatten_metrics

ARTIFACT_FILES = ("report.html", "report.md", "metrics.json", "manifest.json", "gates.xml", "gates.json")
ARTIFACT_DIRS = ("plots",)
MAX_PARAM_VALUE = 6000  # MLflow's limit on a parameter value
BATCH = 100  # MLflow's limit on params per log_batch call


def _client():
    # MLflow 3 refuses the file store unless told it is wanted; a local folder is the point here.
    os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    os.environ.setdefault("DO_NOT_TRACK", "true")
    from mlflow.tracking import MlflowClient

    return MlflowClient


def tracking_uri(cfg: DictConfig, run_dir: Path) -> str:
    uri = cfg.tracking.tracking_uri
    if not uri:
        return (run_dir / "mlruns").resolve().as_uri()
    return uri if "://" in uri or uri.startswith("file:") else Path(uri).resolve().as_uri()


def config_params(cfg: DictConfig) -> dict[str, str]:
    """Every config value as `a.b.c` -> text (lists as JSON), the run folder left out."""
    params = {}
    for key, value in flatten(resolved(cfg)).items():
        if key.startswith("paths."):
            continue
        text = value if isinstance(value, str) else json.dumps(value, default=str)
        params[key] = text[:MAX_PARAM_VALUE]
    return params


def log_run(cfg: DictConfig, run_dir: Path, manifest: dict) -> dict:
    """Create one MLflow run for this pipeline run; returns {tracking_uri, experiment_id, run_id}."""
    from mlflow.entities import Metric, Param, RunTag

    MlflowClient = _client()
    uri = tracking_uri(cfg, run_dir)
    client = MlflowClient(tracking_uri=uri)
    experiment = client.get_experiment_by_name(cfg.tracking.experiment_name)
    experiment_id = experiment.experiment_id if experiment else client.create_experiment(cfg.tracking.experiment_name)
    git = manifest.get("git", {})
    tags = {"run_dir": str(run_dir), "git.commit": str(git.get("commit")), "git.dirty": str(git.get("dirty")),
            "seed": str(cfg.seed)}
    run = client.create_run(experiment_id, run_name=cfg.name, tags=tags)
    run_id = run.info.run_id
    try:
        params = [Param(k, v) for k, v in sorted(config_params(cfg).items())]
        for start in range(0, len(params), BATCH):
            client.log_batch(run_id, params=params[start:start + BATCH])
        metrics_path = run_dir / "metrics.json"
        if metrics_path.exists():
            now = int(time.time() * 1000)
            metrics = [Metric(k, v, now, 0) for k, v in sorted(flatten_metrics(json.loads(metrics_path.read_text())).items())]
            for start in range(0, len(metrics), 1000):
                client.log_batch(run_id, metrics=metrics[start:start + 1000])
        if "gate" in manifest:
            client.log_batch(run_id, tags=[RunTag("gate.passed", str(manifest["gate"]["passed"]))])
        if cfg.tracking.log_artifacts:
            for name in ARTIFACT_FILES:
                if (run_dir / name).is_file():
                    client.log_artifact(run_id, str(run_dir / name))
            for name in ARTIFACT_DIRS:
                if (run_dir / name).is_dir():
                    client.log_artifacts(run_id, str(run_dir / name), artifact_path=name)
    except Exception:
        client.set_terminated(run_id, status="FAILED")
        raise
    client.set_terminated(run_id, status="FINISHED")
    return {"tracking_uri": uri, "experiment_id": experiment_id, "run_id": run_id}
