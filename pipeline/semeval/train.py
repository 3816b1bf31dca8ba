"""One model per target, its hyperparameters chosen by cross-validation on the training data only.

For each target, every candidate predicts that target's training tweets out of fold (stratified
K-fold). A candidate is a point of the configured grid together with an offset added to the NONE
score before the argmax (`none_offsets`): the official F_avg ignores NONE's own F1, so where the
line between NONE and a stance is drawn matters, and the offset lets cross-validation move it.
The candidates are chosen from the out-of-fold guesses (`select`: by the pooled CV F_avg, like the
official score, or per target), refitted on all of the target's training tweets, and only then
predict its test tweets.
A candidate may also learn from the other targets' training tweets at a reduced sample weight
(`other_targets_weight`): those tweets are never in a validation fold, so the score stays honest.
The test set is touched once, after the choice.
"""
from __future__ import annotations

import itertools
from typing import NamedTuple

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from sklearn.base import clone
from sklearn.model_selection import StratifiedKFold

from pipeline.models.training import fit, fit_weighted
from pipeline.semeval.scoring import f_avg

NONE = "NONE"
OTHER_WEIGHT = "other_targets_weight"


class SemEvalResult(NamedTuple):
    test: pd.DataFrame  # the test tweets with their `guess`
    chosen: list[dict]  # per target: the chosen candidate and its CV F_avg
    cv_rows: list[dict]  # per target and candidate: the CV F_avg
    models: dict  # target -> the model refitted on all its training tweets
    cv_pooled_f_avg: float  # the chosen candidates' out-of-fold guesses, scored pooled like the test


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


def _model_params(params: dict) -> dict:
    return {k: v for k, v in params.items() if k != OTHER_WEIGHT}


def class_scores(classifier, X) -> np.ndarray:
    """(n, n_classes) scores in classifier.classes_ order: the decision function (or log
    probabilities), as two columns for a two-class problem so the NONE offset applies alike."""
    if hasattr(classifier, "decision_function"):
        scores = np.asarray(classifier.decision_function(X), dtype=float)
    else:
        scores = np.log(np.clip(classifier.predict_proba(X), 1e-12, None))
    return np.c_[-scores / 2, scores / 2] if scores.ndim == 1 else scores


def offset_guesses(scores: np.ndarray, classes, none_offset: float) -> np.ndarray:
    """argmax after adding none_offset to the NONE column (a positive offset favours NONE)."""
    classes = np.asarray(classes, dtype=object)
    shifted = scores + np.where(classes == NONE, float(none_offset), 0.0)
    return classes[shifted.argmax(axis=1)]


def cross_validate(make_model, points: list[dict], own: pd.DataFrame, others: pd.DataFrame, n_folds: int,
                   seed: int) -> tuple[list[np.ndarray], np.ndarray]:
    """Out-of-fold scores of one target's training tweets, one (n, n_classes) array per grid point,
    and the class order. In each fold the features are fitted once per distinct feature setting
    (on that fold's training tweets only) and shared by the classifiers that use them."""
    template = make_model()
    classes = np.array(sorted(own["stance"].unique()), dtype=object)
    scores = [np.zeros((len(own), len(classes))) for _ in points]
    folds = StratifiedKFold(n_splits=n_folds, shuffle=True, random_state=seed)
    groups: dict[str, list[int]] = {}
    for i, p in enumerate(points):  # points sharing their feature setting and training data
        key = repr(sorted((k, repr(v)) for k, v in p.items() if k.startswith("features__") or k == OTHER_WEIGHT))
        groups.setdefault(key, []).append(i)
    for train_idx, val_idx in folds.split(own["text"], own["stance"]):
        val_texts = own["text"].iloc[val_idx].to_list()
        for members in groups.values():
            shared = points[members[0]]
            texts, y, weight = _training_data(own.iloc[train_idx], others, float(shared.get(OTHER_WEIGHT, 0.0)))
            feature_params = {k[len("features__"):]: v for k, v in shared.items() if k.startswith("features__")}
            features = clone(template.named_steps["features"]).set_params(**feature_params)
            X_train = features.fit_transform(texts.fillna("").astype(str).to_list())
            X_val = features.transform(val_texts)
            for i in members:
                classifier_params = {k[len("classifier__"):]: v for k, v in points[i].items() if k.startswith("classifier__")}
                classifier = clone(template.named_steps["classifier"]).set_params(**classifier_params)
                classifier = fit_weighted(classifier, X_train, y, weight)
                if list(classifier.classes_) != list(classes):
                    raise ValueError(f"the training tweets of a fold have the classes {list(classifier.classes_)}, "
                                     f"the target's own tweets {list(classes)}: every class must occur in both")
                scores[i][val_idx] = class_scores(classifier, X_val)
    return scores, classes


def _target_guesses(make_model, points, offsets, own: pd.DataFrame, others: pd.DataFrame, n_folds: int,
                    seed: int) -> list[np.ndarray]:
    """One target's out-of-fold guesses, one array per candidate (grid point x NONE offset)."""
    folds = max(2, min(n_folds, int(own["stance"].value_counts().min())))
    scores, classes = cross_validate(make_model, points, own, others, folds, seed)
    return [offset_guesses(s, classes, o) for s in scores for o in offsets]


def fit_target(make_model, params: dict, train: pd.DataFrame, target: str):
    own, others = train[train["target"] == target], train[train["target"] != target]
    texts, y, weight = _training_data(own, others, float(params.get(OTHER_WEIGHT, 0.0)))
    return fit(make_model().set_params(**_model_params(params)), texts, y, weight)


def choose(cv: dict, gold: dict, select: str, passes: int = 3) -> dict:
    """cv: {target: [guesses per candidate]}, gold: {target: labels} -> {target: candidate index}.

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
                      select: str = "pooled", none_offsets=(0.0,), n_jobs: int = 1) -> SemEvalResult:
    """tweets: tweet_id, split, target, text, stance."""
    from tqdm.auto import tqdm

    tweets = tweets.assign(text=_prepare(tweets["text"], list(strip)))
    train, test = tweets[tweets["split"] == "train"], tweets[tweets["split"] == "test"]
    unknown = sorted(k for k in grid if not k.startswith(("features__", "classifier__")) and k != OTHER_WEIGHT)
    if unknown:
        raise ValueError(f"semeval.grid: {unknown} name no parameter; use features__<name>, classifier__<name> "
                         f"or {OTHER_WEIGHT}")
    points = grid_points(grid)
    offsets = [float(o) for o in none_offsets] or [0.0]
    candidates = [{**p, "none_offset": o} for p in points for o in offsets]
    targets = sorted(test["target"].unique())
    own = {t: train[train["target"] == t].reset_index(drop=True) for t in targets}
    empty = [t for t in targets if own[t].empty]
    if empty:
        raise ValueError(f"target {empty[0]!r} has test tweets but no training tweet")
    jobs = (delayed(_target_guesses)(make_model, points, offsets, own[t],
                                     train[train["target"] != t].reset_index(drop=True), n_folds, seed)
            for t in targets)
    # One target per worker (n_jobs): the targets' searches are independent, the result the same.
    results = Parallel(n_jobs=n_jobs, return_as="generator")(jobs)
    cv = dict(zip(targets, tqdm(results, total=len(targets), desc="semeval CV", unit="target", leave=False)))
    gold = {t: own[t]["stance"].to_numpy() for t in targets}
    cv_rows = [{"target": t, "params": c, "cv_f_avg": f_avg(gold[t], g)} for t in targets for c, g in zip(candidates, cv[t])]
    choice = choose(cv, gold, select)
    guesses = pd.Series(index=test.index, dtype=object)
    chosen, models = [], {}
    for target in targets:
        params = candidates[choice[target]]
        model_params = {k: v for k, v in params.items() if k != "none_offset"}
        models[target] = fit_target(make_model, model_params, train, target)
        part = test[test["target"] == target]
        scores = class_scores(models[target], part["text"].to_list())
        guesses[part.index] = offset_guesses(scores, models[target].classes_, params["none_offset"])
        chosen.append({"target": target, "params": params, "cv_f_avg": f_avg(gold[target], cv[target][choice[target]])})
    cv_pooled = f_avg(np.concatenate([gold[t] for t in targets]), np.concatenate([cv[t][choice[t]] for t in targets]))
    return SemEvalResult(test.assign(guess=guesses.to_numpy()), chosen, cv_rows, models, cv_pooled)
