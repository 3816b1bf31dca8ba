"""The whole pipeline on a slice of the embedded corpus, through the real config."""
import json
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from pipeline.app import run_pipeline
from pipeline.models.persist import load_model
from tests.conftest import compose_config

pytestmark = pytest.mark.slow
OUTPUT_FILES = [
    "articles.parquet", "rejects.parquet", "sentences.parquet", "labels.parquet", "predictions.parquet",
    "metrics.json", "models/stance.skops", "models/sentiment.skops", "report.md", "report.html", "manifest.json",
]


@pytest.fixture(scope="module")
def first_run(tmp_path_factory, small_corpus_overrides_module):
    tmp = tmp_path_factory.mktemp("e2e")
    cfg = compose_config(small_corpus_overrides_module, tmp)
    return tmp, cfg, run_pipeline(cfg)


@pytest.fixture(scope="module")
def small_corpus_overrides_module():
    return ["corpus.max_articles=8", "eval.n_splits=3"]


def test_a_run_writes_every_artifact(first_run):
    tmp, _, outcome = first_run
    run = outcome["run_dir"]
    for name in OUTPUT_FILES:
        assert (run / name).is_file(), name
    plots = {p.name for p in (run / "plots").glob("*.png")}
    assert {f"confusion_{t}_{s}.png" for t in ("stance", "sentiment")
            for s in ("majority", "label_model", "end_model")} <= plots
    assert all((run / "plots" / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for name in plots)
    assert not any(r.cache_hit for r in outcome["results"].values())


def test_tables_fit_together(first_run):
    run = first_run[2]["run_dir"]
    articles = pd.read_parquet(run / "articles.parquet")
    sentences = pd.read_parquet(run / "sentences.parquet")
    labels = pd.read_parquet(run / "labels.parquet")
    predictions = pd.read_parquet(run / "predictions.parquet")
    assert len(articles) == 8 and articles["article_id"].is_unique
    text = dict(zip(articles["article_id"], articles["text"]))
    for row in sentences.itertuples():
        assert text[row.article_id][row.start:row.end] == row.text
    assert set(labels["sentence_id"]) == set(sentences["sentence_id"]) == set(predictions["sentence_id"])
    assert labels["stance_gold"].notna().sum() > 50
    assert {"stance_weak", "stance_pred", "sentiment_weak", "sentiment_pred", "stance_proba_FAVOR"} <= set(predictions.columns)
    # Honest split: each article's gold sentences sit in exactly one fold.
    gold = predictions[predictions["stance_fold"] >= 0].merge(sentences[["sentence_id", "article_id"]])
    assert (gold.groupby("article_id")["stance_fold"].nunique() == 1).all()


def test_metrics_have_the_documented_shape(first_run):
    metrics = json.loads((first_run[2]["run_dir"] / "metrics.json").read_text())
    assert set(metrics) == {"stance", "sentiment"}
    for task, systems in metrics.items():
        assert set(systems) == {"majority", "label_model", "end_model"}
        for m in systems.values():
            assert {"accuracy", "macro_f1", "per_class", "n"} <= set(m)
            assert ("f_avg" in m) == (task == "stance")
            assert 0.0 <= m["macro_f1"] <= 1.0
    assert set(metrics["stance"]["end_model"]["per_class"]) == {"FAVOR", "AGAINST", "NONE"}


def test_saved_models_load_with_skops_and_predict(first_run):
    model = load_model((first_run[2]["run_dir"] / "models" / "stance.skops").read_bytes())
    assert set(model.predict(["The Taliban rejected the peace talks."])) <= {"FAVOR", "AGAINST", "NONE"}


def test_manifest_records_config_versions_and_stage_keys(first_run):
    manifest = json.loads((first_run[2]["run_dir"] / "manifest.json").read_text())
    assert set(manifest["stages"]) == {"ingest", "segment", "label", "train", "evaluate", "report"}
    assert manifest["config"]["seed"] == 42
    assert manifest["environment"]["packages"]["scikit-learn"]
    assert "commit" in manifest["git"]


def test_second_run_is_served_from_the_cache_with_identical_outputs(first_run):
    tmp, cfg, outcome = first_run
    cfg2 = compose_config(["corpus.max_articles=8", "eval.n_splits=3", f"paths.output_dir={tmp / 'run2'}",
                           f"paths.cache_dir={tmp / 'cache'}"])
    second = run_pipeline(cfg2)
    assert all(r.cache_hit for r in second["results"].values())
    for name in OUTPUT_FILES[:-1]:
        assert (tmp / "run" / name).read_bytes() == (tmp / "run2" / name).read_bytes(), name


def test_same_config_and_data_give_the_same_bytes_from_a_cold_cache(first_run, tmp_path):
    cfg = compose_config(["corpus.max_articles=8", "eval.n_splits=3"], tmp_path)
    outcome = run_pipeline(cfg)
    assert not any(r.cache_hit for r in outcome["results"].values())
    for name in OUTPUT_FILES[:-1] + ["plots/confusion_stance_end_model.png"]:
        assert (first_run[0] / "run" / name).read_bytes() == (tmp_path / "run" / name).read_bytes(), name


def test_a_changed_seed_recomputes_only_the_stages_that_read_it(first_run):
    tmp = first_run[0]
    cfg = compose_config(["corpus.max_articles=8", "eval.n_splits=3", "seed=7", f"paths.output_dir={tmp / 'run3'}",
                          f"paths.cache_dir={tmp / 'cache'}"])
    hits = {name: r.cache_hit for name, r in run_pipeline(cfg)["results"].items()}
    # The report reads only evaluate's outputs: it is recomputed only if their content changed.
    del hits["report"]
    assert hits == {"ingest": True, "segment": True, "label": True, "train": False, "evaluate": False}


def test_stages_prefix_stops_early(tmp_path):
    cfg = compose_config(["corpus.max_articles=3", "stages=[ingest,segment]"], tmp_path)
    outcome = run_pipeline(cfg)
    assert list(outcome["results"]) == ["ingest", "segment"]
    assert (tmp_path / "run" / "sentences.parquet").exists()
    assert not (tmp_path / "run" / "labels.parquet").exists()


def test_bad_files_become_rejects_and_every_input_is_accounted_for(tmp_path, project_root):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for src in sorted((project_root / "data" / "corpus").glob("*.txt"))[:3]:
        shutil.copy(src, corpus / src.name)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (corpus / "latin1.txt").write_bytes("Title: Caf\xe9 talks\n\nNegotiators met at a caf\xe9 in Doha and said the talks had made real progress on a ceasefire.".encode("latin-1"))
    cfg = compose_config(["corpus=text_dir", f"corpus.path={corpus}", "labeler.gold_dir=null",
                          "stages=[ingest,segment,label]"], tmp_path)
    run_pipeline(cfg)
    articles = pd.read_parquet(tmp_path / "run" / "articles.parquet")
    rejects = pd.read_parquet(tmp_path / "run" / "rejects.parquet")
    assert len(articles) + len(rejects) == 6
    assert dict(zip(rejects["path"], rejects["reason"])) == {"binary.txt": "not_text", "empty.txt": "empty"}
    assert "Café talks" in set(articles["title"])


def run_cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def test_cli_misspelt_override_exits_non_zero_with_a_clear_message(tmp_path):
    result = run_cli("corpus.pth=/data", f"hydra.run.dir={tmp_path}", cwd=tmp_path)
    assert result.returncode != 0
    assert "pth" in result.stderr and "Traceback" not in result.stderr


def test_cli_unusable_corpus_fails_with_one_line(tmp_path):
    result = run_cli("corpus=text_dir", f"corpus.path={tmp_path / 'missing'}", f"hydra.run.dir={tmp_path / 'run'}",
                     f"paths.cache_dir={tmp_path / 'cache'}", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == f"error: corpus.path={tmp_path / 'missing'} is not a folder (corpus=text_dir)"


def test_cli_run_ends_with_the_metrics_table_and_report_path(tmp_path):
    result = run_cli("corpus.max_articles=6", "eval.n_splits=2", "model=complement_nb", f"hydra.run.dir={tmp_path / 'run'}",
                     f"paths.cache_dir={tmp_path / 'cache'}", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[-1] == f"report: {tmp_path / 'run' / 'report.html'}"
    assert any(line.split()[:2] == ["stance", "end_model"] for line in lines)
