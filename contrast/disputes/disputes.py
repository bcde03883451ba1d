"""Disputes: propositions that one source holds and a different source denies or contradicts.

Each proposition splits its claims into the side that asserts it and the side that denies it (see
`propositions`). It is a dispute when the two sides hold claims of different sources; its pairs join each
asserting claim to each denying one of another source, as a reader would list them, and its score is
the strongest link across the sides, so a weak grouping makes a weak dispute.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from contrast.attribution.cues import numbers
from contrast.disputes.stance import frame_polarity

if TYPE_CHECKING:
    from contrast.attribution import Claim
    from contrast.disputes.propositions import Proposition
    from contrast.disputes.stance import Link

FACT_WORDS = 12
# The cut on a dispute's score: none by default, as the engine's thresholds already decide what links
# two claims (fitted on two dev sets, scored on the third: docs/benchmarks.md); raise it for surer disputes.
DEFAULT_MIN_SCORE = 0.0


@dataclass(frozen=True, slots=True)
class DisputedPair:
    """One claim of side A against one of side B; `why` says what put each on its side."""

    a: str
    b: str
    score: float
    relation: str  # "contradiction", "denial" or "dismissal"
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
    propositions: Sequence[Proposition], *, min_score: float | None = None, top: int | None = None
) -> list[Dispute]:
    """Disputed propositions at or above `min_score` (default `DEFAULT_MIN_SCORE`), strongest first."""
    cut = DEFAULT_MIN_SCORE if min_score is None else min_score
    disputes = [d for p in propositions if (d := _dispute(p)) is not None and d.score >= cut]
    disputes.sort(key=lambda d: (-d.score, d.fact))
    disputes = _distinct_facts(disputes[:top] if top is not None else disputes)
    return [replace(dispute, id=f"d{index}") for index, dispute in enumerate(disputes, 1)]


def _dispute(proposition: Proposition) -> Dispute | None:
    by_id = {claim.id: claim for link in proposition.links for claim in (link.a, link.b)}
    holding = [by_id[s.claim] for s in proposition.stances if s.polarity > 0]
    denying = [by_id[s.claim] for s in proposition.stances if s.polarity < 0]
    direct = {frozenset((k.a.id, k.b.id)): k for k in proposition.links}
    across = [k for k in proposition.links if k.opposed]
    pairs = [
        _pair(a, b, direct.get(frozenset((a.id, b.id))), proposition)
        for a in holding
        for b in denying
        if _different_sides(a, b)
    ]
    if not pairs or not across:
        return None
    cited = {c for p in pairs for c in (p.a, p.b)}
    side_a = [c for c in holding if c.id in cited]
    side_b = [c for c in denying if c.id in cited]
    return Dispute(
        id="",
        fact=fact_label(proposition.text),
        score=max(k.strength for k in across),
        attributed=all(claim.attributed for claim in side_a + side_b),
        sides=(_side(side_a, "asserts"), _side(side_b, "denies")),
        pairs=tuple(sorted(pairs, key=lambda p: (-p.score, p.a, p.b))),
        evidence=tuple(dict.fromkeys(claim.sentence for claim in side_a + side_b)),
    )


def _different_sides(a: Claim, b: Claim) -> bool:
    """A source never disputes itself, nor do two voices of one country or organisation."""
    return a.source.lower() != b.source.lower() and a.side.lower() != b.side.lower()


def _pair(a: Claim, b: Claim, link: Link | None, proposition: Proposition) -> DisputedPair:
    """The pair with the reasons a reader can check: the frames that deny, or the contents that clash."""
    reasons = [_reason(claim, holds) for claim, holds in ((a, True), (b, False))]
    if link is not None and link.relation == "contradiction":
        reasons.append(f"the contents contradict each other (NLI {link.strength:.2f})")
    numbers_a, numbers_b = numbers(a.proposition), numbers(b.proposition)
    if numbers_a and numbers_b and numbers_a != numbers_b:
        reasons.append(f"numbers differ: {', '.join(sorted(numbers_a))} vs {', '.join(sorted(numbers_b))}")
    if link is not None:
        relation, score = link.relation, link.strength
    else:  # joined through other claims of the proposition: as strong as its weakest link
        relation, score = "contradiction", min(k.strength for k in proposition.links)
    if "dismisses" in (a.stance, b.stance) or relation == "dismissal":
        relation = "dismissal"
    elif "denies" in (a.stance, b.stance):
        relation = "denial"
    else:
        relation = "contradiction"
    return DisputedPair(a.id, b.id, score, relation, tuple(r for r in reasons if r))


def _reason(claim: Claim, holds: bool) -> str:
    """Why one claim is on its side: its own frame, or (for content that clashes) nothing to add."""
    if frame_polarity(claim) < 0:
        verb = "dismisses" if claim.stance == "dismisses" else "denies"
        return f"{claim.source} {verb} {'the opposite' if holds else 'it'} ({claim.cue})"
    if not holds:
        return f"{claim.source}'s account contradicts it"
    return ""


def _side(claims: list[Claim], stance: str) -> Side:
    ordered = sorted(claims, key=lambda c: (c.article, c.start))
    return Side(
        sources=tuple(dict.fromkeys(claim.source for claim in ordered)),
        stance=stance,
        claims=tuple(claim.id for claim in ordered),
    )


def fact_label(text: str) -> str:
    """A short label: whether the proposition's canonical text is so."""
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
