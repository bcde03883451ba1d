from __future__ import annotations

import os

import pytest
from typer.testing import CliRunner

from ..conftest import ROOT


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def fresh_process_env(**variables: str) -> dict[str, str]:
    """For a new interpreter that must import this checkout's `contrast`, wherever the test runs from."""
    path = os.pathsep.join(part for part in (str(ROOT), os.environ.get("PYTHONPATH")) if part)
    return os.environ | {"PYTHONPATH": path} | variables
