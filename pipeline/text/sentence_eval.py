"""Read the gold sentence-boundary fixture and score a splitter on it (see tests/fixtures/sentences)."""
from __future__ import annotations

from pathlib import Path


def read_gold(path: Path) -> tuple[str, list[tuple[int, int]]]:
    """(text, gold sentence spans). Paragraphs are joined by a blank line."""
    paragraphs, current = [], []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("#"):
            continue
        if not line.strip():
            if current:
                paragraphs.append(current)
            current = []
            continue
        current.append(line)
    text, spans = "", []
    for para in paragraphs:
        if text:
            text += "\n\n"
        for i, line in enumerate(para):
            if line.startswith("~"):
                sentence = line[1:]
            elif line.startswith("- "):
                text += "\n- "
                sentence = line[2:]
            else:
                sentence = line
                if i:
                    text += " "
            spans.append((len(text), len(text) + len(sentence)))
            text += sentence
    return text, spans


def boundary_f1(gold: list[tuple[int, int]], predicted: list[tuple[int, int]]) -> dict:
    """Precision, recall and F1 of sentence boundaries (span ends), and of exact spans."""
    gold_ends, pred_ends = {e for _, e in gold}, {e for _, e in predicted}
    hit = len(gold_ends & pred_ends)
    precision = hit / len(pred_ends) if pred_ends else 0.0
    recall = hit / len(gold_ends) if gold_ends else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    exact = len(set(gold) & set(predicted))
    return {"precision": precision, "recall": recall, "f1": f1, "exact_spans": exact, "n_gold": len(gold),
            "n_pred": len(predicted)}
