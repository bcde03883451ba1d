"""--format and --output behave alike in every command: format from the suffix, ordinary file modes."""

from __future__ import annotations

import json
import os

import pytest
from rich.cells import cell_len

from contrast.cli import app

ARTICLE = "Elm, May 2 (Courier).- The mayor of Elm said the bridge was closed on Monday after the storm."


@pytest.fixture
def article(tmp_path) -> str:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("name", "opening"),
    [("report.html", "<!doctype html>"), ("report.md", "# Claims: "), ("report.json", "{"), ("report.txt", "Claims: ")],
)
def test_output_format_follows_the_suffix(runner, tmp_path, article, name, opening):
    out = tmp_path / name
    result = runner.invoke(app, ["claims", "-o", str(out), article], catch_exceptions=False)
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith(opening)


def test_output_explicit_format_wins_over_the_suffix(runner, tmp_path, article):
    out = tmp_path / "claims.txt"
    runner.invoke(app, ["claims", "-f", "json", "-o", str(out), article], catch_exceptions=False)
    assert json.loads(out.read_text(encoding="utf-8"))["claims"]


@pytest.mark.parametrize("umask", [0o022, 0o077])
def test_output_file_mode_follows_the_umask(runner, tmp_path, article, umask):
    out = tmp_path / "claims.md"
    previous = os.umask(umask)
    try:
        result = runner.invoke(app, ["claims", "-o", str(out), article], catch_exceptions=False)
    finally:
        os.umask(previous)
    assert result.exit_code == 0
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


def test_output_replacing_a_file_keeps_its_mode(runner, tmp_path, article):
    out = tmp_path / "claims.md"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o640)
    runner.invoke(app, ["claims", "-o", str(out), article], catch_exceptions=False)
    assert out.stat().st_mode & 0o777 == 0o640 and out.read_text(encoding="utf-8").startswith("# Claims")


@pytest.mark.parametrize("columns", [60, 80])
def test_output_table_fits_the_terminal(runner, article, columns):
    result = runner.invoke(app, ["claims", "-f", "table", article], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0
    assert max(cell_len(line) for line in result.stdout.splitlines()) <= columns
    assert result.stdout.count("**") == 2  # the claim is marked inside its sentence
