"""Ingest + segmentation throughput on a generated 5,000-article corpus (text files with headers
and furniture), built from the paragraphs of data/corpus recombined so that texts vary; one file in
fifty republishes an earlier story (a near duplicate, to be rejected).

Usage: .venv/bin/python benchmarks/bench_ingest_throughput.py [--articles 5000] [--seed 0]
Prints articles/s, sentences/s and the process's peak RSS.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.ingest.readers import read_corpus  # noqa: E402
from pipeline.stages.base import Artifacts  # noqa: E402
from pipeline.stages.ingest import run_ingest  # noqa: E402
from pipeline.stages.segment import segment_articles  # noqa: E402
from pipeline.text.header import split_header  # noqa: E402
from tests.conftest import compose_config  # noqa: E402

NAMES = ["Karimi", "Haddad", "Lindqvist", "Okafor", "Sato", "Moreau", "Petrova", "Nazari", "Costa", "Walsh"]
PLACES = ["Doha", "Kabul", "Islamabad", "Moscow", "Tashkent", "Geneva", "Istanbul", "Herat", "Kandahar", "Oslo"]


def paragraphs_of_corpus() -> tuple[list[str], list[str]]:
    """(prose paragraphs, the other lines: furniture and headings) of the embedded corpus."""
    prose, other = [], []
    for path in sorted((ROOT / "data" / "corpus").glob("*.txt")):
        _, body = split_header(path.read_text(encoding="utf-8"))
        for line in filter(None, (line.strip() for line in body.split("\n"))):
            (prose if len(line.split()) >= 25 else other).append(line)
    return prose, other


def vary(paragraph: str, rng: random.Random) -> str:
    """Swap places and numbers so recombined articles do not read as near duplicates."""
    words = paragraph.split(" ")
    for i, word in enumerate(words):
        core = word.strip(".,;:\"'")
        if core in PLACES and rng.random() < 0.5:
            words[i] = word.replace(core, rng.choice(PLACES))
        elif core.isdigit() and rng.random() < 0.7:
            words[i] = word.replace(core, str(rng.randint(2, 999)))
    if rng.random() < 0.5:
        words.insert(rng.randrange(len(words)), rng.choice(["reportedly", "again", "also", "now", "still"]))
    return " ".join(words)


def write_corpus(folder: Path, n: int, seed: int) -> None:
    rng = random.Random(seed)
    prose, other = paragraphs_of_corpus()
    bodies: list[list[str]] = []
    for i in range(n):
        if i % 50 == 49:  # one in fifty republishes an earlier story with a line added: a near duplicate
            body = [*rng.choice(bodies), "The story was updated with comment from officials on Monday evening."]
        else:
            body = [vary(p, rng) for p in rng.sample(prose, rng.randint(4, 9))]
            for _ in range(rng.randint(2, 6)):
                body.insert(rng.randrange(len(body) + 1), rng.choice(other))
        bodies.append(body)
        header = (f"Title: Generated article {i}\nURL: https://bench.example/{i}\nSource: Outlet {i % 40}\n"
                  f"Published: 2020-{1 + i % 12:02d}-{1 + i % 28:02d}\nAuthor: Reporter {rng.choice(NAMES)}\n\n")
        (folder / f"g{i:05d}.txt").write_text(header + "\n\n".join(body) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        write_corpus(folder, args.articles, args.seed)
        cfg = compose_config(["corpus=text_dir", f"corpus.path={folder}"], Path(tmp))
        quiet = contextlib.redirect_stderr(io.StringIO())  # progress bars would garble the figures
        quiet.__enter__()
        started = time.perf_counter()
        raw = read_corpus(cfg)
        read_s = time.perf_counter() - started
        out = run_ingest(cfg, Artifacts(files={f"external/{k}": v for k, v in raw.items()}))
        ingest_s = time.perf_counter() - started - read_s
        articles, rejects = out.tables["articles"], out.tables["rejects"]
        seg_started = time.perf_counter()
        sentences = segment_articles(articles, "en", cfg.segment.min_chars, list(cfg.target.aliases),
                                     cfg.segment.method, list(cfg.segment.abbreviations), cfg.segment.max_chars)
        segment_s = time.perf_counter() - seg_started
        total = time.perf_counter() - started
        quiet.__exit__(None, None, None)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"generated corpus: {args.articles} text files (seed {args.seed}); {len(articles)} articles, "
          f"{len(rejects)} rejects {rejects['reason'].value_counts().to_dict()}, {len(sentences)} sentences")
    print(f"  read files:     {read_s:6.2f} s")
    print(f"  ingest:         {ingest_s:6.2f} s   {len(raw) / ingest_s:8,.0f} inputs/s (decode, furniture, duplicates)")
    print(f"  segment:        {segment_s:6.2f} s   {len(sentences) / segment_s:8,.0f} sentences/s")
    print(f"  ingest+segment: {total:6.2f} s   {len(articles) / total:8,.0f} articles/s   {len(sentences) / total:8,.0f} sentences/s")
    print(f"  peak RSS:       {peak_mb:6.0f} MB")


if __name__ == "__main__":
    main()
