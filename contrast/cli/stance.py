"""`contrast stance`: does each article agree with, disagree with, discuss or ignore a claim, and where it says so."""

from __future__ import annotations

from typing import Annotated

import typer

from contrast.cli import terminal
from contrast.cli.corpus import describe_article
from contrast.cli.loading import read_inputs, silence_model_libraries
from contrast.cli.main import app, user_errors
from contrast.cli.options import (
    AllowPrivateOption,
    Articles,
    FetchTimeoutOption,
    FormatOption,
    MaxCharsOption,
    MaxDownloadOption,
    MaxPageOption,
    OutputOption,
    PrecisionOption,
    StanceModelOption,
)
from contrast.cli.output import output_format, write_listing
from contrast.ingest import DEFAULT_MAX_CHARS
from contrast.ingest.fetch import DEFAULT_MAX_BYTES, DEFAULT_MAX_DECODED_BYTES, DEFAULT_TIMEOUT, FetchLimits
from contrast.nli.precision import Precision
from contrast.report.listing import Listing
from contrast.report.render import ARTICLE_FIELDS, SCHEMA_VERSION


@app.command("stance")
@user_errors
def stance_cli(
    claim: Annotated[
        str, typer.Argument(metavar="CLAIM", help="The claim: a headline, or what another article asserts.")
    ],
    articles: Articles,
    fmt: FormatOption = None,
    output: OutputOption = None,
    model: StanceModelOption = None,
    precision: PrecisionOption = Precision.auto,
    allow_private_urls: AllowPrivateOption = False,
    fetch_timeout: FetchTimeoutOption = DEFAULT_TIMEOUT,
    max_download_bytes: MaxDownloadOption = DEFAULT_MAX_BYTES,
    max_page_bytes: MaxPageOption = DEFAULT_MAX_DECODED_BYTES,
    max_chars: MaxCharsOption = DEFAULT_MAX_CHARS,
) -> None:
    """Print each article's stance towards a claim (agree, disagree, discuss, unrelated) and the sentences behind it.

    The model abstains ("uncertain") when no stance is probable enough to report.

    Example: contrast stance "Armenian army units are in Karabakh" data/new/constructed-stepanakert-statement.md
    """
    from dataclasses import asdict

    fmt = output_format(fmt, output)
    with terminal.status("reading articles…") as status:
        limits = FetchLimits(fetch_timeout, max_download_bytes, max_page_bytes, allow_private_urls)
        loaded = read_inputs(articles, limits, max_chars)
        status.update("loading the stance model…")
        silence_model_libraries()
        from contrast.stance.model import StanceModel

        stance_model = StanceModel(model, precision=precision)
    stances = stance_model.predict(claim, [article.body for article in loaded], show_progress=terminal.progress_shown())
    rows = []
    for article, found in zip(loaded, stances, strict=True):
        top = max(asdict(found.probabilities).values())
        evidence = "\n".join(f"{sentence.text} ({sentence.support:.2f})" for sentence in found.evidence)
        rows.append((describe_article(article), found.stance, f"{top:.2f}", evidence or "-"))
    listing = Listing(
        title=f"Stance towards: {claim}",
        columns=("article", "stance", "probability", "evidence (support alone)"),
        rows=rows,
        data={
            "schema_version": SCHEMA_VERSION,
            "claim": claim,
            "model": stance_model.name_or_path,
            "articles": [
                {key: getattr(article, key) for key in ARTICLE_FIELDS} | {"stance": asdict(found)}
                for article, found in zip(loaded, stances, strict=True)
            ],
        },
        ratios=(3, 2, 2, 7),
    )
    write_listing(listing, fmt, output)
