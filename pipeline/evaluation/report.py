"""Render report.md and a self-contained report.html (plots embedded as data URIs)."""
from __future__ import annotations

import base64
from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("pipeline.evaluation", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["fmt"] = lambda v, d=3: "-" if v is None else (f"{v:.{d}f}" if isinstance(v, float) else str(v))
    return env


def render_reports(context: dict, plots: dict[str, bytes]) -> tuple[str, str]:
    """Return (markdown, html). `plots` maps a relative path (plots/x.png) to PNG bytes."""
    env = _environment()
    markdown = env.get_template("report.md.j2").render(**context, plots=sorted(plots))
    embedded = {path: "data:image/png;base64," + base64.b64encode(data).decode("ascii")
                for path, data in sorted(plots.items())}
    html = env.get_template("report.html.j2").render(**context, plots=embedded)
    return markdown, html
