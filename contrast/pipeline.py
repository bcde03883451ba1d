"""The whole pipeline behind one call: articles in, disputed facts with their sources out."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import torch
from spacy.language import Language

from contrast.attribution import Claim, extract_claims, load_spacy
from contrast.corpus.index import EMBEDDING_DIMENSIONS
from contrast.corpus.store import AddResult, Corpus
from contrast.disputes import Dispute, Proposition, find_disputes, group_propositions, link_claims, own_links
from contrast.disputes.candidates import (
    DEFAULT_MIN_SIMILARITY,
    DEFAULT_TOP_K,
    CandidatePair,
    Embedder,
    embed_claims,
    find_candidate_pairs,
    load_embedder,
)
from contrast.errors import InputError
from contrast.ingest import Article, read_article
from contrast.nli.model import NLIModel
from contrast.nli.precision import Precision

if TYPE_CHECKING:
    from contrast.stance.cross import CrossArticleDisputes
    from contrast.stance.model import StanceModel


@dataclass(frozen=True, slots=True)
class Models:
    nlp: Language
    embedder: Embedder
    nli: NLIModel
    embedder_name: str
    load_seconds: float = 0.0
    # Only multi-article checks use it (cross-article disputes); None skips that step.
    stance: StanceModel | None = None


@dataclass(frozen=True, slots=True)
class CheckResult:
    articles: tuple[Article, ...]
    claims: tuple[Claim, ...]
    disputes: tuple[Dispute, ...]
    nli_model: str
    nli_precision: str
    embedder: str
    seconds: float
    # Seconds per stage, in the order they ran, and `load` for the models this check used.
    timing: dict[str, float] = field(default_factory=dict)
    # Every state of affairs that two claims were found to speak about, disputed or not.
    propositions: tuple[Proposition, ...] = ()


def load_models(
    *,
    nli: str | None = None,
    embedder: str | None = None,
    precision: Precision | str = Precision.auto,
    cross_article: bool = True,
    stance: str | None = None,
) -> Models:
    """Load once, check many: spaCy, the sentence embedder, the NLI model (default: the shipped one) and, with
    `cross_article`, the stance model (`stance`, default: the shipped one) that multi-article checks use.

    A caller that checks one article at a time passes `cross_article=False` and never waits for it.
    """
    started = time.perf_counter()
    nli_model = NLIModel(nli, precision=precision)  # first: a wrong --model should fail before the slow loads
    stance_model = None
    if cross_article:
        from contrast.stance.model import StanceModel

        stance_model = StanceModel(stance, precision=precision)
    return Models(
        nlp=load_spacy(),
        embedder=load_embedder(embedder),
        nli=nli_model,
        embedder_name=embedder or "sentence-transformers/all-MiniLM-L6-v2",
        load_seconds=round(time.perf_counter() - started, 3),
        stance=stance_model,
    )


def check(
    sources: Sequence[str | Article],
    models: Models,
    *,
    min_score: float | None = None,
    include_outlet: bool = False,
    top: int | None = None,
    top_k: int = DEFAULT_TOP_K,
    min_similarity: float = DEFAULT_MIN_SIMILARITY,
    against: Corpus | None = None,
    show_progress: bool = False,
) -> CheckResult:
    """Check one or more articles, within each, against each other and, with `against`, against a corpus.

    Example::

        result = check(["data/efe-2023-09-19-karabakh.txt"], load_models())
        result.disputes[0].sides
        # (Side(sources=('Azerbaijan',), stance='asserts', claims=('a1-c7',)),
        #  Side(sources=('Foreign Minister Sergey Ghazaryan',), stance='denies', claims=('a1-c11',)))
    """
    started = time.perf_counter()
    stopwatch = _Stopwatch(models.load_seconds)
    articles = [
        source if isinstance(source, Article) else read_article(source, article_id=f"a{index}")
        for index, source in enumerate(sources, 1)
    ]
    if len({article.id for article in articles}) != len(articles):
        raise InputError("two articles share one id; give each article its own id")
    stopwatch.lap("read")
    claims = [claim for article in articles for claim in extract_claims(article, models.nlp)]
    stopwatch.lap("claims")
    disputes: list[Dispute] = []
    propositions: list[Proposition] = []
    pairs: list[CandidatePair] = []
    if claims:
        embeddings = embed_claims(claims, models.embedder)
        stopwatch.lap("embed")
        pairs = find_candidate_pairs(
            claims, embeddings, top_k=top_k, min_similarity=min_similarity, include_outlet=include_outlet
        )
        if against is not None:
            pairs += against.nearest_pairs(claims, embeddings, top_k=top_k, min_similarity=min_similarity)
        stopwatch.lap("pairs")
        links = link_claims(pairs, models.nli, show_progress=show_progress) + own_links(claims, embeddings)
        stopwatch.lap("nli")
        propositions = group_propositions(links)
        disputes = find_disputes(propositions, min_score=min_score, top=top)
        stopwatch.lap("disputes")
    stored: list[Claim] = []
    if against is not None:
        stored = _cited_corpus_claims(claims, pairs, disputes)
    if models.stance is not None and (len(articles) > 1 or (pairs and against is not None)):
        cited = _cross_article(articles, claims, pairs, disputes, models.stance, against, show_progress)
        disputes = _numbered(sorted([*disputes, *cited.disputes], key=lambda d: -d.score)[:top])
        known = {claim.id for claim in [*claims, *stored]}
        stored += [claim for claim in cited.claims if claim.id not in known]
        stopwatch.lap("cross-article")
    claims += stored
    if against is not None:
        known_articles = {article.id for article in articles}
        cited_articles = dict.fromkeys(c.article for c in stored if c.article not in known_articles)
        articles += [against.article(article_id) for article_id in cited_articles]
    return CheckResult(
        articles=tuple(articles),
        claims=tuple(claims),
        disputes=tuple(disputes),
        nli_model=models.nli.name_or_path,
        nli_precision=models.nli.precision.value,
        embedder=models.embedder_name,
        seconds=round(time.perf_counter() - started, 3),
        timing=stopwatch.timing,
        propositions=tuple(propositions),
    )


class _Stopwatch:
    """Seconds per stage of one check, so a slow check shows where its time went."""

    def __init__(self, load_seconds: float) -> None:
        self.timing = {"load": load_seconds}
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.timing[stage] = round(now - self.last, 3)
        self.last = now


def _cross_article(
    articles: list[Article],
    claims: list[Claim],
    pairs: list[CandidatePair],
    disputes: list[Dispute],
    model: StanceModel,
    against: Corpus | None,
    show_progress: bool,
) -> CrossArticleDisputes:
    """The checked articles against each other and against the corpus articles their claims were paired with."""
    from contrast.stance.cross import find_cross_article_disputes

    others: list[Article] = []
    others_claims: list[Claim] = []
    if against is not None:
        checked = {article.id for article in articles}
        paired = (claim.article for pair in pairs for claim in (pair.a, pair.b) if claim.article not in checked)
        others = [against.article(article_id) for article_id in dict.fromkeys(paired)]
        others_claims = [claim for other in others for claim in against.claims(other.id)]
    return find_cross_article_disputes(
        articles,
        [*claims, *others_claims],
        model,
        others=others,
        disputed=disputes,
        show_progress=show_progress,
    )


def _numbered(disputes: list[Dispute]) -> list[Dispute]:
    return [replace(dispute, id=f"d{index}") for index, dispute in enumerate(disputes, 1)]


def _cited_corpus_claims(claims: list[Claim], pairs: list[CandidatePair], disputes: list[Dispute]) -> list[Claim]:
    """The stored claims that reported disputes cite: the report must show both sides."""
    known = {claim.id for claim in claims}
    cited = {claim_id for d in disputes for p in d.pairs for claim_id in (p.a, p.b)} - known
    by_id = {claim.id: claim for pair in pairs for claim in (pair.a, pair.b)}
    return [by_id[claim_id] for claim_id in sorted(cited)]


def add_articles(articles: Sequence[Article], corpus: Corpus, *, nlp: Language, embedder: Embedder) -> list[AddResult]:
    """Extract and embed each article's claims, then store it in its own transaction."""
    results = []
    for article in articles:
        claims = extract_claims(article, nlp)
        embeddings = embed_claims(claims, embedder) if claims else torch.empty((0, EMBEDDING_DIMENSIONS))
        results.append(corpus.add(article, claims, embeddings))
    return results
