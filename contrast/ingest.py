"""Ingest: files, stdin and URLs become one normalised body text that every later offset points into.

Scraped pages carry furniture (section labels, "Related Articles", share buttons) that must never
become claims, and wire stories open with a dateline that names place, date and outlet.
"""

from __future__ import annotations

import glob
import hashlib
import logging
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from contrast.errors import InputError
from contrast.fetch import DEFAULT_LIMITS, FetchLimits, fetch

# Longer texts are refused rather than parsed for minutes: a long feature runs to ~60,000 characters, and
# text that is no prose (one "sentence" of 300,000 characters) costs minutes and gigabytes to parse.
DEFAULT_MAX_CHARS = 100_000
MIN_ENGLISH_SHARE = 0.12
HTML_SUFFIXES = (".html", ".htm")
ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", *HTML_SUFFIXES)

# Lines that are page furniture wherever they appear: navigation, sharing, subscription prompts.
FURNITURE = re.compile(
    r"^(related( articles| posts| stories| news)?|back to top( button)?|share( this( article| story)?)?( on \w+)?"
    r"|tweet|print|email|subscribe.*|sign up.*|follow us.*|read more.*|advertisement|click here.*"
    r"|skip to (main )?content|you may also like|more from .*|most read|trending( now)?|comments?"
    r"|(photo|image|video)( credit)?:.*|all rights reserved.*|©.*|copyright .*|tags?:.*|topics?:.*)$",
    re.IGNORECASE,
)
# "Baku/Tbilisi, Sep 19 (EFE).-", "WASHINGTON, March 3 (Reuters) -", "KYIV, Ukraine (AP) —"
DATELINE = re.compile(
    r"^(?P<place>[A-Z][\w.'’/ -]{1,40}?(?:,\s*[A-Z][\w.'’ -]{1,30}?)??)"
    r"(?:,\s*(?P<date>[A-Z][a-z]{2,9}\.? \d{1,2}(?:,? \d{4})?))?"
    r"\s*\((?P<outlet>[A-Z][\w .&'-]{1,40})\)\s*(?:\.?\s*[-–—]+|:)\s*"
)
# Common English function words: a text with few of them is not English (or not prose at all).
ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to in a is that for on was with as by at from it are be has have had were this which "
    "an or but not its their they he she his her said will would been".split()
)
# Headlines drop function words ("Raven Symone Files Molestation Charges Against Bill Cosby"), so a text
# shorter than this is judged by its script and by whether it reads as another language's function words.
MIN_WORDS_FOR_SHARE = 20
OTHER_FUNCTION_WORDS = frozenset(
    "der das und ist nicht mit dem den ein eine sich le les des une et est dans pour sur qui el los las del una "
    "por con para que".split()
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    path: str
    title: str | None
    outlet: str | None
    date: str | None
    place: str | None
    body: str
    paragraphs: tuple[Paragraph, ...]

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.body.encode("utf-8")).hexdigest()


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
        _require_english(text, path)  # before splitting: text in another script must not read as "empty"
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


def from_text(text: str, *, article_id: str = "a1", path: str = "<text>", title: str | None = None) -> Article:
    """Plain or Markdown text: headline and section labels on top, furniture removed, dateline parsed."""
    blocks = [_clean_line(block) for block in paragraph_blocks(_normalise(text))]
    blocks = [block for block in blocks if block]
    kept: list[str] = []
    for block in blocks:
        if FURNITURE.match(block):
            logger.info("skipped page furniture %r", block)
            continue
        kept.append(block)
    headers, body_blocks = _split_headers(kept)
    if title is None and headers:
        title = max(headers, key=len)
    for label in headers:
        if label != title:
            logger.info("skipped section label %r", label)
    place = date = outlet = None
    if body_blocks and (match := DATELINE.match(body_blocks[0])):
        place, date, outlet = match["place"].strip(), match["date"], match["outlet"].strip()
        body_blocks[0] = body_blocks[0][match.end() :]
    if not body_blocks:
        raise InputError(f"{path}: the article is empty; it holds no paragraphs of prose")
    _require_english(" ".join(body_blocks), path)
    body, paragraphs = _join(body_blocks)
    return Article(article_id, path, title, outlet, date, place, body, paragraphs)


def paragraph_blocks(text: str) -> list[str]:
    """Paragraphs split at blank lines; text that has none (HTML extraction, pasted pages) at line ends.

    Without blank lines, a line break ends a paragraph where the line reads as finished: it ends a
    sentence, or is a short label such as a headline or dateline that the next line does not continue
    in lower case. Other breaks are hard wraps.
    """
    if re.search(r"\n\s*\n", text):
        return re.split(r"\n\s*\n", text)
    lines = text.split("\n")
    blocks: list[str] = []
    current: list[str] = []
    for line, following in zip(lines, [*lines[1:], ""], strict=True):
        current.append(line)
        ends = re.search(r"[.!?:;…\"”’)]\s*$", line) is not None
        if ends or (_is_label(line.strip()) and not following.lstrip()[:1].islower()):
            blocks.append("\n".join(current))
            current = []
    return [*blocks, "\n".join(current)] if current else blocks


def _split_headers(blocks: list[str]) -> tuple[list[str], list[str]]:
    """Leading short lines without sentence punctuation are headline and section labels; so are trailing ones."""
    start = 0
    while start < len(blocks) and _is_label(blocks[start]):
        start += 1
    end = len(blocks)
    while end > start and _is_label(blocks[end - 1]):
        logger.info("skipped trailing label %r", blocks[end - 1])
        end -= 1
    return blocks[:start], blocks[start:end]


def _is_label(block: str) -> bool:
    return len(block.split()) <= 20 and not re.search(r"[.!?:;…\"”’)]$", block)


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


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\u00a0", " ")
    return re.sub(r"[ \t]+", " ", text)


def _clean_line(block: str) -> str:
    """One paragraph per block: inner line breaks joined, Markdown heading and emphasis marks dropped."""
    block = " ".join(line.strip() for line in block.splitlines())
    block = re.sub(r"^#{1,6}\s+", "", block)
    block = re.sub(r"(\*\*|__)(.+?)\1", r"\2", block)
    return block.strip()


def _join(blocks: list[str]) -> tuple[str, tuple[Paragraph, ...]]:
    paragraphs, offset = [], 0
    for block in blocks:
        paragraphs.append(Paragraph(offset, offset + len(block)))
        offset += len(block) + 2
    return "\n\n".join(blocks), tuple(paragraphs)


def _require_english(text: str, path: str) -> None:
    words = re.findall(r"[^\W\d_]+", text.lower())
    if not words:
        raise InputError(f"{path} holds no words; pass an article in English")
    english = sum(word in ENGLISH_FUNCTION_WORDS for word in words)
    share = english / len(words)
    if len(words) < MIN_WORDS_FOR_SHARE:
        letters = [char for word in words for char in word]
        other = sum(word in OTHER_FUNCTION_WORDS for word in words)
        if sum(char.isascii() for char in letters) >= 0.9 * len(letters) and (other < 2 or other <= english):
            return
    if share < MIN_ENGLISH_SHARE:
        raise InputError(
            f"{path} does not look like English (only {share:.0%} English function words); "
            "contrast checks English articles"
        )
