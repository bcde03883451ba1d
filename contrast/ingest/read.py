"""Reading articles: files, directories, globs, stdin and URLs, each within a size limit, become `Article`s.

What a source holds is decided here (text, Markdown or HTML; UTF-8 or cp1252; binary refused) before any
parsing, so a wrong input costs a fraction of a second; the text itself is cleaned in `paragraphs`.
"""

from __future__ import annotations

import glob
import os
import stat
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from contrast.errors import InputError
from contrast.ingest.fetch import DEFAULT_LIMITS, FetchLimits, fetch
from contrast.ingest.paragraphs import Article, from_text, require_english

# Longer texts are refused rather than parsed for minutes: a long feature runs to ~60,000 characters, and
# text that is no prose (one "sentence" of 300,000 characters) costs minutes and gigabytes to parse.
DEFAULT_MAX_CHARS = 100_000
HTML_SUFFIXES = (".html", ".htm")
ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", *HTML_SUFFIXES)


def expand_sources(items: Sequence[str]) -> list[str]:
    """Directories become the articles inside them and globs their matches; URLs and '-' pass through."""
    sources: list[str] = []
    for item in items:
        path = Path(item)
        if item == "-" or item.startswith(("http://", "https://")):
            sources.append(item)
        elif path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
            if not found:
                raise InputError(f"{item}: no .txt, .md or .html articles in this directory")
            sources += [str(p) for p in found]
        elif any(char in item for char in "*?[") and not path.exists():
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                raise InputError(f"{item}: no files match this pattern")
            sources += matches
        else:
            sources.append(item)
    return sources


def read_articles(
    sources: Sequence[str], *, limits: FetchLimits = DEFAULT_LIMITS, max_chars: int = DEFAULT_MAX_CHARS
) -> list[Article]:
    """Articles get ids a1, a2, … in the order given, so reports are stable across runs."""
    return [
        read_article(source, article_id=f"a{index}", limits=limits, max_chars=max_chars)
        for index, source in enumerate(sources, 1)
    ]


def read_article(
    source: str,
    *,
    article_id: str = "a1",
    limits: FetchLimits = DEFAULT_LIMITS,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Article:
    """Read a path, `-` (stdin) or an http(s) URL into an Article.

    Files and stdin are read up to `limits.max_decoded_bytes`, like a fetched page; the text (of an HTML
    page, the extracted text) may hold at most `max_chars` characters.
    """
    if source.startswith(("http://", "https://")):
        html = _decode(fetch(source, limits=limits), source)
        return _capped(_from_html(html, article_id=article_id, path=source), max_chars)
    if source == "-":
        raw = _read_capped(sys.stdin.buffer, "<stdin>", limits.max_decoded_bytes)
        path = "<stdin>"
    else:
        raw = _read_file(source, limits.max_decoded_bytes)
        path = source
    text = _decode(raw, path)
    if path.lower().endswith(HTML_SUFFIXES) or _looks_like_html(text):
        return _capped(_from_html(text, article_id=article_id, path=path), max_chars)
    _check_length(text, path, max_chars)
    if text.strip():
        require_english(text, path)  # before splitting: text in another script must not read as "empty"
    return from_text(text, article_id=article_id, path=path)


def _read_file(source: str, max_bytes: int) -> bytes:
    """Regular files only: a FIFO or a device would block or never end.

    Opened without blocking and checked on the open file, so a path swapped for a FIFO meanwhile cannot hang.
    """
    try:
        handle = os.open(source, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InputError(f"{source}: no such file; pass a path to an article, '-' for stdin, or a URL") from None
    except OSError as error:
        raise InputError(f"{source}: cannot read it ({error.strerror}); check its permissions") from None
    mode = os.fstat(handle).st_mode
    if not stat.S_ISREG(mode):
        os.close(handle)
        if stat.S_ISDIR(mode):
            raise InputError(f"{source} is a directory; pass the article files inside it")
        raise InputError(f"{source} is not a regular file (a pipe or a device); save the article to a file first")
    with os.fdopen(handle, "rb") as stream:
        try:
            return _read_capped(stream, source, max_bytes)
        except OSError as error:
            raise InputError(f"{source}: cannot read it ({error.strerror}); check its permissions") from None


def _read_capped(stream: BinaryIO, path: str, max_bytes: int) -> bytes:
    raw = stream.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise InputError(f"{path} is over {max_bytes:,} bytes; pass a smaller article or raise --max-page-bytes")
    return raw


def _check_length(text: str, path: str, max_chars: int) -> None:
    if len(text) > max_chars:
        raise InputError(
            f"{path} holds {len(text):,} characters, over the {max_chars:,} limit; split it or raise --max-chars"
        )


def _capped(article: Article, max_chars: int) -> Article:
    _check_length(article.body, article.path, max_chars)
    return article


def _from_html(html: str, *, article_id: str, path: str) -> Article:
    import trafilatura

    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, favor_precision=True)
    if extracted is None or not (extracted.text or "").strip():
        raise InputError(f"{path}: found no article text in this HTML page")
    article = from_text(extracted.text, article_id=article_id, path=path, title=extracted.title)
    outlet = article.outlet or extracted.sitename
    date = article.date or extracted.date
    return Article(article.id, path, article.title, outlet, date, article.place, article.body, article.paragraphs)


def _decode(raw: bytes, path: str) -> str:
    if b"\x00" in raw[:8192]:
        raise InputError(f"{path} is a binary file, not text; pass a .txt, .md or .html article")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            raise InputError(f"{path} is not UTF-8 text; convert it to UTF-8 and try again") from None


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)
