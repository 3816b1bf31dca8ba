"""Label models: Dawid-Skene learns which functions to trust without gold; config chooses the model."""
import numpy as np
import pytest
from omegaconf import OmegaConf

from pipeline.config.weak import LabelModelConfig
from pipeline.labels import ABSTAIN
from pipeline.weak.aggregate import aggregate, dawid_skene, majority_vote


def simulated_votes(seed=0, n=600, accuracies=(0.9, 0.85, 0.35, 0.35, 0.35), coverage=0.7):
    """Two good functions and three near-random ones that agree with each other no more than chance."""
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, 3, n)
    votes = np.full((n, len(accuracies)), ABSTAIN)
    for j, accuracy in enumerate(accuracies):
        fires = rng.random(n) < coverage
        right = rng.random(n) < accuracy
        votes[fires & right, j] = truth[fires & right]
        wrong = fires & ~right
        votes[wrong, j] = (truth[wrong] + rng.integers(1, 3, wrong.sum())) % 3
    return votes, truth


@pytest.mark.parametrize("confusion", ["one_coin", "full"])
def test_dawid_skene_beats_majority_vote_when_accuracies_differ(confusion):
    votes, truth = simulated_votes()
    ds, _, _ = dawid_skene(votes, 3, confusion=confusion, abstain="ignore", class_prior="uniform")
    mv, _, _ = majority_vote(votes, 3)
    voted = (votes != ABSTAIN).any(axis=1)
    ds_acc = (ds[voted] == truth[voted]).mean()
    mv_acc = (np.where(mv == ABSTAIN, -2, mv)[voted] == truth[voted]).mean()
    assert ds_acc > mv_acc + 0.05, (ds_acc, mv_acc)


def test_label_model_abstains_where_nothing_fired_and_gives_distributions():
    votes = np.array([[0, 0, ABSTAIN], [ABSTAIN, ABSTAIN, ABSTAIN], [1, 1, 2], [2, ABSTAIN, 2]] * 10)
    labels, confidence, proba = dawid_skene(votes, 3)
    assert (labels[1::4] == ABSTAIN).all() and (confidence[1::4] == 0).all()
    assert proba[1] == pytest.approx(np.full(3, 1 / 3))
    assert proba.sum(axis=1) == pytest.approx(np.ones(len(votes)))
    assert labels[0] == 0 and labels[2] == 1 and labels[3] == 2
    assert confidence[0] == pytest.approx(proba[0].max())


def test_dawid_skene_is_deterministic():
    votes, _ = simulated_votes(seed=3)
    first, second = dawid_skene(votes, 3), dawid_skene(votes, 3)
    assert all(np.array_equal(a, b) for a, b in zip(first, second))


def test_config_chooses_the_model_and_rejects_unknown_settings():
    votes, _ = simulated_votes(n=60)
    cfg = OmegaConf.structured(LabelModelConfig(kind="majority"))
    assert np.array_equal(aggregate(votes, 3, cfg)[0], majority_vote(votes, 3)[0])
    with pytest.raises(ValueError, match="snorkel"):
        aggregate(votes, 3, OmegaConf.structured(LabelModelConfig(kind="snorkel")))
    with pytest.raises(ValueError, match="confusion"):
        aggregate(votes, 3, OmegaConf.structured(LabelModelConfig(confusion="two_coin")))
