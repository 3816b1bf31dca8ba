"""Figures as PNG bytes. Computing stays elsewhere; these functions only draw."""
from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from sklearn.metrics import ConfusionMatrixDisplay  # noqa: E402


def figure_to_png(fig) -> bytes:
    buffer = io.BytesIO()
    # No "Software" stamp: the same figure gives the same bytes on every run.
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def confusion_matrix_png(y_true, y_pred, labels: tuple[str, ...], title: str) -> bytes:
    fig, ax = plt.subplots(figsize=(4.6, 4.0))
    ConfusionMatrixDisplay.from_predictions(
        y_true, y_pred, labels=list(labels), cmap="Blues", colorbar=False, ax=ax
    )
    ax.set_title(title, fontsize=10)
    ax.set_xlabel("predicted label")
    ax.set_ylabel("gold label")
    return figure_to_png(fig)
