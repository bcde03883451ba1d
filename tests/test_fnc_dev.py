"""Real articles nobody here wrote (FNC-1 bodies in ../shared/examples/fnc-dev): where every source agrees
or declines to comment, no dispute between named sources may be reported."""

from __future__ import annotations

import pytest

from .conftest import SHARED

FNC_DEV = SHARED / "examples" / "fnc-dev"
QUIET = ["57960a825c", "7e95e0ad53", "ec7ebbab10"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not FNC_DEV.is_dir(), reason="needs ../shared/examples/fnc-dev"),
]


@pytest.mark.parametrize("body", QUIET)
def test_fnc_dev_agreeing_sources_stay_quiet(models, body):
    from contrast.pipeline import check

    result = check([str(FNC_DEV / f"{body}.txt")], models)
    assert [d for d in result.disputes if d.attributed] == []


def test_fnc_dev_no_article_crashes(models):
    from contrast.pipeline import check

    for path in sorted(FNC_DEV.glob("*.txt")):
        check([str(path)], models)
