"""`python -m contrast.cli`: the same command, for environments without the `contrast` script on PATH."""

from contrast.cli import app

app()
