from __future__ import annotations

import pytest

from contrast.training.augment.negation import negate, negated_pairs
from contrast.training.data import NLIExample


@pytest.mark.parametrize(
    ("sentence", "negated"),
    [
        ("A man is playing a guitar.", "A man is not playing a guitar."),
        ("The troops had withdrawn from the area.", "The troops had not withdrawn from the area."),
        ("The boy was bitten by a dog.", "The boy was not bitten by a dog."),
        ("There is a cat on the mat.", "There is not a cat on the mat."),
        ("The man plays the guitar.", "The man does not play the guitar."),
        ("Two dogs ran through the field.", "Two dogs did not run through the field."),
        ("Children have toys.", "Children do not have toys."),
        ("The government will raise taxes next year.", "The government will not raise taxes next year."),
    ],
)
def test_negate_puts_not_on_the_main_verb(nlp, sentence, negated):
    assert negate(nlp(sentence)) == negated


@pytest.mark.parametrize(
    "sentence",
    [
        "He is not here.",  # already negative: a double negation teaches nothing
        "Nobody came to the meeting.",
        "Is he here?",
        "A man sleeping on a bench.",  # no finite verb
        "He left. She stayed.",
    ],
)
def test_negate_leaves_out_what_it_cannot_negate_safely(nlp, sentence):
    assert negate(nlp(sentence)) is None


def test_negated_pairs_flip_entailment_and_contradiction_and_keep_neutral(nlp):
    premise = "A woman in a red coat is walking her dog in the park."
    examples = [
        NLIExample(premise, "A woman is walking a dog.", "entailment"),
        NLIExample(premise, "A woman is sleeping at home.", "contradiction"),
        NLIExample(premise, "The woman is going to the vet.", "neutral"),
        NLIExample(premise, "Nobody is outside.", "contradiction"),
        NLIExample(premise, "A person walks.", "not_entailment"),
    ]
    pairs = negated_pairs(examples, nlp, count=10, seed=0)
    assert sorted((p.hypothesis, p.label) for p in pairs) == [
        ("A woman is not sleeping at home.", "entailment"),
        ("A woman is not walking a dog.", "contradiction"),
        ("The woman is not going to the vet.", "neutral"),
    ]
    assert negated_pairs(examples, nlp, count=2, seed=3) == negated_pairs(examples, nlp, count=2, seed=3)
    assert len(negated_pairs(examples, nlp, count=2, seed=3)) == 2
