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
    rows = [line.split("|")[1].strip() for line in result.stdout.splitlines() if line.startswith("| ")]
    assert rows == ["label", "entailment", "neutral", "contradiction"]


def test_compare_json(runner):
    result = runner.invoke(
        app,
        ["compare", "--format", "json", "The army shelled the city.", "The army did not shell the city."],
        catch_exceptions=False,
    )
    values = json.loads(result.stdout)
    assert values["contradiction"] > 0.5
    assert sum(values[k] for k in ("entailment", "neutral", "contradiction")) == pytest.approx(1.0, abs=1e-4)


@pytest.mark.parametrize(("fmt", "opening"), [("table", "NLI: "), ("html", "<!doctype html>")])
def test_compare_honours_format(runner, fmt, opening):
    result = runner.invoke(app, ["compare", "-f", fmt, "A dog runs.", "A cat sleeps."], catch_exceptions=False)
    assert result.exit_code == 0 and result.stdout.startswith(opening) and "contradiction" in result.stdout
