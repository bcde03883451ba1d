"""Stories: what an article treats as one told thing ("the rumours", "the report", "the video"), and what it tells.

A dismissal of a story ("the YPG have denied the rumours", "The report is fiction", "a hoax") names
nothing of what the story says, so neither embeddings nor NLI can tie it to the story's claims. A reader
ties it by the article's structure: the story's claims are the ones told by its origin (a named website,
the outlet's hedged retelling "Supposedly, …", "reports say …") before the dismissal, or, in a debunk,
the outlet's own account of the story before it calls it false.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from contrast.attribution.cues import STORY_NOUNS, dismisses, hedged_retelling, rebuts

if TYPE_CHECKING:
    from spacy.tokens import Token

    from contrast.attribution.claim import Claim


def is_story(noun: Token) -> bool:
    """A noun that stands for a whole told thing: "the rumours", "the story", "the video", "a hoax".

    "The claims" or "the allegations" are not: they point back at a claim the article told, which
    `frames` resolves as a rebuttal of that claim.
    """
    return noun.lemma_.lower() in STORY_NOUNS


def is_dismissal(claim: Claim) -> bool:
    """A claim that calls a story false as a whole: a dismissing frame, or "the report is fiction"."""
    return claim.stance == "dismisses" or dismisses(claim.sentence)


def retells(claim: Claim, dismissal: Claim) -> bool:
    """Whether `claim` can be part of the story that `dismissal` calls false.

    It must hold its content plainly (no denial, doubt, rebuttal or dismissal of its own), come from the
    same article, and stand on another side: a named source's claim, or the outlet's own sentence where
    the outlet retells (hedged, or before its own debunk).
    """
    if claim.article != dismissal.article or claim.stance in ("denies", "doubts", "dismisses"):
        return False
    if is_dismissal(claim) or rebuts(claim.proposition):
        return False
    if claim.attributed:
        return claim.side.lower() != dismissal.side.lower()
    return hedged_retelling(claim.sentence) or (not dismissal.attributed and claim.start < dismissal.start)
