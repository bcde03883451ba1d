"""Disputes: facts with two sides, built from the pairs the dispute score accepts, strongest first."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from contrast.dispute_score import DisputeScoreModel, load_dispute_score_model, pair_features
from contrast.polarity import FALSITY_CUES, numbers, rebuts, words

if TYPE_CHECKING:
    from contrast.claims import Claim
    from contrast.nli.model import PairScore

FACT_WORDS = 12


@dataclass(frozen=True, slots=True)
class DisputedPair:
    """One claim of side A against one of side B; `why` says what makes them incompatible."""

    a: str
    b: str
    score: float
    relation: str  # "contradiction", "denial" or "dismissal", as in `PairScore.relation`
    why: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Side:
    """Everyone who holds one position on the fact, with the claims where they say so."""

    sources: tuple[str, ...]
    stance: str  # "asserts" or "denies", towards the fact
    claims: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Dispute:
    """A fact with two sides: what side A holds, side B denies or contradicts."""

    id: str
    fact: str
    score: float
    attributed: bool
    sides: tuple[Side, Side]
    pairs: tuple[DisputedPair, ...]
    evidence: tuple[str, ...]


def find_disputes(
    scores: Sequence[PairScore],
    *,
    model: DisputeScoreModel | None = None,
    min_score: float | None = None,
    top: int | None = None,
) -> list[Dispute]:
    """Accepted pairs that share claims form one dispute, its claims split into the two sides they take.

    Each pair gets the calibrated dispute score; pairs at or above `min_score` (default: the cut fitted
    with the score) are accepted strongest first. A pair joins the dispute of a claim it shares, on
    the opposite side of that claim; a pair that would put two claims of one side against each other is
    left out, so a side never disputes itself.
    """
    model = model or load_dispute_score_model()
    cut = model.threshold if min_score is None else min_score
    accepted = sorted(
        ((round(model.probability(pair_features(s)), 4), s) for s in scores),
        key=lambda item: (-item[0], item[1].pair.a.id, item[1].pair.b.id),
    )
    groups = _TwoSidedGroups()
    for probability, score in accepted:
        if probability >= cut:
            groups.add(probability, score)
    disputes = sorted((_dispute(*group) for group in groups.groups()), key=lambda d: (-d.score, d.fact))
    disputes = _distinct_facts(disputes[:top] if top is not None else disputes)
    return [replace(dispute, id=f"d{index}") for index, dispute in enumerate(disputes, 1)]


class _TwoSidedGroups:
    """Union-find over claims that also remembers which side of its group each claim is on."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.flip: dict[str, int] = {}  # side relative to the parent: 0 same, 1 opposite
        self.pairs: dict[str, list[tuple[float, PairScore]]] = {}

    def _find(self, claim: str) -> tuple[str, int]:
        side = 0
        while self.parent[claim] != claim:
            side ^= self.flip[claim]
            claim = self.parent[claim]
        return claim, side

    def add(self, probability: float, score: PairScore) -> None:
        a, b = score.pair.a.id, score.pair.b.id
        for claim in (a, b):
            if claim not in self.parent:
                self.parent[claim], self.flip[claim] = claim, 0
                self.pairs[claim] = []
        root_a, side_a = self._find(a)
        root_b, side_b = self._find(b)
        if root_a == root_b:
            if side_a == side_b:
                return
        else:
            self.parent[root_b] = root_a
            self.flip[root_b] = side_a ^ side_b ^ 1
            self.pairs[root_a] += self.pairs.pop(root_b)
        self.pairs[root_a].append((probability, score))

    def groups(self) -> list[tuple[list[tuple[float, PairScore]], dict[str, int]]]:
        """Each group's pairs, strongest first, and the side (0 or 1) of each of its claims."""
        out = []
        for pairs in self.pairs.values():
            claims = {c for _, s in pairs for c in (s.pair.a.id, s.pair.b.id)}
            out.append((pairs, {claim: self._find(claim)[1] for claim in claims}))
        return out


def _dispute(pairs: list[tuple[float, PairScore]], sides: dict[str, int]) -> Dispute:
    claims: dict[str, Claim] = {}
    for _, score in pairs:
        claims.setdefault(score.pair.a.id, score.pair.a)
        claims.setdefault(score.pair.b.id, score.pair.b)
    # Side B is the one that denies or rebuts; side A holds the fact.
    denying = sum(_takes_denying_side(c) for c in claims.values() if sides[c.id] == 1)
    denying -= sum(_takes_denying_side(c) for c in claims.values() if sides[c.id] == 0)
    b_side = 1 if denying >= 0 else 0
    side_a = [c for c in claims.values() if sides[c.id] != b_side]
    side_b = [c for c in claims.values() if sides[c.id] == b_side]
    disputed = []
    for probability, score in pairs:
        a, b = score.pair.a, score.pair.b
        if sides[a.id] == b_side:
            a, b = b, a
        disputed.append(DisputedPair(a.id, b.id, probability, score.relation, _why(score, a, b)))
    best_score, best = pairs[0]
    holder = best.pair.a if sides[best.pair.a.id] != b_side else best.pair.b
    other = best.pair.b if holder is best.pair.a else best.pair.a
    return Dispute(
        id="",
        fact=_fact(holder, other),
        score=best_score,
        attributed=all(claim.attributed for claim in claims.values()),
        sides=(_side(side_a, "asserts"), _side(side_b, "denies")),
        pairs=tuple(disputed),
        evidence=tuple(dict.fromkeys(claim.sentence for claim in claims.values())),
    )


def _takes_denying_side(claim: Claim) -> bool:
    return claim.stance == "denies" or rebuts(claim.proposition)


def _side(claims: list[Claim], stance: str) -> Side:
    ordered = sorted(claims, key=lambda c: (c.article, c.start))
    return Side(
        sources=tuple(dict.fromkeys(claim.source for claim in ordered)),
        stance=stance,
        claims=tuple(claim.id for claim in ordered),
    )


def _why(score: PairScore, a: Claim, b: Claim) -> tuple[str, ...]:
    """The reasons a reader can check: who denies, which words rebut, what NLI and the numbers say."""
    reasons = []
    if score.relation == "denial":
        denier = a if a.stance == "denies" else b
        reasons.append(f"{denier.source} denies it ({denier.cue})")
        reasons.append(f"NLI: the other side entails what is denied ({score.score:.2f})")
    elif score.relation == "dismissal":
        reasons.append(f"{b.source} calls the story false that {a.source} retells")
    else:
        cues = [w for w in words(b.sentence) if w in FALSITY_CUES]
        if cues:
            reasons.append(f"{b.source} calls it {cues[0]}")
        elif rebuts(b.proposition) != rebuts(a.proposition):
            reasons.append("one side negates the other")
        reasons.append(f"NLI contradiction {score.score:.2f}")
    numbers_a, numbers_b = numbers(a.proposition), numbers(b.proposition)
    if numbers_a and numbers_b and numbers_a != numbers_b:
        reasons.append(f"numbers differ: {', '.join(sorted(numbers_a))} vs {', '.join(sorted(numbers_b))}")
    return tuple(reasons)


def _fact(holder: Claim, other: Claim) -> str:
    """A short label: whether what side A holds (or what a denial denies) is so."""
    denial = other if other.stance == "denies" else holder if holder.stance == "denies" else None
    return fact_label(denial.proposition if denial is not None else holder.proposition)


def fact_label(text: str) -> str:
    """ "whether" and the text's first FACT_WORDS words, its leading article lower-cased."""
    first, _, rest = text.partition(" ")
    if first in ("There", "The", "A", "An", "It", "This", "These", "Its"):
        text = f"{first.lower()} {rest}"
    text_words = re.sub(r"\s+", " ", text).strip().split(" ")
    return "whether " + " ".join(text_words[:FACT_WORDS]) + ("…" if len(text_words) > FACT_WORDS else "")


def _distinct_facts(disputes: list[Dispute]) -> list[Dispute]:
    """Two disputes never share a title: a repeated one names its two sides."""
    seen: dict[str, int] = {}
    for dispute in disputes:
        seen[dispute.fact] = seen.get(dispute.fact, 0) + 1
    return [
        replace(dispute, fact=f"{dispute.fact} ({dispute.sides[0].sources[0]} vs {dispute.sides[1].sources[0]})")
        if seen[dispute.fact] > 1
        else dispute
        for dispute in disputes
    ]
