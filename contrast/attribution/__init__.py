"""Attribution: who asserts, reports, alleges, denies, dismisses or doubts what, in one article.

The only subpackage that reads syntax (spaCy); what it hands on is plain `Claim`s whose `proposition`
is the content with its frame peeled off, which is what the dispute engine compares. Names load lazily,
so the lexicons (`cues`) and `Claim` are importable without loading spaCy (the CLI checks its arguments
before any model library loads).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from contrast.attribution.claim import Claim
    from contrast.attribution.frames import extract_claims, load_spacy

_MODULES = {"Claim": "claim", "extract_claims": "frames", "load_spacy": "frames"}
__all__ = ["Claim", "extract_claims", "load_spacy"]


def __getattr__(name: str) -> object:
    if name not in _MODULES:
        raise AttributeError(f"module 'contrast.attribution' has no attribute {name!r}")
    return getattr(import_module(f"contrast.attribution.{_MODULES[name]}"), name)
