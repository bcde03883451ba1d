"""Stance: which side of a state of affairs each claim stands on, from its frame and its content.

A reporter rarely prints two sentences that contradict each other word for word; it prints frames
("X said P", "Y denied that P", "the story is a hoax"). The frame gives a claim its polarity towards its
own content, and NLI, asked about two *contents* with the frames peeled off, says whether the contents
are about one state of affairs and agree (entailment either way) or clash (contradiction). The product of
the two is the claims' relative stance: a denial of P against an assertion of P is a dispute, and so is
an assertion of "Gill is safe" against one of "Gill was captured".
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from contrast.attribution.cues import content_words

if TYPE_CHECKING:
    import torch

    from contrast.attribution import Claim
    from contrast.disputes.candidates import CandidatePair
    from contrast.nli.model import NLIModel

# Polarity of each frame kind towards its own content. Doubt ("could not confirm") takes neither side.
FRAME_POLARITY = {"asserts": 1, "reports": 1, "alleges": 1, "denies": -1, "dismisses": -1, "doubts": 0}
# The NLI probabilities (either direction) above which two contents are about one state of affairs. The
# shipped model calls most pairs of news contents on one topic contradictory (over half of the candidate
# pairs of the dev sets score 0.5 or more), so a contradiction must be strong and about shared words.
# Fitted on the three dev sets pooled, keeping their quiet bodies quiet (bench/fit_engine.py; each fold's
# held-out figures are in docs/benchmarks.md): contradiction needs 0.8 over a fifth shared words.
DEFAULT_MIN_ENTAILMENT = 0.6
DEFAULT_MIN_CONTRADICTION = 0.8
DEFAULT_MIN_SHARED = 0.2
# Two claims of one source this similar (embeddings) are one position of that source.
DEFAULT_OWN_SIMILARITY = 0.5
# How strongly a dismissal of a story binds to a claim that retells it: NLI cannot judge such a pair, as
# "The report is fiction" names nothing of what the report says.
DISMISSAL_STRENGTH = 0.5


@dataclass(frozen=True, slots=True)
class Link:
    """Two claims about one state of affairs; `opposed` when they stand on opposite sides of it."""

    a: Claim
    b: Claim
    relation: str  # "entailment", "contradiction" (of the contents), "dismissal" (of a story) or "same source"
    strength: float  # the NLI probability behind the relation, or DISMISSAL_STRENGTH
    opposed: bool


def own_links(
    claims: Sequence[Claim], embeddings: torch.Tensor, *, min_similarity: float = DEFAULT_OWN_SIMILARITY
) -> list[Link]:
    """A source stands by what it says: its own claims about one thing (this similar) share its side.

    No NLI is asked: within one source, a paraphrase that NLI calls neutral is still the same position,
    and a source is never in dispute with itself (the gold sets leave such inconsistencies unpaired).
    This is what lets one linked pair bring in every repetition of each side.
    """
    by_source: dict[tuple[str, str], list[int]] = {}
    for index, claim in enumerate(claims):
        if claim.attributed and frame_polarity(claim) != 0:
            by_source.setdefault((claim.article, claim.source.lower()), []).append(index)
    links = []
    for indices in by_source.values():
        for i, j in itertools.combinations(indices, 2):
            similarity = float(embeddings[i] @ embeddings[j])
            if similarity >= min_similarity:
                a, b = claims[i], claims[j]
                opposed = frame_polarity(a) != frame_polarity(b)
                links.append(Link(a, b, "same source", round(similarity, 4), opposed=opposed))
    return links


def frame_polarity(claim: Claim) -> int:
    """+1 for a claim that holds its content, -1 for one that denies it, 0 for doubt."""
    return FRAME_POLARITY.get(claim.stance, 1)


def link_claims(
    pairs: Sequence[CandidatePair],
    model: NLIModel,
    *,
    min_entailment: float = DEFAULT_MIN_ENTAILMENT,
    min_contradiction: float = DEFAULT_MIN_CONTRADICTION,
    min_shared: float = DEFAULT_MIN_SHARED,
    show_progress: bool = False,
) -> list[Link]:
    """NLI on the contents of each candidate pair, both directions; a pair with no relation is dropped.

    A contradiction that outweighs entailment flips the relative stance; entailment either way keeps it.
    Both directions are asked because entailment is one-way ("two people died" entails "people died", not
    the reverse) and either way puts two contents in one proposition.
    """
    asked = [p for p in pairs if p.kind != "dismissal"]
    queries = list(dict.fromkeys(q for p in asked for q in _directions(p)))
    row = {query: i for i, query in enumerate(queries)}
    probabilities = model.predict(queries, show_progress=show_progress)
    links = []
    for pair in pairs:
        polarity = frame_polarity(pair.a) * frame_polarity(pair.b)
        if polarity == 0:
            continue  # doubt stands on neither side, so it joins no proposition's sides
        if pair.kind == "dismissal":
            links.append(Link(pair.a, pair.b, "dismissal", DISMISSAL_STRENGTH, opposed=True))
            continue
        found = [probabilities[row[q]] for q in _directions(pair)]
        entailment = max(p.entailment for p in found)
        contradiction = max(p.contradiction for p in found)
        if polarity < 0 and entailment >= min_entailment:
            # A denial's content is what it denies: entailed by (or entailing) an assertion, it is its opposite.
            links.append(Link(pair.a, pair.b, "entailment", round(entailment, 4), opposed=True))
        elif polarity > 0 and contradiction >= min_contradiction and _shared(pair) >= min_shared:
            links.append(Link(pair.a, pair.b, "contradiction", round(contradiction, 4), opposed=True))
        elif polarity > 0 and entailment >= min_entailment and entailment > contradiction:
            links.append(Link(pair.a, pair.b, "entailment", round(entailment, 4), opposed=False))
    return links


def _shared(pair: CandidatePair) -> float:
    """The share of the shorter content's words (names, numbers, stems) that the other content also uses."""
    a, b = content_words(pair.a.proposition), content_words(pair.b.proposition)
    return len(a & b) / max(1, min(len(a), len(b)))


def _directions(pair: CandidatePair) -> tuple[tuple[str, str], tuple[str, str]]:
    return (pair.a.proposition, pair.b.proposition), (pair.b.proposition, pair.a.proposition)
