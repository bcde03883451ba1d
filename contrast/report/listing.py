"""Listings: claims, stored articles and NLI probabilities as rows, in each output format the report has.

The dispute report has its own layout (`report.py`); everything else the CLI prints is a titled table, so
one renderer keeps `--format` meaning the same for every command.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass
from io import StringIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from contrast.report.render import Format
from contrast.report.terminal_text import escape_controls

DEFAULT_WIDTH = 100


@dataclass(frozen=True, slots=True)
class Emphasis:
    """A cell whose middle part is shown in bold: a claim inside its sentence."""

    before: str
    text: str
    after: str


Cell = str | Emphasis


@dataclass(frozen=True, slots=True)
class Listing:
    """A titled table for the text formats, and the data that JSON prints instead."""

    title: str
    columns: tuple[str, ...]
    rows: Sequence[Sequence[Cell]]
    data: object  # what --format json prints: the library's own objects as dicts, not the table
    note: str = ""
    ratios: tuple[int, ...] | None = None  # column widths relative to each other; else sized by content


def render_listing(listing: Listing, fmt: Format, *, width: int | None = None, styled: bool = False) -> str:
    """`styled` keeps bold for a terminal; plain text otherwise, so files and pipes hold no escape codes."""
    if fmt == Format.json:
        return json.dumps(listing.data, indent=2, ensure_ascii=False) + "\n"
    if fmt == Format.markdown:
        return _markdown(listing)
    if fmt == Format.html:
        return _html(listing)
    return _table(listing, width=width or DEFAULT_WIDTH, styled=styled)


def _table(listing: Listing, *, width: int, styled: bool) -> str:
    buffer = StringIO()
    console = Console(file=buffer, width=width, force_terminal=styled, highlight=False, emoji=False, markup=False)
    if not listing.rows:
        console.print(escape_controls(f"{listing.title}: {listing.note or 'nothing to show.'}"))
        return buffer.getvalue()
    table = Table(
        title=escape_controls(listing.title), title_justify="left", show_lines=True, expand=listing.ratios is not None
    )
    for column, ratio in zip(listing.columns, listing.ratios or [None] * len(listing.columns), strict=True):
        table.add_column(column, ratio=ratio, overflow="fold")
    for row in listing.rows:
        table.add_row(*(_rich(cell, styled=styled) for cell in row))
    console.print(table)
    if listing.note:
        console.print(listing.note)
    return buffer.getvalue()


def _rich(cell: Cell, *, styled: bool) -> Text:
    """Without a terminal, bold is lost: the claim is then marked as in Markdown, **like this**."""
    if isinstance(cell, Emphasis):
        text = cell.text if styled else f"**{cell.text}**"
        return Text.assemble(escape_controls(cell.before), (escape_controls(text), "bold"), escape_controls(cell.after))
    return Text(escape_controls(cell))


def _markdown(listing: Listing) -> str:
    lines = [f"# {_markdown_text(listing.title)}", ""]
    if listing.rows:
        lines += ["| " + " | ".join(listing.columns) + " |", "|" + "---|" * len(listing.columns)]
        lines += ["| " + " | ".join(_markdown_cell(cell) for cell in row) + " |" for row in listing.rows]
    else:
        lines.append(listing.note or "Nothing to show.")
    if listing.rows and listing.note:
        lines += ["", _markdown_text(listing.note)]
    return "\n".join(lines) + "\n"


def _markdown_cell(cell: Cell) -> str:
    if isinstance(cell, Emphasis):
        return f"{_markdown_text(cell.before)}**{_markdown_text(cell.text)}**{_markdown_text(cell.after)}"
    return _markdown_text(cell)


def _markdown_text(text: str) -> str:
    """Literal in Markdown: no cell breaks, bold, links, raw HTML or control characters."""
    escaped = escape_controls(text).replace("\\", "\\\\").replace("\n", " ")
    for char in "|*[]":
        escaped = escaped.replace(char, f"\\{char}")
    return html.escape(escaped, quote=False)


def _html(listing: Listing) -> str:
    head = "".join(f"<th>{html.escape(column)}</th>" for column in listing.columns)
    body = "\n".join("<tr>" + "".join(f"<td>{_html_cell(cell)}</td>" for cell in row) + "</tr>" for row in listing.rows)
    table = f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>" if listing.rows else ""
    note = f"<p>{html.escape(listing.note or ('' if listing.rows else 'Nothing to show.'))}</p>"
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(listing.title)}</title>\n"
        "<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;"
        "vertical-align:top}</style>\n</head>\n<body>\n"
        f"<h1>{html.escape(listing.title)}</h1>\n{table}\n{note}\n</body>\n</html>\n"
    )


def _html_cell(cell: Cell) -> str:
    if isinstance(cell, Emphasis):
        return f"{html.escape(cell.before)}<strong>{html.escape(cell.text)}</strong>{html.escape(cell.after)}"
    return html.escape(cell)
