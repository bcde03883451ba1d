"""Seeded fuzzing: generated text, HTML and bytes through ingest and claims, and a smaller set through the CLI.

Every input must end in an Article (and claims) or an InputError within a time limit: no traceback, no
hang. The generator is seeded, so a failure names an input that reproduces it.
"""

from __future__ import annotations

import io
import random
import signal
import sys
import time
from collections.abc import Callable, Iterator

import pytest

from contrast.attribution import extract_claims
from contrast.errors import InputError
from contrast.ingest import read_article

pytestmark = pytest.mark.slow

SEED = 20261202
INPUTS = 10_000
CLI_INPUTS = 40
PER_INPUT_SECONDS = 5.0

WORDS = (
    "the of and to in a is that for on was with as by at from it are be has have had were this which an or but "
    "not its their they he she his her said will would been minister army ministry police officials spokesman "
    "denied claimed insisted reported according told confirmed rejected accused killed town city troops attack "
    "Reuters AP EFE Kyiv Moscow Baku Armenia Azerbaijan Russia Ukraine UN Tuesday March 2023 5,000 two dozen"
).split()
PUNCTUATION = [".", ",", ";", ":", "!", "?", '"', "“", "”", "‘", "’", "'", "(", ")", "—", "-", "…", "*", "#", "|"]
ODD = [
    "\x00", "\x1b[2J", "\x1b]0;x\x07", "\r", "\r\n", "\t", "\x0b", "\x0c", "\u202e", "\u200b", "\ufeff", "\u00a0",
    "\ud7ff", "🙂", "日本語", "Пресс", "عربى", "é", "e\u0301", "\u2028", "\x85", "\\", "<", ">", "&", "&#0;",
    "&#x1b;", "&amp;", "]]>", "<!--", "-->",
]  # fmt: skip
TAGS = ["p", "div", "article", "main", "section", "h1", "h2", "span", "a", "b", "i", "li", "ul", "td", "tr", "table"]
VOID = ["br", "img src=x onerror=alert(1)", "meta charset=utf-8", "hr", "input"]
RAW = ["script", "style", "iframe src=javascript:alert(1)", "noscript", "svg", "math", "template", "textarea"]


def _text(rng: random.Random, length: int) -> str:
    parts: list[str] = []
    while len(parts) < length // 3:  # pieces average about three characters
        roll = rng.random()
        if roll < 0.70:
            parts.append(rng.choice(WORDS).capitalize() if rng.random() < 0.1 else rng.choice(WORDS))
            parts.append(" ")
        elif roll < 0.85:
            parts.append(rng.choice(PUNCTUATION))
        elif roll < 0.92:
            parts.append(rng.choice(["\n", "\n\n", "\n \n", "\n\n\n", "  ", "# ", "**", "- "]))
        elif roll < 0.97:
            parts.append(rng.choice(ODD))
        else:
            parts.append(chr(rng.randrange(0x20, 0x3000)))
    return "".join(parts)


def _html(rng: random.Random, length: int) -> str:
    body: list[str] = []
    open_tags: list[str] = []
    while len(body) < length // 20:
        roll = rng.random()
        if roll < 0.35:
            tag = rng.choice(TAGS)
            body.append(f"<{tag}>")
            open_tags.append(tag)
        elif roll < 0.55 and open_tags:
            body.append(f"</{open_tags.pop()}>")
        elif roll < 0.62:
            body.append(f"<{rng.choice(VOID)}>")
        elif roll < 0.67:
            raw = rng.choice(RAW)
            body.append(f"<{raw}>{_text(rng, 30)}</{raw.split()[0]}>")
        else:
            body.append(_text(rng, rng.randrange(5, 120)))
    if rng.random() < 0.7:
        body += [f"</{tag}>" for tag in reversed(open_tags)]
    head = rng.choice(["<!doctype html>", "<html>", "<!DOCTYPE html><html><head><title>T</title></head>", ""])
    return f"{head}<body>{''.join(body)}</body></html>"


def _bytes(rng: random.Random, length: int) -> bytes:
    roll = rng.random()
    if roll < 0.4:
        return rng.randbytes(length)
    text = _text(rng, length)
    if roll < 0.6:
        return text.encode("utf-16", errors="replace")
    if roll < 0.8:
        encoded = text.encode("utf-8", errors="replace")
        return encoded[: rng.randrange(len(encoded) + 1)]  # cut inside a character
    return b"\xef\xbb\xbf" + text.encode("utf-8", errors="replace").replace(b" ", b"\xff", 1)


def generated(count: int, seed: int) -> Iterator[tuple[int, str, bytes]]:
    """(index, kind, raw input): mostly short (parsing cost grows with length), a few up to 3,000 characters.

    HTML is a fifth of the inputs because each page costs trafilatura ~10 ms whatever its size.
    """
    rng = random.Random(seed)
    for index in range(count):
        length = rng.choices([rng.randrange(0, 100), rng.randrange(100, 400), rng.randrange(400, 3000)], [14, 5, 1])[0]
        kind = rng.choices(["text", "html", "bytes"], [45, 20, 35])[0]
        if kind == "text":
            yield index, kind, _text(rng, length).encode("utf-8", errors="surrogatepass")
        elif kind == "html":
            yield index, kind, _html(rng, length).encode("utf-8", errors="surrogatepass")
        else:
            yield index, kind, _bytes(rng, length)


class _TooSlow(BaseException):  # not Exception: library code that catches everything must not swallow it
    pass


def _within(seconds: float, run: Callable[[], object]) -> object:
    """Run with an alarm: a hang surfaces as _TooSlow instead of stalling the suite.

    A run that overstays is tried once more: the first page down some path of trafilatura loads data for
    seconds (once per process), which on a busy machine can pass the limit without any input being slow.
    """
    try:
        return _alarmed(seconds, run)
    except _TooSlow:
        return _alarmed(seconds, run)


def _alarmed(seconds: float, run: Callable[[], object]) -> object:

    def alarm(_signum: int, _frame: object) -> None:
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return run()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _from_stdin(raw: bytes, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    return read_article("-")


def test_fuzz_ingest_and_claims_never_crash_or_hang(nlp, monkeypatch):
    failures: list[str] = []
    outcomes = {"article": 0, "input error": 0, "claims": 0}
    started = time.monotonic()
    for index, _, raw in generated(INPUTS, SEED):
        try:
            article = _within(PER_INPUT_SECONDS, lambda raw=raw: _from_stdin(raw, monkeypatch))
            outcomes["article"] += 1
            claims = _within(PER_INPUT_SECONDS, lambda article=article: extract_claims(article, nlp))
            outcomes["claims"] += len(claims)
            assert all(article.body[c.start : c.end] == c.text for c in claims)
        except InputError as error:
            outcomes["input error"] += 1
            assert "\n" not in str(error).strip(), f"input {index}: a multi-line error"
        except _TooSlow:
            failures.append(f"input {index} (seed {SEED}): over {PER_INPUT_SECONDS} s: {raw[:80]!r}")
        except Exception as error:  # a traceback a user would see
            failures.append(f"input {index} (seed {SEED}): {type(error).__name__}: {error} from {raw[:80]!r}")
    elapsed = time.monotonic() - started
    print(f"fuzzed {INPUTS} inputs in {elapsed:.1f} s: {outcomes}")
    assert failures == []
    assert outcomes["article"] > INPUTS // 10 and outcomes["input error"] > INPUTS // 10  # both paths exercised


@pytest.mark.parametrize("command", ["claims", "check"])
def test_fuzz_cli_never_crashes(tmp_path, command):
    from typer.testing import CliRunner

    from contrast.cli import app

    runner = CliRunner()
    count = CLI_INPUTS if command == "claims" else CLI_INPUTS // 4
    for index, kind, raw in generated(count, SEED + 1):
        path = tmp_path / f"input{index}{'.html' if kind == 'html' else '.txt'}"
        path.write_bytes(raw)
        result = runner.invoke(app, [command, "--format", "json", str(path)], catch_exceptions=False)
        assert result.exit_code in (0, 2), f"input {index}: exit {result.exit_code}: {result.output[-500:]}"
        if result.exit_code == 2:
            error = result.stderr.strip()
            assert error.startswith("error: ") and "\n" not in error, f"input {index}: {error}"
            assert "\x1b" not in error
