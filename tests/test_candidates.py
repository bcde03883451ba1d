from __future__ import annotations

import pytest
import torch

from contrast.disputes.candidates import (
    DEFAULT_OUTLET_K,
    Embedder,
    embed_claims,
    find_candidate_pairs,
    keep_neighbours,
)
from contrast.errors import ModelLoadError

pytestmark = pytest.mark.slow


def test_pairing_only_pairs_different_sources(example_claims, embedder):
    pairs = find_candidate_pairs(example_claims, embed_claims(example_claims, embedder))
    assert pairs
    assert all(pair.a.source != pair.b.source for pair in pairs)
    assert len({(pair.a.id, pair.b.id) for pair in pairs}) == len(pairs)


def test_pairing_never_pairs_two_outlet_sentences_of_one_article(example_claims, embedder):
    pairs = find_candidate_pairs(example_claims, embed_claims(example_claims, embedder), min_similarity=-1.0)
    assert all(pair.a.attributed or pair.b.attributed for pair in pairs)


def test_pairing_grows_linearly_with_top_k(example_claims, embedder):
    embeddings = embed_claims(example_claims, embedder)
    pairs = find_candidate_pairs(example_claims, embeddings, top_k=2, min_similarity=-1.0)
    assert len(pairs) <= (2 * 2 + DEFAULT_OUTLET_K) * len(example_claims)


def test_pairing_links_the_denial_to_what_it_denies(example_claims, embedder):
    pairs = find_candidate_pairs(example_claims, embed_claims(example_claims, embedder))
    linked = {(p.a.text[:30], p.b.text[:30]) for p in pairs} | {(p.b.text[:30], p.a.text[:30]) for p in pairs}
    assert ("The Armenian defense ministry ", "Azerbaijan blamed “a sabotage ") in linked


def test_pairing_embeddings_match_sentence_transformers(example_claims, embedder):
    sentence_transformers = pytest.importorskip("sentence_transformers")
    reference = sentence_transformers.SentenceTransformer(embedder.name_or_path, device="cpu")
    texts = [claim.proposition for claim in example_claims]
    expected = reference.encode(texts, convert_to_tensor=True, normalize_embeddings=True).cpu()
    assert float((embed_claims(example_claims, embedder) - expected).abs().max()) < 1e-5


def test_pairing_embeds_each_text_once(example_claims, embedder):
    doubled = [*example_claims, *example_claims]
    embeddings = embed_claims(doubled, embedder)
    assert torch.equal(embeddings[: len(example_claims)], embeddings[len(example_claims) :])


def test_pairing_candidates_match_sentence_transformers_search(example_claims, embedder):
    util = pytest.importorskip("sentence_transformers.util")
    embeddings = embed_claims(example_claims, embedder)
    hits = util.semantic_search(embeddings, embeddings, top_k=len(example_claims))
    reference = {}
    for i, row in enumerate(hits):
        ranked = [(example_claims[int(hit["corpus_id"])], float(hit["score"])) for hit in row]
        for other, score in keep_neighbours(example_claims[i], ranked):
            j = example_claims.index(other)
            reference[(min(i, j), max(i, j))] = round(max(score, reference.get((min(i, j), max(i, j)), 0.0)), 4)
    pairs = find_candidate_pairs(example_claims, embeddings)
    found = {
        (example_claims.index(p.a), example_claims.index(p.b)): p.similarity for p in pairs if p.kind == "neighbour"
    }
    assert found == pytest.approx(reference, abs=1e-4)


def test_pairing_refuses_an_embedder_that_does_not_mean_pool(tmp_path):
    (tmp_path / "1_Pooling").mkdir()
    (tmp_path / "1_Pooling" / "config.json").write_text('{"pooling_mode_cls_token": true}', encoding="utf-8")
    with pytest.raises(ModelLoadError, match="pools its token vectors other than by their mean"):
        Embedder(str(tmp_path))
