"""`contrast compare`: the NLI probabilities for two statements, to see what the model makes of one pair."""

from __future__ import annotations

from typing import Annotated

import typer

from contrast.cli import terminal
from contrast.cli.loading import silence_model_libraries
from contrast.cli.main import app, user_errors
from contrast.cli.options import (
    FormatOption,
    ModelOption,
    OutputOption,
    PrecisionOption,
)
from contrast.cli.output import output_format, write_listing
from contrast.nli.precision import Precision
from contrast.report.listing import Listing


@app.command("compare")
@user_errors
def compare_cli(
    premise: Annotated[str, typer.Argument(help="First statement (premise).")],
    hypothesis: Annotated[str, typer.Argument(help="Second statement (hypothesis).")],
    model: ModelOption = None,
    precision: PrecisionOption = Precision.auto,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Print the NLI probabilities (entailment, neutral, contradiction) for one pair.

    Example: contrast compare "The army shelled the city." "The city was not attacked."
    """
    from dataclasses import asdict

    fmt = output_format(fmt, output)
    with terminal.status("loading the NLI model…"):
        silence_model_libraries()
        from contrast.nli.model import NLIModel

        nli = NLIModel(model, precision=precision)
    probabilities = asdict(nli.predict([(premise, hypothesis)])[0])
    listing = Listing(
        title=f"NLI: {premise} → {hypothesis}",
        columns=("label", "probability"),
        rows=[(label, f"{value:.3f}") for label, value in probabilities.items()],
        data=probabilities | {"model": nli.name_or_path},
    )
    write_listing(listing, fmt, output)
