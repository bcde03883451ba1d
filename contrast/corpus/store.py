"""Claim corpus: every article read before, so a one-sided article can be checked against other sources.

Storage is one SQLite file (WAL, numbered migrations, one transaction per article). Vector search runs
in usearch over the embeddings stored in that file, not in a SQLite extension: many Pythons (this
one, macOS system Python) cannot load extensions, so sqlite-vec would not work everywhere. The index
is saved beside the database with the database's change stamp, and is used only while both the stamp
and its keys match the claims in the database; otherwise (a crash after a commit, a copy of the
database alone, a damaged index file) it is rebuilt from the stored embeddings.

Several processes may read at once, but only one writes: a lock file beside the database is held from a
writer's first change until it has saved the index, so two `corpus add` runs never save an index that
misses the other's claims.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import torch
from filelock import FileLock, Timeout
from usearch.index import Index

from contrast.attribution import Claim
from contrast.corpus.index import (
    EMBEDDING_DIMENSIONS,
    IndexCheck,
    UnusableIndex,
    index_files,
    new_index,
    save_index,
    saved_index,
    saved_stamp,
)
from contrast.corpus.schema import claim_from_row, claim_row, migrations, open_database
from contrast.disputes.candidates import DEFAULT_MIN_SIMILARITY, DEFAULT_TOP_K, CandidatePair, keep_neighbours
from contrast.errors import CorpusError
from contrast.ingest import Article, Paragraph

DEFAULT_FILE = "corpus.db"
LOCK_SUFFIX = ".lock"
DEFAULT_LOCK_TIMEOUT = 600.0  # seconds a writer waits for another to finish

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class AddResult:
    path: str
    article: str | None
    status: str  # added | replaced | unchanged | duplicate
    claims: int


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    id: str
    path: str
    title: str | None
    outlet: str | None
    date: str | None
    claims: int
    added_at: str


def default_corpus_path() -> Path:
    """`CONTRAST_CORPUS`, else corpus.db in the user's data directory."""
    if "CONTRAST_CORPUS" in os.environ:
        return Path(os.environ["CONTRAST_CORPUS"])
    from platformdirs import user_data_dir

    return Path(user_data_dir("contrast")) / DEFAULT_FILE


class Corpus:
    """An open corpus. Use as a context manager so the index is saved and the file closed."""

    def __init__(
        self, path: Path | str | None = None, *, create: bool = True, lock_timeout: float = DEFAULT_LOCK_TIMEOUT
    ) -> None:
        self.path = Path(path) if path is not None else default_corpus_path()
        if not self.path.exists() and not create:
            raise CorpusError(f"{self.path}: no such corpus; create one with `contrast corpus add ARTICLE`")
        if self.path.is_dir():
            raise CorpusError(f"{self.path} is a directory; pass a corpus file such as {self.path / DEFAULT_FILE}")
        if self.path.exists() and self.path.stat().st_size == 0:
            raise CorpusError(
                f"{self.path} is an empty file, not a corpus; delete it to start a new corpus there, "
                "or pass another --corpus file"
            )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CorpusError(
                f"cannot create the folder of {self.path} ({error.strerror}); pass another --corpus"
            ) from None
        self.db = open_database(self.path)
        self._lock = FileLock(str(self.path) + LOCK_SUFFIX, timeout=lock_timeout)
        self._writing = False
        self._index: Index | None = None
        self._index_stamp: int | None = None  # the database stamp the index in memory matches
        self._dirty = False

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        try:
            if self._dirty and self._index is not None:
                self._save_index()
        finally:
            self.db.close()
            if self._writing:
                self._lock.release()
                self._writing = False

    # -- writing --------------------------------------------------------------------------------------
    def add(self, article: Article, claims: Sequence[Claim], embeddings: torch.Tensor) -> AddResult:
        """Store one article in one transaction: a crash or Ctrl-C never leaves half of it behind."""
        self._begin_writing()
        path = _identity(article)
        existing = next(self.db["articles"].rows_where("path = ?", [path]), None)
        if existing and existing["content_hash"] == article.content_hash:
            return AddResult(path, existing["id"], "unchanged", self._claim_count(existing["id"]))
        twin = next(
            self.db["articles"].rows_where("content_hash = ? and path != ?", [article.content_hash, path]), None
        )
        if twin:
            return AddResult(path, twin["id"], "duplicate", self._claim_count(twin["id"]))
        index = self._loaded_index()  # before the write, or a rebuild would already hold the new rows
        article_id = existing["id"] if existing else self._new_article_id()
        old_keys = [row["key"] for row in self.db["claims"].rows_where("article = ?", [article_id], select="key")]
        vectors = embeddings.numpy().astype(np.float32)
        with self._database_errors(), self.db.atomic():
            if existing:
                self.db["claims"].delete_where("article = ?", [article_id])
            self.db["articles"].upsert(
                {
                    "id": article_id,
                    "path": path,
                    "title": article.title,
                    "outlet": article.outlet,
                    "date": article.date,
                    "place": article.place,
                    "body": article.body,
                    "paragraphs": json.dumps([[p.start, p.end] for p in article.paragraphs]),
                    "content_hash": article.content_hash,
                    "added_at": datetime.now(UTC).isoformat(timespec="seconds"),
                },
                pk="id",
            )
            rows = [
                {**claim_row(claim, article_id, index), "embedding": vectors[index - 1].tobytes()}
                for index, claim in enumerate(claims, 1)
            ]
            self.db["claims"].insert_all(rows)
            self._bump_stamp()
        self._index_stamp = self._stamp()
        new_keys = [row["key"] for row in self.db["claims"].rows_where("article = ?", [article_id], select="key")]
        for key in old_keys:
            index.remove(key)
        if new_keys:
            index.add(np.array(new_keys, dtype=np.uint64), vectors)
        self._dirty = True
        return AddResult(path, article_id, "replaced" if existing else "added", len(claims))

    def remove(self, article_id: str) -> None:
        self._begin_writing()
        if not self._article_row(article_id):
            raise CorpusError(f"no article {article_id!r} in {self.path}; `contrast corpus list` shows the ids")
        index = self._loaded_index()
        keys = [row["key"] for row in self.db["claims"].rows_where("article = ?", [article_id], select="key")]
        with self._database_errors(), self.db.atomic():
            self.db["claims"].delete_where("article = ?", [article_id])
            self.db["articles"].delete(article_id)
            self._bump_stamp()
        self._index_stamp = self._stamp()
        for key in keys:
            index.remove(key)
        self._dirty = True

    # -- reading --------------------------------------------------------------------------------------
    def articles(self) -> list[ArticleSummary]:
        rows = self.db.query(
            "select a.id, a.path, a.title, a.outlet, a.date, a.added_at, count(c.key) as claims "
            "from articles a left join claims c on c.article = a.id group by a.id order by a.added_at, a.id"
        )
        return [
            ArticleSummary(r["id"], r["path"], r["title"], r["outlet"], r["date"], r["claims"], r["added_at"])
            for r in rows
        ]

    def article(self, article_id: str) -> Article:
        row = self._article_row(article_id)
        if row is None:
            raise CorpusError(f"no article {article_id!r} in {self.path}; `contrast corpus list` shows the ids")
        paragraphs = tuple(Paragraph(start, end) for start, end in json.loads(row["paragraphs"]))
        return Article(
            row["id"], row["path"], row["title"], row["outlet"], row["date"], row["place"], row["body"], paragraphs
        )

    def _claim_count(self, article_id: str) -> int:
        return self.db["claims"].count_where("article = ?", [article_id])

    def claims(self, article_id: str) -> list[Claim]:
        return [
            claim_from_row(row) for row in self.db["claims"].rows_where("article = ?", [article_id], order_by="key")
        ]

    def stats(self) -> dict:
        size = sum(p.stat().st_size for p in (self.path, *index_files(self.path)) if p.exists())
        return {
            "path": str(self.path),
            "articles": self.db["articles"].count,
            "claims": self.db["claims"].count,
            "sources": self.db.execute("select count(distinct source) from claims").fetchone()[0],
            "bytes": size,
            "schema": [m.name for m in migrations.applied(self.db)],
        }

    def nearest_pairs(
        self,
        claims: Sequence[Claim],
        embeddings: torch.Tensor,
        *,
        top_k: int = DEFAULT_TOP_K,
        min_similarity: float = DEFAULT_MIN_SIMILARITY,
    ) -> list[CandidatePair]:
        """Each new claim against its nearest stored claims from other sources (vector search, no scan)."""
        index = self._loaded_index()
        if not claims or len(index) == 0:
            return []
        matches = index.search(embeddings.numpy().astype(np.float32), count=min(len(index), top_k * 6))
        wanted = {int(key) for row in matches.keys for key in np.atleast_1d(row) if int(key) >= 0}
        stored = self._claims_by_key(wanted)
        pairs = []
        for claim, keys, distances in zip(
            claims, np.atleast_2d(matches.keys), np.atleast_2d(matches.distances), strict=True
        ):
            ranked = [
                (stored[int(k)], 1.0 - float(d)) for k, d in zip(keys, distances, strict=True) if int(k) in stored
            ]
            for other, similarity in keep_neighbours(claim, ranked, top_k=top_k, min_similarity=min_similarity):
                pairs.append(CandidatePair(claim, other, round(similarity, 4)))
        return pairs

    # -- the index ------------------------------------------------------------------------------------
    def check_index(self) -> IndexCheck:
        """Compare the saved index with the database: stamp, count and every key."""
        return self._inspect_index()[1]

    def rebuild_index(self) -> int:
        """Rebuild the index from the stored embeddings and save it; returns the number of claims indexed."""
        self._begin_writing()
        self._index = None
        index = self._rebuilt_index()
        self._save_index()
        return len(index)

    # -- internals ------------------------------------------------------------------------------------
    def _begin_writing(self) -> None:
        """Take the writer lock until close; an index read before another writer's changes is read again."""
        if self._writing:
            return
        try:
            self._lock.acquire()
        except Timeout:
            raise CorpusError(
                f"{self.path} is being written by another process (it holds {self._lock.lock_file}); "
                "wait for it to finish and run the command again"
            ) from None
        except OSError as error:
            raise CorpusError(
                f"cannot lock {self.path} for writing ({error.strerror}); check the folder's permissions"
            ) from None
        self._writing = True
        if self._index is not None and self._index_stamp != self._stamp():
            self._index = None

    @contextlib.contextmanager
    def _database_errors(self) -> Iterator[None]:
        """A full disk or a damaged file during a write is the user's to fix; the transaction is rolled back."""
        try:
            yield
        except sqlite3.OperationalError as error:
            raise CorpusError(
                f"cannot write to {self.path} ({error}); free some space or check the file, then run the command again"
            ) from None
        except sqlite3.DatabaseError as error:
            raise CorpusError(
                f"{self.path} is damaged ({error}); restore it from a backup or start a new corpus"
            ) from None

    def _inspect_index(self) -> tuple[Index | None, IndexCheck]:
        claims = self._claim_keys()
        try:
            saved = saved_index(self.path)
        except UnusableIndex as unusable:
            return None, IndexCheck(len(claims), 0, len(claims), 0, False, str(unusable))
        indexed = np.fromiter(saved.keys, dtype=np.uint64, count=len(saved)) if len(saved) else np.array([], np.uint64)
        missing = len(np.setdiff1d(claims, indexed))
        extra = len(np.setdiff1d(indexed, claims))
        stamp_matches = saved_stamp(self.path) == self._stamp()
        problem = None
        if missing or extra:
            problem = f"the index lacks {missing} claims and holds {extra} that are gone"
        elif not stamp_matches:
            problem = "the index was saved for another version of the database"
        return saved, IndexCheck(len(claims), len(indexed), missing, extra, stamp_matches, problem)

    def _claim_keys(self) -> np.ndarray:
        keys = [row[0] for row in self.db.execute("select key from claims order by key")]
        return np.array(keys, dtype=np.uint64)

    def _claims_by_key(self, keys: set[int]) -> dict[int, Claim]:
        if not keys:
            return {}
        marks = ",".join("?" * len(keys))
        rows = self.db.query(f"select * from claims where key in ({marks})", sorted(keys))
        return {row["key"]: claim_from_row(row) for row in rows}

    def _article_row(self, article_id: str) -> dict | None:
        return next(self.db["articles"].rows_where("id = ?", [article_id]), None)

    def _new_article_id(self) -> str:
        row = self.db.execute("select count(*) from articles").fetchone()[0]
        candidate = row + 1
        while self._article_row(f"k{candidate}"):
            candidate += 1
        return f"k{candidate}"

    def _stamp(self) -> int:
        value = self.db["meta"].get("stamp")["value"]
        try:
            return int(value)
        except ValueError:
            raise CorpusError(
                f"{self.path} is damaged (its change stamp is {value!r}); restore it from a backup "
                "or start a new corpus"
            ) from None

    def _bump_stamp(self) -> None:
        self.db["meta"].update("stamp", {"value": str(self._stamp() + 1)})

    def _loaded_index(self) -> Index:
        """The saved index when its stamp and keys match the database, else one rebuilt from stored embeddings."""
        if self._index is not None:
            return self._index
        saved, check = self._inspect_index()
        if saved is not None and check.ok:
            self._index, self._index_stamp = saved, self._stamp()
            return saved
        # A new corpus has no index yet; anything else is worth a warning.
        logger.log(
            logging.WARNING if check.claims else logging.INFO,
            "rebuilding the vector index of %s: %s",
            self.path,
            check.problem,
        )
        return self._rebuilt_index()

    def _rebuilt_index(self) -> Index:
        self._index, self._index_stamp = new_index(), self._stamp()
        keys, vectors = [], []
        for key, embedding in self.db.execute("select key, embedding from claims"):
            vector = np.frombuffer(embedding, dtype=np.float32)
            if vector.shape != (EMBEDDING_DIMENSIONS,):
                raise CorpusError(
                    f"{self.path} is damaged (claim {key} has a {vector.size}-dimension embedding, not "
                    f"{EMBEDDING_DIMENSIONS}); remove its article with `contrast corpus remove` and add it again"
                )
            keys.append(key)
            vectors.append(vector)
        if keys:
            self._index.add(np.array(keys, dtype=np.uint64), np.stack(vectors))
        self._dirty = True
        return self._index

    def _save_index(self) -> None:
        """Saved by the writer only (a reader's index may miss what a writer adds meanwhile), each file atomically."""
        assert self._index is not None
        if not self._writing:
            try:
                self._lock.acquire(timeout=0)
            except (Timeout, OSError):
                return  # a writer is at work and saves its own index; the next reader rebuilds if needed
            self._writing = True
            if self._index_stamp != self._stamp():
                return
        save_index(self._index, self.path, self._index_stamp)
        self._dirty = False


def _identity(article: Article) -> str:
    """What makes two adds the same article: its URL, its absolute path, or for stdin its content."""
    if article.path == "<stdin>":
        return f"stdin:{article.content_hash[:16]}"
    if article.path.startswith(("http://", "https://")):
        return article.path
    return str(Path(article.path).resolve())
