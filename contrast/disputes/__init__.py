"""Disputes: frames → propositions → stances → disputes, with NLI only on the contents of candidate pairs."""

from contrast.disputes.disputes import Dispute, DisputedPair, Side, find_disputes
from contrast.disputes.propositions import Proposition, Stance, group_propositions
from contrast.disputes.stance import Link, link_claims, own_links

__all__ = [
    "Dispute",
    "DisputedPair",
    "Link",
    "Proposition",
    "Side",
    "Stance",
    "find_disputes",
    "group_propositions",
    "link_claims",
    "own_links",
]
