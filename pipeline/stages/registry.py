"""The stages in run order, declared: what each reads, writes and depends on."""
from __future__ import annotations

from pipeline.config.schema import STAGE_ORDER
from pipeline.stages.base import Stage

STAGES = {
    stage.name: stage
    for stage in (
        Stage(
            name="ingest",
            version="1",
            config_keys=("corpus", "ingest"),
            upstream=(),
            libraries=("pandas", "pyarrow"),
            run="pipeline.stages.ingest:run_ingest",
            external_inputs="pipeline.ingest.readers:read_corpus",
        ),
        Stage(
            name="segment",
            version="1",
            config_keys=("segment", "target"),
            upstream=("ingest",),
            libraries=("pysbd", "pandas"),
            run="pipeline.stages.segment:run_segment",
        ),
        Stage(
            name="label",
            version="1",
            config_keys=("target", "labeler"),
            upstream=("ingest", "segment"),
            libraries=("vaderSentiment", "pandas", "numpy"),
            run="pipeline.stages.label:run_label",
            external_inputs="pipeline.weak.gold_files:read_gold_dir",
        ),
        Stage(
            name="train",
            version="1",
            config_keys=("features", "model", "seed"),
            upstream=("segment", "label"),
            libraries=("scikit-learn", "skops", "numpy", "scipy"),
            run="pipeline.stages.train:run_train",
        ),
        Stage(
            name="evaluate",
            version="1",
            config_keys=("features", "model", "eval", "seed"),
            upstream=("segment", "label", "train"),
            libraries=("scikit-learn", "skops", "numpy", "scipy", "matplotlib"),
            run="pipeline.stages.evaluate:run_evaluate",
        ),
        Stage(
            name="report",
            version="1",
            config_keys=("report", "name", "corpus"),
            upstream=("ingest", "segment", "label", "evaluate"),
            libraries=("jinja2", "pandas"),
            run="pipeline.stages.report:run_report",
        ),
    )
}
assert tuple(STAGES) == STAGE_ORDER, "STAGES must list every stage, in run order"
