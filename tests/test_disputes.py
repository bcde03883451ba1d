"""The dispute engine on real text: frames, speakers, stances, propositions and two-sided disputes."""

from __future__ import annotations

import json

import pytest

from contrast.attribution import Claim, extract_claims
from contrast.disputes import Link, group_propositions, link_claims
from contrast.disputes.candidates import CandidatePair, embed_claims, find_dismissal_pairs
from contrast.disputes.stance import frame_polarity
from contrast.ingest import Article, from_text, read_article
from tests.conftest import SHARED

EXAMPLES = SHARED / "examples"
# The bodies of the dev sets whose sources agree or decline to comment: nothing is disputed there.
QUIET = [
    "fnc-dev/57960a825c.txt",
    "fnc-dev/ec7ebbab10.txt",
    "fnc-dev/7e95e0ad53.txt",
    "wire-dev/bf2128261f.txt",
    "wire-dev/b7abf3080a.txt",
]
needs_shared = pytest.mark.skipif(not EXAMPLES.is_dir(), reason="needs the shared dev sets beside the checkout")


def _article(text: str) -> Article:
    return from_text(text)


def _claim(claim_id: str, source: str, stance: str, content: str) -> Claim:
    return Claim(claim_id, "a1", content, content, 0, len(content), source, "said", stance, content, True, source)


@pytest.mark.parametrize(
    "sentence",
    [
        # fnc-dev2 2972300558: the Israeli defence minister on the reported capture.
        (
            "“I cannot confirm that and I hope that it isn’t true,” Israeli Defence Minister Moshe Ya’alon told an "
            "Israeli television channel when asked about the reports."
        ),
        "These reports have not yet been confirmed by Israeli officials.",
    ],
)
def test_attribution_doubt_is_neither_assertion_nor_denial(nlp, sentence):
    claims = extract_claims(_article(sentence), nlp)
    assert [c.stance for c in claims] == ["doubts"]
    assert frame_polarity(claims[0]) == 0


def test_attribution_denial_is_a_denial_not_a_doubt(nlp):
    # wire-dev 81d5bfde2f style: a plain denial of what another side says.
    claims = extract_claims(_article("Damascus denied that its forces had used chemical weapons."), nlp)
    assert [c.stance for c in claims] == ["denies"]
    assert frame_polarity(claims[0]) == -1


def test_attribution_nested_frames_read_inside_out(nlp):
    # fnc-dev2: "A denied that P, as claimed by B" gives B asserts P and A denies P, without B's words in P.
    text = (
        "Sources in the Kurdish underground in Syria denied Sunday night that Canadian-Israeli Gill Rosenberg, "
        "31, had been in the Kobane region, as claimed by Islamist and Palestinian websites that reported she "
        "was captured by ISIS during the fighting in that area."
    )
    frames = [(c.source, c.stance, c.proposition) for c in extract_claims(_article(text), nlp)]
    content = "Canadian-Israeli Gill Rosenberg, 31, had been in the Kobane region"
    assert frames[:2] == [
        ("Sources", "denies", content),
        ("Islamist and Palestinian websites", "alleges", content),
    ]


def test_attribution_merges_a_titled_surname_with_the_full_name(nlp):
    # fnc-dev2 2972300558: "Charlie Winter" and later "Mr Winter" are one speaker.
    text = (
        "Charlie Winter, a researcher at counter-extremism think tank Quilliam, said that there is no hard "
        "evidence to show that she has been taken by Isis. Mr Winter said the YPG and the Free Syrian Army are "
        "not above deliberate obfuscation to make Isis look weaker."
    )
    assert {c.source for c in extract_claims(_article(text), nlp)} == {"Charlie Winter"}


def test_attribution_relative_pronoun_is_never_a_source(nlp):
    # wire-dev d02f32dfd9: the speaker is the man the relative clause is about.
    text = (
        "Jose Fernandez, who represented the State Department on the committee, said Clinton played no role in "
        "the decision."
    )
    sources = {c.source for c in extract_claims(_article(text), nlp)}
    assert "who" not in sources
    assert any("Fernandez" in source for source in sources)


def test_attribution_a_denied_story_is_a_dismissal_of_the_story(nlp):
    # fnc-dev2 2972300558: "the rumours" is the capture story, not a claim of its own.
    text = "At the same time, the YPG have denied the rumours."
    assert [(c.source, c.stance) for c in extract_claims(_article(text), nlp)] == [("YPG", "dismisses")]


def test_stories_a_dismissal_resolves_to_what_the_story_tells(nlp, embedder):
    # fnc-dev2 2972300558, shortened: the blog tells the capture, the YPG dismisses "the rumours".
    text = (
        "According to a blog linked to Isis (also known as Islamic State), which has been quoted by Israeli media "
        "reports, Ms Rosenberg was captured alongside several female fighters near Kobani. "
        "Gill Rosenberg, 31, is a Canadian-born woman and resident of Tel Aviv. "
        "At the same time, the YPG have denied the rumours."
    )
    claims = extract_claims(_article(text), nlp)
    pairs = find_dismissal_pairs(claims, embed_claims(claims, embedder))
    assert [(p.a.source, p.b.source, p.kind) for p in pairs][:1] == [("blog", "YPG", "dismissal")]
    assert "captured" in pairs[0].a.proposition


def test_stance_entailing_contents_share_a_side_and_a_denial_takes_the_other(nli_model):
    # wire-dev e9269d0979: an assertion, its paraphrase, and the Kremlin's denial of the same content.
    intelligence = _claim("c1", "U.S. intelligence agencies", "asserts", "Russia interfered in the 2016 U.S. election")
    reuters = _claim("c2", "Reuters", "reports", "Russia meddled in the 2016 U.S. election campaign")
    kremlin = _claim("c3", "the Kremlin", "denies", "Russia interfered in the 2016 U.S. election")
    pairs = [CandidatePair(intelligence, reuters, 0.9), CandidatePair(intelligence, kremlin, 0.95)]
    links = link_claims(pairs, nli_model)
    assert [(k.b.id, k.opposed) for k in links] == [("c2", False), ("c3", True)]
    [proposition] = group_propositions(links)
    assert {s.claim: s.polarity for s in proposition.stances} == {"c1": 1, "c2": 1, "c3": -1}
    assert proposition.text == "Russia interfered in the 2016 U.S. election"


def test_stance_flips_when_the_contents_contradict(nli_model):
    # Two assertions: the second one's content contradicts the first, so it stands on the other side.
    said = _claim("c1", "U.S. intelligence agencies", "asserts", "Russia interfered in the 2016 U.S. election campaign")
    denied = _claim("c2", "Moscow", "asserts", "Russia did not interfere in the 2016 U.S. election campaign")
    [link] = link_claims([CandidatePair(said, denied, 0.9)], nli_model)
    assert (link.relation, link.opposed) == ("contradiction", True)


def test_stance_doubt_joins_no_proposition(nli_model):
    said = _claim("c1", "blog", "reports", "Ms Rosenberg was captured alongside several female fighters near Kobani")
    doubt = _claim("c2", "Israel", "doubts", "Ms Rosenberg was captured near Kobani")
    assert link_claims([CandidatePair(said, doubt, 0.9)], nli_model) == []


def test_propositions_keep_a_link_that_contradicts_the_sides_out():
    a, b, c = (_claim(f"c{i}", f"S{i}", "asserts", f"content {i}") for i in range(3))
    links = [
        Link(a, b, "entailment", 0.9, opposed=False),
        Link(b, c, "entailment", 0.8, opposed=False),
        Link(a, c, "contradiction", 0.7, opposed=True),  # weaker than the chain that puts c with a
    ]
    [proposition] = group_propositions(links)
    assert {s.polarity for s in proposition.stances} == {1}
    assert len(proposition.links) == 2


def test_disputes_two_sided_from_an_allegation_and_its_denial(models):
    # Adapted from wire-dev e9269d0979: "such meddling" points back at the intelligence agencies' claim.
    text = (
        "U.S. intelligence agencies have said Russia interfered in the 2016 U.S. election campaign. "
        "The Kremlin has denied such meddling."
    )
    from contrast.pipeline import check

    result = check([_article(text)], models)
    by_id = {c.id: c for c in result.claims}
    [dispute] = [d for d in result.disputes if "Kremlin" in d.sides[1].sources]
    side_a, side_b = dispute.sides
    assert (side_a.sources, side_a.stance, side_b.stance) == (("U.S. intelligence agencies",), "asserts", "denies")
    for pair in dispute.pairs:
        assert pair.a in side_a.claims and pair.b in side_b.claims
        assert by_id[pair.a].source != by_id[pair.b].source
        assert pair.relation == "denial" and "Kremlin denies it (denied)" in pair.why


@needs_shared
@pytest.mark.slow
@pytest.mark.parametrize("body", QUIET)
def test_disputes_quiet_bodies_stay_quiet(models, body):
    from contrast.pipeline import check

    result = check([read_article(str(EXAMPLES / body))], models)
    assert [d.fact for d in result.disputes if d.attributed] == []


def test_disputes_json_keeps_its_two_sided_shape(example_result):
    from contrast.report.render import as_json

    report = json.loads(json.dumps(as_json(example_result)))
    for dispute in report["disputes"]:
        assert [side["stance"] for side in dispute["sides"]] == ["asserts", "denies"]
        assert set(dispute["pairs"][0]) == {"a", "b", "score", "relation", "why"}
