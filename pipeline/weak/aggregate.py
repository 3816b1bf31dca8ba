"""Label models: turn a matrix of votes (rows: sentences, columns: functions) into one label.

Each model returns (labels, confidence, proba): a class id or ABSTAIN per row, the probability of
that class, and the full class distribution. A row where no function fired abstains with confidence 0
and a uniform distribution.
"""
from __future__ import annotations

import numpy as np

from pipeline.labels import ABSTAIN


def _vote_counts(votes: np.ndarray, n_classes: int) -> np.ndarray:
    return np.stack([(votes == c).sum(axis=1) for c in range(n_classes)], axis=1).astype(np.float64)


def majority_vote(votes: np.ndarray, n_classes: int, **_) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Label = most votes; confidence = the winner's share. Silence and ties between top classes abstain."""
    counts = _vote_counts(votes, n_classes)
    total = counts.sum(axis=1)
    top = counts.max(axis=1)
    tied = (counts == top[:, None]).sum(axis=1) > 1
    abstain = (total == 0) | tied
    labels = np.where(abstain, ABSTAIN, counts.argmax(axis=1))
    confidence = np.where(abstain, 0.0, top / np.maximum(total, 1))
    proba = np.where(total[:, None] > 0, counts / np.maximum(total, 1)[:, None], 1.0 / n_classes)
    return labels.astype(np.int64), confidence.astype(np.float64), proba


def dawid_skene(votes: np.ndarray, n_classes: int, max_iter: int = 100, tol: float = 1e-6, smoothing: float = 1.0,
                prior_accuracy: float = 0.7, class_prior: str = "learned", confusion: str = "full",
                abstain: str = "outcome", **_) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Dawid and Skene (1979): EM over one confusion matrix per function, learnt without gold.

    confusion="full" learns P(vote | true class) for every pair; "one_coin" learns one accuracy per
    function (errors spread evenly), which needs far less data and suits functions that only ever
    vote one class. abstain="outcome" models abstaining as one more vote, so that where a function
    stays silent is evidence too; "ignore" leaves silent functions out of a sentence's likelihood.
    The start is the majority vote's distribution and Dirichlet pseudo-counts favour the diagonal,
    which keeps EM from swapping classes; no randomness, so the result is deterministic.
    """
    n, m = votes.shape
    k = n_classes
    outcomes = np.where(votes == ABSTAIN, k, votes)  # 0..k-1 votes, k = abstain
    onehot = np.zeros((n, m, k + 1))
    onehot[np.arange(n)[:, None], np.arange(m)[None, :], outcomes] = 1.0
    fired = (votes != ABSTAIN).any(axis=1)

    counts = _vote_counts(votes, k)
    posterior = np.where(fired[:, None], counts + 1e-3, 1.0)
    posterior /= posterior.sum(axis=1, keepdims=True)

    pseudo = np.full((k, k + 1), smoothing * (1.0 - prior_accuracy) / max(k - 1, 1))
    pseudo[np.arange(k), np.arange(k)] = smoothing * prior_accuracy
    pseudo[:, k] = smoothing
    fit = posterior[fired]
    fit_onehot = onehot[fired]
    for _ in range(max_iter):
        # M step: class prior and each function's P(outcome | true class).
        prior = fit.mean(axis=0) if class_prior == "learned" else np.full(k, 1.0 / k)
        table = _confusion(fit, fit_onehot, pseudo, k, confusion, abstain)
        # E step: posterior over the true class of every sentence that got a vote.
        log_post = np.log(np.maximum(prior, 1e-12))[None] + np.einsum("ijl,jkl->ik", fit_onehot, np.log(table))
        log_post -= log_post.max(axis=1, keepdims=True)
        new = np.exp(log_post)
        new /= new.sum(axis=1, keepdims=True)
        change = np.abs(new - fit).max() if len(fit) else 0.0
        fit = new
        if change < tol:
            break
    proba = np.full((n, k), 1.0 / k)
    proba[fired] = fit
    labels = np.where(fired, proba.argmax(axis=1), ABSTAIN).astype(np.int64)
    confidence = np.where(fired, proba.max(axis=1), 0.0)
    return labels, confidence, proba


def _confusion(posterior, onehot, pseudo, k, kind: str, abstain: str) -> np.ndarray:
    """M step for the confusion tables, shape (functions, true class, vote incl. abstain)."""
    counts = np.einsum("ik,ijl->jkl", posterior, onehot)
    if abstain == "ignore":
        counts, pseudo = counts[:, :, :k], pseudo[:, :k]
    if kind == "one_coin":
        hits = np.einsum("jkk->j", counts[:, :, :k]) + np.trace(pseudo[:, :k])
        total = counts[:, :, :k].sum(axis=(1, 2)) + pseudo[:, :k].sum()
        # Better than chance, as every labelling function is meant to be: keeps EM off the
        # degenerate fixed point where one class swallows the rest and the others' votes turn into evidence against them.
        accuracy = np.clip(hits / total, 1.0 / k + 0.05, 0.99)
        table = np.repeat(((1.0 - accuracy) / max(k - 1, 1))[:, None, None], k, axis=1).repeat(k, axis=2)
        table[:, np.arange(k), np.arange(k)] = accuracy[:, None]
        if abstain == "outcome":  # P(fire | class), then how it votes when it fires
            fire = (counts[:, :, :k].sum(axis=2) + pseudo[None, :, :k].sum(axis=2)) / (
                counts.sum(axis=2) + pseudo[None].sum(axis=2))
            table = np.concatenate([table * fire[:, :, None], (1.0 - fire)[:, :, None]], axis=2)
    else:
        table = counts + pseudo[None]
        table /= table.sum(axis=2, keepdims=True)
    if abstain == "ignore":  # a silent function multiplies every class by 1
        table = np.concatenate([table, np.ones(table.shape[:2] + (1,))], axis=2)
    return table


AGGREGATORS = {"majority": majority_vote, "dawid_skene": dawid_skene}


def aggregate(votes: np.ndarray, n_classes: int, model_cfg) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The label model named in config (labeler.stance_model / sentiment_model)."""
    if model_cfg.kind not in AGGREGATORS:
        raise ValueError(f"label model kind={model_cfg.kind!r}; known: {sorted(AGGREGATORS)}")
    params = {k: model_cfg[k] for k in ("max_iter", "tol", "smoothing", "prior_accuracy", "class_prior",
                                        "confusion", "abstain")}
    for key, allowed in (("class_prior", ("learned", "uniform")), ("confusion", ("full", "one_coin")),
                         ("abstain", ("outcome", "ignore"))):
        if params[key] not in allowed:
            raise ValueError(f"label model {key}={params[key]!r}; use one of {list(allowed)}")
    return AGGREGATORS[model_cfg.kind](votes, n_classes, **params)
