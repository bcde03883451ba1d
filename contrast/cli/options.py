"""Options that several commands share, declared once so that their names, defaults and help never drift apart."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from contrast.nli.precision import Precision
from contrast.report.render import Format

Articles = Annotated[
    list[str],
    typer.Argument(
        metavar="ARTICLE",
        show_default=False,
        help="Article files (.txt, .md, .html), '-' for stdin, or http(s) URLs.",
    ),
]
FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format [default: from the --output suffix (.txt table, .md, .json, .html), else table on a "
        "terminal, else markdown].",
        show_default=False,
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout.", dir_okay=False),
]
ModelOption = Annotated[
    str | None,
    typer.Option(
        "--model",
        "-m",
        envvar="CONTRAST_MODEL",
        help="NLI model: local directory or Hugging Face id [default: shipped model].",
        show_default=False,
    ),
]
StanceModelOption = Annotated[
    str | None,
    typer.Option(
        "--model",
        "-m",
        envvar="CONTRAST_STANCE_MODEL",
        help="Stance model: local directory or Hugging Face id [default: shipped model].",
        show_default=False,
    ),
]
PrecisionOption = Annotated[
    Precision,
    typer.Option(
        help="Model arithmetic: auto is bf16 on CPUs with native bf16 (AMX, AVX-512 BF16) or a GPU, else fp32.",
        case_sensitive=False,
    ),
]
CorpusOption = Annotated[
    Path | None,
    typer.Option(
        "--corpus",
        envvar="CONTRAST_CORPUS",
        dir_okay=False,
        help="Corpus file [default: corpus.db in the user data folder].",
        show_default=False,
    ),
]
AllowPrivateOption = Annotated[
    bool, typer.Option(help="Fetch URLs that lead to this machine or the local network (loopback, private addresses).")
]
FetchTimeoutOption = Annotated[float, typer.Option(min=0.1, help="Seconds for a whole URL fetch, redirects included.")]
MaxDownloadOption = Annotated[int, typer.Option(min=1, help="Largest page to download, in bytes as sent (compressed).")]
MaxPageOption = Annotated[int, typer.Option(min=1, help="Largest page or article file, in bytes once decompressed.")]
MaxCharsOption = Annotated[int, typer.Option(min=1, help="Longest article text, in characters.")]
