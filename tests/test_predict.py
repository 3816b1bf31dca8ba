"""The predict stage: a saved model applied to another corpus; side stages in `stages`."""
import pandas as pd
import pytest

from pipeline.app import ConfigError, run_pipeline, stages_to_run
from pipeline.models.persist import dump_model
from tests.conftest import compose_config


def test_side_stages_run_after_their_inputs_and_only_when_named():
    assert stages_to_run(["segment"]) == ["ingest", "segment"]
    assert stages_to_run(["predict"]) == ["ingest", "segment", "predict"]
    assert stages_to_run(["semeval"]) == ["semeval"]
    assert stages_to_run(["report", "predict"]) == ["ingest", "segment", "label", "train", "evaluate", "report", "predict"]
    with pytest.raises(ConfigError, match="predic"):
        stages_to_run(["predic"])


@pytest.fixture(scope="module")
def stance_model_file(tmp_path_factory):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    texts = ["talks made progress and hope grew", "the attack derailed the talks", "the weather was mild"] * 5
    model = Pipeline([("features", TfidfVectorizer()), ("classifier", LogisticRegression())])
    model.fit(texts, ["FAVOR", "AGAINST", "NONE"] * 5)
    path = tmp_path_factory.mktemp("model") / "stance.skops"
    path.write_bytes(dump_model(model))
    return path


def test_predict_writes_sentences_articles_and_outlet_months(stance_model_file, tmp_path):
    cfg = compose_config(["stages=[predict]", f"predict.model_path={stance_model_file}", "corpus.max_articles=4"], tmp_path)
    outcome = run_pipeline(cfg)
    assert list(outcome["results"]) == ["ingest", "segment", "predict"]
    run = outcome["run_dir"]
    sentences = pd.read_parquet(run / "sentences.parquet")
    predicted = pd.read_parquet(run / "sentence_predictions.parquet")
    # In reading order: each article's headline (-h1) before its body.
    reading = sentences.sort_values(["article_id", "idx"])["sentence_id"].tolist()
    assert predicted["sentence_id"].tolist() == reading and reading[0].endswith("-h1")
    assert set(predicted["label"]) <= {"FAVOR", "AGAINST", "NONE"} and (predicted["task"] == "stance").all()
    assert predicted[["proba_FAVOR", "proba_AGAINST", "proba_NONE"]].sum(axis=1).round(6).eq(1).all()
    per_article = pd.read_parquet(run / "article_predictions.parquet")
    assert len(per_article) == 4 and per_article["n_sentences"].sum() == len(sentences)
    monthly = pd.read_parquet(run / "outlet_month_predictions.parquet")
    assert monthly["n_sentences"].sum() == len(sentences)
    assert (run / "plots" / "predicted_stance_over_time.png").read_bytes()[:4] == b"\x89PNG"


def test_predict_without_a_model_path_says_what_to_pass(tmp_path):
    from pipeline.models.files import ModelFileError

    cfg = compose_config(["stages=[predict]", "corpus.max_articles=2"], tmp_path)
    with pytest.raises(ModelFileError, match="predict.model_path=FILE"):
        run_pipeline(cfg)


@pytest.mark.parametrize("content", ["text", "zip"])
def test_a_file_that_is_no_saved_model_is_named_as_such(tmp_path, content):
    import zipfile

    from pipeline.models.files import ModelFileError

    path = tmp_path / "notes.docx"
    if content == "zip":  # a .docx is a zip archive too, without skops' schema.json
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("word/document.xml", "<w:document/>")
    else:
        path.write_text('{"stance": {}}')
    cfg = compose_config(["stages=[predict]", f"predict.model_path={path}", "corpus.max_articles=2"], tmp_path)
    with pytest.raises(ModelFileError, match=r"notes.docx is not a model saved by a run \(a .skops file"):
        run_pipeline(cfg)


def test_a_model_of_the_wrong_task_is_refused(stance_model_file, tmp_path):
    cfg = compose_config(["stages=[predict]", f"predict.model_path={stance_model_file}", "predict.task=sentiment",
                          "corpus.max_articles=2"], tmp_path)
    with pytest.raises(Exception, match="not sentiment labels"):
        run_pipeline(cfg)


@pytest.mark.parametrize("model", ["logreg", "linear_svc", "linear_svc_plain", "complement_nb", "ridge", "forest", "dummy"])
def test_labels_and_probabilities_in_batches_are_those_of_the_model_in_one_pass(model, tmp_path):
    import numpy as np

    from pipeline.labels import LABELS
    from pipeline.models.apply import labels_and_proba
    from pipeline.models.build import build_classifier
    from pipeline.models.training import fit

    texts = ["Peace talks resume in Doha with hope", "An attack derails the talks", "The weather is mild today",
             "Negotiators welcome progress on the ceasefire", "The Taliban reject the ceasefire", "Markets were quiet"] * 5
    small = {"forest": ["model.estimator.n_components=5", "model.estimator.estimator.min_samples_leaf=2"]}
    cfg = compose_config([f"model={model}", *small.get(model, [])], tmp_path)
    clf = fit(build_classifier(cfg.features, cfg.model), pd.Series(texts), pd.Series(["FAVOR", "AGAINST", "NONE"] * 10))
    new = [f"{a} {b}" for a, b in zip(texts, reversed(texts))][:23]
    one_pass_proba = None  # scikit-learn's own predict_proba on all sentences, in LABELS order
    if hasattr(clf, "predict_proba"):
        raw = clf.predict_proba(new)
        one_pass_proba = np.zeros((len(new), len(LABELS["stance"])))
        for j, label in enumerate(clf.classes_):
            one_pass_proba[:, LABELS["stance"].index(label)] = raw[:, j]
    for batch_size in (4, 23, 1000):  # 4: six batches of 3 or 4 sentences
        labels, proba = labels_and_proba(clf, new, LABELS["stance"], batch_size=batch_size)
        assert labels.tolist() == clf.predict(new).tolist()
        if one_pass_proba is None:
            assert proba is None
        else:
            assert proba.tobytes() == one_pass_proba.tobytes()  # the very same floats, not just close
    with pytest.raises(ValueError, match="no texts"):
        labels_and_proba(clf, [], LABELS["stance"])
