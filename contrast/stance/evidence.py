"""The body sentences a stance model reads: a whole article does not fit in its window, and most of it is noise.

The lead says what the article is about; sentences that share the claim's content words or carry a debunking
cue ("a hoax", "denied") say where the article stands. Training and inference select them the same way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

DEFAULT_MAX_SENTENCES = 6
# A sentence that calls something false or denies it is evidence even when it repeats none of the claim's words.
DEBUNK_CUES = (
    "hoax",
    "fake",
    "false",
    "untrue",
    "not true",
    "no truth",
    "denied",
    "denies",
    "deny",
    "debunk",
    "satire",
    "satirical",
    "fabricated",
    "no evidence",
    "rumor",
    "rumour",
    "refuted",
    "dismissed",
    "misleading",
    "alive",
)
STOPWORDS = frozenset(
    "a an the and or but of to in on at for by with from as is are was were be been being it its this that these "
    "those he she they we you i his her their our your has have had do does did not no will would can could may "
    "might should said says say after before over about into than then there here who whom which what when where "
    "why how all any some more most other also just only up out new one two".split()
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n+")
_WORD = re.compile(r"[a-z0-9]+")


def split_sentences(text: str) -> list[str]:
    """Sentences of a plain-text body; paragraph breaks always end one."""
    return [text[start:end] for start, end in sentence_spans(text)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `split_sentences`, so that evidence can point into the article."""
    spans = []
    position = 0
    for boundary in [*_SENTENCE_END.finditer(text), None]:
        end = boundary.start() if boundary else len(text)
        piece = text[position:end]
        if piece.strip():
            start = position + len(piece) - len(piece.lstrip())
            spans.append((start, position + len(piece.rstrip())))
        position = boundary.end() if boundary else len(text)
    return spans


def content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in STOPWORDS and len(w) > 2}


def select_evidence(claim: str, sentences: Sequence[str], *, max_sentences: int = DEFAULT_MAX_SENTENCES) -> list[int]:
    """Indices (in body order) of the lead sentence plus the sentences most about the claim or debunking it."""
    if not sentences:
        return []
    wanted = content_words(claim)
    scores = []
    for index, sentence in enumerate(sentences):
        lowered = sentence.lower()
        overlap = len(wanted & content_words(sentence)) / (len(wanted) or 1)
        cue = any(c in lowered for c in DEBUNK_CUES)
        scores.append((overlap + 0.5 * cue, -index))
    ranked = [-i for _, i in sorted(scores[1:], reverse=True)[: max_sentences - 1]]
    return sorted([0, *ranked])


def evidence_premise(claim: str, sentences: Sequence[str]) -> str:
    """What the stance model reads as its premise: the selected sentences, in body order, joined by spaces."""
    return " ".join(sentences[i] for i in select_evidence(claim, sentences))
