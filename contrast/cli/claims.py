"""`contrast claims`: who claims what, before any pairing; the first place to look when a dispute is missed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from contrast.cli import terminal
from contrast.cli.loading import read_inputs
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
)
from contrast.cli.output import output_format, write_listing
from contrast.ingest import DEFAULT_MAX_CHARS
from contrast.ingest.fetch import DEFAULT_MAX_BYTES, DEFAULT_MAX_DECODED_BYTES, DEFAULT_TIMEOUT, FetchLimits
from contrast.report.listing import Emphasis, Listing
from contrast.report.render import SCHEMA_VERSION, in_sentence

if TYPE_CHECKING:
    from contrast.attribution import Claim


@app.command("claims")
@user_errors
def claims_cli(
    articles: Articles,
    fmt: FormatOption = None,
    output: OutputOption = None,
    allow_private_urls: AllowPrivateOption = False,
    fetch_timeout: FetchTimeoutOption = DEFAULT_TIMEOUT,
    max_download_bytes: MaxDownloadOption = DEFAULT_MAX_BYTES,
    max_page_bytes: MaxPageOption = DEFAULT_MAX_DECODED_BYTES,
    max_chars: MaxCharsOption = DEFAULT_MAX_CHARS,
) -> None:
    """List who claims what in the articles: each claim with its source, cue and stance.

    Example: contrast claims data/efe-2023-09-19-karabakh.txt --format json
    """
    from dataclasses import asdict

    fmt = output_format(fmt, output)
    with terminal.status("reading articles…") as status:
        limits = FetchLimits(fetch_timeout, max_download_bytes, max_page_bytes, allow_private_urls)
        loaded = read_inputs(articles, limits, max_chars)
        status.update("loading spaCy…")
        from contrast.attribution import extract_claims, load_spacy

        nlp = load_spacy()
        status.update("finding claims…")
        claims = [claim for article in loaded for claim in extract_claims(article, nlp)]
    several = len(loaded) > 1
    listing = Listing(
        title="Claims: " + ", ".join(article.title or article.path for article in loaded),
        columns=("id", "source", "stance (cue)", "claim (bold) in its sentence", *(["article"] if several else [])),
        rows=[claim_row(claim, several) for claim in claims],
        data={"schema_version": SCHEMA_VERSION, "claims": [asdict(c) for c in claims]},
        note="" if claims else "no claims found.",
        ratios=(1, 2, 2, 6, *([2] if several else [])),
    )
    write_listing(listing, fmt, output)


def claim_row(claim: Claim, several: bool) -> tuple[str | Emphasis, ...]:
    stance = f"{claim.stance} ({claim.cue})" if claim.cue else claim.stance
    return (claim.id, claim.source, stance, Emphasis(*in_sentence(claim)), *([claim.article] if several else []))
