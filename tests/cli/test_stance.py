from __future__ import annotations

import json

import pytest

from contrast.cli import app
from contrast.stance.fnc import read_fnc1

from ..conftest import EXAMPLE, SHARED
from ..test_nli import _tiny_model

needs_shared = pytest.mark.skipif(not (SHARED / "fnc1").is_dir(), reason="needs ../shared/fnc1 (FNC-1 data)")
DEBUNK_BODY = 1033  # FNC-1 test body: "Raven-Symone did NOT file molestation charges against Bill Cosby. …"
CLAIM = "Raven Symone Files Molestation Charges Against Bill Cosby"


@pytest.fixture(scope="module")
def debunk_body() -> str:
    bodies, _ = read_fnc1(SHARED / "fnc1", "test")
    return bodies[DEBUNK_BODY]


def test_stance_missing_file_is_one_line(runner, tmp_path):
    missing = tmp_path / "missing.txt"
    result = runner.invoke(app, ["stance", CLAIM, str(missing)])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"error: {missing}: no such file; pass a path to an article, '-' for stdin, or a URL"
    ]


def test_stance_refuses_a_model_that_is_not_one(runner, tmp_path):
    model = _tiny_model(tmp_path / "sentiment", {0: "POS", 1: "NEG"})
    result = runner.invoke(app, ["stance", "--model", str(model), CLAIM, "-"], input="The army said so. " * 5)
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"error: {model} is not a stance model: its labels are POS, NEG; pass a model whose labels include "
        "agree, disagree, discuss and unrelated"
    ]


@pytest.mark.slow
@needs_shared
def test_stance_stdin_json(runner, debunk_body):
    result = runner.invoke(app, ["stance", "--format", "json", CLAIM, "-"], input=debunk_body, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record.keys() == {"schema_version", "claim", "model", "articles"}
    (article,) = record["articles"]
    assert article["path"] == "<stdin>"
    assert article["stance"].keys() == {"claim", "stance", "probabilities", "abstained", "evidence"}
    assert article["stance"]["stance"] == "disagree"
    assert article["stance"]["evidence"][0].keys() == {"text", "start", "end", "support"}


@pytest.mark.slow
@needs_shared
def test_stance_table_names_each_article(runner, tmp_path, debunk_body):
    (tmp_path / "debunk.txt").write_text(debunk_body, encoding="utf-8")
    result = runner.invoke(
        app, ["stance", "-f", "markdown", CLAIM, str(tmp_path / "debunk.txt"), "-"], input=debunk_body
    )
    assert result.exit_code == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if "| disagree |" in line]
    assert len(rows) == 2 and "debunk.txt" in rows[0] and "stdin" in rows[1]


@pytest.mark.slow
def test_stance_single_article_check_loads_no_stance_model(runner, monkeypatch):
    import contrast.stance.model

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a single-article check loaded the stance model")

    monkeypatch.setattr(contrast.stance.model.StanceModel, "__init__", refuse)
    result = runner.invoke(app, ["check", "-f", "json", str(EXAMPLE)], catch_exceptions=False)
    assert result.exit_code == 0 and json.loads(result.stdout)["disputes"]
