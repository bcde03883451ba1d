"""Article text: one normalised body, split into paragraphs, that every later offset points into.

Scraped pages carry furniture (section labels, "Related Articles", share buttons) that must never become claims,
pasted pages lose their blank lines, and wire stories open with a dateline that names place, date and outlet:
all of that is settled here, once, so that no later stage sees anything but prose.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass

from contrast.errors import InputError

MIN_ENGLISH_SHARE = 0.12
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
    require_english(" ".join(body_blocks), path)
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


def require_english(text: str, path: str) -> None:
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
