"""Stance: does an article agree with, disagree with, discuss or ignore a claim, and which sentences say so?

A claim and an article rarely share words when the article debunks it ("a hoax", "alive and well"), so
pairing claim texts cannot see the disagreement; a cross-encoder trained on FNC-1 reads the claim against
the article's evidence sentences (`select_evidence`) instead. Its logits are shifted by the biases in the
model's `decision.json` (fitted on held-out bodies) and it abstains below `abstain_below`: "uncertain" is
a better answer than a guess when the answer becomes a reported dispute.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import torch

from contrast.nli.cross_encoder import DEFAULT_BATCH_SIZE, LabelledCrossEncoder
from contrast.stance.decision import read_decision
from contrast.stance.evidence import select_evidence, sentence_spans
from contrast.stance.fnc import STANCES

SHIPPED_MODEL_NAME = "contrast-stance-minilm-l6"
DEFAULT_MAX_LENGTH = 320
UNCERTAIN = "uncertain"
# Evidence sentences returned per article: the ones that, read alone, most support the decision.
DEFAULT_EVIDENCE = 3


@dataclass(frozen=True, slots=True)
class StanceProbabilities:
    agree: float
    disagree: float
    discuss: float
    unrelated: float


@dataclass(frozen=True, slots=True)
class EvidenceSentence:
    """A body sentence the model read; `support` is the probability, for it read alone, of the stance the
    evidence was ranked by (the decided one, unless a caller asked for another)."""

    text: str
    start: int
    end: int
    support: float


@dataclass(frozen=True, slots=True)
class Stance:
    """The article's stance towards the claim: one of STANCES, or "uncertain" when the model abstained."""

    claim: str
    stance: str
    probabilities: StanceProbabilities
    abstained: bool
    evidence: tuple[EvidenceSentence, ...]


class StanceModel(LabelledCrossEncoder):
    """A four-way cross-encoder over (evidence sentences, claim), columns mapped to STANCES by name."""

    labels = STANCES
    kind = "stance model"
    a_kind = "a stance model"
    max_length = DEFAULT_MAX_LENGTH
    progress_label = "stance"
    shipped_name = SHIPPED_MODEL_NAME
    environment_variable = "CONTRAST_STANCE_MODEL"

    def read_companions(self, folder: Path) -> None:
        self.decision = read_decision(folder)

    def probabilities(self, logits: torch.Tensor) -> torch.Tensor:
        """Decided probabilities in STANCES order: the logits shifted by the fitted biases, then tempered."""
        return self.decision.probabilities(logits)

    def predict(
        self,
        claim: str,
        bodies: Sequence[str],
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        show_progress: bool = False,
    ) -> list[Stance]:
        """Each body's stance towards one claim.

        Example::

            model.predict("Banksy arrested in London", ["Reports that Banksy was arrested are a hoax. …"])[0].stance
            # 'disagree'
        """
        pairs = [(claim, body) for body in bodies]
        return predict_stance(pairs, self, batch_size=batch_size, show_progress=show_progress)


def predict_stance(
    pairs: Sequence[tuple[str, str]],
    model: StanceModel,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    evidence: int = DEFAULT_EVIDENCE,
    evidence_for: str | None = None,
    show_progress: bool = False,
) -> list[Stance]:
    """The stance of each body towards its claim, over (claim, body) pairs, all batched together.

    Evidence costs one more short pass: each selected sentence is read alone against the claim, and the
    `evidence` sentences that most support the decided stance (or `evidence_for`, as a cross-article
    dispute wants the denying ones) are kept, strongest first. Bodies whose stance is unrelated hold no
    evidence; an abstention keeps what supports the stance it leaned to.
    """
    if not pairs:
        return []
    selected = [_selected(claim, body) for claim, body in pairs]
    premises = [
        (" ".join(body[s:e] for s, e in spans), claim) for (claim, body), spans in zip(pairs, selected, strict=True)
    ]
    probabilities = model.probabilities(model.logits(premises, batch_size=batch_size, show_progress=show_progress))
    leaning = probabilities.argmax(dim=-1).tolist()
    ranked_by = [STANCES.index(evidence_for) if evidence_for else lean for lean in leaning]
    asked = [
        (item, span)
        for item, spans in enumerate(selected)
        if evidence and STANCES[ranked_by[item]] != "unrelated"
        for span in spans
    ]
    alone = [(pairs[item][1][s:e], pairs[item][0]) for item, (s, e) in asked]
    support = model.probabilities(model.logits(alone, batch_size=batch_size)) if alone else torch.empty((0, 4))
    found: dict[int, list[EvidenceSentence]] = {}
    for (item, (start, end)), row in zip(asked, support.tolist(), strict=True):
        text = pairs[item][1][start:end]
        found.setdefault(item, []).append(EvidenceSentence(text, start, end, round(row[ranked_by[item]], 4)))
    results = []
    for item, ((claim, _), row) in enumerate(zip(pairs, probabilities.tolist(), strict=True)):
        abstained = max(row) < model.decision.abstain_below
        ranked = sorted(found.get(item, []), key=lambda sentence: (-sentence.support, sentence.start))
        results.append(
            Stance(
                claim=claim,
                stance=UNCERTAIN if abstained else STANCES[leaning[item]],
                probabilities=StanceProbabilities(*(round(p, 4) for p in row)),
                abstained=abstained,
                evidence=tuple(ranked[:evidence]),
            )
        )
    return results


def _selected(claim: str, body: str) -> list[tuple[int, int]]:
    """Spans of the sentences the model reads: the same selection it was trained on."""
    spans = sentence_spans(body)
    return [spans[i] for i in select_evidence(claim, [body[s:e] for s, e in spans])]
