"""A leaderboard of runs: one row per run, the config values that differ, the headline metrics."""
from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from pipeline.compare.config_diff import differing_keys, flatten, format_value
from pipeline.compare.runs import RunRecord
from pipeline.evaluation.summary import HEADLINE, interval, ordered_systems, ordered_tasks

DEFAULT_PRIMARY = "stance.end_model.macro_f1"
# Run-specific noise rather than choices: left out of the columns that tell runs apart (force and
# n_jobs change how a run computes, never what it computes).
_NOT_CHOICES = ("name", "force", "n_jobs")


_LOCATION_OVERRIDES = ("hydra.", "paths.", "name=")
MAX_LABEL_PARTS = 3


def run_labels(runs: list[RunRecord], keys: list[str]) -> list[str]:
    """A short name per run: the command-line overrides that differ between the runs (`model=linear_svc`),
    else the differing config values, else the folder name."""
    known = [r.overrides for r in runs if r.overrides is not None]
    shared = set.intersection(*map(set, known)) if len(known) == len(runs) and known else None
    labels, parts_of = [], []
    for run in runs:
        if shared is not None:
            parts = [o for o in run.overrides if o not in shared and not o.lstrip("+~").startswith(_LOCATION_OVERRIDES)
                     and o.lstrip("+~").split("=")[0] not in _NOT_CHOICES]
        else:
            flat = flatten(run.config)
            parts = [f"{k}={format_value(flat[k])}" for k in keys if k in flat and k not in _NOT_CHOICES]
        parts_of.append(parts)
    # A run without a part of its own, beside runs that have some, ran the shared settings.
    others_differ = any(parts_of)
    for name, parts in zip(display_names([r.path for r in runs]), parts_of):
        label = ", ".join(parts[:MAX_LABEL_PARTS]) + (", ..." if len(parts) > MAX_LABEL_PARTS else "")
        fallback = "(none: the shared settings)" if shared is not None and others_differ else name
        labels.append(label or fallback)
    return labels


def display_names(paths) -> list[str]:
    """Folder names, with the parent's name in front where two runs share one (sweep jobs 0, 1, ...)."""
    names = [Path(p).name for p in paths]
    return [f"{Path(p).parent.name}/{n}" if names.count(n) > 1 else n for p, n in zip(paths, names)]


def _metric_columns(runs: list[RunRecord]) -> list[tuple[str, str, str]]:
    """(task, system, metric) present in any run: tasks and systems in report order, then HEADLINE order."""
    found = set()
    for run in runs:
        for task, systems in (run.metrics or {}).items():
            for system in ordered_systems(systems) if isinstance(systems, dict) else []:
                found |= {(task, system, m) for m in HEADLINE if isinstance(systems[system].get(m), (int, float))}
    tasks = ordered_tasks({t: {} for t, _, _ in found})
    systems = ordered_systems({s: {"macro_f1": 0} for _, s, _ in found})
    return sorted(found, key=lambda c: (tasks.index(c[0]), systems.index(c[1]), HEADLINE.index(c[2])))


def _scored_n(run: RunRecord, primary: str):
    """How many gold sentences the primary metric was computed on (None when unknown)."""
    task, system = (primary.split(".") + ["", ""])[:2]
    n = (((run.metrics or {}).get(task) or {}).get(system) or {}).get("n")
    return int(n) if isinstance(n, (int, float)) else None


def not_comparable_note(table: pd.DataFrame) -> str:
    """A warning when the runs were scored on different numbers of gold sentences, else ''."""
    sizes = sorted({int(n) for n in table["n"].dropna()}) if "n" in table else []
    if len(sizes) < 2:
        return ""
    return (f"**Not like for like:** the runs were scored on different numbers of gold sentences "
            f"(n = {', '.join(map(str, sizes))}); a rank between them says little.\n")


def leaderboard(runs: list[RunRecord], primary: str = DEFAULT_PRIMARY) -> tuple[pd.DataFrame, list[str]]:
    """(table, differing config keys). Ranked by `primary` (task.system.metric), best first; runs
    without metrics last, unranked."""
    # A run that stopped early has only Hydra's unresolved config (`${paths.data_dir}/corpus`): compared
    # with resolved ones, every interpolation would look like a difference.
    finished = [r for r in runs if (r.path / "manifest.json").is_file()] or runs
    keys = [k for k in differing_keys([r.config for r in finished]) if k not in _NOT_CHOICES]
    labels = run_labels(runs, keys)
    columns = _metric_columns(runs)
    rows = []
    for run, label in zip(runs, labels):
        flat = flatten(run.config)
        row = {"run": str(run.path), "label": label, "status": "ok" if run.complete else run.problem,
               "n": _scored_n(run, primary)}
        row.update({f"config.{k}": format_value(flat[k]) if k in flat else None for k in keys})
        for task, system, metric in columns:
            entry = ((run.metrics or {}).get(task) or {}).get(system) or {}
            name = f"{task}.{system}.{metric}"
            row[name] = entry.get(metric)
            pair = interval(entry, metric) if entry else None
            row[f"{name}.low"], row[f"{name}.high"] = pair if pair else (None, None)
        rows.append(row)
    table = pd.DataFrame(rows)
    if primary not in table.columns:
        available = [f"{t}.{s}.{m}" for t, s, m in columns]
        raise ValueError(f"primary metric {primary!r} is in no run's metrics.json; available: {available}")
    score = pd.to_numeric(table[primary], errors="coerce")
    table = table.assign(_score=score.fillna(-math.inf)).sort_values(["_score", "run"], ascending=[False, True], kind="stable")
    table = table.drop(columns="_score").reset_index(drop=True)
    table.insert(0, "rank", [i + 1 if pd.notna(v) else None for i, v in enumerate(table[primary])])
    # Drop interval columns no run filled.
    empty = [c for c in table.columns if (c.endswith(".low") or c.endswith(".high")) and table[c].isna().all()]
    return table.drop(columns=empty), keys


def _cell(row, name: str) -> str:
    value = row.get(name)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    low, high = row.get(f"{name}.low"), row.get(f"{name}.high")
    text = f"{value:.3f}"
    if low is not None and high is not None and not (isinstance(low, float) and math.isnan(low)):
        text += f" [{low:.2f}, {high:.2f}]"
    return text


def markdown_columns(table: pd.DataFrame) -> list[str]:
    """The metrics a person compares first: each task's end model and rules by macro-F1 (and F_avg),
    the majority baseline beside them."""
    wanted = []
    for column in table.columns:
        parts = column.split(".")
        if len(parts) != 3 or column.startswith("config."):
            continue
        task, system, metric = parts
        if (metric == "macro_f1") or (metric == "f_avg" and system == "end_model"):
            wanted.append(column)
    return wanted


def leaderboard_markdown(table: pd.DataFrame, keys: list[str], primary: str) -> str:
    metric_cols = markdown_columns(table)
    header = ["rank", "run", "differs by", "n", *metric_cols]
    lines = [f"Ranked by `{primary}` (best first); n: the gold sentences it was scored on. Brackets: bootstrap "
             "95% intervals where the run has them.", "",
             "| " + " | ".join(header) + " |",
             "|" + "|".join("---:" if h in ("rank", "n") or h in metric_cols else "---" for h in header) + "|"]
    for row, name in zip(table.to_dict("records"), display_names(table["run"])):
        rank = "-" if row["rank"] is None or (isinstance(row["rank"], float) and math.isnan(row["rank"])) else str(int(row["rank"]))
        run_name = name + ("" if row["status"] == "ok" else f" ({row['status']})")
        n = "-" if row.get("n") is None or pd.isna(row["n"]) else str(int(row["n"]))
        cells = [rank, run_name, row["label"], n, *[_cell(row, c) for c in metric_cols]]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    note = not_comparable_note(table)
    return "\n".join(lines) + "\n" + (f"\n{note}" if note else "")


def config_diff_markdown(runs: list[RunRecord], keys: list[str]) -> str:
    """Key by key, the value in every run (only keys that differ)."""
    if not keys:
        return "The runs' configs do not differ (apart from their names and folders).\n"
    names = display_names([r.path for r in runs])
    lines = ["| key | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    flats = [flatten(r.config) for r in runs]
    for key in keys:
        values = [format_value(f[key]) if key in f else "(absent)" for f in flats]
        lines.append(f"| `{key}` | " + " | ".join(v.replace("|", "\\|") for v in values) + " |")
    return "\n".join(lines) + "\n"
