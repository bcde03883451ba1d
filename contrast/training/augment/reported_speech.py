"""Reported speech as NLI pairs: news gives most facts as someone's words, and many as a denial of another's.

Labels follow what the writer passes on, the reading NLI annotators give reported speech (CommitmentBank,
de Marneffe et al. 2019):
- a plain reporting verb passes the statement on: "The ministry said that P" entails P and contradicts not-P;
- a denial passes its negation on: "The ministry denied that P" contradicts P and entails not-P;
- a distancing verb commits the writer to nothing: "The ministry claimed that P" is neutral to P and not-P;
- a bare statement says nothing about who said or denied it: P against "X denied that P" is neutral.
The claims stage hands NLI the proposition of a denial, but a denial it does not recognise reaches NLI whole,
and without these pairs the verb "denied" alone reads as contradiction.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc

from contrast.training.augment.negation import negate
from contrast.training.data import NLIExample

SPEAKERS = (
    "The ministry",
    "The government",
    "A spokesman for the company",
    "Police",
    "Officials",
    "The minister",
    "A witness",
    "The president's office",
    "The army",
    "Local authorities",
    "Opposition leaders",
    "The agency",
)
REPORTING = ("said that", "confirmed that", "announced that", "stated that")
DENYING = ("denied that", "rejected claims that", "dismissed reports that")
DISTANCING = ("claimed that", "alleged that")
MIN_WORDS = 4
# In a that-clause these would point at the writer or reader, not the statement's own speaker.
PERSONAL = frozenset({"i", "me", "my", "we", "us", "our", "you", "your"})
MAX_WORDS = 25
# (verb group, hypothesis, label): "P" is the statement, "not P" its negation, "report" the premise reversed.
PATTERNS = (
    (REPORTING, "P", "entailment"),
    (REPORTING, "not P", "contradiction"),
    (DENYING, "P", "contradiction"),
    (DENYING, "not P", "entailment"),
    (DISTANCING, "P", "neutral"),
    (DISTANCING, "not P", "neutral"),
    (DENYING, "report", "neutral"),
    (REPORTING, "report", "neutral"),
)


def report_pairs(examples: Sequence[NLIExample], nlp: Language, *, count: int, seed: int) -> list[NLIExample]:
    """Up to `count` pairs built on the hypotheses of `examples`, one pattern each, in turn so labels stay balanced."""
    rng = random.Random(seed)
    statements = sorted({example.hypothesis for example in examples})
    rng.shuffle(statements)
    pairs: list[NLIExample] = []
    # Twice the target is parsed because roughly half the statements cannot be negated safely.
    docs = nlp.pipe(statements[: 2 * count], disable=["ner"], batch_size=256)
    for doc in docs:
        negated = negate(doc)
        if negated is None or not MIN_WORDS <= len(doc) <= MAX_WORDS or any(t.lower_ in PERSONAL for t in doc):
            continue
        verbs, hypothesis, label = PATTERNS[len(pairs) % len(PATTERNS)]
        report = f"{rng.choice(SPEAKERS)} {rng.choice(verbs)} {_embedded(doc)}."
        statement = {"P": doc.text, "not P": negated}
        if hypothesis == "report":
            pairs.append(NLIExample(doc.text, report, label))
        else:
            pairs.append(NLIExample(report, statement[hypothesis], label))
        if len(pairs) == count:
            break
    return pairs


def _embedded(doc: Doc) -> str:
    """The statement as a that-clause: final stop dropped, first letter lowered unless it starts a name."""
    text = doc.text.rstrip().rstrip(".!")
    first = doc[0]
    if first.pos_ != "PROPN" and not (len(first.text) > 1 and first.text.isupper()):
        text = text[0].lower() + text[1:]
    return text
