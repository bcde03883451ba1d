from __future__ import annotations

import random

import pytest

from contrast.dispute_score import (
    FEATURES,
    DisputeScoreModel,
    best_f1_threshold,
    fit_dispute_score,
    load_dispute_score_model,
)


def test_dispute_score_shipped_model_matches_the_features():
    model = load_dispute_score_model()
    assert len(model.weights) == len(FEATURES)
    assert 0 < model.threshold < 1


def test_dispute_score_rises_with_the_nli_score():
    model = load_dispute_score_model()
    base = {"nli": 0.2, "outlet": 0.0, "polarity_differs": 1.0, "overlap": 0.3, "dismissal": 0.0}
    assert model.probability({**base, "nli": 0.9}) > model.probability(base)


def test_dispute_score_fit_recovers_a_separating_feature():
    rng = random.Random(0)
    rows, labels = [], []
    for _ in range(400):
        label = rng.random() < 0.2
        row = {name: rng.random() for name in FEATURES}
        row["overlap"] = rng.uniform(0.6, 1.0) if label else rng.uniform(0.0, 0.5)
        rows.append(row)
        labels.append(label)
    model = fit_dispute_score(rows, labels)
    assert model.weights[FEATURES.index("overlap")] == max(model.weights)
    predicted = [model.probability(row) >= model.threshold for row in rows]
    assert sum(p == label for p, label in zip(predicted, labels, strict=True)) / len(rows) > 0.95


def test_dispute_score_round_trips_through_json():
    model = DisputeScoreModel(
        mean=(0.1,) * len(FEATURES),
        scale=(1.0,) * len(FEATURES),
        weights=(0.5,) * len(FEATURES),
        bias=-1.0,
        threshold=0.2,
    )
    assert DisputeScoreModel.from_json(model.to_json()) == model


def test_dispute_score_refuses_a_file_fitted_on_other_features():
    data = DisputeScoreModel(mean=(0.0,), scale=(1.0,), weights=(1.0,), bias=0.0, threshold=0.5).to_json()
    data["features"] = ["something_else"]
    with pytest.raises(ValueError, match=r"refit with bench/fit_dispute_score\.py"):
        DisputeScoreModel.from_json(data)


@pytest.mark.parametrize(
    ("probabilities", "labels", "cut"),
    [([0.9, 0.8, 0.3, 0.1], [True, True, False, False], 0.8), ([0.9, 0.2, 0.1], [True, False, True], 0.1)],
)
def test_dispute_score_threshold_maximises_f1(probabilities, labels, cut):
    assert best_f1_threshold(probabilities, labels) == cut
