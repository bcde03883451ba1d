"""The slow part of a command: reading the articles and loading the models, imported only once arguments are checked."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from contrast.ingest.fetch import FetchLimits
from contrast.nli.precision import Precision

if TYPE_CHECKING:
    from contrast.ingest import Article
    from contrast.pipeline import Models


@functools.cache
def load_models(model: str | None, precision: Precision, *, cross_article: bool) -> Models:
    """Cached per process, so tests and notebooks that invoke the CLI twice load the models once.

    One article needs no stance model (`cross_article`), so a single-article check never waits for it.
    """
    silence_model_libraries()
    from contrast.pipeline import load_models

    return load_models(nli=model, precision=precision, cross_article=cross_article)


def silence_model_libraries() -> None:
    """Weight-loading bars and warnings would bury our progress and errors on stderr."""
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


def read_inputs(sources: Sequence[str], limits: FetchLimits, max_chars: int) -> list[Article]:
    from contrast.ingest.read import read_articles

    return read_articles(sources, limits=limits, max_chars=max_chars)
