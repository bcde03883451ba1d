from __future__ import annotations

import json

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from contrast.cli import app

from ..conftest import EXAMPLE, ROOT

pytestmark = pytest.mark.slow


def test_corpus_cli_round_trip(runner, tmp_path):
    db = str(tmp_path / "c.db")
    added = runner.invoke(
        app,
        ["corpus", "add", str(ROOT / "data" / "corpus"), str(EXAMPLE), "--corpus", db, "--format", "json"],
        catch_exceptions=False,
    )
    first = json.loads(added.stdout)["results"]
    assert [r["status"] for r in first] == ["added", "added"]
    again = runner.invoke(app, ["corpus", "add", str(EXAMPLE), "--corpus", db, "--format", "json"])
    assert [(r["status"], r["claims"]) for r in json.loads(again.stdout)["results"]] == [
        ("unchanged", first[1]["claims"])
    ]
    listed = json.loads(runner.invoke(app, ["corpus", "list", "--corpus", db, "--format", "json"]).stdout)
    assert [a["id"] for a in listed] == ["k1", "k2"]
    shown = json.loads(runner.invoke(app, ["corpus", "show", "k2", "--corpus", db, "--format", "json"]).stdout)
    assert shown["outlet"] == "EFE" and shown["claims"]
    stats = json.loads(runner.invoke(app, ["corpus", "stats", "--corpus", db, "--format", "json"]).stdout)
    assert stats["articles"] == 2
    assert runner.invoke(app, ["corpus", "remove", "k1", "--corpus", db]).exit_code == 0
    listed = json.loads(runner.invoke(app, ["corpus", "list", "--corpus", db, "--format", "json"]).stdout)
    assert [a["id"] for a in listed] == ["k2"]


def test_check_against_corpus_reports_cross_article_dispute(runner, tmp_path):
    db = str(tmp_path / "c.db")
    runner.invoke(app, ["corpus", "add", str(ROOT / "data" / "corpus"), "--corpus", db], catch_exceptions=False)
    result = runner.invoke(
        app,
        [
            "check",
            "--format",
            "json",
            "--against",
            db,
            str(ROOT / "data" / "new" / "constructed-stepanakert-statement.md"),
        ],
        catch_exceptions=False,
    )
    report = json.loads(result.stdout)
    articles = {a["id"]: a for a in report["articles"]}
    claims = {c["id"]: c for c in report["claims"]}
    assert all(p["a"] in claims and p["b"] in claims for d in report["disputes"] for p in d["pairs"])
    assert any(
        claims[p["b"]]["article"] == "k1" or claims[p["a"]]["article"] == "k1"
        for d in report["disputes"]
        for p in d["pairs"]
    )
    assert articles["k1"]["title"].startswith("Constructed example")


@pytest.mark.parametrize("content", [b"garbage" * 100])
def test_corpus_cli_corrupt_file_one_line_error(runner, tmp_path, content):
    db = tmp_path / "bad.db"
    db.write_bytes(content)
    result = runner.invoke(app, ["corpus", "list", "--corpus", str(db)])
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("error: ") and len(result.stderr.strip().splitlines()) == 1


def test_corpus_cli_missing_corpus(runner, tmp_path):
    result = runner.invoke(app, ["corpus", "list", "--corpus", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "no such corpus" in result.stderr


def test_corpus_cli_check_and_rebuild_index(runner, tmp_path):
    from contrast.corpus.store import Corpus

    from ..test_corpus_damage import _add, _lost_claims_with_matching_stamp

    db = tmp_path / "c.db"
    with Corpus(db) as store:
        _add(store, 1)
        _add(store, 2)
    ok = runner.invoke(app, ["corpus", "check", "--corpus", str(db)], catch_exceptions=False)
    assert ok.exit_code == 0 and "| 6 | 6 | 0 | 0 | yes | none |" in ok.stdout
    _lost_claims_with_matching_stamp(db)
    stale = runner.invoke(app, ["corpus", "check", "--corpus", str(db), "--format", "json"], catch_exceptions=False)
    assert stale.exit_code == 1
    assert json.loads(stale.stdout)["index"] | {"problem": None} == {
        "claims": 6,
        "indexed": 3,
        "missing": 3,
        "extra": 0,
        "stamp_matches": True,
        "problem": None,
        "ok": False,
    }
    stale = runner.invoke(app, ["corpus", "check", "--corpus", str(db)], catch_exceptions=False)
    assert stale.stderr.strip().endswith(
        f"the index lacks 3 claims and holds 0 that are gone; run `contrast corpus rebuild-index --corpus {db}`"
    )
    rebuilt = runner.invoke(app, ["corpus", "rebuild-index", "--corpus", str(db)], catch_exceptions=False)
    assert rebuilt.exit_code == 0 and "6 claims" in rebuilt.stderr
    assert runner.invoke(app, ["corpus", "check", "--corpus", str(db)]).exit_code == 0


def test_corpus_cli_empty_file_is_not_turned_into_a_corpus(runner, tmp_path):
    db = tmp_path / "empty.db"
    db.write_bytes(b"")
    result = runner.invoke(app, ["corpus", "add", str(EXAMPLE), "--corpus", str(db)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {db} is an empty file, not a corpus")
    assert db.read_bytes() == b""


@pytest.fixture(scope="module")
def example_corpus(tmp_path_factory) -> str:
    db = str(tmp_path_factory.mktemp("corpus") / "c.db")
    CliRunner().invoke(app, ["corpus", "add", str(EXAMPLE), "--corpus", db], catch_exceptions=False)
    return db


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
@pytest.mark.parametrize("command", [["list"], ["show", "k1"], ["stats"]])
def test_corpus_cli_honours_format(runner, example_corpus, command, fmt):
    args = ["corpus", *command, "--corpus", example_corpus, "--format", fmt]
    result = runner.invoke(app, args, env={"COLUMNS": "80"}, catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout.startswith({"table": "", "markdown": "# ", "html": "<!doctype html>"}[fmt])
    assert "['" not in result.stdout  # no raw Python list
    if fmt == "table":
        assert max(cell_len(line) for line in result.stdout.splitlines()) <= 80


def test_corpus_add_reports_a_corrupt_corpus_before_loading_models(runner, tmp_path, monkeypatch):
    import contrast.attribution.frames

    monkeypatch.setattr(
        contrast.attribution.frames, "load_spacy", lambda: pytest.fail("models loaded before the corpus check")
    )
    db = tmp_path / "bad.db"
    db.write_bytes(b"garbage" * 100)
    result = runner.invoke(app, ["corpus", "add", str(EXAMPLE), "--corpus", str(db)])
    assert result.exit_code == 2 and result.stderr.startswith("error: ")
