from __future__ import annotations

import json

import pytest

from contrast.cli import app

pytestmark = pytest.mark.slow


def test_compare_prints_three_probabilities(runner):
    result = runner.invoke(
        app, ["compare", "The army shelled the city.", "The army did not shell the city."], catch_exceptions=False
    )
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.stdout.splitlines()] == ["entailment", "neutral", "contradiction"]


def test_compare_json(runner):
    result = runner.invoke(
        app,
        ["compare", "--format", "json", "The army shelled the city.", "The army did not shell the city."],
        catch_exceptions=False,
    )
    values = json.loads(result.stdout)
    assert values["contradiction"] > 0.5
    assert sum(values[k] for k in ("entailment", "neutral", "contradiction")) == pytest.approx(1.0, abs=1e-4)
