import json

import pandas as pd
import pytest
from omegaconf import OmegaConf

from pipeline.io.zipfiles import normalize_zip
from pipeline.runner import MANIFEST, StageRunner, cache_key
from pipeline.stages.base import Artifacts, Stage

CALLS = []


def produce(cfg, inputs):
    CALLS.append(cfg.toy.factor)
    return Artifacts(tables={"numbers": pd.DataFrame({"x": [1, 2, 3]}).mul(cfg.toy.factor)},
                     files={"notes/readme.txt": b"hello"})


def consume(cfg, inputs):
    return Artifacts(tables={"total": pd.DataFrame({"sum": [int(inputs.tables["numbers"]["x"].sum())]})})


def fail(cfg, inputs):
    raise RuntimeError("boom")


PRODUCER = Stage("producer", "1", ("toy",), (), ("pandas",), "tests.test_runner:produce")
CONSUMER = Stage("consumer", "1", ("toy",), ("producer",), ("pandas",), "tests.test_runner:consume")


def toy_cfg(**toy):
    return OmegaConf.create({"toy": {"factor": 2, "path": "/here", "n_jobs": 1, **toy}})


def test_key_ignores_paths_and_n_jobs_but_not_values():
    base = cache_key(PRODUCER, toy_cfg(), {})
    assert cache_key(PRODUCER, toy_cfg(path="/elsewhere", n_jobs=8), {}) == base
    assert cache_key(PRODUCER, toy_cfg(factor=3), {}) != base
    assert cache_key(PRODUCER, toy_cfg(), {"producer": "other-input"}) != base
    bumped = Stage("producer", "2", ("toy",), (), ("pandas",), PRODUCER.run)
    assert cache_key(bumped, toy_cfg(), {}) != base


def test_the_encoder_libraries_enter_a_features_stage_key_only_when_its_features_use_the_encoder(monkeypatch):
    from pipeline.stages.registry import STAGES
    from tests.conftest import compose_config

    installed = {"torch": "2.13.0+cpu"}
    monkeypatch.setattr("pipeline.runner.version", lambda name: installed.get(name, "1.0"))
    keys = {}
    for features in ("word_char_lexicon", "word_char_lexicon_minilm"):
        cfg = compose_config([f"features={features}"])
        before = cache_key(STAGES["train"], cfg, {})
        installed["torch"] = "2.14.1+cpu"
        keys[features] = before != cache_key(STAGES["train"], cfg, {})
        installed["torch"] = "2.13.0+cpu"
    # Installing or upgrading the extra leaves the default run's cache valid; an embedding run's not.
    assert keys == {"word_char_lexicon": False, "word_char_lexicon_minilm": True}
    assert "torch" in STAGES["predict"].libraries  # its features come in the model file, unseen by the key


def test_second_run_is_a_cache_hit_and_publishes_the_same_outputs(tmp_path):
    CALLS.clear()
    first = StageRunner(tmp_path / "cache", tmp_path / "run1")
    r1 = first.run(PRODUCER, toy_cfg())
    first.run(CONSUMER, toy_cfg())
    second = StageRunner(tmp_path / "cache", tmp_path / "run2")
    r2 = second.run(PRODUCER, toy_cfg())
    c2 = second.run(CONSUMER, toy_cfg())
    assert (r1.cache_hit, r2.cache_hit, c2.cache_hit) == (False, True, True)
    assert CALLS == [2]
    for name in ("numbers.parquet", "total.parquet", "notes/readme.txt"):
        assert (tmp_path / "run1" / name).read_bytes() == (tmp_path / "run2" / name).read_bytes()
    assert pd.read_parquet(tmp_path / "run2" / "total.parquet")["sum"].tolist() == [12]
    assert json.loads((tmp_path / "run2" / "stages" / "producer.json").read_text())["cache_hit"] is True


def test_force_recomputes(tmp_path):
    CALLS.clear()
    StageRunner(tmp_path / "cache", tmp_path / "run1").run(PRODUCER, toy_cfg())
    result = StageRunner(tmp_path / "cache", tmp_path / "run2", force=True).run(PRODUCER, toy_cfg())
    assert not result.cache_hit and CALLS == [2, 2]


def test_an_entry_without_manifest_is_never_read(tmp_path):
    CALLS.clear()
    key = cache_key(PRODUCER, toy_cfg(), {})
    half_written = tmp_path / "cache" / "producer" / key
    half_written.mkdir(parents=True)
    (half_written / "tables").mkdir()
    result = StageRunner(tmp_path / "cache", tmp_path / "run").run(PRODUCER, toy_cfg())
    assert not result.cache_hit and CALLS == [2]
    assert (half_written / MANIFEST).exists()


def test_a_failing_stage_leaves_no_entry_behind(tmp_path):
    failing = Stage("broken", "1", ("toy",), (), (), "tests.test_runner:fail")
    with pytest.raises(RuntimeError, match="boom"):
        StageRunner(tmp_path / "cache", tmp_path / "run").run(failing, toy_cfg())
    assert not (tmp_path / "cache" / "broken").exists() or not any((tmp_path / "cache" / "broken").iterdir())


def test_manifest_records_hashes_rows_and_config(tmp_path):
    result = StageRunner(tmp_path / "cache", tmp_path / "run").run(PRODUCER, toy_cfg())
    manifest = json.loads((result.entry / MANIFEST).read_text())
    assert manifest["rows"] == {"numbers": 3}
    assert manifest["config"]["toy"]["factor"] == 2
    assert set(manifest["outputs"]) == {"tables/numbers.parquet", "files/notes/readme.txt"}
    assert manifest["libraries"]["pandas"] == pd.__version__


def test_zip_normalisation_makes_archives_reproducible():
    import io
    import time
    import zipfile

    def archive():
        sink = io.BytesIO()
        with zipfile.ZipFile(sink, "w") as z:
            z.writestr("b.txt", "2")
            z.writestr("a.txt", "1")
        return sink.getvalue()

    first = archive()
    time.sleep(2.1)  # zip timestamps have two-second resolution
    second = archive()
    assert normalize_zip(first) == normalize_zip(second)
    assert zipfile.ZipFile(io.BytesIO(normalize_zip(first))).namelist() == ["a.txt", "b.txt"]


@pytest.mark.parametrize("model", ["logreg", "linear_svc", "complement_nb"])
def test_saved_models_are_byte_identical_and_still_predict(model):
    from pipeline.models.build import build_classifier
    from pipeline.models.persist import dump_model, load_model
    from tests.conftest import compose_config

    cfg = compose_config([f"model={model}"])
    texts = ["talks resume in doha", "attack derails talks", "the weather is mild"] * 4
    y = ["FAVOR", "AGAINST", "NONE"] * 4
    first = build_classifier(cfg.features, cfg.model).fit(texts, y)
    second = build_classifier(cfg.features, cfg.model).fit(texts, y)
    data = dump_model(first)
    assert data == dump_model(second)
    restored = load_model(data)
    assert (restored.predict_proba(texts) == first.predict_proba(texts)).all()
