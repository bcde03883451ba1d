"""Claim corpus: every article read before, so a one-sided article can be checked against other sources.

Storage is one SQLite file (WAL, numbered migrations, one transaction per article). Vector search runs
in usearch over the embeddings stored in that file, not in a SQLite extension: many Pythons (this
one, macOS system Python) cannot load extensions, so sqlite-vec would not work everywhere. The index
is saved beside the database with the database's change stamp; when the stamps differ (a crash after
a commit, a copy of the database alone) the index is rebuilt from the stored embeddings.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import torch
from sqlite_utils import Database, Migrations
from usearch.index import Index

from contrast.claims import Claim
from contrast.errors import CorpusError
from contrast.ingest import Article, Paragraph
from contrast.pairing import DEFAULT_MIN_SIMILARITY, DEFAULT_TOP_K, CandidatePair, keep_neighbours

APPLICATION_ID = 0x636F6E74  # "cont": marks a SQLite file as a contrast corpus
DEFAULT_FILE = "corpus.db"
EMBEDDING_DIMENSIONS = 384  # all-MiniLM-L6-v2, the embedder every stored claim was embedded with
INDEX_SUFFIX = ".usearch"
STAMP_SUFFIX = ".usearch.json"

migrations = Migrations("contrast.corpus")
logger = logging.getLogger(__name__)


@migrations()
def m001_articles_and_claims(db: Database) -> None:
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db["articles"].create(
        {
            "id": str,
            "path": str,
            "title": str,
            "outlet": str,
            "date": str,
            "place": str,
            "body": str,
            "paragraphs": str,
            "content_hash": str,
            "added_at": str,
        },
        pk="id",
    )
    db["articles"].create_index(["path"], unique=True)
    db["articles"].create_index(["content_hash"])
    db["claims"].create(
        {
            "key": int,
            "id": str,
            "article": str,
            "text": str,
            "sentence": str,
            "start": int,
            "end": int,
            "source": str,
            "cue": str,
            "stance": str,
            "proposition": str,
            "attributed": int,
            "side": str,
            "embedding": bytes,
        },
        pk="key",
        foreign_keys=[("article", "articles", "id")],
    )
    db["claims"].create_index(["article"])
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["meta"].insert({"key": "stamp", "value": "0"})


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

    def __init__(self, path: Path | str | None = None, *, create: bool = True) -> None:
        self.path = Path(path) if path is not None else default_corpus_path()
        if not self.path.exists() and not create:
            raise CorpusError(f"{self.path}: no such corpus; create one with `contrast corpus add ARTICLE`")
        if self.path.is_dir():
            raise CorpusError(f"{self.path} is a directory; pass a corpus file such as {self.path / DEFAULT_FILE}")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = _open(self.path)
        self._index: Index | None = None
        self._dirty = False

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._dirty and self._index is not None:
            self._save_index()
        self.db.close()

    # -- writing --------------------------------------------------------------------------------------
    def add(self, article: Article, claims: Sequence[Claim], embeddings: torch.Tensor) -> AddResult:
        """Store one article in one transaction: a crash or Ctrl-C never leaves half of it behind."""
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
        with self.db.atomic():
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
                {**_claim_row(claim, article_id, index), "embedding": vectors[index - 1].tobytes()}
                for index, claim in enumerate(claims, 1)
            ]
            self.db["claims"].insert_all(rows)
            self._bump_stamp()
        new_keys = [row["key"] for row in self.db["claims"].rows_where("article = ?", [article_id], select="key")]
        for key in old_keys:
            index.remove(key)
        if new_keys:
            index.add(np.array(new_keys, dtype=np.uint64), vectors)
        self._dirty = True
        return AddResult(path, article_id, "replaced" if existing else "added", len(claims))

    def remove(self, article_id: str) -> None:
        if not self._article_row(article_id):
            raise CorpusError(f"no article {article_id!r} in {self.path}; `contrast corpus list` shows the ids")
        index = self._loaded_index()
        keys = [row["key"] for row in self.db["claims"].rows_where("article = ?", [article_id], select="key")]
        with self.db.atomic():
            self.db["claims"].delete_where("article = ?", [article_id])
            self.db["articles"].delete(article_id)
            self._bump_stamp()
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
        return [_claim(row) for row in self.db["claims"].rows_where("article = ?", [article_id], order_by="key")]

    def stats(self) -> dict:
        size = sum(p.stat().st_size for p in (self.path, *self._index_files()) if p.exists())
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

    # -- internals ------------------------------------------------------------------------------------
    def _claims_by_key(self, keys: set[int]) -> dict[int, Claim]:
        if not keys:
            return {}
        marks = ",".join("?" * len(keys))
        rows = self.db.query(f"select * from claims where key in ({marks})", sorted(keys))
        return {row["key"]: _claim(row) for row in rows}

    def _article_row(self, article_id: str) -> dict | None:
        return next(self.db["articles"].rows_where("id = ?", [article_id]), None)

    def _new_article_id(self) -> str:
        row = self.db.execute("select count(*) from articles").fetchone()[0]
        candidate = row + 1
        while self._article_row(f"k{candidate}"):
            candidate += 1
        return f"k{candidate}"

    def _stamp(self) -> int:
        return int(self.db["meta"].get("stamp")["value"])

    def _bump_stamp(self) -> None:
        self.db["meta"].update("stamp", {"value": str(self._stamp() + 1)})

    def _index_files(self) -> tuple[Path, Path]:
        return Path(str(self.path) + INDEX_SUFFIX), Path(str(self.path) + STAMP_SUFFIX)

    def _loaded_index(self) -> Index:
        """The saved index when its stamp matches the database, else one rebuilt from stored embeddings."""
        if self._index is not None:
            return self._index
        index_file, stamp_file = self._index_files()
        if index_file.exists() and stamp_file.exists():
            saved = json.loads(stamp_file.read_text(encoding="utf-8"))
            if saved.get("stamp") == self._stamp():
                self._index = Index.restore(str(index_file))
                if self._index is not None:
                    return self._index
        logger.info("rebuilding the vector index of %s", self.path)
        self._index = _new_index()
        keys, vectors = [], []
        for row in self.db.execute("select key, embedding from claims"):
            keys.append(row[0])
            vectors.append(np.frombuffer(row[1], dtype=np.float32))
        if keys:
            self._index.add(np.array(keys, dtype=np.uint64), np.stack(vectors))
        self._dirty = True
        return self._index

    def _save_index(self) -> None:
        index_file, stamp_file = self._index_files()
        assert self._index is not None
        self._index.save(str(index_file))
        stamp_file.write_text(json.dumps({"stamp": self._stamp()}), encoding="utf-8")
        self._dirty = False


def _open(path: Path) -> Database:
    """Open or create the file, refusing anything that is not a contrast corpus."""
    try:
        connection = sqlite3.connect(path)
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
        tables = connection.execute("select count(*) from sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise CorpusError(f"{path} is not a contrast corpus ({error}); pass another --corpus file") from None
    if tables and application_id != APPLICATION_ID:
        connection.close()
        raise CorpusError(f"{path} is a SQLite database but not a contrast corpus; pass another --corpus file")
    db = Database(connection)
    db.enable_wal()
    migrations.apply(db)
    return db


def _identity(article: Article) -> str:
    """What makes two adds the same article: its URL, its absolute path, or for stdin its content."""
    if article.path == "<stdin>":
        return f"stdin:{article.content_hash[:16]}"
    if article.path.startswith(("http://", "https://")):
        return article.path
    return str(Path(article.path).resolve())


def _new_index() -> Index:
    return Index(ndim=EMBEDDING_DIMENSIONS, metric="cos", dtype="f32")


def _claim_row(claim: Claim, article_id: str, index: int) -> dict:
    row = asdict(claim)
    row.update(id=f"{article_id}-c{index}", article=article_id, attributed=int(claim.attributed))
    return row


def _claim(row: dict) -> Claim:
    return Claim(
        row["id"],
        row["article"],
        row["text"],
        row["sentence"],
        row["start"],
        row["end"],
        row["source"],
        row["cue"],
        row["stance"],
        row["proposition"],
        bool(row["attributed"]),
        row["side"],
    )
