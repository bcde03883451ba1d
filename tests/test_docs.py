"""Every command has help and appears in the README's generated CLI reference."""

from __future__ import annotations

import pytest
from typer.main import get_command

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
