"""Options every command shares: --version, --quiet, --debug and shell completion."""

from __future__ import annotations

import io
import subprocess
import sys

from rich.console import Console

import contrast
import contrast.cli
from contrast.cli import app

from .conftest import fresh_process_env


def test_options_version(runner):
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"contrast {contrast.__version__}\n"


def test_options_show_completion_script(runner):
    result = runner.invoke(app, ["--show-completion", "bash"])
    assert result.exit_code == 0, result.output
    assert "_CONTRAST_COMPLETE=complete_bash" in result.stdout


def test_options_completion_completes_commands(tmp_path):
    env = fresh_process_env(_CONTRAST_COMPLETE="complete_bash", COMP_WORDS="contrast corpus s", COMP_CWORD="2")
    code = "import sys; sys.argv[0] = 'contrast'; from contrast.cli import app; app(prog_name='contrast')"
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.stdout.split() == ["show", "stats"]


def test_options_install_completion_for_bash(tmp_path):
    env = fresh_process_env(HOME=str(tmp_path))
    code = "from contrast.cli import app; app(prog_name='contrast')"
    done = subprocess.run(
        [sys.executable, "-c", code, "--install-completion", "bash"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "_CONTRAST_COMPLETE=complete_bash" in (tmp_path / ".bash_completions" / "contrast.sh").read_text()
    assert "contrast.sh" in (tmp_path / ".bashrc").read_text()


def _terminal(monkeypatch) -> io.StringIO:
    """Progress goes to a terminal's stderr: stand in a console that says it is one."""
    buffer = io.StringIO()
    monkeypatch.setattr(contrast.cli, "stderr", Console(file=buffer, force_terminal=True))
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
