"""Render report.md and a self-contained report.html (plots embedded as data URIs, styles inline)."""
from __future__ import annotations

import base64
import math
from functools import lru_cache
from pathlib import PurePosixPath

from jinja2 import Environment, PackageLoader, Undefined, select_autoescape


def _fmt(value, digits: int = 3) -> str:
    if value is None or isinstance(value, Undefined) or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def _interval(row, metric: str, digits: int = 2) -> str:
    """`[low, high]` of a metric row's 95% interval, or '' when evaluation wrote none."""
    intervals = row.get("intervals") if isinstance(row, dict) else None
    pair = (intervals or {}).get(metric)
    return f"[{pair[0]:.{digits}f}, {pair[1]:.{digits}f}]" if pair else ""


def _signed(value) -> str:
    return "-" if value is None or isinstance(value, Undefined) else f"{value:+.3f}"


def _md_cell(value) -> str:
    """Text that stays inside one Markdown table cell: no pipe, no line break."""
    return " ".join(str(value).split()).replace("|", "\\|")


def _group_in_order(rows, key: str) -> list[tuple]:
    """Like Jinja's groupby, but keeping the rows' order (stance before sentiment), not sorting by key."""
    groups: dict = {}
    for row in rows:
        groups.setdefault(row[key], []).append(row)
    return list(groups.items())


def caption(path: str) -> str:
    """plots/confusion_stance_end_model.png -> 'confusion stance end model'."""
    return PurePosixPath(path).stem.replace("_", " ")


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("pipeline.evaluation", "templates"),
        autoescape=select_autoescape(["html", "html.j2"]),  # report.html.j2 ends in .j2
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(cell=_md_cell, fmt=_fmt, interval=_interval, signed=_signed, caption=caption, group_in_order=_group_in_order)
    return env


def render_reports(context: dict, plots: dict[str, bytes]) -> tuple[str, str]:
    """Return (markdown, html). `plots` maps a relative path (plots/x.png) to PNG bytes."""
    env = _environment()
    markdown = env.get_template("report.md.j2").render(**context, plots=sorted(plots))
    embedded = {path: "data:image/png;base64," + base64.b64encode(data).decode("ascii")
                for path, data in sorted(plots.items())}
    html = env.get_template("report.html.j2").render(**context, plots=embedded)
    return markdown, html
