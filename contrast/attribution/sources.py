"""Sources: one canonical name per speaker across an article, read after every claim is found.

The parse names a speaker sentence by sentence: "Gary Bettman", then "Bettman"; "the site", "the story"
or "which" for the website whose story the article retells; nothing at all for a first-person quotation
that follows a named speaker. A reader resolves these against the whole article, and so does this stage.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from contrast.attribution.cues import RELATIVE_PRONOUNS, hedged_retelling, words

if TYPE_CHECKING:
    from contrast.attribution.claim import Claim
    from contrast.ingest import Article

# A speaker named by what it published stands for the publication the article names.
STORY_SOURCES = frozenset(
    "story report site website piece hoax article news post blog published parody satire page reports".split()
)
_WORD = r"[A-Z](?:[\w'’&-]|\.(?=\w))*"
_NAME = rf"{_WORD}(?:\s+(?:of\s+|the\s+|and\s+|&\s+)?{_WORD}){{0,4}}"
_OUTLET_NOUN = r"(?:web\s?site|site|blog|outlet|newspaper|magazine|tabloid|page)"
# "the fake-news website Empire News", "something called Hip Hop Hangover, an unfunny parody site",
# "World News Daily Report is a fake news site", "the site Whatdoesitmean.com".
PUBLICATION_PATTERNS = (
    re.compile(rf"\b{_OUTLET_NOUN},?\s+(?P<name>{_NAME})"),
    re.compile(
        rf"(?P<name>{_NAME}),?\s+(?:is\s+)?(?:an?|one\s+of\s+(?:many|several|the))\s+(?:[\w-]+\s+){{0,3}}{_OUTLET_NOUN}s?\b"
    ),
    re.compile(r"\b(?P<name>[\w-]+\.(?:com|net|org|co\.uk))\b"),
)
NOT_NAMES = frozenset(
    "The A An This That It In On But And However According Origins Claim Monday Tuesday Wednesday Thursday Friday "
    "Saturday Sunday".split()
)
# Where a story is shared, not where it comes from.
PLATFORMS = frozenset(["twitter.com", "facebook.com", "instagram.com", "youtube.com", "google.com", "t.co"])
FIRST_PERSON = frozenset(["i", "me", "my", "i'm", "i've", "i'd"])
FIRST_PERSON_PLURAL = frozenset(["we", "us", "our", "we're", "we've", "we'll"])
QUOTE_MARKS = ('"', "“", "”")
# Titles a later mention puts before a surname: "Mr Winter" is the "Charlie Winter" named before.
TITLES = frozenset("Mr Mrs Ms Miss Dr Prof Sen Rep Gov Judge President Minister Sir Lord Lady".split())


def canonical_sources(article: Article, claims: Sequence[Claim]) -> list[Claim]:
    """Claims with their speakers resolved across the article; offsets and texts are unchanged.

    Example::

        # "Gary Bettman said … Bettman added …": both claims now have source "Gary Bettman".
    """
    publication = main_publication(article.body)
    named = [c for c in claims if c.attributed and _is_name(c.source)]
    names = Counter(c.source for c in named)
    # Who a first-person quotation can belong to: a named speaker, not the story's website.
    speakers = [c for c in named if c.source != publication]
    out: list[Claim] = []
    for claim in claims:
        source = claim.source
        if claim.attributed:
            source = _full_name(source, names) or source
            if publication and _names_a_story(source):
                source = publication
        elif publication and hedged_retelling(claim.sentence):
            out.append(_attribute(claim, publication, "alleges"))
            continue
        elif _first_person(claim.sentence):
            speaker = _nearest_speaker(claim, speakers)
            if speaker is not None:
                out.append(_attribute(claim, speaker, "asserts"))
                continue
        out.append(claim if source == claim.source else replace(claim, source=source, side=_side(claim, source)))
    return out


def main_publication(body: str) -> str | None:
    """The website or paper the article names most often as where a story comes from."""
    found = Counter()
    for pattern in PUBLICATION_PATTERNS:
        for match in pattern.finditer(body):
            name = match.group("name").strip(" .,'’")
            first = name.split()[0]
            if first in NOT_NAMES:
                name = name.partition(" ")[2]
            if name and name.split()[0] not in NOT_NAMES and name.lower() not in PLATFORMS:
                found[name] += 1
    if not found:
        return None
    return max(found, key=lambda name: (found[name] + body.count(name), -body.find(name)))


def _nearest_speaker(claim: Claim, speakers: Sequence[Claim]) -> str | None:
    """The named speaker quoted last before this claim, else first after it."""
    before = [c for c in speakers if c.start < claim.start]
    after = [c for c in speakers if c.start > claim.start]
    nearest = before[-1] if before else after[0] if after else None
    return nearest.source if nearest is not None else None


def _attribute(claim: Claim, source: str, stance: str) -> Claim:
    return replace(claim, source=source, side=source, attributed=True, stance=stance, cue=claim.cue or "retold")


def _side(claim: Claim, source: str) -> str:
    """A claim's side is its country when it has one, else its (now canonical) source."""
    return claim.side if claim.side != claim.source else source


def _full_name(source: str, names: Counter[str]) -> str | None:
    """ "Bettman", "Mr Winter" or "Gill" is the "Gary Bettman", "Charlie Winter" or "Gill Rosenberg" the
    article names elsewhere: a surname or a first name, with or without a title, is one speaker."""
    title, _, rest = source.partition(" ")
    bare = rest if title.rstrip(".") in TITLES and rest else source
    if " " in bare or not bare[:1].isupper():
        return None
    longer = [name for name in names if name != source and bare in name.split()[-3:] and " " in name]
    return max(longer, key=lambda name: (names[name], len(name))) if longer else None


def _names_a_story(source: str) -> bool:
    found = words(source)
    return bool(found) and (found[-1] in STORY_SOURCES or source.lower() in RELATIVE_PRONOUNS)


def _is_name(source: str) -> bool:
    return source[:1].isupper() and source.split()[0] not in NOT_NAMES


def _first_person(sentence: str) -> bool:
    """ "I …" anywhere, or "we …" inside quotation marks (an outlet's own "we" stays the outlet's)."""
    found = words(sentence)
    quoted = any(mark in sentence for mark in QUOTE_MARKS)
    return any(w in FIRST_PERSON or (quoted and w in FIRST_PERSON_PLURAL) for w in found)
