from __future__ import annotations

import json

import pytest
from rich.cells import cell_len

from contrast.cli import app

from ..conftest import EXAMPLE

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("route", ["file", "stdin"])
def test_check_json_routes(runner, route):
    if route == "file":
        result = runner.invoke(app, ["check", "--format", "json", str(EXAMPLE)], catch_exceptions=False)
    else:
        result = runner.invoke(
            app, ["check", "--format", "json", "-"], input=EXAMPLE.read_text(encoding="utf-8"), catch_exceptions=False
        )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["articles"][0]["outlet"] == "EFE"
    assert report["disputes"]


def test_check_output_file_written_atomically_in_the_format_of_its_suffix(runner, tmp_path):
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["check", "--output", str(out), str(EXAMPLE)], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_check_top_limits_disputes(runner):
    result = runner.invoke(app, ["check", "--format", "json", "--top", "1", str(EXAMPLE)], catch_exceptions=False)
    assert len(json.loads(result.stdout)["disputes"]) == 1


def test_check_min_score_one_reports_nothing(runner):
    result = runner.invoke(
        app, ["check", "--min-score", "1.0", "--format", "markdown", str(EXAMPLE)], catch_exceptions=False
    )
    assert result.exit_code == 0
    assert "No disputed claims found." in result.stdout


def test_check_two_articles_against_each_other(runner, tmp_path):
    first, second = tmp_path / "one.txt", tmp_path / "two.txt"
    first.write_text(
        "Ruritania, May 2 (Wire).- The Ruritanian army said its troops withdrew from the town of Elm on Monday.",
        encoding="utf-8",
    )
    second.write_text(
        "Elm, May 2 (Courier).- The mayor of Elm denied that Ruritanian troops withdrew from the town of Elm.",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["check", "--format", "json", str(first), str(second)], catch_exceptions=False)
    report = json.loads(result.stdout)
    claims = {c["id"]: c for c in report["claims"]}
    crossing = [
        p for d in report["disputes"] for p in d["pairs"] if claims[p["a"]]["article"] != claims[p["b"]]["article"]
    ]
    assert crossing


def test_check_denial_with_a_negative_polarity_word_meets_the_claim_it_denies(runner, tmp_path):
    article = tmp_path / "port.txt"
    article.write_text(
        "Union spokesman Tomas Brill said the company had cancelled a scheduled inspection in February.\n\n"
        "Harbor Logistics denied that any inspection had been cancelled.",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["check", "--format", "json", str(article)], catch_exceptions=False)
    report = json.loads(result.stdout)
    sources = {c["id"]: c["source"] for c in report["claims"]}
    denials = [p for d in report["disputes"] for p in d["pairs"] if p["relation"] == "denial"]
    assert [{sources[p["a"]], sources[p["b"]]} for p in denials] == [
        {"Union spokesman Tomas Brill", "Harbor Logistics"}
    ]


def test_check_table_fits_80_columns(runner):
    result = runner.invoke(app, ["check", "-f", "table", str(EXAMPLE)], env={"COLUMNS": "80"}, catch_exceptions=False)
    assert result.exit_code == 0 and "score" in result.stdout
    assert max(cell_len(line) for line in result.stdout.splitlines()) <= 80
