"""The vector index over stored claims: a usearch file beside the database, plus the database stamp it matches.

The index is a cache of the embeddings in the database, never the only copy: when its stamp or keys disagree
with the database (a crash after a commit, a copy of the database alone, a damaged file), it is rebuilt.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from usearch.index import Index

from contrast.errors import CorpusError

EMBEDDING_DIMENSIONS = 384  # all-MiniLM-L6-v2, the embedder every stored claim was embedded with
INDEX_SUFFIX = ".usearch"
STAMP_SUFFIX = ".usearch.json"


@dataclass(frozen=True, slots=True)
class IndexCheck:
    """The saved vector index compared with the database by content: its keys against the stored claims."""

    claims: int
    indexed: int
    missing: int  # claims the index lacks
    extra: int  # index entries with no claim
    stamp_matches: bool
    problem: str | None  # why the saved index cannot be used, or None

    @property
    def ok(self) -> bool:
        return self.problem is None


class UnusableIndex(Exception):
    """Why a saved index file cannot be used."""


def new_index() -> Index:
    return Index(ndim=EMBEDDING_DIMENSIONS, metric="cos", dtype="f32")


def index_files(path: Path) -> tuple[Path, Path]:
    """The index file and its stamp file, named after the database at `path`."""
    return Path(str(path) + INDEX_SUFFIX), Path(str(path) + STAMP_SUFFIX)


def saved_index(path: Path) -> Index:
    """The index saved beside the database at `path`, or why it cannot be used."""
    index_file, _ = index_files(path)
    if not index_file.is_file():
        raise UnusableIndex("no index file")
    try:
        index = Index.restore(str(index_file))
    except (ValueError, RuntimeError, OSError) as error:
        raise UnusableIndex(f"the index file is unreadable ({error})") from None
    if index is None:
        raise UnusableIndex("the index file is unreadable")
    if index.ndim != EMBEDDING_DIMENSIONS:
        raise UnusableIndex(f"the index has {index.ndim} dimensions, not {EMBEDDING_DIMENSIONS}")
    return index


def saved_stamp(path: Path) -> int | None:
    """The database stamp the saved index was built for; None when the stamp file is missing or unreadable."""
    _, stamp_file = index_files(path)
    try:
        stamp = json.loads(stamp_file.read_text(encoding="utf-8")).get("stamp")
    except (OSError, ValueError, AttributeError):
        return None
    return stamp if isinstance(stamp, int) else None


def save_index(index: Index, path: Path, stamp: int) -> None:
    """Each file written whole (the index through a rename), so a reader never loads half an index."""
    index_file, stamp_file = index_files(path)
    try:
        index.save(str(index_file) + ".partial")
        os.replace(str(index_file) + ".partial", index_file)
        stamp_file.write_text(json.dumps({"stamp": stamp}), encoding="utf-8")
    except (OSError, RuntimeError) as error:
        raise CorpusError(
            f"cannot save the vector index of {path} ({error}); free some space, then run "
            "`contrast corpus rebuild-index`"
        ) from None
