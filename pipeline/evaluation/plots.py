"""Figures as PNG bytes. Computing stays elsewhere; these functions only draw."""
from __future__ import annotations

import io
from typing import NamedTuple

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


CLASS_COLORS = {"FAVOR": "#2b8a3e", "AGAINST": "#c92a2a", "NONE": "#868e96",
                "POSITIVE": "#2b8a3e", "NEGATIVE": "#c92a2a", "NEUTRAL": "#868e96"}


def _color(label: str, j: int) -> str:
    return CLASS_COLORS.get(label, f"C{j}")


def precision_recall_png(y_true, proba, classes: tuple[str, ...], title: str) -> bytes:
    """One precision-recall curve per class (one-vs-rest), average precision in the legend."""
    import numpy as np
    from sklearn.metrics import PrecisionRecallDisplay

    y_true = np.asarray(y_true, dtype=object)
    fig, ax = plt.subplots(figsize=(5.0, 4.0))
    for j, label in enumerate(classes):
        positives = y_true == label
        if positives.sum() == 0:
            continue
        PrecisionRecallDisplay.from_predictions(positives, proba[:, j], name=label, ax=ax,
                                                curve_kwargs={"color": _color(label, j)}, plot_chance_level=False)
    ax.set_title(title, fontsize=10)
    ax.set_xlabel("recall")
    ax.set_ylabel("precision")
    ax.set_xlim(0, 1.0)
    ax.set_ylim(0, 1.05)
    ax.legend(loc="lower left", fontsize=8)
    return figure_to_png(fig)


def reliability_png(bins, title: str) -> bytes:
    """bins: rows of (mean confidence, accuracy, count) for the predicted class; the diagonal is
    perfect calibration, bar widths show how many sentences fall in each bin."""
    fig, (ax, ax_count) = plt.subplots(2, 1, figsize=(4.8, 5.0), sharex=True,
                                       gridspec_kw={"height_ratios": [3, 1]})
    ax.plot([0, 1], [0, 1], linestyle="--", color="#adb5bd", label="perfectly calibrated")
    ax.plot(bins["confidence"], bins["accuracy"], marker="o", color="#1c7ed6", label="model")
    ax.set_title(title, fontsize=10)
    ax.set_ylabel("share correct")
    ax.set_ylim(0, 1.02)
    ax.legend(loc="upper left", fontsize=8)
    ax_count.bar(bins["confidence"], bins["count"], width=0.05, color="#74c0fc")
    ax_count.set_xlabel("predicted probability of the chosen class")
    ax_count.set_ylabel("sentences")
    ax_count.set_xlim(0, 1.02)
    return figure_to_png(fig)


def learning_curve_png(curve, references: dict[str, float], metric: str, title: str) -> bytes:
    """curve: rows of (n_gold, score_mean, score_min, score_max) over folds."""
    fig, ax = plt.subplots(figsize=(5.0, 3.6))
    ax.plot(curve["n_gold"], curve["score_mean"], marker="o", color="#1c7ed6", label="trained on gold")
    if (curve["score_max"] > curve["score_min"]).any():  # one fold per point: no range to show
        ax.fill_between(curve["n_gold"], curve["score_min"], curve["score_max"], color="#a5d8ff", alpha=0.5,
                        label="range over folds")
    for j, (name, value) in enumerate(sorted(references.items())):
        ax.axhline(value, linestyle="--", color=f"C{j + 1}", label=name)
    ax.set_title(title, fontsize=10)
    ax.set_xlabel("gold sentences in the training folds")
    ax.set_ylabel(metric)
    ax.set_ylim(0, 1)
    ax.legend(loc="lower right", fontsize=8)
    return figure_to_png(fig)


def top_ngrams_png(top: dict[str, list[tuple[str, float]]], title: str) -> bytes:
    """One panel per class: the features with the largest weights toward it."""
    classes = list(top)
    fig, axes = plt.subplots(1, len(classes), figsize=(3.3 * len(classes), 4.2), squeeze=False)
    for j, (ax, label) in enumerate(zip(axes[0], classes)):
        names = [n for n, _ in top[label]][::-1]
        weights = [w for _, w in top[label]][::-1]
        ax.barh(range(len(names)), weights, color=_color(label, j))
        ax.set_yticks(range(len(names)), names, fontsize=8)
        ax.set_title(label, fontsize=10)
        ax.set_xlabel("weight toward the class")
    axes[0][0].set_ylabel("feature (n-gram)")
    fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    return figure_to_png(fig)


def label_distribution_png(counts, title: str) -> bytes:
    """counts: rows of (task, source, label, count); one panel per task, bars per source."""
    import numpy as np

    tasks = list(dict.fromkeys(counts["task"]))
    fig, axes = plt.subplots(1, len(tasks), figsize=(4.6 * len(tasks), 3.6), squeeze=False)
    for ax, task in zip(axes[0], tasks):
        part = counts[counts["task"] == task]
        labels = list(dict.fromkeys(part["label"]))
        sources = list(dict.fromkeys(part["source"]))
        width = 0.8 / max(len(sources), 1)
        for k, source in enumerate(sources):
            rows = part[part["source"] == source].set_index("label")["count"]
            ax.bar(np.arange(len(labels)) + k * width, [rows.get(label, 0) for label in labels], width, label=source)
        ax.set_xticks(np.arange(len(labels)) + width * (len(sources) - 1) / 2, labels, fontsize=8)
        ax.set_title(task, fontsize=10)
        ax.set_xlabel("label")
        ax.set_ylabel("sentences")
        ax.legend(fontsize=8)
    fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    return figure_to_png(fig)


def _month_ordinal(month: str) -> int | None:
    """'YYYY-MM' -> months since year 0; None for 'undated' or anything else that is no month."""
    year, _, number = month.partition("-")
    return int(year) * 12 + int(number) - 1 if year.isdigit() and number.isdigit() else None


# A longer stretch without any article is cut out of the calendar axis (drawn CUT_WIDTH steps wide,
# marked and labelled): one mis-dated article (a 1970-01 from an epoch default, a 2202 typo) would
# otherwise squeeze every real month into a sliver of the plot.
LONG_GAP_MONTHS = 24
CUT_WIDTH = 3


def _dated_ordinals(months) -> list[int]:
    return sorted({o for o in map(_month_ordinal, months) if o is not None})


def _segments(ordinals: list[int]) -> list[list[int]]:
    """Sorted month ordinals split where more than LONG_GAP_MONTHS separate two neighbours."""
    segments: list[list[int]] = []
    for o in ordinals:
        if segments and o - segments[-1][-1] <= LONG_GAP_MONTHS:
            segments[-1].append(o)
        else:
            segments.append([o])
    return segments


def _ordinal_positions(segments: list[list[int]]) -> dict[int, int]:
    """Month ordinal -> axis step: one step per month inside a segment, CUT_WIDTH steps across a cut."""
    positions, x = {}, 0
    for k, segment in enumerate(segments):
        x += CUT_WIDTH if k else 0
        for o in range(segment[0], segment[-1] + 1):
            positions[o] = x + o - segment[0]
        x = positions[segment[-1]]
    return positions


class CalendarAxis(NamedTuple):
    position: dict[str, int]  # 'YYYY-MM' (or 'undated') -> x
    ticks: list[int]
    labels: list[str]
    cuts: list[tuple[float, int]]  # (x between the two months, months without articles) per stretch cut out


def calendar_axis(months) -> CalendarAxis:
    """A calendar axis for 'YYYY-MM' values: one step per month, gaps kept, stretches longer than
    LONG_GAP_MONTHS cut out; 'undated' (or any value that is no month) two steps after the last month.
    About ten evenly spaced month ticks over the dated months (each segment from its first month)."""
    segments = _segments(_dated_ordinals(months))
    at = _ordinal_positions(segments)
    after_last = max(at.values()) + 2 if at else 0
    position = {m: at[_month_ordinal(m)] if _month_ordinal(m) is not None else after_last for m in months}
    cuts = [((at[a[-1]] + at[b[0]]) / 2, b[0] - a[-1] - 1) for a, b in zip(segments, segments[1:])]
    span = sum(seg[-1] - seg[0] + 1 for seg in segments)
    step = -(-span // 10) if span else 1
    ticks, labels = [], []
    for segment in segments:
        for o in range(segment[0], segment[-1] + 1, step):
            ticks.append(at[o])
            labels.append(f"{o // 12}-{o % 12 + 1:02d}")
    undated = sorted(m for m in position if _month_ordinal(m) is None)
    return CalendarAxis(position, ticks + [position[m] for m in undated], labels + undated, cuts)


def _runs_of_consecutive(x: list[int]) -> list[slice]:
    """Slices of x (sorted) whose neighbours are one month apart: a line never bridges a gap."""
    bounds = [0] + [i for i in range(1, len(x)) if x[i] - x[i - 1] != 1] + [len(x)]
    return [slice(a, b) for a, b in zip(bounds, bounds[1:])]


def stance_over_time_png(share, classes: tuple[str, ...], title: str) -> bytes:
    """share: rows of (source, month, n_sentences, share_<class>...). One panel per stance class
    other than the last (FAVOR, AGAINST), one line per outlet: the share of its sentences in that
    class, month by month on a calendar axis (a month without articles breaks the line; a stretch of
    more than LONG_GAP_MONTHS without any is cut out of the axis and marked), each
    marker's area growing with the sentences behind it (pass at most ~8 outlets: keep_top_outlets)."""
    shown = classes[:-1]
    months = sorted(share["month"].unique())
    axis = calendar_axis(months)
    biggest = max(1, int(share["n_sentences"].max())) if len(share) else 1  # empty: an empty, labelled plot
    fig, axes = plt.subplots(1, len(shown), figsize=(5.2 * len(shown), 3.8), sharey=True, squeeze=False)
    for ax, label in zip(axes[0], shown):
        for j, (source, part) in enumerate(sorted(share.groupby("source"), key=lambda kv: kv[0])):
            part = part.assign(x=part["month"].map(axis.position)).sort_values("x")
            x, y = part["x"].tolist(), part[f"share_{label}"].tolist()
            style = dict(color=f"C{j % 10}", linewidth=1.2, linestyle=":" if source.startswith("other outlets") else "-")
            for run in _runs_of_consecutive(x):
                ax.plot(x[run], y[run], **style)
            sizes = 8 + 60 * (part["n_sentences"].to_numpy() / biggest)
            ax.scatter(x, y, s=sizes, color=style["color"], label=source, zorder=3)
        for x, n_months in axis.cuts:
            ax.axvline(x, color="grey", linewidth=0.8, linestyle=(0, (2, 2)))
            ax.text(x, 0.5, f"{n_months} months without articles", rotation=90, ha="center", va="center",
                    fontsize=6, color="dimgrey", backgroundcolor="white")
        ax.set_title(f"share {label}", fontsize=10)
        ax.set_ylim(0, 1)
        ax.set_xticks(axis.ticks, axis.labels, rotation=45, fontsize=7)
        ax.set_xlabel("month of publication (marker area: sentences)")
    axes[0][0].set_ylabel("share of the outlet's sentences")
    if len(share):
        axes[0][-1].legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, title="outlet", title_fontsize=8)
    else:
        axes[0][0].text(0.5, 0.5, "no sentences to show", ha="center", va="center", transform=axes[0][0].transAxes)
    fig.suptitle(title, fontsize=11)
    return figure_to_png(fig)
