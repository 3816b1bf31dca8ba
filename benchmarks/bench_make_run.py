"""Wall time of `make run` on the embedded corpus: cold (empty stage cache) and warm (all cached).

Usage: make bench   (or .venv/bin/python benchmarks/bench_make_run.py --repeats 3)
The venv must exist already: install time is not part of either figure.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_run(run_dir: Path, cache_dir: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        ["make", "run", f"ARGS=hydra.run.dir={run_dir} paths.cache_dir={cache_dir}"],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    colds, warms = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.repeats):
            cache = Path(tmp) / f"cache{i}"
            colds.append(make_run(Path(tmp) / f"cold{i}", cache))
            warms.append(make_run(Path(tmp) / f"warm{i}", cache))
            shutil.rmtree(cache)
    cold, warm = statistics.median(colds), statistics.median(warms)
    print(f"make run, embedded corpus, median of {args.repeats}:")
    print(f"  cold (empty cache): {cold:6.2f} s   runs: {', '.join(f'{c:.2f}' for c in colds)}")
    print(f"  warm (all cached):  {warm:6.2f} s   runs: {', '.join(f'{w:.2f}' for w in warms)}")
    print(f"  warm / cold:        {warm / cold:6.1%}   (goals: cold <= 60 s, warm <= 10% of cold)")


if __name__ == "__main__":
    main()
