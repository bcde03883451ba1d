from __future__ import annotations

import functools
import http.server
import io
import os
import threading

import pytest

from contrast.errors import InputError
from contrast.ingest import from_text, read_article
from contrast.ingest.fetch import FetchLimits

from .conftest import EXAMPLE

LOCAL = FetchLimits(timeout=5, allow_private=True)


def test_ingest_example_metadata(example_article):
    assert (
        example_article.title == "Azerbaijan anti-terror operation in Nagorno-Karabakh escalates tensions with Armenia"
    )
    assert (example_article.place, example_article.date, example_article.outlet) == ("Baku/Tbilisi", "Sep 19", "EFE")


@pytest.mark.parametrize("furniture", ["Conflicts & War", "Related Articles", "Back to top button"])
def test_ingest_strips_page_furniture(example_article, furniture):
    assert furniture not in example_article.body


def test_ingest_body_starts_after_dateline(example_article):
    assert example_article.body.startswith("Azerbaijan launched “anti-terrorist activities”")


def test_ingest_paragraph_offsets_slice_body(example_article):
    texts = [example_article.body[p.start : p.end] for p in example_article.paragraphs]
    assert texts[1].startswith("The Azerbaijani operation")
    assert all(text and "\n" not in text for text in texts)


@pytest.mark.parametrize(
    "line",
    ["Share this article", "Subscribe to our newsletter", "Follow us on Twitter", "Advertisement", "Read more"],
)
def test_ingest_furniture_lines_anywhere(line):
    article = from_text(
        f"Headline here\n\nThe minister said the talks had failed on Monday.\n\n{line}\n\n"
        "Officials said the border would stay closed until further notice."
    )
    assert line not in article.body
    assert "border would stay closed" in article.body


@pytest.mark.parametrize(
    ("dateline", "place", "date", "outlet"),
    [
        ("WASHINGTON, March 3 (Reuters) - ", "WASHINGTON", "March 3", "Reuters"),
        ("LONDON (AP) — ", "LONDON", None, "AP"),
        ("KYIV, Ukraine (AP) — ", "KYIV, Ukraine", None, "AP"),
        ("Kyiv, Feb 24, 2022 (AFP).- ", "Kyiv", "Feb 24, 2022", "AFP"),
    ],
)
def test_ingest_datelines(dateline, place, date, outlet):
    article = from_text(f"{dateline}The ministry said the ceasefire held overnight across the whole front line.")
    assert (article.place, article.date, article.outlet) == (place, date, outlet)
    assert article.body.startswith("The ministry said")


def test_ingest_markdown_heading_is_title():
    article = from_text("# Talks collapse\n\nThe **minister** said the talks had failed and that both sides left.")
    assert article.title == "Talks collapse"
    assert article.body == "The minister said the talks had failed and that both sides left."


def test_ingest_html_file(tmp_path):
    page = tmp_path / "page.html"
    paragraphs = "".join(
        f"<p>The ministry said on Tuesday that the convoy number {n} had reached the city of Kherson safely.</p>"
        for n in range(6)
    )
    page.write_text(
        f"<html><head><title>Convoy arrives</title></head><body><nav>Home | World</nav>"
        f"<article><h1>Convoy arrives</h1>{paragraphs}</article>"
        "<footer>Back to top button</footer></body></html>",
        encoding="utf-8",
    )
    article = read_article(str(page))
    assert article.title == "Convoy arrives"
    assert "convoy number 5 had reached" in article.body
    assert "Back to top" not in article.body
    assert "<p>" not in article.body
    assert len(article.paragraphs) == 6


def test_ingest_single_newlines_are_paragraphs(tmp_path):
    """Pasted pages and extracted HTML have no blank lines; headline, dateline and furniture still count."""
    text = EXAMPLE.read_text(encoding="utf-8")
    squeezed = tmp_path / "squeezed.txt"
    squeezed.write_text("\n".join(line for line in text.splitlines() if line.strip()), encoding="utf-8")
    original, recovered = read_article(str(EXAMPLE)), read_article(str(squeezed))
    assert (recovered.title, recovered.outlet, recovered.date) == (original.title, original.outlet, original.date)
    assert recovered.body == original.body
    assert len(recovered.paragraphs) > 10


def test_ingest_hard_wrapped_lines_stay_one_paragraph():
    article = from_text("The ministry said the talks had failed\nand that both sides had left the room.")
    assert len(article.paragraphs) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the article is empty"),
        (b"\x00\x01\x02binary", "is a binary file"),
        (
            "Der Minister sagte, die Gespräche seien gescheitert und beide Seiten den Saal verlassen.".encode(),
            "does not look like English",
        ),
    ],
)
def test_ingest_rejects_bad_input(tmp_path, content, message):
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_article(str(path))


def test_ingest_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_article(str(tmp_path / "missing.txt"))


def test_ingest_directory(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        read_article(str(tmp_path))


def test_ingest_unreachable_url():
    with pytest.raises(InputError, match="cannot fetch it"):
        read_article("http://127.0.0.1:9/article", limits=LOCAL)


def test_ingest_content_hash_is_stable():
    assert read_article(str(EXAMPLE)).content_hash == read_article(str(EXAMPLE)).content_hash


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site(tmp_path):
    """A local web server over tmp_path; yields its base URL."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(tmp_path))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_ingest_url_fetches_page(tmp_path, site):
    paragraphs = "".join(
        f"<p>The ministry said on Tuesday that convoy number {n} had reached the city of Kherson safely.</p>"
        for n in range(6)
    )
    (tmp_path / "story.html").write_text(
        f"<html><head><title>Convoy arrives</title></head><body><article><h1>Convoy arrives</h1>{paragraphs}"
        "</article></body></html>",
        encoding="utf-8",
    )
    article = read_article(f"{site}/story.html", limits=LOCAL)
    assert article.title == "Convoy arrives"
    assert "convoy number 5 had reached the city of Kherson" in article.body


def test_ingest_url_not_found(site):
    with pytest.raises(InputError, match="the server answered 404"):
        read_article(f"{site}/missing-story.html", limits=LOCAL)


def test_ingest_refuses_fifo_without_blocking(tmp_path):
    fifo = tmp_path / "article.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="is not a regular file"):
        read_article(str(fifo))


def test_ingest_refuses_device():
    with pytest.raises(InputError, match="is not a regular file"):
        read_article("/dev/zero")


@pytest.mark.parametrize(
    ("limits", "max_chars", "message"),
    [
        (FetchLimits(max_decoded_bytes=1000), 10**6, r"is over 1,000 bytes; .*raise --max-page-bytes"),
        (FetchLimits(), 1000, r"holds 2,\d{3} characters, over the 1,000 limit; split it or raise --max-chars"),
    ],
    ids=["bytes", "characters"],
)
def test_ingest_size_caps(tmp_path, limits, max_chars, message):
    path = tmp_path / "article.txt"
    path.write_text("The minister said the talks had failed. " * 60, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_article(str(path), limits=limits, max_chars=max_chars)


def test_ingest_stdin_is_capped(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"x" * 2000)))
    with pytest.raises(InputError, match="<stdin> is over 1,000 bytes"):
        read_article("-", limits=FetchLimits(max_decoded_bytes=1000))


@pytest.mark.parametrize(
    "text",
    [
        "外交部发言人表示，谈判已经破裂。\n\n双方都指责对方违反了停火协议。",
        "Пресс-секретарь заявил, что переговоры провалились.\n\nОбе стороны обвинили друг друга.",
    ],
    ids=["chinese", "russian"],
)
def test_ingest_other_languages_are_not_english_rather_than_empty(tmp_path, text):
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="does not look like English"):
        read_article(str(path))


@pytest.mark.parametrize(
    "headline",
    ["Raven Symone Files Molestation Charges Against Bill Cosby.", "Saudi Arabia outlaws ‘tempting eyes’."],
)
def test_ingest_headline_is_english_without_function_words(headline):
    assert from_text(headline).body == headline
