"""How the stance model turns logits into a decision, fitted on FNC-1 train bodies the model never saw.

A class-weighted model still under-calls `disagree`, the rare class that matters most here, so each class
gets a bias; a temperature makes the probabilities honest; a stance whose probability is below
`abstain_below` is reported as uncertain rather than guessed.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import torch

from contrast.errors import ModelLoadError
from contrast.stance.fnc import STANCES, stance_metrics

DECISION_FILE = "decision.json"
DEFAULT_ABSTAIN_BELOW = 0.5
BIAS_GRID = tuple(x / 4 for x in range(-8, 13))


@dataclass(frozen=True, slots=True)
class Decision:
    bias: tuple[float, ...] = (0.0, 0.0, 0.0, 0.0)
    temperature: float = 1.0
    abstain_below: float = 0.0
    fitted_on: str = "nothing: the raw model"

    def probabilities(self, logits: torch.Tensor) -> torch.Tensor:
        return torch.softmax((logits + torch.tensor(self.bias)) / self.temperature, dim=-1)


def read_decision(model_dir: Path) -> Decision:
    """The model's decision file; without one, the raw model. A damaged file is the user's to fix, in one line."""
    path = model_dir / DECISION_FILE
    if not path.is_file():
        return Decision()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        decision = Decision(
            tuple(float(b) for b in data["bias"]),
            float(data.get("temperature", 1.0)),
            float(data["abstain_below"]),
            str(data.get("fitted_on", "")),
        )
    except (ValueError, KeyError, TypeError) as error:
        raise ModelLoadError(
            f"{path}: not a stance decision file ({type(error).__name__}: {error}); it holds "
            '{"bias": [4 numbers], "abstain_below": 0.x}; fix it, or delete it to use the raw model'
        ) from None
    if len(decision.bias) != len(STANCES):
        raise ModelLoadError(f"{path}: bias has {len(decision.bias)} values; give one per stance: {', '.join(STANCES)}")
    return decision


def write_decision(model_dir: Path, decision: Decision) -> None:
    (model_dir / DECISION_FILE).write_text(json.dumps(asdict(decision), indent=1) + "\n", encoding="utf-8")


def fit_decision(logits: torch.Tensor, labels: torch.Tensor, *, fitted_on: str) -> Decision:
    """Biases that maximise the mean of FNC-1's relative score and macro-F1 (so the rare classes count), then the
    temperature that minimises the negative log-likelihood of the biased logits."""
    gold = [STANCES[i] for i in labels.tolist()]

    def objective(bias: tuple[float, ...]) -> float:
        predicted = (logits + torch.tensor(bias)).argmax(-1).tolist()
        metrics = stance_metrics(gold, [STANCES[i] for i in predicted])
        return (metrics["relative_score"] + metrics["macro_f1"]) / 2

    # The last class (unrelated) is the reference; a grid over three biases is 9,261 cheap argmaxes.
    best = max(((*b, 0.0) for b in itertools.product(BIAS_GRID, repeat=len(STANCES) - 1)), key=objective)
    biased = logits + torch.tensor(best)
    temperature = min((t / 20 for t in range(10, 61)), key=lambda t: _nll(biased / t, labels))
    return Decision(best, temperature, DEFAULT_ABSTAIN_BELOW, fitted_on)


def _nll(logits: torch.Tensor, labels: torch.Tensor) -> float:
    return float(torch.nn.functional.cross_entropy(logits, labels))
