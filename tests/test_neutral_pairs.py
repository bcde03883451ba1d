from __future__ import annotations

import pytest

from contrast.training.augment.neutral import compatible_pairs, unrelated_pairs, with_negated_hypotheses
from contrast.training.data import NLIExample, read_nli_file

from .conftest import SHARED

NLI = SHARED / "nli"
needs_shared = pytest.mark.skipif(not NLI.is_dir(), reason="needs ../shared/nli (the NLI training data)")


@pytest.fixture(scope="module")
def snli_rows() -> list[NLIExample]:
    return read_nli_file(NLI / "snli.train_pieces.jsonl", limit=3000)


@needs_shared
def test_unrelated_pairs_are_neutral_and_share_no_content_word(snli_rows):
    pairs = unrelated_pairs(snli_rows, count=500, seed=0)
    assert len(pairs) == 500 and {p.label for p in pairs} == {"neutral"}
    originals = {(r.premise, r.hypothesis) for r in snli_rows}
    assert not any((p.premise, p.hypothesis) in originals for p in pairs)
    assert len({(p.premise, p.hypothesis) for p in pairs}) == 500


@needs_shared
def test_unrelated_pairs_are_reproducible(snli_rows):
    assert unrelated_pairs(snli_rows, count=50, seed=3) == unrelated_pairs(snli_rows, count=50, seed=3)


@pytest.mark.parametrize(
    ("premise", "hypothesis", "kept"),
    [
        ("The central bank raised interest rates.", "A new species of frog was found in Peru.", True),
        ("The central bank raised interest rates.", "Rates at the bank fell.", False),  # "rates", "bank"
    ],
)
def test_unrelated_pairs_keep_only_pairs_without_shared_content_words(premise, hypothesis, kept):
    rows = [NLIExample(premise, "x", "neutral"), NLIExample("y", hypothesis, "neutral")]
    found = {(p.premise, p.hypothesis) for p in unrelated_pairs(rows, count=4, seed=0)}
    assert ((premise, hypothesis) in found) == kept


def test_compatible_pairs_put_the_entailed_hypothesis_against_the_open_one():
    premise = "A woman in a red coat is walking her dog in the park."
    rows = [
        NLIExample(premise, "A woman is walking a dog.", "entailment"),
        NLIExample(premise, "The woman is going to the vet.", "neutral"),
        NLIExample(premise, "A woman is sleeping at home.", "contradiction"),
        NLIExample("Another premise.", "Something else.", "neutral"),
    ]
    assert compatible_pairs(rows, count=10, seed=0) == [
        NLIExample("A woman is walking a dog.", "The woman is going to the vet.", "neutral")
    ]


@needs_shared
def test_compatible_pairs_on_real_rows_come_from_one_premise(snli_rows):
    pairs = compatible_pairs(snli_rows, count=200, seed=0)
    by_hypothesis: dict[str, set[tuple[str, str]]] = {}
    for row in snli_rows:
        by_hypothesis.setdefault(row.hypothesis, set()).add((row.premise, row.label))
    assert len(pairs) == 200 and {p.label for p in pairs} == {"neutral"}
    for pair in pairs:
        entailed_by = {premise for premise, label in by_hypothesis[pair.premise] if label == "entailment"}
        left_open_by = {premise for premise, label in by_hypothesis[pair.hypothesis] if label == "neutral"}
        assert entailed_by & left_open_by


def test_with_negated_hypotheses_keeps_neutral_pairs_neutral(nlp):
    pairs = [
        NLIExample("The bank raised rates.", "A frog was found in Peru.", "neutral"),
        NLIExample("The bank raised rates.", "Nobody came.", "neutral"),  # cannot be negated safely
        NLIExample("A man plays guitar.", "A man is playing music.", "entailment"),  # not neutral: left out
    ]
    assert with_negated_hypotheses(pairs, nlp) == [
        NLIExample("The bank raised rates.", "A frog was not found in Peru.", "neutral")
    ]


@needs_shared
def test_negated_neutral_pairs_on_real_rows(snli_rows, nlp):
    pairs = with_negated_hypotheses(unrelated_pairs(snli_rows, count=200, seed=0), nlp)
    assert 50 < len(pairs) <= 200 and {p.label for p in pairs} == {"neutral"}
    assert all(" not " in p.hypothesis or "n't" in p.hypothesis for p in pairs)
