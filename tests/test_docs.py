"""Every command has help and appears in the README's generated CLI reference; every README example runs."""

from __future__ import annotations

import json
import re
import shlex
from fnmatch import fnmatch
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from contrast.cli import app

from .conftest import ROOT


def _commands(group, prefix=()):
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from _commands(command, (*prefix, name))
        else:
            yield (*prefix, name), command


COMMANDS = list(_commands(get_command(app)))


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_docs_every_command_has_help_with_example(path, command):
    assert command.help and "Example: contrast " in command.help


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=[" ".join(p) for p, _ in COMMANDS])
def test_docs_every_command_in_readme(path):
    assert f"contrast {' '.join(path)} --help" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_docs_readme_generated_parts_are_current():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", "README.md"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, "README is stale: run `cog -r README.md`\n" + result.stdout + result.stderr


README = (ROOT / "README.md").read_text(encoding="utf-8")
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)
# README commands a test cannot run, each with the reason; they are still parsed (`--help` appended), so a
# renamed command or option fails here.
NOT_RUN = {
    "https://": "needs the network",
    "cross-encoder/": "downloads a model from the Hugging Face hub",
    "article.txt": "stands for the reader's own article",
    "model train": "trains for minutes to hours on ../shared",
}


def _blocks(language: str) -> list[str]:
    return [body for name, body in FENCE.findall(README) if name == language]


def _contrast_lines(block: str) -> list[list[str]]:
    """The block's shell lines that run `contrast`, as words, with continuations joined and comments dropped."""
    lines = [shlex.split(line, comments=True) for line in block.replace("\\\n", " ").splitlines()]
    return [words for words in lines if "contrast" in words]


BASH_BLOCKS = [block for block in _blocks("bash") if _contrast_lines(block)]


@pytest.mark.slow
@pytest.mark.parametrize("block", BASH_BLOCKS, ids=[f"bash block {i}" for i in range(1, len(BASH_BLOCKS) + 1)])
def test_docs_readme_commands_run(block, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").symlink_to(ROOT / "data")
    runner = CliRunner()
    for words in _contrast_lines(block):
        line = shlex.join(words)
        stdin = None
        if "|" in words:  # cat FILE | contrast …
            stdin = Path(words[1]).read_text(encoding="utf-8")
            words = words[words.index("|") + 1 :]
        if ">" in words:  # the result goes to a file: the test reads stdout instead
            words = words[: words.index(">")]
        assert words[0] == "contrast", line
        args = words[1:]
        if any(marker in line for marker in NOT_RUN):
            args = [*args, "--help"]
        result = runner.invoke(app, args, input=stdin, catch_exceptions=False)
        assert result.exit_code == 0, f"{line}\n{result.stderr}"
    ignored = [line.lstrip("/") for line in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()]
    left = [path.name for path in tmp_path.iterdir() if path.name != "data"]
    assert [name for name in left if not any(fnmatch(name, pattern) for pattern in ignored)] == []


def test_docs_readme_install_is_what_ci_runs():
    """CI runs the README's install and test commands; only the torch index differs (a local CPU wheel there)."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    quickstart = next(block for block in _blocks("bash") if "pip install" in block)
    assert "pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu" in quickstart
    assert "pip install torch==2.13.0 &&" in ci
    assert "pip install -e '.[test]'" in quickstart and "pip install -e '.[test]'" in ci
    assert "python -m pytest" in ci and any(block.strip() == "python -m pytest" for block in _blocks("bash"))


@pytest.mark.slow
def test_docs_readme_python_example_runs(models, tmp_path, monkeypatch, capsys):
    import contrast.pipeline

    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").symlink_to(ROOT / "data")
    monkeypatch.setattr(contrast.pipeline, "load_models", lambda **_: models)  # loaded once per session
    (example,) = _blocks("python")
    exec(compile(example, "README.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert printed and all("[" in line for line in printed)


@pytest.mark.slow
def test_docs_readme_json_example_has_the_real_keys(example_result):
    from contrast.report.render import as_json

    (documented,) = (json.loads(block) for block in _blocks("json"))
    real = as_json(example_result)
    assert documented.keys() == real.keys()
    for key in ("articles", "claims", "disputes"):
        assert documented[key][0].keys() == real[key][0].keys(), key
    assert documented["disputes"][0]["sides"][0].keys() == real["disputes"][0]["sides"][0].keys()
    assert documented["disputes"][0]["pairs"][0].keys() == real["disputes"][0]["pairs"][0].keys()
    assert documented["model"].keys() == real["model"].keys()
