"""contrast: find the disputed facts in news articles, with each side's source.

Names load lazily, so `contrast --help` does not wait for torch and spaCy. No submodule shares a name with
the functions below: importing a submodule binds it on the package, and `from contrast import check` must
always give the function.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from contrast.attribution import Claim
    from contrast.corpus.store import Corpus
    from contrast.disputes import Dispute
    from contrast.errors import ContrastError
    from contrast.ingest import Article, read_article
    from contrast.nli.model import NLIModel
    from contrast.pipeline import CheckResult, Models, add_articles, check, load_models

_MODULES = {
    "Article": "ingest",
    "CheckResult": "pipeline",
    "Claim": "attribution",
    "ContrastError": "errors",
    "Corpus": "corpus.store",
    "Dispute": "disputes",
    "Models": "pipeline",
    "NLIModel": "nli.model",
    "add_articles": "pipeline",
    "check": "pipeline",
    "load_models": "pipeline",
    "read_article": "ingest",
}
__all__ = [
    "Article",
    "CheckResult",
    "Claim",
    "ContrastError",
    "Corpus",
    "Dispute",
    "Models",
    "NLIModel",
    "add_articles",
    "check",
    "load_models",
    "read_article",
]


def __getattr__(name: str) -> object:
    if name not in _MODULES:
        raise AttributeError(f"module 'contrast' has no attribute {name!r}")
    return getattr(import_module(f"contrast.{_MODULES[name]}"), name)
