"""Disputes: contradicting pairs grouped into the facts they disagree on, strongest first."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from contrast.claims import Claim
    from contrast.nli import PairScore

# A contradiction the model finds likelier than chance among its three labels; the score is shown, so
# users who want fewer, surer disputes raise --min-score.
DEFAULT_MIN_SCORE = 0.33
DEFAULT_SUPPORT_RATIO = 0.5
FACT_WORDS = 12


@dataclass(frozen=True, slots=True)
class DisputedPair:
    """One claim of side A against one of side B; `why` says what makes them incompatible."""

    a: str
    b: str
    score: float
    relation: str  # "contradiction", or "denial": one side denies what the other's claim entails
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
    min_score: float = DEFAULT_MIN_SCORE,
    support_ratio: float = DEFAULT_SUPPORT_RATIO,
    restatements: Collection[frozenset[str]] = (),
    top: int | None = None,
) -> list[Dispute]:
    """Pairs above `min_score` that share their anchor form one dispute: one claim against all it contradicts.

    The anchor of a pair is its claim with more strong pairs, so "only military targets" against
    "targeting civilians" and against "cities under bombardment" become one dispute. Like hysteresis in
    edge detection, a weaker pair (at least `support_ratio * min_score`) joins a dispute when one of its
    claims strongly contradicts a restatement (same side, near-paraphrase) of the other.

    Disputes whose sides are all named sources rank above those involving the outlet's own voice.
    """
    ranked = sorted(scores, key=lambda s: (-s.score, s.pair.a.id, s.pair.b.id))
    strong = [s for s in ranked if s.score >= min_score]
    degree = Counter(claim_id for s in strong for claim_id in (s.pair.a.id, s.pair.b.id))
    # Pairs between named sources and pairs with the outlet's own voice form separate disputes, so the
    # former are never buried in the latter.
    groups: dict[tuple[str, bool], list[PairScore]] = {}
    for score in strong:
        a, b = score.pair.a.id, score.pair.b.id
        named = score.pair.a.attributed and score.pair.b.attributed
        if (a, named) in groups or (b, named) in groups:
            anchor = a if (a, named) in groups else b
        else:
            anchor = a if degree[a] >= degree[b] else b
        groups.setdefault((anchor, named), []).append(score)
    # A weak pair (x, y) joins when y strongly contradicts a restatement of x: then x is in that
    # dispute too. Weak pairs never start or chain disputes.
    strong_by_pair = {frozenset((s.pair.a.id, s.pair.b.id)): anchor for anchor, group in groups.items() for s in group}
    restated: dict[str, set[str]] = {}
    for pair in restatements:
        for claim_id in pair:
            restated.setdefault(claim_id, set()).update(pair - {claim_id})
    for score in ranked:
        if not support_ratio * min_score <= score.score < min_score:
            continue
        a, b = score.pair.a.id, score.pair.b.id
        anchors = [
            strong_by_pair.get(frozenset((restatement, other)))
            for claim, other in ((a, b), (b, a))
            for restatement in sorted(restated.get(claim, ()))
        ]
        anchor = next((found for found in anchors if found is not None), None)
        if anchor is not None:
            groups[anchor].append(score)
    disputes = [_dispute(group) for group in groups.values()]
    disputes.sort(key=lambda d: (not d.attributed, -d.score))
    disputes = disputes[:top] if top is not None else disputes
    return [replace(dispute, id=f"d{index}") for index, dispute in enumerate(disputes, 1)]


def _dispute(group: list[PairScore]) -> Dispute:
    claims: dict[str, Claim] = {}
    for score in group:
        claims.setdefault(score.pair.a.id, score.pair.a)
        claims.setdefault(score.pair.b.id, score.pair.b)
    best = group[0]
    in_every_pair = all(best.pair.a.id in (s.pair.a.id, s.pair.b.id) for s in group)
    anchor = best.pair.a if in_every_pair else best.pair.b
    side_a = [anchor]
    side_b = [claim for claim in claims.values() if claim.id != anchor.id]
    pairs = [
        DisputedPair(anchor.id, (s.pair.b if s.pair.a.id == anchor.id else s.pair.a).id, s.score, s.relation)
        for s in group
    ]
    return Dispute(
        id="",
        fact=_fact(best.pair.a, best.pair.b),
        score=best.score,
        attributed=all(claim.attributed for claim in claims.values()),
        sides=(_side(side_a), _side(side_b)),
        pairs=tuple(pairs),
        evidence=tuple(dict.fromkeys(claim.sentence for claim in claims.values())),
    )


def _side(claims: list[Claim]) -> Side:
    stances = {claim.stance for claim in claims}
    return Side(
        sources=tuple(dict.fromkeys(claim.source for claim in claims)),
        stance="denies" if stances == {"denies"} else "asserts",
        claims=tuple(claim.id for claim in claims),
    )


def _fact(a: Claim, b: Claim) -> str:
    """A short label: what the denial denies, else the shorter side's content."""
    if a.stance == "denies" or b.stance == "denies":
        text = (a if a.stance == "denies" else b).proposition
        first, _, rest = text.partition(" ")
        if first in ("There", "The", "A", "An", "It", "This", "These", "Its"):
            text = f"{first.lower()} {rest}"
        prefix = "whether "
    else:
        text = min(a.proposition, b.proposition, key=len)
        prefix = ""
    words = re.sub(r"\s+", " ", text).strip().split(" ")
    label = " ".join(words[:FACT_WORDS]) + ("…" if len(words) > FACT_WORDS else "")
    return prefix + label
