"""NLI scoring: any Hugging Face sequence-classification NLI model, labels read from its config."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import torch

from contrast.nli.calibration import read_temperature
from contrast.nli.cross_encoder import DEFAULT_BATCH_SIZE, LabelledCrossEncoder

if TYPE_CHECKING:
    from contrast.pairing import CandidatePair

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


@dataclass(frozen=True, slots=True)
class PairScore:
    pair: CandidatePair
    # "contradiction"; "denial": one side denies what the other's claim entails; "dismissal": one side
    # calls false the story the other retells
    relation: str
    score: float
    # What the model said for each direction asked: (a→b, b→a), or (other→denied proposition) for a denial.
    directions: tuple[NLIProbabilities, ...] = ()


def score_pairs(
    pairs: Sequence[CandidatePair],
    model: NLIModel,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    show_progress: bool = False,
) -> list[PairScore]:
    """Contradiction in both directions; for a denial of P, whether the other side entails P.

    "The ministry dismissed allegations that Yerevan had troops there" against "Armenian units are in
    Karabakh" reads as neutral to NLI, and the denial's own wording ("dismissed") reads as contradiction
    to almost anything; against the denied proposition, the other side reads as entailment. Two
    denials of one thing agree, so such pairs are not scored.

    Both directions are always asked: one says little about the other. On the example and fnc-dev, no
    first direction fell under 0.036 (calibrated), and of the 14 of 690 under 0.05, five averaged 0.165
    or more with their reverse and one 0.33 or more: the reverse alone can make a pair a dispute.
    """
    queries: dict[tuple[str, str], int] = {}

    def ask(premise: str, hypothesis: str) -> tuple[str, str]:
        queries.setdefault((premise, hypothesis), len(queries))
        return premise, hypothesis

    plans: list[tuple[CandidatePair, str, list[tuple[str, str]]]] = []
    for pair in pairs:
        a, b = pair.a, pair.b
        if a.stance == "denies" and b.stance == "denies":
            continue
        if "denies" in (a.stance, b.stance):
            denier, other = (a, b) if a.stance == "denies" else (b, a)
            plans.append((pair, "denial", [ask(other.proposition, denier.proposition)]))
        else:
            relation = "dismissal" if pair.kind == "dismissal" else "contradiction"
            plans.append((pair, relation, [ask(a.proposition, b.proposition), ask(b.proposition, a.proposition)]))
    probabilities = model.predict(list(queries), batch_size=batch_size, show_progress=show_progress)
    scores = []
    for pair, relation, asked in plans:
        found = [probabilities[queries[q]] for q in asked]
        score = found[0].entailment if relation == "denial" else sum(p.contradiction for p in found) / len(found)
        scores.append(PairScore(pair, relation, round(score, 4), tuple(found)))
    return scores
