"""A run folder used a second time (a fixed hydra.run.dir, as CI jobs often set).

The earlier run's outputs are moved into `previous/<n>/` before any stage runs, so that nothing of
it is read as this run's (the console's metrics table, the report link, the gate's metrics.json)
and nothing of it is lost. Only what a run wrote is moved: the files its stage records
(`stages/*.json`) list, and the run's own files; anything else in the folder stays where it is.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

from pipeline.runner import published_name

log = logging.getLogger(__name__)

RUN_FILES = ("manifest.json", "gates.json", "gates.xml", "stages")  # written by the run, not by a stage
PREVIOUS = "previous"


def earlier_outputs(run_dir: Path) -> list[str]:
    """Names (relative to run_dir) of what an earlier run wrote there and is still present."""
    names = set()
    for record in sorted((run_dir / "stages").glob("*.json")):
        try:
            outputs = json.loads(record.read_text(encoding="utf-8")).get("outputs", [])
        except (OSError, ValueError, AttributeError):
            continue  # not a stage record: left alone
        names.update(published_name(rel) for rel in outputs)
    names.update(RUN_FILES)
    return sorted(name for name in names if (run_dir / name).exists())


def set_aside_earlier_run(run_dir: Path) -> Path | None:
    """Move an earlier run's outputs into run_dir/previous/<n>/; the folder they went to, or None."""
    names = earlier_outputs(run_dir)
    if not names:
        return None
    taken = [int(p.name) for p in (run_dir / PREVIOUS).glob("*") if p.name.isdigit()]
    target = run_dir / PREVIOUS / str(max(taken, default=0) + 1)
    for name in names:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (run_dir / name).rename(target / name)
    log.warning("%s held an earlier run: its %d outputs moved to %s, so that none is read as this run's",
                run_dir, len(names), target)
    return target
