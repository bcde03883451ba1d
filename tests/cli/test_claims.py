from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys

import pytest

from contrast.cli import app

from ..conftest import EXAMPLE


def test_claims_json_lists_attributed_claims(runner):
    result = runner.invoke(app, ["claims", "--format", "json", str(EXAMPLE)], catch_exceptions=False)
    assert result.exit_code == 0
    claims = json.loads(result.stdout)["claims"]
    assert {"Armenian defense ministry", "Russian foreign ministry", "EFE"} <= {c["source"] for c in claims}


def test_claims_table(runner):
    result = runner.invoke(app, ["claims", "--format", "table", str(EXAMPLE)], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Karabakh foreign ministry" in result.stdout


def test_claims_escapes_control_characters_in_table_and_errors(runner, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("Officials said the \x1b]0;pwned\x07 talks had not failed at all.\n", encoding="utf-8")
    table = runner.invoke(app, ["claims", "--format", "table", str(article)], catch_exceptions=False)
    assert table.exit_code == 0 and "\x1b" not in table.stdout and "\\x1b]0;pwned" in table.stdout
    missing = runner.invoke(app, ["claims", str(tmp_path / "x\x1b[2J.txt")])
    assert missing.exit_code == 2 and "\x1b" not in missing.stderr and "x\\x1b[2J.txt" in missing.stderr


def test_claims_max_chars_is_one_line_error(runner):
    result = runner.invoke(app, ["claims", "--max-chars", "1000", str(EXAMPLE)])
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("over the 1,000 limit; split it or raise --max-chars")


def test_claims_output_file_gets_the_umask_mode(runner, tmp_path):
    out = tmp_path / "claims.json"
    previous = os.umask(0o027)
    try:
        result = runner.invoke(app, ["claims", "-f", "json", "-o", str(out), str(EXAMPLE)], catch_exceptions=False)
    finally:
        os.umask(previous)
    assert result.exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["claims.json"]


def test_claims_output_removes_temp_file_on_sigterm(tmp_path):
    """A SIGTERM mid-write (here: the write itself sends it) leaves neither a temp file nor a half report."""
    out = tmp_path / "claims.md"
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from contrast.cli import output\n"
        "real = os.fdopen\n"
        "def fdopen(*a, **k):\n"
        "    stream = real(*a, **k)\n"
        "    write = stream.write\n"
        "    def killed(text):\n"
        "        write(text[:10]); stream.flush(); os.kill(os.getpid(), signal.SIGTERM); return write(text[10:])\n"
        "    stream.write = killed\n"
        "    return stream\n"
        "output.os.fdopen = fdopen\n"
        f"output.write('x' * 1000, Path({str(out)!r}))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 128 + signal.SIGTERM, result.stderr
    assert list(tmp_path.iterdir()) == []


def test_claims_output_on_a_full_disk_is_one_line_error(runner, tmp_path, monkeypatch):
    import errno

    def full(source, target):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("contrast.cli.output.os.replace", full)
    out = tmp_path / "claims.json"
    out.write_text("the old report", encoding="utf-8")
    result = runner.invoke(app, ["claims", "-f", "json", "-o", str(out), str(EXAMPLE)])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"error: {out}: cannot write it (No space left on device); free some space or choose another --output"
    )
    assert out.read_text(encoding="utf-8") == "the old report"
    assert [p.name for p in tmp_path.iterdir()] == ["claims.json"]


@pytest.mark.parametrize(
    ("fmt", "opening"),
    [("markdown", "# Claims: "), ("html", "<!doctype html>"), ("table", "Claims: ")],
)
def test_claims_honours_format(runner, fmt, opening):
    result = runner.invoke(app, ["claims", "--format", fmt, str(EXAMPLE)], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout.startswith(opening)
    assert "Karabakh foreign ministry" in result.stdout
