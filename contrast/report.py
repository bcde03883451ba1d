"""Report: one CheckResult rendered as a terminal table, Markdown, JSON or a standalone HTML page."""

from __future__ import annotations

import html
import json
from dataclasses import asdict
from enum import StrEnum
from importlib.resources import files
from io import StringIO
from typing import TYPE_CHECKING

from jinja2 import Environment, select_autoescape
from rich.console import Console
from rich.table import Table
from rich.text import Text

from contrast.terminal_text import escape_controls, markdown_text

if TYPE_CHECKING:
    from contrast.check import CheckResult
    from contrast.claims import Claim
    from contrast.disputes import Dispute
    from contrast.ingest import Article

SCHEMA_VERSION = 1
ARTICLE_FIELDS = ("id", "path", "title", "outlet", "date")


class Format(StrEnum):
    table = "table"
    markdown = "markdown"
    json = "json"
    html = "html"


def render(result: CheckResult, fmt: Format, *, width: int | None = None) -> str:
    return {
        Format.table: lambda r, **kw: escape_controls(_table(r, **kw)),
        Format.markdown: _markdown,
        Format.json: lambda r, **_: json.dumps(as_json(r), indent=2, ensure_ascii=False) + "\n",
        Format.html: _html,
    }[fmt](result, width=width)


def as_json(result: CheckResult) -> dict:
    """The stable JSON contract (schema_version 1), documented in the README."""
    return {
        "schema_version": SCHEMA_VERSION,
        "articles": [{key: getattr(article, key) for key in ARTICLE_FIELDS} for article in result.articles],
        "claims": [asdict(claim) for claim in result.claims],
        "disputes": [asdict(dispute) for dispute in result.disputes],
        "model": {"nli": result.nli_model, "precision": result.nli_precision, "embedder": result.embedder},
        "timing": {"seconds": result.seconds},
    }


def _claims_by_id(result: CheckResult) -> dict[str, Claim]:
    return {claim.id: claim for claim in result.claims}


def _provenance(result: CheckResult) -> dict[str, str] | None:
    """ "title — outlet, date" per article id, when claims come from more than one article."""
    if len(result.articles) < 2:
        return None
    return {article.id: _describe(article) for article in result.articles}


def _describe(article: Article) -> str:
    details = ", ".join(part for part in (article.outlet, article.date) if part)
    title = article.title or article.path
    return f"{title} — {details}" if details else title


def in_sentence(claim: Claim) -> tuple[str, str, str]:
    """The evidence sentence split around the claim's words: (before, claim, after)."""
    before, found, after = claim.sentence.partition(claim.text)
    return (before, found, after) if found else ("", claim.text, "")


def _table(result: CheckResult, *, width: int | None = None) -> str:
    claims = _claims_by_id(result)
    buffer = StringIO()
    console = Console(file=buffer, width=width or 120, force_terminal=False, highlight=False)
    if not result.disputes:
        console.print(f"No disputed claims found in {len(result.articles)} article(s), {len(result.claims)} claims.")
        return buffer.getvalue()
    articles = _provenance(result)
    for dispute in result.disputes:
        table = Table(
            title=f"{dispute.id}  {dispute.fact}  (score {dispute.score:.2f})",
            title_justify="left",
            show_lines=True,
            expand=True,
        )
        table.add_column("source", ratio=1, style="bold")
        table.add_column("claim, in its sentence", ratio=4)
        table.add_column("stance", ratio=1)
        if articles:
            table.add_column("article", ratio=2)
        for side in dispute.sides:
            for claim_id in side.claims:
                claim = claims[claim_id]
                before, text, after = in_sentence(claim)
                row = [", ".join(side.sources), Text.assemble(before, (text, "bold"), after), _stance(claim)]
                table.add_row(*row, *([articles[claim.article]] if articles else []))
        console.print(table)
        console.print(f"  pairs: {_pairs(dispute)}\n")
    return buffer.getvalue()


def _pairs(dispute: Dispute) -> str:
    return ", ".join(f"{p.a} ↔ {p.b} {p.relation} {p.score:.2f}" for p in dispute.pairs)


def _stance(claim: Claim) -> str:
    return f"{claim.stance} ({claim.cue})" if claim.cue else claim.stance


def _markdown(result: CheckResult, **_: object) -> str:
    claims = _claims_by_id(result)
    articles = _provenance(result)
    titles = ", ".join(_markdown_cell(article.title or article.path) for article in result.articles)
    lines = [f"# Disputed claims: {titles}", ""]
    if not result.disputes:
        lines.append("No disputed claims found.")
    for dispute in result.disputes:
        lines += [
            f"## {dispute.id}: {_markdown_cell(dispute.fact)}",
            "",
            f"Score {dispute.score:.2f}.",
            "",
            "| claim | source | claim (bold) in its sentence | stance |" + (" article |" if articles else ""),
            "|---|---|---|---|" + ("---|" if articles else ""),
        ]
        for side in dispute.sides:
            for claim_id in side.claims:
                claim = claims[claim_id]
                before, text, after = (_markdown_cell(part) for part in in_sentence(claim))
                sources, stance = _markdown_cell(", ".join(side.sources)), _markdown_cell(_stance(claim))
                row = f"| {claim_id} | {sources} | {before}**{text}**{after} | {stance} |"
                lines.append(row + (f" {_markdown_cell(articles[claim.article])} |" if articles else ""))
        lines += ["", f"Pairs: {_pairs(dispute)}."]
        if any(p.relation == "denial" for p in dispute.pairs):
            lines.append("A denial pair: one side denies what the other's claim entails.")
        lines.append("")
    return "\n".join(lines) + "\n"


def _markdown_cell(text: str) -> str:
    return markdown_text(text)


def _html(result: CheckResult, **_: object) -> str:
    environment = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    template = environment.from_string(files("contrast").joinpath("report.html.j2").read_text(encoding="utf-8"))
    claims = _claims_by_id(result)
    disputed = {claim_id for d in result.disputes for side in d.sides for claim_id in side.claims}
    bodies = {
        article.id: _highlight(article.body, [c for c in result.claims if c.article == article.id and c.id in disputed])
        for article in result.articles
    }
    return template.render(
        result=result, claims=claims, bodies=bodies, articles=_provenance(result), in_sentence=in_sentence
    )


def _highlight(body: str, claims: list[Claim]) -> str:
    """Escaped article text with each disputed claim span wrapped in <mark>."""
    out, position = [], 0
    for claim in sorted(claims, key=lambda c: c.start):
        if claim.start < position:
            continue
        out += [
            html.escape(body[position : claim.start]),
            f'<mark id="{html.escape(claim.id)}" title="{html.escape(claim.source)}">',
            html.escape(body[claim.start : claim.end]),
            "</mark>",
        ]
        position = claim.end
    out.append(html.escape(body[position:]))
    return "".join(out).replace("\n\n", "</p>\n<p>")
