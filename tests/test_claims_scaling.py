"""Claim extraction grows linearly with a paragraph's size: an 80 KB paragraph once took 100 s (n² rescans).

CPU time of this thread, not wall time: the suite shares its machine, and libraries loaded by earlier tests
may keep threads of their own busy. Only the ratio is asserted (eight times the text, at most twelve times the
time): how fast it runs is a benchmark's business, bench/claims_scaling_bench.py, at more sizes.
"""

from __future__ import annotations

import time

import pytest

from contrast.attribution import extract_claims
from contrast.ingest import from_text

pytestmark = pytest.mark.slow

# Reported speech with quotations in one sentence that never ends: every verb used to rescan them all.
UNIT = (
    'The minister said that "the talks had failed", and the army said that "the town was shelled", '
    "while officials insisted, "
)


def _cpu_seconds(size: int, nlp) -> float:
    text = (UNIT * (size // len(UNIT) + 1))[:size].rsplit(" ", 1)[0] + "."
    article = from_text(text)
    started = time.thread_time()
    claims = extract_claims(article, nlp)
    assert len(claims) > size // 100
    return time.thread_time() - started


def test_claims_scale_linearly_with_paragraph_size(nlp):
    _cpu_seconds(2_000, nlp)  # warm-up
    small = min(_cpu_seconds(10_000, nlp) for _ in range(3))  # the short run is the noisier one
    large = _cpu_seconds(80_000, nlp)
    assert large < 12 * small, f"80 KB took {large / small:.1f}× as long as 10 KB"
