"""Throughput of the predict stage: a saved model applied to a generated corpus of ~20,000 sentences.

The sentences are the embedded corpus's, recombined (the head of one sentence joined to the tail of
another, places and figures swapped) so that texts vary and cue phrases and target mentions still
occur; 20 sentences an article, 12 outlets, articles spread over 24 months (one in 25 undated).
The model is the default experiment's stance model, trained first on the embedded corpus (or
`--model FILE`, any saved model). The stage runs in a child process, so that its peak RSS is its own.

Usage: .venv/bin/python benchmarks/bench_predict.py [--sentences 20000] [--model FILE] [--seed 0]
Prints sentences/s for the whole stage (loading the model, features, predictions, aggregates,
plot), the time of each part, and the child's peak RSS.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PLACES = ["Doha", "Kabul", "Islamabad", "Moscow", "Tashkent", "Geneva", "Istanbul", "Herat", "Kandahar", "Oslo"]


def embedded_corpus_run(tmp: Path, train: bool) -> Path:
    """The default experiment on the embedded corpus, up to `train` (or `segment`): its run folder."""
    from pipeline.app import run_pipeline
    from tests.conftest import compose_config

    with contextlib.redirect_stderr(io.StringIO()):
        return run_pipeline(compose_config([f"stages=[{'train' if train else 'segment'}]"], tmp))["run_dir"]


def _halves(sentence: str, rng: random.Random) -> tuple[str, str]:
    words = sentence.split(" ")
    cut = rng.randint(1, max(1, len(words) - 1))
    return " ".join(words[:cut]), " ".join(words[cut:])


def _vary(text: str, rng: random.Random) -> str:
    text = re.sub(r"\b\d+\b", lambda m: str(rng.randint(2, 999)) if rng.random() < 0.7 else m.group(), text)
    return re.sub("|".join(PLACES), lambda m: rng.choice(PLACES) if rng.random() < 0.5 else m.group(), text)


def generate_corpus(sentences, n: int, seed: int):
    """(sentences, articles) tables in the segment and ingest stages' layout, n sentences."""
    import pandas as pd

    from pipeline.weak.lexicon import compile_lexicon
    from tests.conftest import compose_config

    rng = random.Random(seed)
    pool = [t for t in sentences["text"].astype(str) if len(t.split()) >= 4]
    target = compile_lexicon("aliases", list(compose_config().target.aliases))
    rows, articles = [], []
    per_article = 20
    for a in range((n + per_article - 1) // per_article):
        article_id = f"bench{a:06d}"
        month = a % 24
        published = "" if a % 25 == 24 else f"{2019 + month // 12}-{1 + month % 12:02d}-{1 + a % 28:02d}"
        articles.append({"article_id": article_id, "source": f"Outlet {a % 12}", "published": published,
                         "title": f"Generated article {a}"})
        for idx in range(min(per_article, n - a * per_article)):
            head, _ = _halves(rng.choice(pool), rng)
            _, tail = _halves(rng.choice(pool), rng)
            text = _vary(f"{head} {tail}".strip(), rng)
            rows.append({"sentence_id": f"{article_id}-{idx:03d}", "article_id": article_id, "idx": idx,
                         "text": text, "mentions_target": target.search(text)})
    return pd.DataFrame(rows), pd.DataFrame(articles)


def child(model: Path, folder: Path) -> None:
    """Run the predict stage on the generated tables; print its timings as JSON."""
    import pandas as pd
    from omegaconf import OmegaConf

    started = time.perf_counter()
    from pipeline.stages.base import Artifacts
    from pipeline.stages.predict import run_predict

    imported = time.perf_counter()
    tables = {name: pd.read_parquet(folder / f"{name}.parquet") for name in ("sentences", "articles")}
    cfg = OmegaConf.create({"predict": {"model_path": str(model), "task": None, "only_target_mentions": False}})
    inputs = Artifacts(tables, {"external/model.skops": model.read_bytes()})
    began = time.perf_counter()
    out = run_predict(cfg, inputs)
    done = time.perf_counter()
    for name, table in out.tables.items():
        table.to_parquet(folder / f"out_{name}.parquet")
    print(json.dumps({"imports_s": imported - started, "stage_s": done - began,
                      "n": len(out.tables["sentence_predictions"]),
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def parts(model: Path, folder: Path) -> dict[str, float]:
    """Seconds spent loading the model, in features + predictions, in aggregates + plot, and in
    each feature extractor alone (one pass over every text)."""
    import pandas as pd
    from sklearn.pipeline import FeatureUnion

    from pipeline.evaluation.aggregate import article_shares, keep_top_outlets, outlet_month_shares
    from pipeline.evaluation.plots import stance_over_time_png
    from pipeline.labels import LABELS
    from pipeline.models.persist import load_model
    from pipeline.stages.predict import task_of

    sentences = pd.read_parquet(folder / "sentences.parquet")
    articles = pd.read_parquet(folder / "articles.parquet")
    texts = sentences["text"].astype(str).to_list()
    t0 = time.perf_counter()
    loaded = load_model(model.read_bytes())
    t1 = time.perf_counter()
    classes = LABELS[task_of(loaded, None)]
    try:
        from pipeline.models.apply import labels_and_proba

        labels, _ = labels_and_proba(loaded, texts, classes)
    except ImportError:  # the stage before it computed the features once for labels, again for probabilities
        from pipeline.evaluation.crossval import aligned_proba

        labels = loaded.predict(texts)
        aligned_proba(loaded, texts, classes)
    t2 = time.perf_counter()
    predicted = sentences.assign(label=labels)
    monthly = outlet_month_shares(predicted, articles, classes)
    article_shares(predicted, articles, classes)
    stance_over_time_png(keep_top_outlets(monthly, classes), classes, "bench")
    t3 = time.perf_counter()
    timings = {"load_s": t1 - t0, "features_predict_s": t2 - t1, "aggregates_plot_s": t3 - t2}
    first = loaded.steps[0][1] if hasattr(loaded, "steps") else None
    for name, extractor in first.transformer_list if isinstance(first, FeatureUnion) else []:
        started = time.perf_counter()
        extractor.transform(texts)
        timings[f"feature {name}"] = time.perf_counter() - started
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sentences", type=int, default=20000)
    parser.add_argument("--model", type=Path, default=None, help="a saved model (default: train the default one)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, default=None,
                        help="copy the generated corpus and the stage's tables here (to compare two versions)")
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--parts", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(*args.child)
    if args.parts:
        return print(json.dumps(parts(*args.parts)))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        run = embedded_corpus_run(tmp / "train", train=args.model is None)
        model = args.model.resolve() if args.model else run / "models" / "stance.skops"
        import pandas as pd

        sentences, articles = generate_corpus(pd.read_parquet(run / "sentences.parquet"), args.sentences, args.seed)
        sentences.to_parquet(tmp / "sentences.parquet")
        articles.to_parquet(tmp / "articles.parquet")
        here = [sys.executable, str(Path(__file__).resolve())]
        stage = json.loads(subprocess.run([*here, "--child", str(model), str(tmp)], check=True,
                                          capture_output=True, text=True).stdout.strip().splitlines()[-1])
        split = json.loads(subprocess.run([*here, "--parts", str(model), str(tmp)], check=True,
                                          capture_output=True, text=True).stdout.strip().splitlines()[-1])
        if args.keep:
            shutil.copytree(tmp, args.keep, ignore=shutil.ignore_patterns("train"), dirs_exist_ok=True)
    n = stage["n"]
    print(f"predict stage, generated corpus: {n} sentences, {len(articles)} articles (seed {args.seed}); "
          f"model {model.name}")
    print(f"  whole stage:          {stage['stage_s']:7.2f} s   {n / stage['stage_s']:8,.0f} sentences/s"
          f"   (imports before it: {stage['imports_s']:.2f} s)")
    print(f"  load model:           {split['load_s']:7.2f} s")
    print(f"  features + predict:   {split['features_predict_s']:7.2f} s   "
          f"{n / split['features_predict_s']:8,.0f} sentences/s")
    for name in (k for k in split if k.startswith("feature ")):
        print(f"    {name + ':':<20}{split[name]:7.2f} s   (alone, one pass)")
    print(f"  aggregates + plot:    {split['aggregates_plot_s']:7.2f} s")
    print(f"  peak RSS (stage):     {stage['peak_mb']:7.0f} MB")


if __name__ == "__main__":
    main()
