"""Furniture removal on the labelled fixture: body-line recall, furniture precision and recall.

Usage: .venv/bin/python benchmarks/bench_cleaning.py [--show-errors]
Goals: body lines kept >= 99%, furniture lines removed >= 90%.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.text.furniture import FurnitureFilter  # noqa: E402
from pipeline.text.furniture_eval import score_pages  # noqa: E402
from tests.conftest import compose_config  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    cfg = compose_config()
    furniture = FurnitureFilter.from_config(cfg.ingest.furniture)
    started = time.perf_counter()
    score, n_pages = score_pages(furniture, ROOT / "tests" / "fixtures" / "furniture")
    seconds = time.perf_counter() - started
    print(f"furniture fixture: {n_pages} pages, {score.body_total} body lines, {score.furniture_total} furniture lines")
    print(f"  body lines kept (recall):   {score.body_recall:7.2%}  ({score.body_kept}/{score.body_total})   goal >= 99%")
    print(f"  furniture removed (recall): {score.furniture_recall:7.2%}  ({score.furniture_removed}/{score.furniture_total})   goal >= 90%")
    print(f"  furniture precision:        {score.furniture_precision:7.2%}  ({score.furniture_removed}/{score.removed_total})")
    print(f"  {(score.body_total + score.furniture_total) / seconds:,.0f} lines/s")
    if args.show_errors:
        for page, label, line in score.errors:
            print(f"  {'kept furniture' if label == 'F' else 'lost body'}  {page}: {line}")


if __name__ == "__main__":
    main()
