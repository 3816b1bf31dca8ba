"""Write a comparison of runs into a folder: leaderboard.csv, leaderboard.md, comparison.png."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from pipeline.evaluation.direction import resolve_lower_is_better
from pipeline.compare.leaderboard import DEFAULT_PRIMARY, config_diff_markdown, leaderboard, leaderboard_markdown
from pipeline.compare.plot import comparison_png
from pipeline.compare.runs import RunRecord, load_run

LEADERBOARD_CSV = "leaderboard.csv"
LEADERBOARD_MD = "leaderboard.md"
COMPARISON_PNG = "comparison.png"


def write_comparison(run_dirs: list[Path], out_dir: Path, primary: str = DEFAULT_PRIMARY,
                     lower_is_better: Optional[bool] = None) -> dict:
    """Returns {"runs": [RunRecord], "keys": differing config keys, "markdown": text, "files": [paths],
    "table": the leaderboard, "lower_is_better": the direction it was ranked in}.

    `lower_is_better`: True or False to say which way `primary` is better; None infers it from the name
    (`ece`, `brier`, `*loss*`, `*error*` rank lowest first)."""
    lower = resolve_lower_is_better(primary, lower_is_better)
    runs: list[RunRecord] = [load_run(Path(d)) for d in run_dirs]
    if not any(r.complete for r in runs):
        problems = "; ".join(f"{r.path}: {r.problem}" for r in runs)
        raise ValueError(f"no run to compare has a metrics.json ({problems})")
    table, keys = leaderboard(runs, primary, lower)
    markdown = ("# Leaderboard\n\n" + leaderboard_markdown(table, keys, primary, lower)
                + "\n## How the configs differ\n\n" + config_diff_markdown(runs, keys))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    files = [out_dir / LEADERBOARD_CSV, out_dir / LEADERBOARD_MD, out_dir / COMPARISON_PNG]
    table.to_csv(files[0], index=False)
    files[1].write_text(markdown, encoding="utf-8")
    files[2].write_bytes(comparison_png(table, primary, lower))
    return {"runs": runs, "keys": keys, "markdown": markdown, "files": files, "table": table, "lower_is_better": lower}
