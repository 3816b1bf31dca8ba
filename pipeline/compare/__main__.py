"""`python -m pipeline.compare RUN_DIR... [--out DIR] [--primary task.system.metric] [--lower-is-better]`.

Ranks any runs (or a sweep folder's jobs) and shows how their configs differ; writes leaderboard.csv,
leaderboard.md and comparison.png into --out.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="stance-pipeline-compare", description=__doc__.split("\n\n")[1])
    parser.add_argument("runs", nargs="+", type=Path,
                        help="run folders (each with metrics.json and manifest.json), or a sweep folder")
    parser.add_argument("--out", type=Path, default=Path("comparison"),
                        help="folder for leaderboard.csv, leaderboard.md, comparison.png (default: ./comparison)")
    parser.add_argument("--primary", default="stance.end_model.macro_f1", help="metric to rank by: task.system.metric")
    direction = parser.add_mutually_exclusive_group()
    direction.add_argument("--lower-is-better", dest="lower_is_better", action="store_true", default=None,
                           help="rank the lowest value first (default for errors and losses: ece, brier, *loss*, *error*)")
    direction.add_argument("--higher-is-better", dest="lower_is_better", action="store_false",
                           help="rank the highest value first (default for every other metric)")
    return parser.parse_args(argv)


def expand(paths: list[Path]) -> list[Path]:
    """A folder without metrics.json but with run folders inside (a sweep) stands for those runs."""
    from pipeline.compare.runs import sweep_runs

    out = []
    for path in paths:
        inner = sweep_runs(path) if path.is_dir() and not (path / "metrics.json").exists() else []
        out.extend(inner or [path])
    return out


def main(argv=None) -> int:
    args = parse_args(argv)
    from pipeline.compare.write import write_comparison

    missing = [str(p) for p in args.runs if not p.is_dir()]
    if missing:
        print(f"error: not a folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        result = write_comparison(expand(args.runs), args.out, args.primary, args.lower_is_better)
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(result["markdown"])
    for path in result["files"]:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
