from __future__ import annotations

import pytest

from contrast.attribution.sources import main_publication
from contrast.ingest import from_text


@pytest.mark.parametrize(
    ("text", "publication"),
    [
        (
            "The bogus story comes from the fake-news website Empire News. Empire News considers itself satirical.",
            "Empire News",
        ),
        (
            "It was posted by something called Hip Hop Hangover, an unfunny parody site, and shared widely.",
            "Hip Hop Hangover",
        ),
        ("On Monday, the site Whatdoesitmean.com reported that a shell was missing.", "Whatdoesitmean.com"),
        ("The photo was shared on twitter.com by thousands of people.", None),
        ("The ministry said troops had left the city.", None),
    ],
)
def test_sources_main_publication(text, publication):
    assert main_publication(text) == publication


@pytest.mark.slow
def test_sources_surname_is_the_full_name(nlp):
    from contrast.attribution import extract_claims

    article = from_text(
        "Commissioner Gary Bettman said the league would expand to Las Vegas next year. "
        "Bettman added that no decision had been made about the team's name."
    )
    claims = extract_claims(article, nlp)
    assert {claim.source for claim in claims} == {"Commissioner Gary Bettman"}


@pytest.mark.slow
def test_sources_story_nouns_name_the_publication(nlp):
    from contrast.attribution import extract_claims

    article = from_text(
        "The bogus story comes from the fake-news website Empire News, which considers itself satirical. "
        "The story claims that DNA testing has confirmed that Michael Jackson is the father of Bruno Mars. "
        "Supposedly, the singer's publicist leaked the information and was fired for it."
    )
    by_text = {claim.text: claim for claim in extract_claims(article, nlp)}
    retold = next(claim for text, claim in by_text.items() if text.startswith("Supposedly"))
    assert retold.source == "Empire News"
    assert retold.attributed
    story = next(claim for text, claim in by_text.items() if "Michael Jackson" in text)
    assert story.source == "Empire News"


@pytest.mark.slow
def test_sources_first_person_quotation_follows_its_speaker(nlp):
    from contrast.attribution import extract_claims

    article = from_text(
        "Raven-Symone denied the story on Instagram, writing that she was never abused. "
        '"I was practically a baby on that show and this is a disgusting rumor that I want no part of!"'
    )
    claims = extract_claims(article, nlp)
    assert claims[-1].source == "Raven-Symone"
