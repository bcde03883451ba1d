"""Polarity cues: the words that put a claim on the denying side of a fact.

NLI scores what two statements say; whether one of them *takes the other side* is often written in a
few words ("not", "no such", "untrue", "a hoax"). Those cues decide which of the outlet's own sentences
rebut a report (a debunking article contradicts the story it cites, never itself), and they are one of
the features of the dispute decision.
"""

from __future__ import annotations

import re
from importlib import resources

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
# -- frames: the words that make a sentence a claim, and whose ------------------------------------
ASSERT_VERBS = frozenset(
    "say state tell add insist confirm stress note declare announce assert maintain argue explain "
    "emphasize emphasise write tweet post warn affirm reiterate acknowledge admit conclude vow pledge "
    "promise indicate suggest believe think recall observe predict estimate reveal disclose testify concede "
    "assure counter retort find".split()
)
ALLEGE_VERBS = frozenset(["allege", "claim", "accuse", "blame", "charge", "contend"])
REPORT_VERBS = frozenset(["report", "publish"])
DENY_VERBS = frozenset(
    ["deny", "dismiss", "reject", "refute", "dispute", "rebut", "rebuff", "contest", "repudiate", "disavow", "debunk"]
)
REPORTING_VERBS = ASSERT_VERBS | ALLEGE_VERBS | REPORT_VERBS | DENY_VERBS
# Verbs whose object alone carries the claim: "Police estimated the crowd at 5,000", "X confirmed two deaths".
OBJECT_CLAIM_VERBS = ALLEGE_VERBS | frozenset(
    "estimate confirm report announce reveal disclose predict acknowledge admit concede record".split()
)
# Nouns that carry a sourced proposition: "allegations from X that P", "X's claim that P".
CLAIM_NOUNS = frozenset(["allegation", "claim", "accusation", "charge", "assertion", "statement", "report", "warning"])
ALLEGING_NOUNS = frozenset(["allegation", "accusation", "charge"])
# What a denial can be aimed at: "the ministry dismissed the study as flawed".
REBUTTABLE_NOUNS = CLAIM_NOUNS | frozenset(["study", "finding", "survey", "analysis", "research", "account", "figure"])
# "there is no evidence that P" disputes P as a denial does.
EVIDENCE_NOUNS = frozenset(["evidence", "proof", "sign", "indication", "basis"])
# "a defense ministry press statement said": the statement speaks for whoever issued it.
STATEMENT_NOUNS = frozenset(
    ["statement", "release", "communique", "communiqué", "announcement", "report", "post", "tweet", "message"]
)
STATEMENT_MODIFIERS = frozenset(["press", "news", "official", "written", "joint", "brief", "short"])
# Organisation heads that a bare "the ministry" refers back to.
ROLE_NOUNS = frozenset(
    "ministry minister government spokesman spokeswoman spokesperson president army military police "
    "office agency authorities authority department official officials prosecutor committee council".split()
)
FALSITY_WORDS = frozenset(
    ["false", "baseless", "unfounded", "fabricated", "fake", "untrue", "groundless", "bogus", "fictitious"]
)
# "…, which the ministry called a fabrication": labelling a claim with one of these words denies it.
DISMISSAL_WORDS = FALSITY_WORDS | frozenset(
    "fabrication lie propaganda disinformation misinformation hoax nonsense slander smear provocation fiction "
    "fantasy myth falsehood absurd ridiculous lying".split()
)
LABELLING_VERBS = frozenset(["call", "describe", "label", "brand", "term", "characterize", "characterise"])
# "X said P, though Y described it as Q": a contrastive clause inside P is someone else's view of it.
CONTRAST_MARKS = frozenset(["though", "although", "while", "whereas"])
REPORT_WORDS = re.compile(r"^(?:(?:reports|claims|allegations|accounts|rumou?rs)\s+of\s+)?(?:alleged\s+)?", re.I)
PRONOUNS = frozenset(["he", "she", "they", "it", "we", "i"])
# "denied such meddling", "rejected these accusations": the object points back at a claim already told.
ANAPHORIC_DETERMINERS = frozenset(["such", "the", "this", "these", "those", "that"])
# Nouns for a whole told thing, whose dismissal bears on everything it tells.
STORY_NOUNS = frozenset("rumour rumor story hoax video photo photograph picture image tale".split())
RELATIVE_PRONOUNS = frozenset(["that", "which", "who", "whom"])
# "I cannot confirm that", "these reports have not been confirmed": doubt, which takes neither side.
DOUBT = re.compile(
    r"\b(?:can ?not|could not|couldn[’']t|can[’']t|unable to|did not|didn[’']t)\s+(?:yet\s+|independently\s+)?"
    r"(?:confirm|verify)|\b(?:has|have|had)\s*(?:not|n[’']t)\s+(?:yet\s+)?been\s+(?:independently\s+)?"
    r"(?:confirmed|verified)",
    re.I,
)
CITING_VERBS = frozenset(["cite", "quote"])
SPEAKER_ENTITIES = frozenset(["PERSON", "ORG", "NORP", "GPE"])
# Pronouns in a reported claim that stand for whoever reports it, by the kind of speaker: a person's "we"
# is their organisation, not them, so it stays.
FIRST_PERSON = {"person": frozenset(["i", "me", "my"]), "group": frozenset(["we", "us", "our"])}
SPEAKER_PRONOUNS = {
    "person": frozenset(["he", "him", "his", "she", "her"]),
    "plural": frozenset(["they", "them", "their"]),
    "thing": frozenset(["it", "its"]),
}
# Negative-polarity words read positively once the denial is taken off: "denied that anyone was hurt"
# denies that someone was hurt, and NLI matches "someone" (not "anyone") to "two people were hurt".
AFFIRMATIVE = {"anyone": "someone", "anybody": "somebody", "anything": "something", "anywhere": "somewhere"}
# Page furniture that reads like a sentence: photo credits, embedded-post links, stock-photo marks.
FURNITURE = re.compile(
    r"©|\b(?:photo(?:graph)?|image|picture|credit)s?\s*:|getty images|shutterstock|depositphotos|pic\.twitter\.com"
    r"|https?://|\bvia (?:twitter|instagram|facebook)\b",
    re.I,
)
MAX_TAG_SHARE = 0.3
# "A spokesman declined to comment": the outlet reports a silence, which nothing can contradict.
NO_COMMENT = re.compile(
    r"\b(?:declined|refused|did not (?:immediately )?respond|could not be reached|was not (?:immediately )?available)"
    r"\b[^.]*\b(?:comment|speculate|elaborate)",
    re.I,
)
# Country names, and the last word of the longer ones, which is what a GPE token holds ("Korea", "States").
_COUNTRY_LINES = (resources.files("contrast.attribution") / "countries.txt").read_text(encoding="utf-8").splitlines()
COUNTRIES = frozenset(line for line in _COUNTRY_LINES if line and not line.startswith("#"))
COUNTRY_WORDS = COUNTRIES | frozenset(name.split()[-1] for name in COUNTRIES)
# Irregular demonyms; regular ones (Armenian → Armenia, Azerbaijani → Azerbaijan) are matched by prefix.
IRREGULAR_DEMONYMS = {
    "french": "France",
    "dutch": "Netherlands",
    "british": "Britain",
    "spanish": "Spain",
    "polish": "Poland",
    "danish": "Denmark",
    "finnish": "Finland",
    "swiss": "Switzerland",
    "irish": "Ireland",
    "welsh": "Wales",
    "scottish": "Scotland",
    "american": "United States",
    "ukrainian": "Ukraine",
    "iranian": "Iran",
    "filipino": "Philippines",
    "thai": "Thailand",
    "saudi": "Saudi Arabia",
    "emirati": "United Arab Emirates",
    "norwegian": "Norway",
    "belgian": "Belgium",
    "argentine": "Argentina",
    "peruvian": "Peru",
}
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
