"""One model per target, its hyperparameters chosen by cross-validation on the training data only.

For each target, every candidate (a point of the configured grid) predicts that target's training
tweets out of fold (stratified K-fold); the candidates are chosen from those predictions (`choose`:
by the pooled CV F_avg, like the official score, or per target), refitted on all of the target's
training tweets, and only then predict its test tweets.
A candidate may also learn from the other targets' training tweets at a reduced sample weight
(`other_targets_weight`): those tweets are never in a validation fold, so the score stays honest.
The test set is touched once, after the choice.
"""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from sklearn.model_selection import StratifiedKFold

from pipeline.models.training import fit
from pipeline.semeval.scoring import f_avg


def grid_points(grid: dict) -> list[dict]:
    """The cartesian product of {param: [values]}, in a stable order."""
    keys = sorted(grid)
    return [dict(zip(keys, values)) for values in itertools.product(*(list(grid[k]) for k in keys))]


def _prepare(text: pd.Series, strip: list[str]) -> pd.Series:
    for token in strip:
        text = text.str.replace(token, " ", regex=False)
    return text.str.strip()


def _training_data(own: pd.DataFrame, others: pd.DataFrame, other_weight: float):
    if other_weight <= 0 or others.empty:
        return own["text"], own["stance"], np.ones(len(own))
    frame = pd.concat([own, others], ignore_index=True)
    weight = np.r_[np.ones(len(own)), np.full(len(others), float(other_weight))]
    return frame["text"], frame["stance"], weight


def cross_validate(make_model, params: dict, own: pd.DataFrame, others: pd.DataFrame, n_folds: int, seed: int) -> np.ndarray:
    """Out-of-fold guesses for one target's training tweets under one candidate."""
    other_weight = float(params.get("other_targets_weight", 0.0))
    model_params = {k: v for k, v in params.items() if k != "other_targets_weight"}
    folds = StratifiedKFold(n_splits=n_folds, shuffle=True, random_state=seed)
    guesses = np.empty(len(own), dtype=object)
    for train_idx, val_idx in folds.split(own["text"], own["stance"]):
        texts, y, weight = _training_data(own.iloc[train_idx], others, other_weight)
        model = fit(make_model().set_params(**model_params), texts, y, weight)
        guesses[val_idx] = model.predict(own["text"].iloc[val_idx].to_list())
    return guesses


def fit_target(make_model, params: dict, train: pd.DataFrame, target: str):
    own, others = train[train["target"] == target], train[train["target"] != target]
    texts, y, weight = _training_data(own, others, float(params.get("other_targets_weight", 0.0)))
    return fit(make_model().set_params(**{k: v for k, v in params.items() if k != "other_targets_weight"}), texts, y, weight)


def choose(cv: dict, gold: dict, select: str, passes: int = 3) -> dict:
    """cv: {target: [guesses per grid point]}, gold: {target: labels} -> {target: grid index}.

    per_target: each target's best CV F_avg. pooled: the official score pools every target's
    tweets, so the choice maximises the pooled CV F_avg, one target at a time given the others
    (coordinate ascent from the per-target choice; the first of equals wins, so it is stable).
    """
    choice = {t: int(np.argmax([f_avg(gold[t], g) for g in guesses])) for t, guesses in cv.items()}
    if select == "per_target":
        return choice
    if select != "pooled":
        raise ValueError(f"semeval.select={select!r}: choose pooled or per_target")
    targets = sorted(cv)
    all_gold = np.concatenate([gold[t] for t in targets])

    def pooled(ch):
        return f_avg(all_gold, np.concatenate([cv[t][ch[t]] for t in targets]))

    for _ in range(passes):
        changed = False
        for t in targets:
            scores = [pooled({**choice, t: i}) for i in range(len(cv[t]))]
            best = int(np.argmax(scores))
            if scores[best] > scores[choice[t]]:
                choice[t], changed = best, True
        if not changed:
            break
    return choice


def train_and_predict(make_model, grid: dict, tweets: pd.DataFrame, n_folds: int, seed: int, strip=(),
                      select: str = "pooled"):
    """tweets: tweet_id, split, target, text, stance. Returns (test predictions, chosen, cv, models)."""
    from tqdm.auto import tqdm

    tweets = tweets.assign(text=_prepare(tweets["text"], list(strip)))
    train, test = tweets[tweets["split"] == "train"], tweets[tweets["split"] == "test"]
    points = grid_points(grid)
    targets = sorted(test["target"].unique())
    cv, gold, cv_rows = {}, {}, []
    for target in tqdm(targets, desc="semeval CV", unit="target", leave=False):
        own = train[train["target"] == target].reset_index(drop=True)
        if own.empty:
            raise ValueError(f"target {target!r} has test tweets but no training tweet")
        others = train[train["target"] != target].reset_index(drop=True)
        folds = max(2, min(n_folds, int(own["stance"].value_counts().min())))
        gold[target] = own["stance"].to_numpy()
        cv[target] = [cross_validate(make_model, p, own, others, folds, seed) for p in points]
        cv_rows += [{"target": target, "params": p, "cv_f_avg": f_avg(gold[target], g)} for p, g in zip(points, cv[target])]
    choice = choose(cv, gold, select)
    guesses = pd.Series(index=test.index, dtype=object)
    chosen, models = [], {}
    for target in targets:
        params = points[choice[target]]
        models[target] = fit_target(make_model, params, train, target)
        part = test[test["target"] == target]
        guesses[part.index] = models[target].predict(part["text"].to_list())
        chosen.append({"target": target, "params": params, "cv_f_avg": f_avg(gold[target], cv[target][choice[target]])})
    return test.assign(guess=guesses.to_numpy()), chosen, cv_rows, models
