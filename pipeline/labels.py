"""The label sets of ANNOTATION.md and the integer ids labelling functions vote with."""
from __future__ import annotations

ABSTAIN = -1
STANCE = ("FAVOR", "AGAINST", "NONE")
SENTIMENT = ("POSITIVE", "NEGATIVE", "NEUTRAL")
LABELS = {"stance": STANCE, "sentiment": SENTIMENT}
ABSTAIN_LABEL = "ABSTAIN"


def label_name(task: str, class_id: int) -> str:
    return ABSTAIN_LABEL if class_id == ABSTAIN else LABELS[task][class_id]


def class_id(task: str, label: str) -> int:
    return LABELS[task].index(label)
