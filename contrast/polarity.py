"""Polarity cues: the words that put a claim on the denying side of a fact.

NLI scores what two statements say; whether one of them *takes the other side* is often written in a
few words ("not", "no such", "untrue", "a hoax"). Those cues decide which of the outlet's own sentences
rebut a report (a debunking article contradicts the story it cites, never itself), and they are one of
the features of the dispute decision.
"""

from __future__ import annotations

import re

NEGATIONS = frozenset("not no never nothing none nobody nor neither n't without cannot".split())
# Words that call a claim false or made up: "The report is fiction", "a bogus story".
FALSITY_CUES = frozenset(
    "false untrue fake fiction fictitious fabricated fabrication hoax bogus baseless unfounded groundless phony "
    "phoney myth lie lies rumor rumour rumors rumours satire satirical debunked doctored staged invented "
    "made-up fakery imaginary nonsense misinformation disinformation".split()
)
RETELLING_ADVERBS = frozenset("supposedly reportedly allegedly purportedly apparently".split())
STOPWORDS = frozenset(
    "the a an of to in and or that this these those it its is was were are be been being for on by with as at "
    "from has have had he she they we i you his her their our my your but if so than then there here which who "
    "whom what when where why how all any some such also only just said says say will would can could should "
    "may might must do does did not no".split()
)
# What a debunk calls false: "the story is untrue", "the quote … is not real", "no truth to the report".
_STORY = (
    r"(?:story|stories|report|reports|claims?|article|rumou?rs?|quotes?|photo(?:graph)?|picture|image|video|news"
    r"|tale|piece|post|allegations?|statement|account)"
)
_FALSE = (
    r"(?:false|untrue|fake|fiction|fictitious|fabricated|a\s+fabrication|a\s+hoax|bogus|baseless|unfounded|groundless"
    r"|phony|phoney|satire|a\s+lie|made[- ]up|doctored|not\s+(?:true|real|accurate|genuine|authentic))"
)
DISMISSALS = (
    # "the claims in the story are untrue", "The report is fiction", "the quote … is not real"
    re.compile(rf"\b{_STORY}\b[^.;!?]{{0,160}}?\b(?:is|are|was|were)\s+(?:\w+\s+){{0,3}}?{_FALSE}\b", re.I),
    # "there is no truth to the story", "nothing in the story has a resemblance of truth"
    re.compile(
        rf"\b(?:no|nothing|not\s+a\s+word\s+of)\b[^.;!?]{{0,40}}?\btruth\b|\bnothing\s+in\s+the\s+{_STORY}", re.I
    ),
    # "we have to rate the photograph as a likely fake"
    re.compile(rf"\b{_STORY}\b[^.;!?]{{0,20}}?\bas\s+(?:an?\s+)?(?:\w+\s+)?(?:fake|hoax|fabrication|false)\b", re.I),
)
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*|n't")
_NUMBER = re.compile(r"\b\d[\d,.]*\b")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def content_words(text: str) -> set[str]:
    """Lower-cased words that carry meaning, crudely stemmed so "leaked" meets "leak"."""
    return {_stem(w) for w in words(text) if w not in STOPWORDS and w not in NEGATIONS and len(w) > 1}


def rebuts(text: str) -> bool:
    """Negated or calling something false: the sentence takes the denying side of whatever it is about."""
    return any(w in NEGATIONS or w in FALSITY_CUES or w.endswith("n't") for w in words(text))


def dismisses(text: str) -> bool:
    """Calls a story, report or quote false as a whole, so it bears on every claim the story makes.

    "The report is fiction", "the claims in the story are untrue", "there is no truth to the story",
    "we rate the photograph as a likely fake": NLI cannot link such a sentence to what the story says,
    as it names none of it. A story merely described ("the bogus story comes from …") is not called false.
    """
    return any(pattern.search(text) for pattern in DISMISSALS)


def hedged_retelling(text: str) -> bool:
    """The outlet retells what someone else says ("Supposedly, …", "reportedly"), not what it holds."""
    return any(w in RETELLING_ADVERBS for w in words(text))


def numbers(text: str) -> set[str]:
    return {n.rstrip(".,").replace(",", "") for n in _NUMBER.findall(text)}


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word
