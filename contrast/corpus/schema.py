"""The corpus file's layout: numbered migrations, the checks that refuse a file that is not a whole corpus, and
how a `Claim` is stored in a row.

The migration set keeps the name `contrast.corpus`: every corpus file records the migrations it has had by it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict
from pathlib import Path

from sqlite_utils import Database, Migrations

from contrast.attribution import Claim
from contrast.errors import CorpusError

APPLICATION_ID = 0x636F6E74  # "cont": marks a SQLite file as a contrast corpus
TABLES = ("articles", "claims", "meta")

migrations = Migrations("contrast.corpus")


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


def open_database(path: Path) -> Database:
    """Open or create the file, refusing anything that is not a whole contrast corpus before writing to it."""
    try:
        connection = sqlite3.connect(path)
        integrity = connection.execute("PRAGMA quick_check").fetchone()[0]
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
        tables = connection.execute("select count(*) from sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise CorpusError(f"{path} is not a contrast corpus ({error}); pass another --corpus file") from None
    if integrity != "ok":
        connection.close()
        raise CorpusError(
            f"{path} is a damaged database ({integrity.splitlines()[0]}); restore it from a backup, "
            "or recover it with `sqlite3 FILE .recover`"
        )
    if tables and application_id != APPLICATION_ID:
        connection.close()
        raise CorpusError(f"{path} is a SQLite database but not a contrast corpus; pass another --corpus file")
    db = Database(connection)
    try:
        db.enable_wal()
        migrations.apply(db)
    except sqlite3.DatabaseError as error:
        connection.close()
        raise CorpusError(f"cannot set up {path} ({error}); free some space or check the file's permissions") from None
    missing = [table for table in TABLES if not db[table].exists()]
    if missing:
        connection.close()
        raise CorpusError(
            f"{path} is a damaged contrast corpus (no {', '.join(missing)} table); restore it from a backup "
            "or start a new corpus"
        )
    return db


def claim_row(claim: Claim, article_id: str, index: int) -> dict:
    row = asdict(claim)
    row.update(id=f"{article_id}-c{index}", article=article_id, attributed=int(claim.attributed))
    return row


def claim_from_row(row: dict) -> Claim:
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
