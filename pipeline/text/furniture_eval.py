"""Score the furniture rules against pages whose lines are labelled body (B) or furniture (F)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.text.furniture import FurnitureFilter
from pipeline.text.normalize import normalize_text


@dataclass
class FurnitureScore:
    body_kept: int = 0
    body_total: int = 0
    furniture_removed: int = 0
    furniture_total: int = 0
    removed_total: int = 0
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (page, gold label, line)

    @property
    def body_recall(self) -> float:
        return self.body_kept / self.body_total if self.body_total else 1.0

    @property
    def furniture_recall(self) -> float:
        return self.furniture_removed / self.furniture_total if self.furniture_total else 1.0

    @property
    def furniture_precision(self) -> float:
        return self.furniture_removed / self.removed_total if self.removed_total else 1.0


def read_labelled_page(path: Path) -> list[tuple[str, str]]:
    pairs = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        label, sep, line = raw.partition("| ")
        if not sep or label not in ("B", "F"):
            raise ValueError(f"{path.name}:{number}: expected 'B| line' or 'F| line'")
        pairs.append((label, normalize_text(line).strip()))
    return pairs


def score_pages(furniture: FurnitureFilter, folder: Path) -> tuple[FurnitureScore, int]:
    score, pages = FurnitureScore(), sorted(folder.glob("p*.txt"))
    for page in pages:
        pairs = read_labelled_page(page)
        flags = furniture.classify([line for _, line in pairs])
        for (label, line), removed in zip(pairs, flags):
            score.removed_total += removed
            if label == "B":
                score.body_total += 1
                score.body_kept += not removed
            else:
                score.furniture_total += 1
                score.furniture_removed += removed
            if removed != (label == "F"):
                score.errors.append((page.name, label, line))
    return score, len(pages)
