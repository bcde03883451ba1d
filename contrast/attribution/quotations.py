"""Quotations: where quoted speech opens and closes, and what a sentence inside one is not.

A quotation whose speaker is named only where it closes ('"It was not gas. We all heard it," said X')
is the speaker's throughout; these helpers find the marks that tell where it runs.
"""

from __future__ import annotations

import bisect
import functools
import re

from spacy.tokens import Span, Token

from contrast.attribution.cues import FURNITURE, MAX_TAG_SHARE

QUOTE = re.compile(r"“[^”]{3,}”|\"[^\"]{3,}\"")


def not_a_claim(sentence: str) -> bool:
    """A question asserts nothing; hashtags, @handles, credits and links are furniture, not claims."""
    text = sentence.strip()
    if text.rstrip("\"”’') ").endswith("?"):
        return True
    tokens = text.split()
    if tokens and sum(t.startswith(("#", "@")) for t in tokens) / len(tokens) > MAX_TAG_SHARE:
        return True
    return FURNITURE.search(text) is not None


def quote_marks(text: str) -> int:
    """Quotations the text opens (> 0) or closes (< 0) without closing or opening them itself."""
    curly = text.count("“") - text.count("”")
    if curly:
        return curly
    if text.count('"') % 2 == 0:
        return 0
    return 1 if text.lstrip()[:1] == '"' else -1


@functools.lru_cache(maxsize=4)  # asked once per verb in the sentence: without it, a long sentence costs n²
def quotations(sent: Span) -> list[Span]:
    spans = (sent.char_span(m.start(), m.end(), alignment_mode="expand") for m in QUOTE.finditer(sent.text))
    return [span for span in spans if span is not None]


@functools.lru_cache(maxsize=4)  # one string per sentence, however many claims it holds
def sentence_text(sent: Span) -> str:
    return sent.text.strip()


@functools.lru_cache(maxsize=4)  # asked once per claim: without it, a long sentence costs n²
def sentence_not_a_claim(sent: Span) -> bool:
    return not_a_claim(sent.text)


def quotation_around(token: Token, sent: Span) -> Span | None:
    """The quotation in the sentence that holds the token, if any."""
    return next((quotation for quotation in quotations(sent) if quotation.start <= token.i < quotation.end), None)


def unquote(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[“”\"]", "", text)).strip().rstrip(",")


def introduced_quotation(verb: Token, sent: Span) -> Span | None:
    """What a colon after a speaking verb introduces: 'X posted on her profile: "Gill is safe …"'.

    The parser hangs the quoted words anywhere (often as a new root), so the colon is found by position:
    the first one after the verb, with words after it.
    """
    colons = _colons(sent)
    after = bisect.bisect_right(colons, verb.i)
    if after == len(colons) or colons[after] + 1 >= sent.end:
        return None
    return sent.doc[colons[after] + 1 : sent.end]


@functools.lru_cache(maxsize=4)  # asked once per verb: without it, a long sentence costs n²
def _colons(sent: Span) -> list[int]:
    return [t.i for t in sent if t.text == ":"]


@functools.lru_cache(maxsize=4)  # asked once per token: without it, a long sentence costs n²
def quoted_tokens(sent: Span) -> frozenset[int]:
    """The indices of the tokens inside the sentence's quotations."""
    return frozenset(i for quotation in quotations(sent) for i in range(quotation.start, quotation.end))
