"""Negated hypotheses as extra training pairs: without them the model reads "X" and "not X" alike.

Negation flips the label: a premise that entails H contradicts "not H", one that contradicts H entails
"not H" (SNLI and MNLI annotators read both sentences as one scene), and a neutral pair stays neutral, so
the model cannot learn "not means contradiction" as a shortcut. The hypothesis is negated through its
parse ("is playing" → "is not playing", "plays" → "does not play"), which keeps it grammatical.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc

from contrast.training.data import NLIExample

FLIPPED = {"entailment": "contradiction", "contradiction": "entailment", "neutral": "neutral"}
NEGATION_WORDS = frozenset({"not", "n't", "no", "never", "nobody", "nothing", "none", "neither", "nor", "without"})
DO_SUPPORT = {"VBZ": "does", "VBD": "did", "VBP": "do"}


def negate(doc: Doc) -> str | None:
    """The one-sentence statement in `doc` with its main verb negated, or None where that is unsafe."""
    sentences = list(doc.sents)
    if len(sentences) != 1 or doc.text.rstrip().endswith("?"):
        return None
    if any(token.lower_ in NEGATION_WORDS for token in doc):
        return None
    root = sentences[0].root
    auxiliaries = [child for child in root.children if child.dep_ in ("aux", "auxpass") and child.i < root.i]
    if auxiliaries and auxiliaries[0].lower_ != "to":
        return _insert_not_after(doc, auxiliaries[0].i)
    if root.lemma_ == "be" and root.i > 0:
        return _insert_not_after(doc, root.i)
    if root.pos_ == "VERB" and root.tag_ in DO_SUPPORT and root.i > 0:
        before = doc[: root.i].text_with_ws
        after = doc[root.i + 1 :].text_with_ws
        return f"{before}{DO_SUPPORT[root.tag_]} not {root.lemma_}{root.whitespace_}{after}".strip()
    return None


def negated_pairs(examples: Sequence[NLIExample], nlp: Language, *, count: int, seed: int) -> list[NLIExample]:
    """Up to `count` pairs with negated hypotheses and flipped labels, drawn reproducibly from `examples`."""
    candidates = [example for example in examples if example.label in FLIPPED]
    random.Random(seed).shuffle(candidates)
    pairs: list[NLIExample] = []
    # Twice the target is parsed because roughly half the hypotheses cannot be negated safely.
    pool = candidates[: 2 * count]
    docs = nlp.pipe((example.hypothesis for example in pool), disable=["ner"], batch_size=256)
    for example, doc in zip(pool, docs, strict=True):
        negated = negate(doc)
        if negated is not None:
            pairs.append(NLIExample(example.premise, negated, FLIPPED[example.label]))
            if len(pairs) == count:
                break
    return pairs


def _insert_not_after(doc: Doc, index: int) -> str:
    token = doc[index]
    return f"{doc[: index + 1].text} not{token.whitespace_ or ' '}{doc[index + 1 :].text_with_ws}".strip()
