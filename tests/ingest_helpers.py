"""Run the ingest stage on a folder the way a run does: read the corpus, then the stage function."""
from __future__ import annotations

import json

from pipeline.ingest.readers import read_corpus
from pipeline.stages.base import Artifacts
from pipeline.stages.ingest import run_ingest
from tests.conftest import compose_config

BODY = ("Negotiators from both sides met in Doha on Saturday to resume the talks after a pause. "
        "Officials said the atmosphere was constructive and that progress had been made on the agenda.")
OTHER = ("Fighting continued in several provinces despite the talks, officials in Kabul said on Monday. "
         "The defence ministry said its forces had repelled attacks on checkpoints near Lashkar Gah overnight.")


def ingest_outputs(tmp_path, overrides) -> Artifacts:
    """The stage's whole output: tables articles, rejects, inputs and the file ingest_check.json."""
    cfg = compose_config(overrides, tmp_path)
    raw = read_corpus(cfg)
    return run_ingest(cfg, Artifacts(files={f"external/{k}": v for k, v in raw.items()}))


def ingest_folder(tmp_path, overrides):
    out = ingest_outputs(tmp_path, overrides)
    return out.tables["articles"], out.tables["rejects"], out.tables["inputs"]


def ingest_check(out: Artifacts) -> dict:
    return json.loads(out.files["ingest_check.json"])
