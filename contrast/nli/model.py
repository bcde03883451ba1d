"""NLI scoring: any Hugging Face sequence-classification NLI model, labels read from its config."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import torch

from contrast.nli.calibration import read_temperature
from contrast.nli.cross_encoder import DEFAULT_BATCH_SIZE, LabelledCrossEncoder

SHIPPED_MODEL_NAME = "contrast-nli-minilm-l6"
DEFAULT_MAX_LENGTH = 256
REQUIRED_LABELS = ("entailment", "neutral", "contradiction")


def default_model_path() -> str:
    """`CONTRAST_MODEL` wins; else the shipped model, inside the wheel or beside a source checkout."""
    return NLIModel.default_path()


@dataclass(frozen=True, slots=True)
class NLIProbabilities:
    entailment: float
    neutral: float
    contradiction: float


class NLIModel(LabelledCrossEncoder):
    """A cross-encoder whose output columns are mapped to entailment/neutral/contradiction by name."""

    labels = REQUIRED_LABELS
    kind = "NLI model"
    a_kind = "an NLI model"
    max_length = DEFAULT_MAX_LENGTH
    progress_label = "NLI"
    shipped_name = SHIPPED_MODEL_NAME
    environment_variable = "CONTRAST_MODEL"

    def read_companions(self, folder: Path) -> None:
        """The temperature fitted for the shipped model; other models keep their softmax."""
        self.temperature = read_temperature(folder) if folder.is_dir() else 1.0

    def predict(
        self,
        pairs: Sequence[tuple[str, str]],
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        show_progress: bool = False,
    ) -> list[NLIProbabilities]:
        """Calibrated probabilities for each (premise, hypothesis) pair."""
        if not pairs:
            return []
        logits = self.logits(pairs, batch_size=batch_size, show_progress=show_progress)
        probabilities = torch.softmax(logits / self.temperature, dim=-1).tolist()
        return [NLIProbabilities(*row) for row in probabilities]
