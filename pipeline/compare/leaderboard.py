"""A leaderboard of runs: one row per run, the config values that differ, the headline metrics."""
from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from pipeline.compare.config_diff import differing_keys, flatten, format_value
from pipeline.evaluation.direction import direction_arrow, direction_words, resolve_lower_is_better
from pipeline.compare.runs import RunRecord
from pipeline.evaluation.summary import HEADLINE, flatten_metrics, interval, ordered_systems, ordered_tasks

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


def _number_at(metrics: dict | None, name: str):
    """The number at a dotted name of metrics.json (`stance.end_model.ece`), else None."""
    node = metrics
    for key in name.split("."):
        node = node.get(key) if isinstance(node, dict) else None
    return node if isinstance(node, (int, float)) and not isinstance(node, bool) else None


def _interval_at(metrics: dict | None, name: str):
    """The 95% interval evaluation wrote beside a task.system.metric, else None (deeper names have none)."""
    parts = name.split(".")
    if len(parts) != 3:
        return None
    entry = ((metrics or {}).get(parts[0]) or {}).get(parts[1])
    return interval(entry, parts[2]) if isinstance(entry, dict) else None


def _metric_columns(runs: list[RunRecord], primary: str) -> list[str]:
    """task.system.metric names present in any run: tasks and systems in report order, then HEADLINE order.
    The primary metric's name joins the headline ones in every task and system that has it (an `ece` that
    ranks the runs is worth seeing beside the rest); a deeper primary (`...per_class.AGAINST.f1`) comes last."""
    parts = primary.split(".")
    wanted = HEADLINE + ((parts[2],) if len(parts) == 3 and parts[2] not in HEADLINE else ())
    found = set()
    for run in runs:
        for task, systems in (run.metrics or {}).items():
            for system in ordered_systems(systems) if isinstance(systems, dict) else []:
                found |= {(task, system, m) for m in wanted if _number_at(systems[system], m) is not None}
    tasks = ordered_tasks({t: {} for t, _, _ in found})
    systems = ordered_systems({s: {"macro_f1": 0} for _, s, _ in found})
    ordered = sorted(found, key=lambda c: (tasks.index(c[0]), systems.index(c[1]), wanted.index(c[2])))
    names = [".".join(c) for c in ordered]
    if primary not in names and any(_number_at(r.metrics, primary) is not None for r in runs):
        names.append(primary)
    return names


def _available_metrics(runs: list[RunRecord]) -> list[str]:
    """Every task.system.metric number in the runs' metrics.json, for the message about an unknown primary."""
    names = [n for r in runs for n in flatten_metrics(r.metrics or {}) if n.count(".") == 2 and not n.endswith(".n")]
    return list(dict.fromkeys(names))


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


def leaderboard(runs: list[RunRecord], primary: str = DEFAULT_PRIMARY,
                lower_is_better: bool | None = None) -> tuple[pd.DataFrame, list[str]]:
    """(table, differing config keys). Ranked by `primary` (task.system.metric), best first: highest
    first, or lowest first for an error or loss (`lower_is_better`; None: from the metric's name). Runs
    without metrics last, unranked. A run that failed a CI gate has whole metrics: it is ranked, and its
    `gate` cell says which gates failed."""
    # A run that stopped early has only Hydra's unresolved config (`${paths.data_dir}/corpus`): compared
    # with resolved ones, every interpolation would look like a difference.
    finished = [r for r in runs if (r.path / "manifest.json").is_file()] or runs
    keys = [k for k in differing_keys([r.config for r in finished]) if k not in _NOT_CHOICES]
    labels = run_labels(runs, keys)
    columns = _metric_columns(runs, primary)
    rows = []
    for run, label in zip(runs, labels):
        flat = flatten(run.config)
        row = {"run": str(run.path), "label": label, "status": "ok" if run.complete else run.problem,
               "n": _scored_n(run, primary), "gate": run.gate}
        row.update({f"config.{k}": format_value(flat[k]) if k in flat else None for k in keys})
        for name in columns:
            row[name] = _number_at(run.metrics, name)
            pair = _interval_at(run.metrics, name)
            row[f"{name}.low"], row[f"{name}.high"] = pair if pair else (None, None)
        rows.append(row)
    table = pd.DataFrame(rows)
    if primary not in table.columns:
        raise ValueError(f"primary metric {primary!r} is in no run's metrics.json; available: {_available_metrics(runs)}")
    score = pd.to_numeric(table[primary], errors="coerce")
    # Best first either way round; a run without the metric sorts after every number, and ties go by folder.
    best_first = (score if resolve_lower_is_better(primary, lower_is_better) else -score).fillna(math.inf)
    table = table.assign(_order=best_first).sort_values(["_order", "run"], kind="stable")
    table = table.drop(columns="_order").reset_index(drop=True)
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


def markdown_columns(table: pd.DataFrame, primary: str = DEFAULT_PRIMARY) -> list[str]:
    """The metrics a person compares first: each task's end model and rules by macro-F1 (and F_avg),
    the majority baseline beside them, and the metric the runs are ranked by."""
    wanted = []
    for column in table.columns:
        parts = column.split(".")
        if len(parts) != 3 or column.startswith("config."):
            continue
        task, system, metric = parts
        if (metric == "macro_f1") or (metric == "f_avg" and system == "end_model"):
            wanted.append(column)
    return wanted + ([primary] if primary in table.columns and primary not in wanted else [])


def _has_gate(table: pd.DataFrame) -> bool:
    return "gate" in table and table["gate"].notna().any()


def leaderboard_markdown(table: pd.DataFrame, keys: list[str], primary: str, lower_is_better: bool | None = None) -> str:
    lower = resolve_lower_is_better(primary, lower_is_better)
    metric_cols = markdown_columns(table, primary)
    gate = ["gate"] if _has_gate(table) else []
    header = ["rank", "run", "differs by", "n", *gate, *metric_cols]
    # The arrow marks the ranking column, so that a table copied without its first line still says which way is best.
    titles = [f"{h} {direction_arrow(lower)}" if h == primary else h for h in header]
    gate_note = (" gate: the run's CI gates (a run that failed one is ranked by its metrics all the same, and the "
                 "sweep exits 1)." if gate else "")
    lines = [f"Ranked by `{primary}`, {direction_words(lower)} (best first); n: the gold sentences it was scored on. "
             f"Brackets: bootstrap 95% intervals where the run has them.{gate_note}", "",
             "| " + " | ".join(titles) + " |",
             "|" + "|".join("---:" if h in ("rank", "n") or h in metric_cols else "---" for h in header) + "|"]
    for row, name in zip(table.to_dict("records"), display_names(table["run"])):
        rank = "-" if row["rank"] is None or (isinstance(row["rank"], float) and math.isnan(row["rank"])) else str(int(row["rank"]))
        run_name = name + ("" if row["status"] == "ok" else f" ({row['status']})")
        n = "-" if row.get("n") is None or pd.isna(row["n"]) else str(int(row["n"]))
        gate_cell = [row["gate"] if isinstance(row.get("gate"), str) else "-"] if gate else []
        cells = [rank, run_name, row["label"], n, *gate_cell, *[_cell(row, c) for c in metric_cols]]
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
