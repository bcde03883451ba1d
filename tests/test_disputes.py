from __future__ import annotations

from contrast.claims import Claim
from contrast.disputes import find_disputes
from contrast.nli import PairScore
from contrast.pairing import CandidatePair


def _claim(index: int, source: str, text: str, *, stance: str = "asserts", attributed: bool = True) -> Claim:
    return Claim(
        id=f"a1-c{index}",
        article="a1",
        text=text,
        sentence=text + ".",
        start=0,
        end=len(text),
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
OUTLET = _claim(4, "EFE", "the strikes began on Tuesday", attributed=False)


def _score(a: Claim, b: Claim, score: float, relation: str = "contradiction") -> PairScore:
    return PairScore(CandidatePair(a, b, 0.6), relation, score)


def test_disputes_group_pairs_around_their_shared_claim():
    (dispute,) = find_disputes([_score(MILITARY, CIVILIANS, 0.9), _score(MILITARY, CITIES, 0.7)])
    assert [(p.a, p.b) for p in dispute.pairs] == [("a1-c1", "a1-c2"), ("a1-c1", "a1-c3")]
    assert [side.source for side in dispute.sides] == ["Defense ministry", "Local government", "Foreign ministry"]
    assert dispute.score == 0.9


def test_disputes_drop_pairs_below_min_score():
    assert find_disputes([_score(MILITARY, CIVILIANS, 0.4)], min_score=0.5) == []


def test_disputes_rank_outlet_voice_below_attributed_sources():
    disputes = find_disputes([_score(OUTLET, CIVILIANS, 0.95), _score(MILITARY, CITIES, 0.6)])
    assert [d.attributed for d in disputes] == [True, False]
    assert [d.id for d in disputes] == ["d1", "d2"]


def test_disputes_top_keeps_the_strongest():
    disputes = find_disputes([_score(MILITARY, CIVILIANS, 0.6), _score(OUTLET, CITIES, 0.9)], top=1)
    assert [d.score for d in disputes] == [0.6]


def test_disputes_label_a_denial_by_what_it_denies():
    denial = Claim(
        id="a1-c5",
        article="a1",
        text="The ministry denied that troops were there",
        sentence="The ministry denied that troops were there.",
        start=0,
        end=10,
        source="Ministry",
        cue="denied",
        stance="denies",
        proposition="troops were there",
        attributed=True,
        side="Ministry",
    )
    (dispute,) = find_disputes([_score(denial, CIVILIANS, 0.8, "denial")])
    assert dispute.fact == "whether troops were there"
    assert dispute.pairs[0].relation == "denial"


def test_disputes_weak_pair_joins_through_a_restatement():
    ministry_again = _claim(6, "Defense ministry", "no homes were hit")
    weak = _score(ministry_again, CIVILIANS, 0.3)
    restated = [frozenset(("a1-c1", "a1-c6"))]
    (dispute,) = find_disputes([_score(MILITARY, CIVILIANS, 0.8), weak], min_score=0.5, restatements=restated)
    assert [(p.a, p.b, p.score) for p in dispute.pairs] == [("a1-c1", "a1-c2", 0.8), ("a1-c6", "a1-c2", 0.3)]
    assert dispute.score == 0.8


def test_disputes_weak_pair_without_a_restatement_stays_out():
    ministry_again = _claim(6, "Defense ministry", "no homes were hit")
    (dispute,) = find_disputes(
        [_score(MILITARY, CIVILIANS, 0.8), _score(ministry_again, CIVILIANS, 0.3)], min_score=0.5
    )
    assert [(p.a, p.b) for p in dispute.pairs] == [("a1-c1", "a1-c2")]


def test_disputes_weak_pairs_never_start_a_dispute():
    assert find_disputes([_score(OUTLET, CITIES, 0.3)], min_score=0.5) == []
