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
HEDGES = frozenset(
    "may might could reportedly allegedly supposedly purportedly apparently possibly perhaps likely unclear "
    "unconfirmed claimed rumored rumoured".split()
)
RETELLING_ADVERBS = frozenset("supposedly reportedly allegedly purportedly apparently".split())
STOPWORDS = frozenset(
    "the a an of to in and or that this these those it its is was were are be been being for on by with as at "
    "from has have had he she they we i you his her their our my your but if so than then there here which who "
    "whom what when where why how all any some such also only just said says say will would can could should "
    "may might must do does did not no".split()
)
# What a debunk calls false: "the story is untrue", "the quote … is not real", "no truth to the report".
STORY_NOUNS = frozenset(
    "story stories report reports claim claims article articles rumor rumour quote quotes photo photograph "
    "picture image video news hoax tale piece post allegation allegations statement account".split()
)
TRUTH_WORDS = frozenset("true truth real credible credibility valid genuine actual accurate evidence".split())
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*|n't")
_NUMBER = re.compile(r"\b\d[\d,.]*\b")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def content_words(text: str) -> set[str]:
    """Lower-cased words that carry meaning, crudely stemmed so "leaked" meets "leak"."""
    return {_stem(w) for w in words(text) if w not in STOPWORDS and w not in NEGATIONS and len(w) > 1}


def negated(text: str) -> bool:
    return any(w in NEGATIONS or w.endswith("n't") for w in words(text))


def calls_false(text: str) -> bool:
    return any(w in FALSITY_CUES for w in words(text))


def hedged(text: str) -> bool:
    return any(w in HEDGES for w in words(text))


def rebuts(text: str) -> bool:
    """Negated or calling something false: the sentence takes the denying side of whatever it is about."""
    return negated(text) or calls_false(text)


def dismisses(text: str) -> bool:
    """Calls a story, report or quote false as a whole, so it bears on every claim the story makes.

    "The report is fiction", "there is no truth to the above-quoted story": NLI cannot link such a
    sentence to what the story says, as it names none of it.
    """
    found = words(text)
    if not any(w in STORY_NOUNS for w in found):
        return False
    return any(w in FALSITY_CUES for w in found) or (
        any(w in TRUTH_WORDS for w in found) and any(w in NEGATIONS or w.endswith("n't") for w in found)
    )


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
