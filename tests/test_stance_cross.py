from __future__ import annotations

import dataclasses
import json

import pytest

from contrast.attribution import Claim
from contrast.disputes import Dispute, Side
from contrast.ingest import from_text
from contrast.report.render import Format, as_json, render
from contrast.stance.cross import MIN_BODY_WORDS, find_cross_article_disputes
from contrast.stance.fnc import read_fnc1

from .conftest import SHARED
from .test_stance import _tiny_stance_model

HEADLINE = from_text("Apple is going to shut down Beats Music.", article_id="a1", path="headline.txt")
DEBUNK = from_text(
    "Apple has denied reports that it will shut down Beats Music, calling the story not true. "
    "A spokesman said the streaming service would stay. The company bought Beats for $3 billion in May, "
    "and the service has a few hundred thousand subscribers. Analysts had expected changes to the brand "
    "but not the end of the service, which sells music for $10 a month.",
    article_id="a2",
    path="debunk.txt",
)
DISAGREES = {"bias": [0, 50, 0, 0], "abstain_below": 0.5}
AGREES = {"bias": [50, 0, 0, 0], "abstain_below": 0.5}


def test_stance_cross_disagreeing_body_is_a_dispute_between_the_articles(tmp_path):
    found = find_cross_article_disputes([HEADLINE, DEBUNK], [], _tiny_stance_model(tmp_path / "m", DISAGREES))
    (dispute,) = found.disputes
    claims = {claim.id: claim for claim in found.claims}
    assert [claims[c].article for c in dispute.sides[0].claims] == ["a1"]
    assert {claims[c].article for c in dispute.sides[1].claims} == {"a2"}
    assert dispute.sides[1].stance == "denies" and {p.relation for p in dispute.pairs} == {"stance"}
    assert dispute.evidence[0] == HEADLINE.body and set(dispute.evidence[1:]) <= {c.sentence for c in found.claims}
    by_id = {"a1": HEADLINE, "a2": DEBUNK}
    assert all(by_id[c.article].body[c.start : c.end] == c.text for c in found.claims)


def test_stance_cross_agreeing_body_is_no_dispute(tmp_path):
    found = find_cross_article_disputes([HEADLINE, DEBUNK], [], _tiny_stance_model(tmp_path / "m", AGREES))
    assert found.disputes == () and found.claims == ()


def test_stance_cross_a_headline_is_never_read_as_a_body(tmp_path):
    assert len(HEADLINE.body.split()) < MIN_BODY_WORDS <= len(DEBUNK.body.split())
    found = find_cross_article_disputes([DEBUNK, HEADLINE], [], _tiny_stance_model(tmp_path / "m", DISAGREES))
    assert [d.sides[0].claims for d in found.disputes] == [("a1-lead1",)]


def test_stance_cross_skips_articles_already_in_dispute(tmp_path):
    extracted = [_claim("a1-c1", "a1"), _claim("a2-c1", "a2")]
    earlier = Dispute("d1", "whether x", 0.9, True, (_side("a1-c1", "asserts"), _side("a2-c1", "denies")), (), ())
    model = _tiny_stance_model(tmp_path / "m", DISAGREES)
    assert find_cross_article_disputes([HEADLINE, DEBUNK], extracted, model, disputed=[earlier]).disputes == ()


def _claim(claim_id: str, article_id: str) -> Claim:
    """A claim outside every sentence of the articles: it only marks its article as already disputed."""
    return Claim(claim_id, article_id, "x", "x", 10_000, 10_001, "A", "said", "asserts", "x", True, "A")


def _side(claim_id: str, stance: str) -> Side:
    return Side(("A",), stance, (claim_id,))


@pytest.mark.slow
def test_stance_cross_check_reports_it_in_every_format(models, tmp_path):
    from contrast.pipeline import check

    with_stance = dataclasses.replace(models, stance=_tiny_stance_model(tmp_path / "m", DISAGREES))
    result = check([HEADLINE, DEBUNK], with_stance)
    crossing = [d for d in result.disputes if {p.relation for p in d.pairs} == {"stance"}]
    assert crossing and [d.id for d in result.disputes] == [f"d{i}" for i in range(1, len(result.disputes) + 1)]
    cited = {c for d in crossing for side in d.sides for c in side.claims}
    assert cited <= {claim.id for claim in result.claims}
    assert json.loads(render(result, Format.json)) == json.loads(json.dumps(as_json(result)))
    assert "debunk.txt" in render(result, Format.table, width=120)


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "fnc1").is_dir(), reason="needs ../shared/fnc1 (FNC-1 data)")
def test_stance_cross_fnc1_debunk_disputes_the_headline(models):
    from contrast.pipeline import check
    from contrast.stance.model import StanceModel

    bodies, _ = read_fnc1(SHARED / "fnc1", "test")
    headline = from_text("IBM to cut more than 111,000 jobs in largest corporate lay-off ever.", article_id="a1")
    body = from_text(bodies[2011], article_id="a2", path="body.txt")  # "IBM has denied rumors that …"
    result = check([headline, body], dataclasses.replace(models, stance=StanceModel()))
    (crossing,) = [d for d in result.disputes if {p.relation for p in d.pairs} == {"stance"}]
    claims = {claim.id: claim for claim in result.claims}
    assert "denied" in " ".join(claims[c].sentence for c in crossing.sides[1].claims)
