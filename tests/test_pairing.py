from __future__ import annotations

import pytest

from contrast.pairing import DEFAULT_OUTLET_K, embed_claims, find_candidate_pairs

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
