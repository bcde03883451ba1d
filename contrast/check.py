"""The whole pipeline behind one call: articles in, disputed facts with their sources out."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from sentence_transformers import SentenceTransformer
from spacy.language import Language

from contrast.claims import Claim, extract_claims, load_spacy
from contrast.disputes import DEFAULT_MIN_SCORE, Dispute, find_disputes
from contrast.errors import InputError
from contrast.ingest import Article, read_article
from contrast.nli import NLIModel, score_pairs
from contrast.pairing import (
    DEFAULT_MIN_SIMILARITY,
    DEFAULT_TOP_K,
    embed_claims,
    find_candidate_pairs,
    load_embedder,
)


@dataclass(frozen=True, slots=True)
class Models:
    nlp: Language
    embedder: SentenceTransformer
    nli: NLIModel
    embedder_name: str


@dataclass(frozen=True, slots=True)
class CheckResult:
    articles: tuple[Article, ...]
    claims: tuple[Claim, ...]
    disputes: tuple[Dispute, ...]
    nli_model: str
    embedder: str
    seconds: float


def load_models(*, nli: str | None = None, embedder: str | None = None) -> Models:
    """Load once, check many: spaCy, the sentence embedder and the NLI model (default: the shipped one)."""
    return Models(
        nlp=load_spacy(),
        embedder=load_embedder(embedder),
        nli=NLIModel(nli),
        embedder_name=embedder or "sentence-transformers/all-MiniLM-L6-v2",
    )


def check(
    sources: Sequence[str | Article],
    models: Models,
    *,
    min_score: float = DEFAULT_MIN_SCORE,
    top: int | None = None,
    top_k: int = DEFAULT_TOP_K,
    min_similarity: float = DEFAULT_MIN_SIMILARITY,
    show_progress: bool = False,
) -> CheckResult:
    """Check one or more articles, within each and against each other.

    Example::

        result = check(["data/efe-2023-09-19-karabakh.txt"], load_models())
        result.disputes[0].sides   # (Side(source="Armenian defense ministry", …), Side(source="Azerbaijan", …))
    """
    started = time.perf_counter()
    articles = [
        source if isinstance(source, Article) else read_article(source, article_id=f"a{index}")
        for index, source in enumerate(sources, 1)
    ]
    if len({article.id for article in articles}) != len(articles):
        raise InputError("two articles share one id; give each article its own id")
    claims = [claim for article in articles for claim in extract_claims(article, models.nlp)]
    disputes: list[Dispute] = []
    if claims:
        embeddings = embed_claims(claims, models.embedder)
        pairs = find_candidate_pairs(claims, embeddings, top_k=top_k, min_similarity=min_similarity)
        scores = score_pairs(pairs, models.nli, show_progress=show_progress)
        disputes = find_disputes(scores, min_score=min_score, top=top)
    return CheckResult(
        articles=tuple(articles),
        claims=tuple(claims),
        disputes=tuple(disputes),
        nli_model=models.nli.name_or_path,
        embedder=models.embedder_name,
        seconds=round(time.perf_counter() - started, 3),
    )
