"""`contrast check`: the disputed facts in articles, each side with its source; the command most people run."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Annotated

import typer

from contrast.cli import terminal
from contrast.cli.loading import load_models, read_inputs
from contrast.cli.main import app, user_errors
from contrast.cli.options import (
    AllowPrivateOption,
    Articles,
    FetchTimeoutOption,
    FormatOption,
    MaxCharsOption,
    MaxDownloadOption,
    MaxPageOption,
    ModelOption,
    OutputOption,
    PrecisionOption,
)
from contrast.cli.output import output_format, width, write
from contrast.disputes.candidates import DEFAULT_MIN_SIMILARITY, DEFAULT_TOP_K
from contrast.errors import CorpusError
from contrast.ingest import DEFAULT_MAX_CHARS
from contrast.ingest.fetch import DEFAULT_MAX_BYTES, DEFAULT_MAX_DECODED_BYTES, DEFAULT_TIMEOUT, FetchLimits
from contrast.nli.precision import Precision
from contrast.report.render import render


@app.command("check")
@user_errors
def check_cli(
    articles: Articles,
    fmt: FormatOption = None,
    output: OutputOption = None,
    model: ModelOption = None,
    precision: PrecisionOption = Precision.auto,
    min_score: Annotated[
        float | None,
        typer.Option(
            min=0.0,
            max=1.0,
            help="Report disputes whose score (the strength of their strongest link across the two sides) "
            "is at least this [default: 0, every dispute the engine finds].",
            show_default=False,
        ),
    ] = None,
    include_outlet: Annotated[
        bool,
        typer.Option(
            "--include-outlet",
            help="Also pit the outlet's own narrative sentences against named sources (its rebuttals always count).",
        ),
    ] = False,
    top: Annotated[
        int | None,
        typer.Option(
            min=1, help="Report only this many disputes, the highest-scoring ones [default: all].", show_default=False
        ),
    ] = None,
    top_k: Annotated[
        int,
        typer.Option(
            "--neighbours",
            min=1,
            help="Compare each claim with this many of its most similar claims from other sources (more finds "
            "more disputes, slower); was --top-k.",
        ),
    ] = DEFAULT_TOP_K,
    old_top_k: Annotated[int | None, typer.Option("--top-k", min=1, hidden=True)] = None,
    min_similarity: Annotated[
        float, typer.Option(min=-1.0, max=1.0, help="Skip pairs less similar than this.")
    ] = DEFAULT_MIN_SIMILARITY,
    against: Annotated[
        Path | None,
        typer.Option(
            help="Also check against every claim stored in this corpus file (made by `contrast corpus add "
            "--corpus FILE`).",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    allow_private_urls: AllowPrivateOption = False,
    fetch_timeout: FetchTimeoutOption = DEFAULT_TIMEOUT,
    max_download_bytes: MaxDownloadOption = DEFAULT_MAX_BYTES,
    max_page_bytes: MaxPageOption = DEFAULT_MAX_DECODED_BYTES,
    max_chars: MaxCharsOption = DEFAULT_MAX_CHARS,
) -> None:
    """Report the disputed facts in one or more articles, with each side's source.

    Several articles are checked within each and against each other; with --against, also against
    every claim stored in a corpus (see `contrast corpus add`).

    Example: contrast check data/efe-2023-09-19-karabakh.txt --format json
    """
    fmt = output_format(fmt, output)
    if against is not None and not against.is_file():
        raise CorpusError(
            f"{against}: no such corpus; create one with `contrast corpus add ARTICLE --corpus {against}`"
        )
    with ExitStack() as resources:
        with terminal.status("reading articles…") as status:
            limits = FetchLimits(fetch_timeout, max_download_bytes, max_page_bytes, allow_private_urls)
            loaded = read_inputs(articles, limits, max_chars)
            corpus = None
            if against is not None:
                status.update("opening the corpus…")
                from contrast.corpus.store import Corpus

                corpus = resources.enter_context(Corpus(against, create=False))
            status.update("loading models…")
            models = load_models(model, precision, cross_article=len(loaded) > 1 or against is not None)
            from contrast.pipeline import check

        result = check(
            loaded,
            models,
            min_score=min_score,
            include_outlet=include_outlet,
            top=top,
            top_k=old_top_k or top_k,
            min_similarity=min_similarity,
            against=corpus,
            show_progress=terminal.progress_shown(),
        )
    write(render(result, fmt, width=width()), output)
