"""The official SemEval-2016 Task 6 measure, as its eval.pl computes it.

For each category, precision = true positives / guesses and recall = true positives / gold (0 when
the denominator is 0), F1 from those (0 when P + R = 0); the score is the mean of F1(FAVOR) and
F1(AGAINST). Computed over all tweets of all targets pooled (that is the number the task's table
ranks by), and per target for the breakdown. NONE counts only through FAVOR/AGAINST precision.
"""
from __future__ import annotations

import numpy as np


def category_scores(gold, guess, category: str) -> dict[str, float]:
    gold, guess = np.asarray(gold, dtype=object), np.asarray(guess, dtype=object)
    tp = int(((gold == category) & (guess == category)).sum())
    n_guess, n_gold = int((guess == category).sum()), int((gold == category).sum())
    p = tp / n_guess if n_guess else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "support": n_gold}


def f_avg(gold, guess) -> float:
    return (category_scores(gold, guess, "FAVOR")["f1"] + category_scores(gold, guess, "AGAINST")["f1"]) / 2


def official_scores(gold, guess, targets) -> dict:
    """{"pooled": {...}, "per_target": {target: {...}}}, each with f_avg and FAVOR/AGAINST P/R/F1."""
    gold, guess, targets = (np.asarray(x, dtype=object) for x in (gold, guess, targets))

    def block(mask):
        return {"n": int(mask.sum()), "f_avg": f_avg(gold[mask], guess[mask]),
                **{c: category_scores(gold[mask], guess[mask], c) for c in ("FAVOR", "AGAINST")}}

    return {"pooled": block(np.ones(len(gold), dtype=bool)),
            "per_target": {t: block(targets == t) for t in sorted(set(targets))}}


def official_file(tweets, labels) -> bytes:
    """Predictions in the task's own format (ID<TAB>Target<TAB>Tweet<TAB>Stance, CRLF, latin-1), so
    that `perl eval.pl gold.txt guess.txt` can check our number."""
    lines = ["ID\tTarget\tTweet\tStance"]
    for row, label in zip(tweets.itertuples(), labels):
        lines.append(f"{row.tweet_id.split('-', 1)[1]}\t{row.target}\t{row.text}\t{label}")
    return ("\r\n".join(lines) + "\r\n").encode("latin-1", errors="replace")
