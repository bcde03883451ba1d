"""Dispute score: the calibrated probability that a scored pair is a real dispute between two sides.

NLI alone cries wolf on news: it reads "about something else" and "says it differently" as
contradiction. A small logistic model over the NLI score and a few cues a reader would use (is the
outlet a side, does one side rebut, do they talk about the same things, is a whole story called
false) turns the evidence into one probability, fitted on annotated real articles
(`bench/fit_dispute_score.py`, which also writes its reliability table: how often pairs in each
score band were real disputes).
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

from contrast.polarity import content_words, rebuts

if TYPE_CHECKING:
    from contrast.nli.model import PairScore

MODEL_FILE = "dispute_score.json"
# Few annotated pairs and correlated features: shrink the weights, as a reader trusts no single cue.
DEFAULT_L2 = 1.0
FEATURES = ("nli", "outlet", "polarity_differs", "overlap", "dismissal")


@dataclass(frozen=True, slots=True)
class DisputeScoreModel:
    """Standardised logistic regression; `threshold` is the decision that maximised F1 when fitted."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float

    def probability(self, features: dict[str, float]) -> float:
        z = self.bias + sum(
            w * (features[name] - m) / s
            for name, w, m, s in zip(FEATURES, self.weights, self.mean, self.scale, strict=True)
        )
        return 1 / (1 + math.exp(-z))

    def to_json(self) -> dict:
        return {
            "features": list(FEATURES),
            "mean": list(self.mean),
            "scale": list(self.scale),
            "weights": list(self.weights),
            "bias": self.bias,
            "threshold": self.threshold,
        }

    @classmethod
    def from_json(cls, data: dict) -> DisputeScoreModel:
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"{MODEL_FILE} was fitted on other features; refit with bench/fit_dispute_score.py")
        return cls(
            mean=tuple(data["mean"]),
            scale=tuple(data["scale"]),
            weights=tuple(data["weights"]),
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
        )


@functools.cache  # read once per process, not once per check
def load_dispute_score_model() -> DisputeScoreModel:
    """The model fitted for the shipped NLI model, shipped inside the package."""
    text = (resources.files("contrast") / MODEL_FILE).read_text(encoding="utf-8")
    return DisputeScoreModel.from_json(json.loads(text))


def pair_features(score: PairScore) -> dict[str, float]:
    """What a reader weighs: what NLI says, whether one side rebuts, what the two share, who speaks.

    Richer sets (each NLI direction and label, similarity, hedges, numbers) fitted no better on
    held-out articles with this few annotated pairs (bench/fit_dispute_score.py).
    """
    a, b = score.pair.a, score.pair.b
    words_a, words_b = content_words(a.proposition), content_words(b.proposition)
    denial = score.relation == "denial"
    return {
        "nli": score.score,
        "outlet": float(not (a.attributed and b.attributed)),
        "polarity_differs": float(denial or rebuts(a.proposition) != rebuts(b.proposition)),
        "overlap": len(words_a & words_b) / max(1, min(len(words_a), len(words_b))),
        "dismissal": float(score.relation == "dismissal"),
    }


def fit_dispute_score(rows: list[dict[str, float]], labels: list[bool], *, l2: float = DEFAULT_L2) -> DisputeScoreModel:
    """L2-regularised logistic regression on standardised features, threshold at the best training F1."""
    import torch

    x = torch.tensor([[row[name] for name in FEATURES] for row in rows], dtype=torch.float64)
    y = torch.tensor(labels, dtype=torch.float64)
    mean, scale = x.mean(0), x.std(0).clamp_min(1e-6)
    z = (x - mean) / scale
    weights = torch.zeros(len(FEATURES), dtype=torch.float64, requires_grad=True)
    bias = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.LBFGS([weights, bias], lr=0.5, max_iter=500)

    def closure() -> torch.Tensor:
        optimizer.zero_grad()
        logits = z @ weights + bias
        loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, y) + l2 * (weights**2).sum() / len(y)
        loss.backward()
        return loss

    optimizer.step(closure)
    model = DisputeScoreModel(
        mean=tuple(mean.tolist()),
        scale=tuple(scale.tolist()),
        weights=tuple(weights.detach().tolist()),
        bias=float(bias.detach()),
        threshold=0.5,
    )
    probabilities = [model.probability(row) for row in rows]
    return DisputeScoreModel(**{**_fields(model), "threshold": best_f1_threshold(probabilities, labels)})


def best_f1_threshold(probabilities: list[float], labels: list[bool]) -> float:
    """The cut that maximises F1 (ties go to the higher, surer cut)."""
    best, best_f1 = 0.5, -1.0
    positives = sum(labels)
    for cut in sorted(set(probabilities)):
        chosen = [label for p, label in zip(probabilities, labels, strict=True) if p >= cut]
        true = sum(chosen)
        f1 = 2 * true / (len(chosen) + positives) if chosen else 0.0
        if f1 >= best_f1:
            best, best_f1 = cut, f1
    return round(best, 4)


def _fields(model: DisputeScoreModel) -> dict:
    return {name: getattr(model, name) for name in DisputeScoreModel.__slots__}
