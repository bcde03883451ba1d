"""Propositions: the contents that are about one state of affairs, each claim on its side of it.

Links between claims (see `stance.link_claims`) are joined strongest first into groups, remembering for
each claim whether it stands with or against the group's first claim. A link that would put two claims
on both sides at once is the weaker evidence and is left out, so a proposition never disputes itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from contrast.disputes.stance import frame_polarity

if TYPE_CHECKING:
    from contrast.attribution import Claim
    from contrast.disputes.stance import Link


@dataclass(frozen=True, slots=True)
class Stance:
    """One claim's side of a proposition: +1 holds it, -1 denies or contradicts it."""

    claim: str
    polarity: int


@dataclass(frozen=True, slots=True)
class Proposition:
    """A readable canonical text (the clearest content asserted), its claims' stances and the links."""

    id: str
    text: str
    stances: tuple[Stance, ...]
    links: tuple[Link, ...]


def group_propositions(links: Sequence[Link]) -> list[Proposition]:
    """Propositions in reading order of their first claim; a claim belongs to at most one."""
    groups = _SignedUnion()
    for link in sorted(links, key=lambda k: (-k.strength, k.a.id, k.b.id)):
        groups.join(link)
    propositions = []
    for members, kept in groups.groups():
        claims = sorted(members, key=lambda c: (c.article, c.start, c.id))
        sides = {c.id: groups.side(c.id) for c in claims}
        # The side whose claims hold their content in their own frame is the one that asserts it.
        holding = sum(frame_polarity(c) * (1 if sides[c.id] == 0 else -1) for c in claims)
        asserting = 0 if holding >= 0 else 1
        stances = tuple(Stance(c.id, 1 if sides[c.id] == asserting else -1) for c in claims)
        propositions.append((claims, stances, tuple(kept)))
    propositions.sort(key=lambda p: (p[0][0].article, p[0][0].start))
    return [
        Proposition(f"p{i}", _canonical(claims, stances), stances, kept)
        for i, (claims, stances, kept) in enumerate(propositions, 1)
    ]


def _canonical(claims: Sequence[Claim], stances: Sequence[Stance]) -> str:
    """The clearest asserted content: a named source's, held in its own frame, shortest first.

    A denial's content is what it denies, so it serves when nobody asserts the proposition plainly.
    """
    side = {s.claim: s.polarity for s in stances}

    def clarity(claim: Claim) -> tuple[bool, bool, int]:
        plain = side[claim.id] == 1 and frame_polarity(claim) == 1
        return (not plain, not claim.attributed, len(claim.proposition))

    return min(claims, key=clarity).proposition


class _SignedUnion:
    """Union-find over claims that also tracks each claim's side relative to its root (0 same, 1 opposite)."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.flip: dict[str, int] = {}
        self.claims: dict[str, Claim] = {}
        self.links: dict[str, list[Link]] = {}

    def _find(self, claim: str) -> tuple[str, int]:
        side = 0
        while self.parent[claim] != claim:
            side ^= self.flip[claim]
            claim = self.parent[claim]
        return claim, side

    def side(self, claim: str) -> int:
        return self._find(claim)[1]

    def join(self, link: Link) -> None:
        for claim in (link.a, link.b):
            if claim.id not in self.parent:
                self.parent[claim.id], self.flip[claim.id] = claim.id, 0
                self.claims[claim.id] = claim
                self.links[claim.id] = []
        root_a, side_a = self._find(link.a.id)
        root_b, side_b = self._find(link.b.id)
        opposed = int(link.opposed)
        if root_a == root_b:
            if side_a ^ side_b != opposed:
                return
        else:
            self.parent[root_b] = root_a
            self.flip[root_b] = side_a ^ side_b ^ opposed
            self.links[root_a] += self.links.pop(root_b)
        self.links[root_a].append(link)

    def groups(self) -> list[tuple[list[Claim], list[Link]]]:
        members: dict[str, list[Claim]] = {}
        for claim_id, claim in self.claims.items():
            members.setdefault(self._find(claim_id)[0], []).append(claim)
        return [(members[root], links) for root, links in self.links.items()]
