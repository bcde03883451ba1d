"""Neutral pairs the NLI corpora lack: statements about different things, and compatible statements about one.

MNLI and SNLI pair a premise only with hypotheses written about it, and SNLI annotators read two captions
as one scene, so a model trained on them reads "about something else" as contradiction ("A new species of
frog was found" against "The central bank raised rates"). The pipeline pairs claims from different sources
that may simply be about different things, so both kinds are taught as neutral here.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Sequence

from spacy.language import Language

from contrast.training.augment.negation import negate
from contrast.training.data import NLIExample

# Words that say nothing about the topic; two statements sharing only these are about different things.
FUNCTION_WORDS = frozenset(
    "the and for are was were has have had been being with from that this these those there their they them "
    "his her its our your you who whom which what when where why how not but all any some one two into onto "
    "about over under after before than then also just very can could will would should may might must "
    "does did doing out off upon while such only own same other more most much many few each every both "
    "she him himself herself itself themselves because again here".split()
)
STEM_LENGTH = 5


def unrelated_pairs(examples: Sequence[NLIExample], *, count: int, seed: int) -> list[NLIExample]:
    """Up to `count` neutral pairs: one row's premise with another row's hypothesis sharing no content word.

    Sharing no content word (compared on five-letter stems) keeps out the pairs that happen to be about the
    same scene, where SNLI's reading could make them a true contradiction.
    """
    rng = random.Random(seed)
    premises = sorted({example.premise for example in examples})
    hypotheses = sorted({example.hypothesis for example in examples})
    pairs: list[NLIExample] = []
    seen: set[tuple[str, str]] = set()
    for _ in range(20 * count):
        if len(pairs) == count:
            break
        premise, hypothesis = rng.choice(premises), rng.choice(hypotheses)
        if (premise, hypothesis) in seen or _content_stems(premise) & _content_stems(hypothesis):
            continue
        seen.add((premise, hypothesis))
        pairs.append(NLIExample(premise, hypothesis, "neutral"))
    return pairs


def compatible_pairs(examples: Sequence[NLIExample], *, count: int, seed: int) -> list[NLIExample]:
    """Up to `count` neutral pairs on one topic: a hypothesis the premise entails, against one it leaves open.

    If the entailed E entailed the open N, the premise would entail N; if E contradicted N, the premise would
    contradict N; either way N would not be labelled neutral, so E → N is neutral by the labels alone. N → E
    can be entailment, so it is not generated.
    """
    by_premise: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for example in examples:
        by_premise[example.premise][example.label].append(example.hypothesis)
    candidates = [
        NLIExample(entailed, open_, "neutral")
        for premise in sorted(by_premise)
        for entailed in by_premise[premise]["entailment"]
        for open_ in by_premise[premise]["neutral"]
        if entailed != open_
    ]
    random.Random(seed).shuffle(candidates)
    return candidates[:count]


def with_negated_hypotheses(pairs: Sequence[NLIExample], nlp: Language) -> list[NLIExample]:
    """The neutral pairs whose hypothesis can be negated, negated and still neutral: "not" alone is no conflict.

    A premise that neither entails nor contradicts H neither contradicts nor entails "not H", so the label
    holds; the model learns that a negation about something else, or about an open point, is no dispute.
    """
    docs = nlp.pipe((pair.hypothesis for pair in pairs), disable=["ner"], batch_size=256)
    negated = ((pair, negate(doc)) for pair, doc in zip(pairs, docs, strict=True) if pair.label == "neutral")
    return [NLIExample(pair.premise, hypothesis, "neutral") for pair, hypothesis in negated if hypothesis is not None]


def _content_stems(text: str) -> set[str]:
    words = re.findall(r"[a-z]+", text.lower())
    return {word[:STEM_LENGTH] for word in words if len(word) > 2 and word not in FUNCTION_WORDS}
