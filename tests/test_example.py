"""The acceptance check: the shared scorer against the gold disputes of the example article."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import SHARED

pytestmark = pytest.mark.slow


@pytest.mark.skipif(not (SHARED / "tools" / "score.py").is_file(), reason="needs ../shared/tools/score.py")
def test_example_gold_disputes_found():
    command = f"{sys.executable} -m contrast.cli check --format json {{articles}}"
    out = subprocess.run(
        [
            sys.executable,
            str(SHARED / "tools" / "score.py"),
            "--gold",
            str(SHARED / "examples"),
            "--articles",
            str(SHARED / "examples"),
            "--cmd",
            command,
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=900,
    )
    summary = json.loads(out.stdout.strip().splitlines()[-1])
    assert summary["failures"] == 0
    assert summary["recall"] >= 6 / 7
    assert summary["hard_fp"] == 0
    assert summary["attribution"] == 1.0
