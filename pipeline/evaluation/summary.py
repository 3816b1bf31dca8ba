"""Metrics as rows, intervals and flat names (no heavy imports: the CLI prints a table on every run).

metrics.json is `{task: {system: {metric: value, ...}}}`. Entries of a task that are not systems
(no `macro_f1`) are left alone here, so that evaluation can add tests or notes beside the systems.
"""
from __future__ import annotations

from typing import Optional

SYSTEM_ORDER = ("majority", "label_model", "end_model")
TASK_ORDER = ("stance", "sentiment")
HEADLINE = ("accuracy", "macro_f1", "f_avg", "kappa")
# Where an interval for metric `m` may sit in a system's entry: `m_ci`, or a mapping of metric -> interval.
_INTERVAL_MAPS = ("ci", "intervals", "bootstrap", "ci95")


def is_system(entry) -> bool:
    return isinstance(entry, dict) and "macro_f1" in entry


def ordered_systems(systems: dict) -> list[str]:
    names = [s for s, m in systems.items() if is_system(m)]
    return sorted(names, key=lambda s: (SYSTEM_ORDER.index(s) if s in SYSTEM_ORDER else 99, s))


def ordered_tasks(metrics: dict) -> list[str]:
    names = [t for t, systems in metrics.items() if isinstance(systems, dict)]
    return sorted(names, key=lambda t: (TASK_ORDER.index(t) if t in TASK_ORDER else 99, t))


def _as_pair(value) -> Optional[tuple[float, float]]:
    if isinstance(value, (list, tuple)) and len(value) == 2 and all(isinstance(v, (int, float)) for v in value):
        return float(value[0]), float(value[1])
    if isinstance(value, dict):
        for low, high in (("low", "high"), ("lo", "hi"), ("lower", "upper")):
            if isinstance(value.get(low), (int, float)) and isinstance(value.get(high), (int, float)):
                return float(value[low]), float(value[high])
    return None


def interval(entry: dict, metric: str) -> Optional[tuple[float, float]]:
    """The 95% interval of `metric` when evaluation wrote one, in any of the shapes it may use."""
    found = _as_pair(entry.get(f"{metric}_ci"))
    if found:
        return found
    for key in _INTERVAL_MAPS:
        if isinstance(entry.get(key), dict):
            found = _as_pair(entry[key].get(metric))
            if found:
                return found
    return None


def metrics_rows(metrics: dict) -> list[dict]:
    """One row per task and system, baseline first, with intervals and the gap to the majority baseline."""
    rows = []
    for task in ordered_tasks(metrics):
        systems = metrics[task]
        majority = systems.get("majority") if is_system(systems.get("majority")) else None
        for system in ordered_systems(systems):
            m = systems[system]
            row = {"task": task, "system": system, "n": m.get("n")}
            row.update({k: m.get(k) if isinstance(m.get(k), (int, float)) else None for k in HEADLINE})
            row["intervals"] = {k: interval(m, k) for k in HEADLINE if interval(m, k)}
            row["vs_majority"] = (m["macro_f1"] - majority["macro_f1"]
                                  if majority is not None and system != "majority" else None)
            rows.append(row)
    return rows


def per_class_tables(metrics: dict) -> list[dict]:
    """Per task: its systems, and one row per class with each system's precision, recall and F1."""
    tables = []
    for task in ordered_tasks(metrics):
        systems = ordered_systems(metrics[task])
        labels = list(dict.fromkeys(label for s in systems for label in (metrics[task][s].get("per_class") or {})))
        rows = []
        for label in labels:
            scores = {s: (metrics[task][s].get("per_class") or {}).get(label) for s in systems}
            support = next((v.get("support") for v in scores.values() if v and "support" in v), None)
            rows.append({"label": label, "support": support, "scores": scores})
        if rows:
            tables.append({"task": task, "systems": systems, "rows": rows})
    return tables


def paired_rows(metrics: dict) -> list[dict]:
    """Paired bootstrap tests evaluation ran between the end model and the other systems, when present."""
    rows = []
    for task in ordered_tasks(metrics):
        for system in ordered_systems(metrics[task]):
            tests = metrics[task][system].get("paired_bootstrap")
            for other, test in sorted((tests or {}).items()) if isinstance(tests, dict) else []:
                if isinstance(test, dict) and isinstance(test.get("delta"), (int, float)):
                    rows.append({"task": task, "system": system, "other": other, "metric": test.get("metric", "?"),
                                 "delta": test["delta"], "ci": _as_pair(test.get("ci95") or test.get("ci")),
                                 "p_value": test.get("p_value")})
    return rows


def split_note(metrics: dict, task: str) -> str:
    """How gold was split for a task (`group_kfold, n_splits=5, train_on=weak`), when evaluation says."""
    for system in ordered_systems(metrics.get(task, {})):
        split = metrics[task][system].get("split")
        if isinstance(split, dict):
            kind = split.get("kind", "")
            rest = ", ".join(f"{k}={v}" for k, v in sorted(split.items()) if k != "kind")
            return f"{kind}, {rest}" if rest else str(kind)
    return ""


def flatten_metrics(metrics: dict, prefix: str = "") -> dict[str, float]:
    """Every number as `task.system.metric[.class.measure]`; the names gates and trackers use."""
    flat = {}
    for key, value in metrics.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten_metrics(value, name + "."))
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            flat[name] = float(value)
    return flat


def metrics_table(metrics: dict) -> str:
    """A fixed-width table for the console."""
    def num(v, width):
        return f"{v:>{width}.3f}" if isinstance(v, (int, float)) else f"{'-':>{width}}"

    rows = metrics_rows(metrics)
    if not rows:
        return "no gold label matched a sentence of this corpus: nothing was scored (see labeler.gold_dir)"
    lines = [f"{'task':<10} {'system':<12} {'n':>5} {'accuracy':>9} {'macro_f1':>9} {'f_avg':>7}"]
    for r in rows:
        lines.append(f"{r['task']:<10} {r['system']:<12} {str(r['n'] if r['n'] is not None else '-'):>5} "
                     f"{num(r['accuracy'], 9)} {num(r['macro_f1'], 9)} {num(r['f_avg'], 7)}")
    return "\n".join(lines)
