from __future__ import annotations

import pytest

from contrast.claims import Claim
from contrast.dispute_score import FEATURES, DisputeScoreModel
from contrast.disputes import find_disputes
from contrast.nli.model import NLIProbabilities, PairScore
from contrast.pairing import CandidatePair


def _claim(index: int, source: str, text: str, *, stance: str = "asserts", attributed: bool = True) -> Claim:
    return Claim(
        id=f"a1-c{index}",
        article="a1",
        text=text,
        sentence=text + ".",
        start=index * 100,
        end=index * 100 + len(text),
        source=source,
        cue="said",
        stance=stance,
        proposition=text,
        attributed=attributed,
        side=source,
    )


MILITARY = _claim(1, "Defense ministry", "the strikes hit only military targets")
CIVILIANS = _claim(2, "Local government", "the strikes hit civilians")
CITIES = _claim(3, "Foreign ministry", "cities were under heavy bombardment")
DENIAL = Claim(
    id="a1-c5",
    article="a1",
    text="The ministry denied that troops were there",
    sentence="The ministry denied that troops were there.",
    start=500,
    end=542,
    source="Ministry",
    cue="denied",
    stance="denies",
    proposition="troops were there",
    attributed=True,
    side="Ministry",
)
# The dispute score rises with the NLI score alone: these tests pin how accepted pairs become disputes.
BY_NLI = DisputeScoreModel(
    mean=tuple(0.5 if name == "nli" else 0.0 for name in FEATURES),
    scale=(1.0,) * len(FEATURES),
    weights=tuple(10.0 if name == "nli" else 0.0 for name in FEATURES),
    bias=0.0,
    threshold=0.5,
)


def _score(a: Claim, b: Claim, nli: float, relation: str = "contradiction") -> PairScore:
    probabilities = NLIProbabilities(entailment=0.0, neutral=1 - nli, contradiction=nli)
    return PairScore(CandidatePair(a, b, 0.6), relation, nli, (probabilities, probabilities))


def test_disputes_two_sides_around_a_shared_claim():
    (dispute,) = find_disputes([_score(MILITARY, CIVILIANS, 0.9), _score(MILITARY, CITIES, 0.7)], model=BY_NLI)
    side_a, side_b = dispute.sides
    assert side_a.sources == ("Defense ministry",)
    assert side_b.sources == ("Local government", "Foreign ministry")
    assert [(p.a, p.b) for p in dispute.pairs] == [("a1-c1", "a1-c2"), ("a1-c1", "a1-c3")]
    assert dispute.score == pytest.approx(
        BY_NLI.probability({name: 0.9 if name == "nli" else 0 for name in FEATURES}), abs=1e-4
    )


def test_disputes_a_side_never_disputes_itself():
    """The third pair would put the local government and the foreign ministry on opposite sides."""
    pairs = [_score(MILITARY, CIVILIANS, 0.9), _score(MILITARY, CITIES, 0.8), _score(CIVILIANS, CITIES, 0.7)]
    (dispute,) = find_disputes(pairs, model=BY_NLI)
    assert {(p.a, p.b) for p in dispute.pairs} == {("a1-c1", "a1-c2"), ("a1-c1", "a1-c3")}


def test_disputes_denying_side_is_side_b():
    (dispute,) = find_disputes([_score(DENIAL, CIVILIANS, 0.8, "denial")], model=BY_NLI)
    assert dispute.sides[1].claims == ("a1-c5",)
    assert dispute.sides[1].stance == "denies"
    assert dispute.fact == "whether troops were there"
    assert dispute.pairs[0].relation == "denial"
    assert dispute.pairs[0].why[0] == "Ministry denies it (denied)"


def test_disputes_drop_pairs_below_min_score():
    assert find_disputes([_score(MILITARY, CIVILIANS, 0.45)], model=BY_NLI) == []
    assert len(find_disputes([_score(MILITARY, CIVILIANS, 0.45)], model=BY_NLI, min_score=0.3)) == 1


def test_disputes_top_keeps_the_strongest():
    unrelated = [_score(MILITARY, CIVILIANS, 0.6), _score(DENIAL, CITIES, 0.9, "denial")]
    (dispute,) = find_disputes(unrelated, model=BY_NLI, top=1)
    assert dispute.sides[1].claims == ("a1-c5",)


def test_disputes_never_share_a_title():
    other = _claim(7, "Army", "the strikes hit only military targets")
    disputes = find_disputes([_score(MILITARY, CIVILIANS, 0.9), _score(other, CITIES, 0.8)], model=BY_NLI)
    assert len({d.fact for d in disputes}) == 2


def test_disputes_why_names_numbers_that_differ():
    five = _claim(8, "Police", "5 people died")
    seven = _claim(9, "Hospital", "7 people died")
    (dispute,) = find_disputes([_score(five, seven, 0.9)], model=BY_NLI)
    assert "numbers differ: 5 vs 7" in dispute.pairs[0].why
