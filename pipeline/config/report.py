"""Schemas of the reporting groups: report."""
from __future__ import annotations

from dataclasses import dataclass



@dataclass
class ReportConfig:
    title: str = "Stance and sentiment run report"
    n_examples: int = 5
