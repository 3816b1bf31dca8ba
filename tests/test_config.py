from pathlib import Path

import pytest
from hydra.errors import ConfigCompositionException
from omegaconf.errors import ConfigKeyError, ValidationError

from pipeline.cli import CONFIG_DIR
from tests.conftest import compose_config

GROUPS = ["corpus", "target", "ingest", "segment", "labeler", "features", "model", "eval", "report", "experiment"]


def options(group: str) -> list[str]:
    return sorted(p.stem for p in (Path(CONFIG_DIR) / group).glob("*.yaml"))


@pytest.mark.parametrize("group,option", [(g, o) for g in GROUPS for o in options(g)])
def test_every_option_composes_and_resolves(group, option, tmp_path):
    overrides = [f"{group}={option}"]
    if group == "corpus" and option == "text_dir":
        overrides.append(f"corpus.path={tmp_path}")
    cfg = compose_config(overrides, tmp_path)
    assert cfg[group if group != "experiment" else "name"] is not None
    # Interpolations resolve (outside the hydra: namespace, which tmp_path replaced).
    from omegaconf import OmegaConf

    OmegaConf.to_container(cfg, resolve=True)


@pytest.mark.parametrize("model", ["logreg", "linear_svc", "complement_nb"])
def test_every_model_and_feature_set_instantiates(model, tmp_path):
    from pipeline.models.build import build_classifier

    cfg = compose_config([f"model={model}"], tmp_path)
    clf = build_classifier(cfg.features, cfg.model)
    texts = ["talks resume in doha", "attack derails talks", "the weather is mild"] * 4
    clf.fit(texts, ["FAVOR", "AGAINST", "NONE"] * 4)
    assert set(clf.predict(texts)) <= {"FAVOR", "AGAINST", "NONE"}


def test_misspelt_key_fails_at_composition_naming_the_key(tmp_path):
    with pytest.raises((ConfigCompositionException, ConfigKeyError)) as err:
        compose_config(["corpus.pth=/data"], tmp_path)
    assert "pth" in str(err.value) + str(err.value.__cause__)


def test_misspelt_option_fails_listing_the_choices(tmp_path):
    with pytest.raises(Exception) as err:
        compose_config(["model=logregg"], tmp_path)
    message = str(err.value)
    assert "logregg" in message and "logreg" in message.replace("logregg", "")


def test_wrong_type_fails_against_the_schema(tmp_path):
    with pytest.raises((ConfigCompositionException, ValidationError)) as err:
        compose_config(["seed=forty-two"], tmp_path)
    assert "seed" in str(err.value) + str(err.value.__cause__)


def test_cache_and_output_paths_follow_the_paths_group(tmp_path):
    cfg = compose_config([], tmp_path)
    assert cfg.paths.cache_dir == str(tmp_path / "cache")
    assert cfg.corpus.path.endswith("data/corpus")


def test_an_experiment_overrides_the_primary_config(tmp_path):
    assert compose_config([], tmp_path).name == "default"
    assert compose_config(["experiment=baseline"], tmp_path).name == "baseline"


def test_values_the_types_allow_but_no_stage_can_use_fail_before_any_stage_with_every_problem_named(tmp_path):
    from pipeline.app import run_pipeline

    cfg = compose_config(["eval.n_splits=1", "eval.n_bootstrap=-5", "model.min_weak_conf=1.5",
                          "eval.tasks=[stance,sentimnt]", "segment.max_chars=50", "corpus.max_articles=-1"], tmp_path)
    with pytest.raises(ValueError) as err:
        run_pipeline(cfg)
    message = str(err.value)
    for part in ("eval.n_splits=1", "eval.n_bootstrap=-5", "model.min_weak_conf=1.5", "unknown ['sentimnt']",
                 "segment.max_chars=50", "corpus.max_articles=-1"):
        assert part in message
    assert not (tmp_path / "run").exists()  # nothing ran
    temporal = compose_config(["eval.split=temporal", "eval.split_date=notadate"], tmp_path)
    with pytest.raises(ValueError, match="eval.split_date='notadate' is not a date"):
        run_pipeline(temporal)


def test_an_mlflow_server_uri_is_refused_before_the_run_since_nothing_may_reach_the_network(tmp_path):
    from pipeline.config.checks import config_problems

    remote = compose_config(["tracking=mlflow", "tracking.tracking_uri=http://127.0.0.1:5000"], tmp_path)
    assert any("tracking.tracking_uri=http://127.0.0.1:5000: a folder" in p for p in config_problems(remote))
    for local in (f"{tmp_path / 'mlruns'}", f"file://{tmp_path / 'mlruns'}", f"sqlite:///{tmp_path / 'm.db'}"):
        assert config_problems(compose_config(["tracking=mlflow", f"tracking.tracking_uri={local}"], tmp_path)) == []
