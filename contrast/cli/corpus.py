"""`contrast corpus …`: keep articles, so that new ones are checked against everything seen before."""

from __future__ import annotations

from contextlib import ExitStack
from typing import TYPE_CHECKING, Annotated

import typer

from contrast.cli import terminal
from contrast.cli.claims import claim_row
from contrast.cli.loading import read_inputs, silence_model_libraries
from contrast.cli.main import app, user_errors
from contrast.cli.options import (
    AllowPrivateOption,
    Articles,
    CorpusOption,
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
from contrast.report.listing import Listing
from contrast.report.terminal_text import escape_controls

if TYPE_CHECKING:
    from contrast.ingest import Article

corpus_app = typer.Typer(
    help="Remember articles so new ones are checked against everything seen before.", no_args_is_help=True
)
app.add_typer(corpus_app, name="corpus")


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

    fmt = output_format(fmt, output)
    from rich.progress import track

    with ExitStack() as resources:
        with terminal.status("reading articles…") as status:
            limits = FetchLimits(fetch_timeout, max_download_bytes, max_page_bytes, allow_private_urls)
            loaded = read_inputs(expand_sources(articles), limits, max_chars)
            status.update("opening the corpus…")
            from contrast.corpus.store import Corpus

            store = resources.enter_context(Corpus(corpus))  # a corrupt corpus is reported before the models load
            status.update("loading models…")
            silence_model_libraries()
            from contrast.attribution import load_spacy
            from contrast.disputes.candidates import load_embedder
            from contrast.pipeline import add_articles

            nlp, embedder = load_spacy(), load_embedder()
        results = []
        for article in track(
            loaded, description="adding", console=terminal.stderr, disable=not terminal.progress_shown()
        ):
            results += add_articles([article], store, nlp=nlp, embedder=embedder)
    listing = Listing(
        title=f"Added to {store.path}",
        columns=("status", "id", "claims", "path"),
        rows=[(r.status, r.article or "-", str(r.claims), r.path) for r in results],
        data={"corpus": str(store.path), "results": [asdict(r) for r in results]},
    )
    write_listing(listing, fmt, output)


@corpus_app.command("list")
@user_errors
def corpus_list_cli(corpus: CorpusOption = None, fmt: FormatOption = None, output: OutputOption = None) -> None:
    """List the stored articles with their ids.

    Example: contrast corpus list --format json
    """
    from dataclasses import asdict

    from contrast.corpus.store import Corpus

    fmt = output_format(fmt, output)
    with Corpus(corpus, create=False) as store:
        articles = store.articles()
    listing = Listing(
        title=f"Articles in {store.path}",
        columns=("id", "title", "outlet", "date", "claims", "path"),
        rows=[(a.id, a.title or "", a.outlet or "", a.date or "", str(a.claims), a.path) for a in articles],
        data=[asdict(a) for a in articles],
        note="" if articles else "no articles yet; add some with `contrast corpus add`.",
    )
    write_listing(listing, fmt, output)


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

    from contrast.corpus.store import Corpus

    fmt = output_format(fmt, output)
    with Corpus(corpus, create=False) as store:
        article, claims = store.article(article_id), store.claims(article_id)
    record = {key: getattr(article, key) for key in ("id", "path", "title", "outlet", "date")}
    listing = Listing(
        title=f"{article.id}: {describe_article(article)}",
        columns=("id", "source", "stance (cue)", "claim (bold) in its sentence"),
        rows=[claim_row(claim, False) for claim in claims],
        data=record | {"claims": [asdict(c) for c in claims]},
        note="" if claims else "no claims stored for this article.",
        ratios=(1, 2, 2, 6),
    )
    write_listing(listing, fmt, output)


@corpus_app.command("remove")
@user_errors
def corpus_remove_cli(
    article_id: Annotated[str, typer.Argument(metavar="ID", help="Article id from `contrast corpus list`.")],
    corpus: CorpusOption = None,
) -> None:
    """Remove one article and its claims.

    Example: contrast corpus remove k1
    """
    from contrast.corpus.store import Corpus

    with Corpus(corpus, create=False) as store:
        store.remove(article_id)
    if not terminal.quiet.get():
        terminal.stderr.print(f"removed {article_id}", markup=False, highlight=False)


@corpus_app.command("stats")
@user_errors
def corpus_stats_cli(corpus: CorpusOption = None, fmt: FormatOption = None, output: OutputOption = None) -> None:
    """Count articles, claims and sources, and show the file size and schema version.

    Example: contrast corpus stats --format json
    """
    from contrast.corpus.store import Corpus

    fmt = output_format(fmt, output)
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
    write_listing(listing, fmt, output)


@corpus_app.command("check")
@user_errors
def corpus_check_cli(corpus: CorpusOption = None, fmt: FormatOption = None, output: OutputOption = None) -> None:
    """Verify the corpus: the database's integrity, and the vector index against the stored claims.

    Exits 1 when the index misses claims or holds stale ones; `contrast corpus rebuild-index` repairs it.

    Example: contrast corpus check --corpus demo.db
    """
    from dataclasses import asdict

    from contrast.corpus.store import Corpus

    fmt = output_format(fmt, output)
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
    write_listing(listing, fmt, output)
    if not check.ok:
        problem = f"{store.path}: {check.problem}; run `contrast corpus rebuild-index --corpus {store.path}`"
        terminal.stderr.print(escape_controls(problem), markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(1)


@corpus_app.command("rebuild-index")
@user_errors
def corpus_rebuild_index_cli(corpus: CorpusOption = None) -> None:
    """Rebuild the vector index from the embeddings stored in the database.

    Example: contrast corpus rebuild-index --corpus demo.db
    """
    from contrast.corpus.store import Corpus

    with Corpus(corpus, create=False) as store:
        count = store.rebuild_index()
    message = f"rebuilt the index of {store.path}: {count} claims"
    terminal.stderr.print(escape_controls(message), markup=False, highlight=False, soft_wrap=True)


def describe_article(article: Article) -> str:
    details = ", ".join(part for part in (article.outlet, article.date) if part)
    title = article.title or article.path
    return f"{title} ({details})" if details else title
