from __future__ import annotations

import pytest

from contrast.attribution.cues import content_words, dismisses, numbers, rebuts


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("However, the claims in the story are untrue.", True),
        ("The report is fiction.", True),
        ("In short, there is no truth to the above-quoted story.", True),
        ("The quote attributed to Mitt Romney is not real.", True),
        ("Local soldiers haven't lost a low-yield nuclear weapon.", False),
        ("The story is causing a good deal of angst and outrage as it travels.", False),
        ("Police said the report was filed on Monday.", False),
    ],
)
def test_polarity_dismisses_a_story_as_a_whole(sentence, expected):
    assert dismisses(sentence) is expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("No such private information was leaked.", True),
        ("The battalion involved, though, doesn't have artillery.", True),
        ("The photo is a fake.", True),
        ("Illegal loggers cut down the world's oldest tree.", False),
    ],
)
def test_polarity_rebuts(sentence, expected):
    assert rebuts(sentence) is expected


def test_polarity_content_words_meet_across_inflections():
    assert content_words("Kershov leaked the information") & content_words("the leak of information") == {
        "information"
    } | (content_words("leaked") & content_words("leak"))


def test_polarity_numbers():
    assert numbers("He made $46 million, not 11,000 or 9.5") == {"46", "11000", "9.5"}
