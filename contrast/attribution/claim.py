"""The claim: one attributed content, the unit every later stage works on.

It lives apart from `frames` (which finds claims) so that `sources` and `stories`, which read claims,
need not import the parser: that import cycle is what kept the old claims.py at 900 lines.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Claim:
    """A frame: `source` `stance`s (`asserts`, `reports`, `alleges`, `denies`, `dismisses` or `doubts`)
    `proposition`, the content with the frame peeled off; `text` is `body[start:end]` of its article."""

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
