"""Temperature scaling: a contradiction probability of 0.8 should be right four times in five."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import torch

CALIBRATION_FILE = "calibration.json"
DEFAULT_ECE_BINS = 15


def fit_temperature(logits: torch.Tensor, labels: torch.Tensor) -> float:
    """One scalar that minimises the negative log-likelihood of held-out labels (Guo et al. 2017)."""
    log_temperature = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.LBFGS([log_temperature], lr=0.1, max_iter=200)

    def closure() -> torch.Tensor:
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(logits / log_temperature.exp(), labels)
        loss.backward()
        return loss

    optimizer.step(closure)
    return float(log_temperature.detach().exp())


def expected_calibration_error(
    probabilities: torch.Tensor, is_positive: torch.Tensor, *, bins: int = DEFAULT_ECE_BINS
) -> float:
    """ECE of one binary probability (here: contradiction), equal-width bins weighted by size."""
    edges = torch.linspace(0, 1, bins + 1)
    error = torch.zeros(())
    for low, high in itertools.pairwise(edges):
        in_bin = (probabilities > low) & (probabilities <= high)
        if low == 0:
            in_bin |= probabilities == 0
        if in_bin.any():
            gap = probabilities[in_bin].mean() - is_positive[in_bin].float().mean()
            error += in_bin.float().mean() * gap.abs()
    return float(error)


def read_temperature(model_dir: Path) -> float:
    """Models without our calibration file (any hub model) keep their raw softmax."""
    path = model_dir / CALIBRATION_FILE
    if not path.is_file():
        return 1.0
    return float(json.loads(path.read_text(encoding="utf-8"))["temperature"])
