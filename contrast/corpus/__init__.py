"""Corpus: a SQLite store of every article seen, with a vector index over its claims, for `check --against`."""
