from __future__ import annotations

import json

import pytest

from contrast.cli import app

from ..conftest import EXAMPLE


def test_claims_json_lists_attributed_claims(runner):
    result = runner.invoke(app, ["claims", "--format", "json", str(EXAMPLE)], catch_exceptions=False)
    assert result.exit_code == 0
    claims = json.loads(result.stdout)["claims"]
    assert {"Armenian defense ministry", "Russian foreign ministry", "EFE"} <= {c["source"] for c in claims}


def test_claims_table(runner):
    result = runner.invoke(app, ["claims", "--format", "table", str(EXAMPLE)], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Karabakh foreign ministry" in result.stdout


@pytest.mark.parametrize(
    ("fmt", "opening"),
    [("markdown", "# Claims: "), ("html", "<!doctype html>"), ("table", "Claims: ")],
)
def test_claims_honours_format(runner, fmt, opening):
    result = runner.invoke(app, ["claims", "--format", fmt, str(EXAMPLE)], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout.startswith(opening)
    assert "Karabakh foreign ministry" in result.stdout
