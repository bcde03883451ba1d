from __future__ import annotations

import sqlite3

import pytest

from contrast.corpus.store import Corpus
from contrast.errors import CorpusError
from contrast.ingest import read_article
from contrast.pipeline import add_articles, check

from .conftest import EXAMPLE, ROOT

pytestmark = pytest.mark.slow
BAKU = ROOT / "data" / "corpus" / "constructed-baku-defense-ministry.md"
STEPANAKERT = ROOT / "data" / "new" / "constructed-stepanakert-statement.md"


@pytest.fixture
def corpus(tmp_path):
    with Corpus(tmp_path / "corpus.db") as store:
        yield store


def _add(corpus, path, models):
    return add_articles([read_article(str(path))], corpus, nlp=models.nlp, embedder=models.embedder)[0]


def test_corpus_add_list_show_remove_round_trip(corpus, models):
    added = _add(corpus, EXAMPLE, models)
    assert added.status == "added" and added.claims > 10
    (summary,) = corpus.articles()
    assert (summary.id, summary.outlet, summary.claims) == (added.article, "EFE", added.claims)
    assert corpus.article(added.article).body == read_article(str(EXAMPLE)).body
    assert [c.text for c in corpus.claims(added.article)][:1] == [
        "a “large-scale military offensive” was targeting civilians"
    ]
    corpus.remove(added.article)
    assert corpus.articles() == []
    assert corpus.stats()["claims"] == 0


def test_corpus_re_adding_unchanged_article_changes_nothing(corpus, models):
    first = _add(corpus, EXAMPLE, models)
    stamp = corpus.stats()
    again = _add(corpus, EXAMPLE, models)
    assert again.status == "unchanged" and again.article == first.article
    assert corpus.stats() == stamp


def test_corpus_changed_article_replaces_its_claims(corpus, models, tmp_path):
    article = tmp_path / "story.txt"
    article.write_text("The army said its troops had left the town of Elm on Monday morning.", encoding="utf-8")
    first = _add(corpus, article, models)
    article.write_text("The mayor said the army's troops were still in the town of Elm on Monday.", encoding="utf-8")
    second = _add(corpus, article, models)
    assert (second.status, second.article) == ("replaced", first.article)
    assert [c.source for c in corpus.claims(first.article)] == ["mayor"]
    assert corpus.stats()["claims"] == 1


def test_corpus_failed_add_leaves_corpus_as_it_was(corpus, models, monkeypatch):
    _add(corpus, EXAMPLE, models)
    before = (corpus.stats(), [c.id for c in corpus.claims("k1")])

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(type(corpus), "_bump_stamp", crash)
    with pytest.raises(KeyboardInterrupt):
        _add(corpus, BAKU, models)
    assert (corpus.stats(), [c.id for c in corpus.claims("k1")]) == before


def test_corpus_index_survives_reopen_and_rebuild(tmp_path, models):
    path = tmp_path / "corpus.db"
    with Corpus(path) as store:
        _add(store, BAKU, models)
    (tmp_path / "corpus.db.usearch.json").write_text('{"stamp": -1}', encoding="utf-8")
    with Corpus(path) as store:
        result = check([str(STEPANAKERT)], models, against=store)
    assert any(c.article == "k1" for c in result.claims)


def test_corpus_cross_article_dispute_has_provenance(corpus, models):
    _add(corpus, BAKU, models)
    result = check([str(STEPANAKERT)], models, against=corpus)
    claims = {c.id: c for c in result.claims}
    crossing = [p for d in result.disputes for p in d.pairs if claims[p.a].article != claims[p.b].article]
    assert crossing
    stored = next(claims[i] for p in crossing for i in (p.a, p.b) if claims[i].article == "k1")
    assert stored.source == "Azerbaijan's defense ministry"
    article = next(a for a in result.articles if a.id == "k1")
    assert (article.outlet, article.date) == ("Demo", "Sep 19")
    assert article.path.endswith("constructed-baku-defense-ministry.md")


@pytest.mark.parametrize("content", [b"this is not a database at all, just text" * 20, None])
def test_corpus_rejects_corrupt_or_foreign_file(tmp_path, content):
    path = tmp_path / "other.db"
    if content is None:
        sqlite3.connect(path).execute("create table t (x)").connection.commit()
    else:
        path.write_bytes(content)
    with pytest.raises(CorpusError, match="not a contrast corpus"):
        Corpus(path)


TRIALS = 5


def _concurrent_writer(paths: list[str], article: str, barrier, first: bool) -> None:
    """One `corpus add` process: models loaded once, then one add per trial, racing the other writer.

    The first writer holds its corpus open after adding; the second adds while it is open, which is where
    an unlocked writer used to save an index without the first one's claims.
    """
    import time

    from contrast.attribution import extract_claims, load_spacy
    from contrast.disputes.candidates import embed_claims, load_embedder

    nlp, embedder = load_spacy(), load_embedder()
    loaded = read_article(article)
    claims = extract_claims(loaded, nlp)
    embeddings = embed_claims(claims, embedder)
    for trial, path in enumerate(paths):
        leads = first == (trial % 2 == 0)
        barrier.wait()
        if not leads:
            time.sleep(0.3)
        with Corpus(path) as store:
            store.add(loaded, claims, embeddings)
            if leads:
                time.sleep(1.0)


def test_corpus_two_writers_keep_every_claim_in_the_index(tmp_path):
    import multiprocessing

    from usearch.index import Index

    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    paths = [str(tmp_path / f"trial{n}.db") for n in range(TRIALS)]
    writers = [
        context.Process(target=_concurrent_writer, args=(paths, str(article), barrier, first))
        for article, first in ((BAKU, True), (STEPANAKERT, False))
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=300)
    assert [writer.exitcode for writer in writers] == [0, 0]
    for path in paths:
        with sqlite3.connect(path) as connection:
            keys = sorted(row[0] for row in connection.execute("select key from claims"))
            articles = connection.execute("select count(*) from articles").fetchone()[0]
        saved = Index.restore(path + ".usearch")
        assert articles == 2 and sorted(int(k) for k in saved.keys) == keys, path
        with Corpus(path, create=False) as store:
            assert store.check_index().ok
