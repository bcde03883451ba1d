"""The claim: one attributed content, the unit every later stage works on."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    article: str
    text: str
    sentence: str
    start: int
    end: int
    source: str
    cue: str
    stance: str
    proposition: str
    attributed: bool
    side: str  # the country a source speaks for ("Armenian defense ministry" → Armenia), else the source
