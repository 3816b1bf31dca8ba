"""Label models: turn a matrix of votes (rows: sentences, columns: functions) into one label."""
from __future__ import annotations

import numpy as np

from pipeline.labels import ABSTAIN


def majority_vote(votes: np.ndarray, n_classes: int) -> tuple[np.ndarray, np.ndarray]:
    """Return (label or ABSTAIN, confidence = winner's share of the non-abstaining votes).

    A sentence where nothing fires, or where the top classes tie, abstains with confidence 0.
    """
    counts = np.stack([(votes == c).sum(axis=1) for c in range(n_classes)], axis=1)
    total = counts.sum(axis=1)
    winner = counts.argmax(axis=1)
    top = counts.max(axis=1)
    tied = (counts == top[:, None]).sum(axis=1) > 1
    abstain = (total == 0) | tied
    labels = np.where(abstain, ABSTAIN, winner)
    confidence = np.where(abstain, 0.0, top / np.maximum(total, 1))
    return labels.astype(np.int64), confidence.astype(np.float64)


AGGREGATORS = {"majority": majority_vote}
