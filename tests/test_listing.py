from __future__ import annotations

import json

import pytest
from rich.cells import cell_len

from contrast.report.listing import Emphasis, Listing, render_listing
from contrast.report.render import Format

LISTING = Listing(
    title="Claims: a | b",
    columns=("id", "source", "claim (bold) in its sentence"),
    rows=[
        ("a1-c1", "the mayor", Emphasis("The mayor said ", "the *bridge* was closed", " on Monday <early>.")),
        ("a1-c2", "police", "x" * 300),
    ],
    data={"claims": ["a1-c1", "a1-c2"]},
)


@pytest.mark.parametrize("width", [40, 80, 120])
def test_listing_table_fits_the_width(width):
    text = render_listing(LISTING, Format.table, width=width)
    assert max(cell_len(line) for line in text.splitlines()) <= width
    assert "x" * 10 in text and "…" not in text  # folded, never cut


def test_listing_table_keeps_the_claim_marked_inside_its_sentence():
    plain = render_listing(LISTING, Format.table, width=200)
    assert "The mayor said **the *bridge* was closed** on Monday <early>." in plain
    styled = render_listing(LISTING, Format.table, width=200, styled=True)
    assert "\x1b[1mthe *bridge* was closed\x1b[0m" in styled


def test_listing_markdown_escapes_and_bolds():
    text = render_listing(LISTING, Format.markdown)
    assert text.splitlines()[0] == "# Claims: a \\| b"
    assert "| The mayor said **the \\*bridge\\* was closed** on Monday &lt;early&gt;. |" in text


def test_listing_html_escapes_and_bolds():
    text = render_listing(LISTING, Format.html)
    assert text.startswith("<!doctype html>")
    assert "<strong>the *bridge* was closed</strong> on Monday &lt;early&gt;." in text


def test_listing_json_is_the_data_not_the_table():
    assert json.loads(render_listing(LISTING, Format.json)) == {"claims": ["a1-c1", "a1-c2"]}


@pytest.mark.parametrize("fmt", list(Format))
def test_listing_empty_says_so(fmt):
    empty = Listing(title="Articles", columns=("id",), rows=[], data=[], note="no articles yet.")
    text = render_listing(empty, fmt)
    assert ("no articles yet." in text) or json.loads(text) == []
