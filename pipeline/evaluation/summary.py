"""Metrics as rows and as a console table (no heavy imports: the CLI prints it on every run)."""
from __future__ import annotations

SYSTEM_ORDER = ("majority", "label_model", "end_model")


def metrics_rows(metrics: dict) -> list[dict]:
    rows = []
    for task, systems in metrics.items():
        for system in sorted(systems, key=lambda s: (SYSTEM_ORDER.index(s) if s in SYSTEM_ORDER else 99, s)):
            m = systems[system]
            rows.append({
                "task": task, "system": system, "n": m["n"], "accuracy": m["accuracy"],
                "macro_f1": m["macro_f1"], "f_avg": m.get("f_avg"),
            })
    return rows


def metrics_table(metrics: dict) -> str:
    """A fixed-width table for the console."""
    lines = [f"{'task':<10} {'system':<12} {'n':>5} {'accuracy':>9} {'macro_f1':>9} {'f_avg':>7}"]
    for r in metrics_rows(metrics):
        f_avg = f"{r['f_avg']:.3f}" if r["f_avg"] is not None else "-"
        lines.append(f"{r['task']:<10} {r['system']:<12} {r['n']:>5} {r['accuracy']:>9.3f} {r['macro_f1']:>9.3f} {f_avg:>7}")
    return "\n".join(lines)

