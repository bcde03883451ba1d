"""Every user mistake ends in one line on stderr and exit status 2, never a traceback or a half-written file."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys

import pytest

import contrast.ingest.read
from contrast.cli import app

from ..conftest import EXAMPLE
from ..test_nli import _tiny_model
from .conftest import fresh_process_env

HEAVY_MODULES = ("torch", "transformers", "sentence_transformers", "spacy")


def _article(tmp_path, name: str, content: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


@pytest.mark.parametrize(
    ("make_args", "message"),
    [
        (lambda t: ["check", str(t / "missing.txt")], "no such file"),
        (lambda t: ["check", _article(t, "empty.txt", b"\n\n")], "the article is empty"),
        (lambda t: ["check", _article(t, "image.txt", b"\x89PNG\x00\x00\x01")], "is a binary file"),
        (
            lambda t: [
                "check",
                _article(
                    t,
                    "de.txt",
                    b"Die Regierung sagte, dass die Armee die Stadt nicht angegriffen habe und alles ruhig sei.",
                ),
            ],
            "does not look like English",
        ),
        (lambda t: ["check", "--allow-private-urls", "http://127.0.0.1:9/news"], "cannot fetch it"),
        (lambda t: ["check", "http://127.0.0.1:9/news"], "pass --allow-private-urls"),
        (
            lambda t: ["check", "--model", str(_tiny_model(t / "sentiment", {0: "POS", 1: "NEG"})), str(EXAMPLE)],
            "is not an NLI model: its labels are POS, NEG",
        ),
        (lambda t: ["check", "--model", str(t / "no-model"), str(EXAMPLE)], "no such model directory"),
        (lambda t: ["claims", "--output", str(t / "no" / "dir" / "out.json"), str(EXAMPLE)], "does not exist"),
    ],
)
def test_errors_one_line_exit_2(runner, tmp_path, make_args, message):
    args = make_args(tmp_path)
    out = tmp_path / "report.json"
    result = runner.invoke(app, [*args[:1], "--output", str(out), *args[1:]] if "--output" not in args else args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]
    assert not out.exists()
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["check", "--format", "pdf", "a.txt"],
            "error: Invalid value for '--format' / '-f': 'pdf' is not one of 'table', 'markdown', 'json', 'html' "
            "(see `contrast check --help`)",
        ),
        (
            ["check", "--min-score", "2", "a.txt"],
            "error: Invalid value for '--min-score': Input should be less than or equal to 1 "
            "(see `contrast check --help`)",
        ),
        (["check"], "error: Missing argument 'ARTICLE' (see `contrast check --help`)"),
        (
            ["check", "--top-k", "0", "a.txt"],  # the old name of --neighbours still works
            "error: Invalid value for '--top-k': Input should be greater than or equal to 1 "
            "(see `contrast check --help`)",
        ),
        (["check", "--colour", "a.txt"], "error: No such option: --colour (see `contrast check --help`)"),
        (["chek", "a.txt"], "error: No such command 'chek'. Did you mean 'check'? (see `contrast --help`)"),
        (["corpus", "show"], "error: Missing argument 'ID' (see `contrast corpus show --help`)"),
        (
            ["check", "--output", "report.pdf", "a.txt"],
            "error: report.pdf: cannot tell the format from '.pdf'; pass --format or use .txt, .md, .markdown, "
            ".json, .html, .htm",
        ),
        (
            ["check", "--against", "none.db", "a.txt"],
            "error: none.db: no such corpus; create one with `contrast corpus add ARTICLE --corpus none.db`",
        ),
    ],
)
def test_errors_usage_is_one_line_exit_2(runner, args, line):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [line]
    assert result.stdout == ""


def test_errors_no_arguments_prints_help(runner):
    result = runner.invoke(app, [])
    assert result.exit_code == 2
    assert result.stderr.startswith("Usage: contrast [OPTIONS] COMMAND")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into read-only folders")
def test_errors_unwritable_output_folder(runner, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    result = runner.invoke(app, ["check", "-o", str(folder / "report.md"), str(EXAMPLE)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {folder / 'report.md'}: folder {folder} is not writable; choose another --output"
    ]


def _crash(*args, **kwargs):
    raise ValueError("boom")


def test_errors_internal_error_is_one_line_exit_1(runner, monkeypatch):
    monkeypatch.setattr(contrast.ingest.read, "read_articles", _crash)
    result = runner.invoke(app, ["check", str(EXAMPLE)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: internal error in `contrast check {EXAMPLE}`: ValueError: boom. This is a bug; please report it "
        "with that command and its input (--debug shows the traceback)"
    ]
    assert result.stdout == ""


def test_errors_debug_keeps_the_traceback(runner, monkeypatch):
    monkeypatch.setattr(contrast.ingest.read, "read_articles", _crash)
    result = runner.invoke(app, ["--debug", "check", str(EXAMPLE)])
    assert result.exit_code == 1
    assert isinstance(result.exception, ValueError) and str(result.exception) == "boom"


CLI_EXIT = f"""
import sys
from contrast.cli import app
try:
    app(sys.argv[1:])
except SystemExit as exit:
    print(exit.code, *sorted(set(sys.modules) & {set(HEAVY_MODULES)!r}))
"""


@pytest.mark.parametrize(
    "args",
    [
        ["check", "missing.txt"],
        ["check", "--format", "pdf", str(EXAMPLE)],
        ["check", "-o", "no/such/folder/report.html", str(EXAMPLE)],
        ["check", "--min-score", "2", str(EXAMPLE)],
    ],
    ids=["missing file", "bad format", "unwritable output", "min-score out of range"],
)
def test_errors_fail_fast_before_any_model_library_loads(tmp_path, args):
    """CPU seconds, not wall time: the bound must hold on a busy CI machine too."""
    seconds = []
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run(
            [sys.executable, "-c", CLI_EXIT, *args],
            cwd=tmp_path,
            env=fresh_process_env(),
            capture_output=True,
            text=True,
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        seconds.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        assert done.stdout.split() == ["2"], done.stdout  # exit status 2 and no heavy module imported
        assert len(done.stderr.splitlines()) == 1 and done.stderr.startswith("error: ")
    assert statistics.median(seconds) < 2.0
