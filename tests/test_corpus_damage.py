"""A damaged, foreign or half-written corpus is a one-line error or a rebuilt index, never a traceback or lost claims.

Claims here carry random embeddings: storage is under test, not extraction (tests/test_corpus.py uses real models).
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3

import numpy as np
import pytest
import torch
from usearch.index import Index

from contrast.attribution import Claim
from contrast.corpus.index import EMBEDDING_DIMENSIONS
from contrast.corpus.store import Corpus
from contrast.errors import CorpusError
from contrast.ingest import from_text


def _add(store: Corpus, n: int, claims: int = 3) -> None:
    article = from_text(f"The minister said the talks had failed on day {n}.", path=f"/articles/{n}.txt")
    found = [
        Claim(
            f"a1-c{i}",
            "a1",
            "the talks had failed",
            article.body,
            18,
            38,
            f"source {i}",
            "said",
            "asserts",
            "the talks had failed",
            True,
            f"source {i}",
        )
        for i in range(1, claims + 1)
    ]
    generator = torch.Generator().manual_seed(n)
    store.add(
        article, found, torch.nn.functional.normalize(torch.rand(claims, EMBEDDING_DIMENSIONS, generator=generator))
    )


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "corpus.db"
    with Corpus(path) as store:
        for n in range(1, 4):
            _add(store, n)
    return path


def _index_keys(path) -> list[int]:
    index = Index.restore(str(path) + ".usearch")
    return sorted(int(k) for k in index.keys)


def _claim_keys(path) -> list[int]:
    with sqlite3.connect(path) as connection:
        return [row[0] for row in connection.execute("select key from claims order by key")]


def test_corpus_saved_index_matches_database(db):
    assert _index_keys(db) == _claim_keys(db) and len(_claim_keys(db)) == 9
    with Corpus(db, create=False) as store:
        check = store.check_index()
    assert check.ok and (check.claims, check.indexed, check.missing, check.extra) == (9, 9, 0, 0)


def _truncate(db):
    index = db.with_name(db.name + ".usearch")
    index.write_bytes(index.read_bytes()[:100])


def _empty(db):
    db.with_name(db.name + ".usearch").write_bytes(b"")


def _random(db):
    db.with_name(db.name + ".usearch").write_bytes(np.random.default_rng(0).bytes(5000))


def _wrong_dimension(db):
    index = Index(ndim=8, metric="cos", dtype="f32")
    index.add(np.arange(1, 10, dtype=np.uint64), np.ones((9, 8), dtype=np.float32))
    index.save(str(db) + ".usearch")


def _bad_stamp(db):
    db.with_name(db.name + ".usearch.json").write_text("{not json", encoding="utf-8")


def _lost_claims_with_matching_stamp(db):
    """What two unlocked writers used to leave: the right stamp, but an index missing one writer's claims."""
    index = Index.restore(str(db) + ".usearch")
    for key in _claim_keys(db)[:3]:
        index.remove(key)
    index.save(str(db) + ".usearch")


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (_truncate, "unreadable"),
        (_empty, "unreadable"),
        (_random, "unreadable"),
        (_wrong_dimension, "8 dimensions"),
        (_bad_stamp, "another version of the database"),
        (_lost_claims_with_matching_stamp, "the index lacks 3 claims"),
    ],
)
def test_corpus_damaged_index_is_detected_and_rebuilt(db, damage, problem):
    damage(db)
    with Corpus(db, create=False) as store:
        check = store.check_index()
        assert not check.ok and problem in check.problem
        assert store.rebuild_index() == 9
    assert _index_keys(db) == _claim_keys(db)
    with Corpus(db, create=False) as store:
        assert store.check_index().ok


def test_corpus_reader_rebuilds_damaged_index_in_memory(db):
    _lost_claims_with_matching_stamp(db)
    with Corpus(db, create=False) as store:
        assert len(store._loaded_index()) == 9


def _garbage_inside(db):
    size = db.stat().st_size
    with db.open("r+b") as file:
        file.seek(size // 2)
        file.write(np.random.default_rng(1).bytes(2000))


def _drop_claims(db):
    with sqlite3.connect(db) as connection:
        connection.execute("drop table claims")


def _empty_file(db):
    db.write_bytes(b"")


def _random_file(db):
    db.write_bytes(np.random.default_rng(2).bytes(8192))


def _foreign_database(db):
    db.unlink()
    with sqlite3.connect(db) as connection:
        connection.execute("create table t (x)")


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (_garbage_inside, r"is a damaged database .*restore it from a backup"),
        (_drop_claims, r"is a damaged contrast corpus \(no claims table\)"),
        (_empty_file, r"is an empty file, not a corpus; delete it to start a new corpus there"),
        (_random_file, r"is not a contrast corpus .*pass another --corpus file"),
        (_foreign_database, r"is a SQLite database but not a contrast corpus"),
    ],
)
def test_corpus_damaged_database_is_one_line_error_and_left_alone(db, damage, message):
    for suffix in ("-wal", "-shm"):
        db.with_name(db.name + suffix).unlink(missing_ok=True)
    damage(db)
    before = db.read_bytes()
    with pytest.raises(CorpusError, match=message) as raised:
        Corpus(db)
    assert "\n" not in str(raised.value)
    assert db.read_bytes() == before


def test_corpus_full_disk_during_add_is_one_line_error(db, monkeypatch):
    with Corpus(db, create=False) as store:

        def full(*args, **kwargs):
            raise sqlite3.OperationalError("database or disk is full")

        monkeypatch.setattr(type(store), "_bump_stamp", full)
        with pytest.raises(CorpusError, match=r"cannot write to .*database or disk is full.*free some space"):
            _add(store, 9)
        monkeypatch.undo()
    assert _index_keys(db) == _claim_keys(db) and len(_claim_keys(db)) == 9


def test_corpus_full_disk_saving_index_is_one_line_error(db, monkeypatch):
    def full(self, path):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)

    store = Corpus(db, create=False)
    _add(store, 9)
    monkeypatch.setattr(Index, "save", full)
    with pytest.raises(CorpusError, match=r"cannot save the vector index .*then run `contrast corpus rebuild-index`"):
        store.close()
    monkeypatch.undo()
    with Corpus(db, create=False) as reopened:
        assert not reopened.check_index().ok  # the old index stays, and is known to be stale
        assert len(reopened._loaded_index()) == 12


def test_corpus_reader_never_saves_an_index_older_than_the_database(db):
    reader = Corpus(db, create=False)
    reader._index = None
    _lost_claims_with_matching_stamp(db)
    assert len(reader._loaded_index()) == 9  # rebuilt in memory, to be saved at close
    with Corpus(db, create=False) as writer:
        _add(writer, 9)
    reader.close()
    assert _index_keys(db) == _claim_keys(db) and len(_claim_keys(db)) == 12
    assert json.loads(db.with_name(db.name + ".usearch.json").read_text())["stamp"] == 4
