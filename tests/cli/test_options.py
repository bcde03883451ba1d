"""Options every command shares: --version, --quiet, --debug and shell completion."""

from __future__ import annotations

import io
import shlex
import shutil
import subprocess
import sys

import pytest
from rich.console import Console

import contrast
import contrast.cli.terminal
from contrast.cli import app

from .conftest import fresh_process_env


def test_options_version(runner):
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"contrast {contrast.__version__}\n"


def _in_bash(tmp_path, *args: str, **variables: str) -> subprocess.CompletedProcess:
    """`contrast ARGS` started from bash, as a user would: Typer finds the shell among the parent processes."""
    if shutil.which("bash") is None:
        pytest.skip("needs bash")
    code = "from contrast.cli import app; app(prog_name='contrast')"
    command = shlex.join([sys.executable, "-c", code, *args])
    env = fresh_process_env(HOME=str(tmp_path), **variables)
    # `; exit $?` keeps bash alive as the parent: a lone command would replace the shell (exec).
    return subprocess.run(["bash", "-c", f"{command}; exit $?"], cwd=tmp_path, env=env, capture_output=True, text=True)


@pytest.mark.parametrize("variable", ["source_bash", "bash_source"])  # Typer's order, and Click's
def test_options_completion_script(tmp_path, variable):
    done = _in_bash(tmp_path, _CONTRAST_COMPLETE=variable)
    assert done.returncode == 0, done.stderr
    assert "_CONTRAST_COMPLETE=complete_bash" in done.stdout


def test_options_show_completion(tmp_path):
    done = _in_bash(tmp_path, "--show-completion")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "_CONTRAST_COMPLETE=complete_bash" in done.stdout


def test_options_completion_completes_commands(tmp_path):
    done = _in_bash(tmp_path, _CONTRAST_COMPLETE="complete_bash", COMP_WORDS="contrast corpus s", COMP_CWORD="2")
    assert done.stdout.split() == ["show", "stats"]


def test_options_install_completion(tmp_path):
    done = _in_bash(tmp_path, "--install-completion")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "_CONTRAST_COMPLETE=complete_bash" in (tmp_path / ".bash_completions" / "contrast.sh").read_text()
    assert "contrast.sh" in (tmp_path / ".bashrc").read_text()


def _terminal(monkeypatch) -> io.StringIO:
    """Progress goes to a terminal's stderr: stand in a console that says it is one."""
    buffer = io.StringIO()
    monkeypatch.setattr(contrast.cli.terminal, "stderr", Console(file=buffer, force_terminal=True))
    return buffer


def test_options_quiet_silences_progress_but_not_errors(runner, monkeypatch, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("The mayor said the bridge was closed on Monday.", encoding="utf-8")
    buffer = _terminal(monkeypatch)
    loud = runner.invoke(app, ["claims", "--format", "json", str(article)])
    assert loud.exit_code == 0 and "loading spaCy" in buffer.getvalue()
    buffer = _terminal(monkeypatch)
    quiet = runner.invoke(app, ["--quiet", "claims", "--format", "json", str(article)])
    assert quiet.exit_code == 0 and buffer.getvalue() == ""
    failed = runner.invoke(app, ["--quiet", "claims", str(tmp_path / "missing.txt")])
    assert failed.exit_code == 2 and "no such file" in buffer.getvalue()
