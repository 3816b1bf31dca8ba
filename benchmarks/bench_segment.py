"""Sentence segmentation: boundary F1 on the gold fixture and sentences per second on one core.

Usage: .venv/bin/python benchmarks/bench_segment.py [--repeat 20] [--show-errors]
Compares segment.method=fast (regex, pysbd only for ambiguous paragraphs) with pysbd everywhere.
Goals: boundary F1 >= 0.98 and >= 5,000 sentences/s.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.ingest.readers import read_corpus  # noqa: E402
from pipeline.stages.ingest import settings_from_config  # noqa: E402
from pipeline.ingest.articles import build_articles  # noqa: E402
from pipeline.ingest.inputs import corpus_units  # noqa: E402
from pipeline.text import sentences as seg  # noqa: E402
from pipeline.text.sentence_eval import boundary_f1, read_gold  # noqa: E402
from tests.conftest import compose_config  # noqa: E402


def rate(texts: list[str], method: str, abbreviations, repeat: int, max_chars=None) -> tuple[float, int]:
    seg.split_sentences("Warm up. Mr. Smith met U.S. officials.", method=method)  # load pysbd outside the clock
    n, started = 0, time.perf_counter()
    for _ in range(repeat):
        for text in texts:
            n += len(seg.split_sentences(text, method=method, abbreviations=abbreviations, max_chars=max_chars))
    return n / (time.perf_counter() - started), n // repeat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    cfg = compose_config()
    abbreviations = list(cfg.segment.abbreviations)
    text, gold = read_gold(ROOT / "tests" / "fixtures" / "sentences" / "gold.txt")
    print(f"gold fixture: {len(gold)} sentences")
    for method in ("fast", "pysbd"):
        spans = [(s.start, s.end) for s in seg.split_sentences(text, method=method, abbreviations=abbreviations,
                                                                    max_chars=cfg.segment.max_chars)]
        score = boundary_f1(gold, spans)
        print(f"  {method:5s}  boundary P {score['precision']:.4f}  R {score['recall']:.4f}  F1 {score['f1']:.4f}"
              f"   exact spans {score['exact_spans']}/{score['n_gold']}   goal F1 >= 0.98")
        if args.show_errors:
            for start, end in sorted(set(spans) ^ set(gold)):
                print(f"      {'extra' if (start, end) in spans else 'missed'}: {text[start:end]!r}")
    settings = settings_from_config(cfg)
    articles, _, _ = build_articles(corpus_units(read_corpus(cfg), cfg.corpus, settings.max_bytes), settings)
    texts = list(articles["text"])
    paragraphs = [p for t in texts for p in t.split("\n") if p.strip()]
    never_end = frozenset(a.lower() for a in abbreviations)
    to_pysbd = sum(seg._fast_pieces(p, never_end) is None for p in paragraphs)
    same = sum(seg.split_sentences(t, abbreviations=abbreviations) == seg.split_sentences(t, method="pysbd") for t in texts)
    print(f"embedded corpus: {len(texts)} articles, {len(paragraphs)} paragraphs; {to_pysbd} ({to_pysbd / len(paragraphs):.0%}) "
          f"go to pysbd; articles split identically by fast and pysbd: {same}/{len(texts)}")
    for method in ("fast", "pysbd"):
        per_s, n = rate(texts, method, abbreviations, args.repeat if method == "fast" else max(1, args.repeat // 5),
                        cfg.segment.max_chars)
        print(f"  {method:5s}  {per_s:9,.0f} sentences/s on one core ({n} sentences per pass)   goal >= 5,000")


if __name__ == "__main__":
    main()
