"""SemEval-2016 Task 6 subtask A: wall time and the official score of `experiment=semeval2016`
(or `--experiment semeval2016_minilm`, which needs `make embeddings`).

Usage: .venv/bin/python benchmarks/bench_semeval.py --data /path/to/semeval/data [--select pooled]
The data folder holds the files as distributed (never in this repository). Prints the per-target
table, the pooled F_avg beside the published anchors, and the wall time of the cold run.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", required=True, help="folder with the SemEval-2016 Task 6 files")
    parser.add_argument("--select", default="pooled", choices=["pooled", "per_target"])
    parser.add_argument("--experiment", default="semeval2016", choices=["semeval2016", "semeval2016_minilm"])
    parser.add_argument("overrides", nargs="*", help="extra Hydra overrides")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run_dir, cache_dir = Path(tmp) / "run", Path(tmp) / "cache"
        command = [sys.executable, "-m", "pipeline", f"experiment={args.experiment}", f"corpus.path={args.data}",
                   f"semeval.select={args.select}", f"hydra.run.dir={run_dir}", f"paths.cache_dir={cache_dir}",
                   *args.overrides]
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - started
        print((run_dir / "semeval2016.md").read_text())
        details = json.loads((run_dir / "semeval2016.json").read_text())
        print(f"pooled F_avg (test): {details['pooled_f_avg']}; pooled CV F_avg (train): {details['cv_pooled_f_avg']:.2f}")
        print(f"command: {' '.join(command[1:4])} ...; cold wall time {wall:.1f} s")


if __name__ == "__main__":
    main()
