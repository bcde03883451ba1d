"""Every user mistake ends in one line on stderr and exit status 2, never a traceback or a half-written file."""

from __future__ import annotations

import pytest

from contrast.cli import app

from ..conftest import EXAMPLE
from ..test_nli import _tiny_model


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
