"""Report: one CheckResult rendered as a terminal table, Markdown, JSON or a standalone HTML page.

Every format shows each dispute the same way, so a reader sees who says what against whom: the fact,
its dispute score, side A (sources, stance, claims in their sentences) against side B, then the
scored pairs between the two sides and why each pair cannot hold together.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict
from enum import StrEnum
from importlib.resources import files
from io import StringIO
from typing import TYPE_CHECKING

from jinja2 import Environment, select_autoescape
from rich import box
from rich.console import Console
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from contrast.report.terminal_text import escape_controls

if TYPE_CHECKING:
    from contrast.attribution import Claim
    from contrast.disputes import Dispute, DisputedPair, Side
    from contrast.ingest import Article
    from contrast.pipeline import CheckResult

SCHEMA_VERSION = 3
ARTICLE_FIELDS = ("id", "path", "title", "outlet", "date")
SIDE_NAMES = ("A", "B")
NOT_A_VERDICT = (
    "A dispute is not a verdict: contrast shows who claims what against whom; it does not decide who is right."
)
SCORE_MEANING = (
    "The dispute score is the strength of the link that puts the two sides against each other (NLI or similarity)."
)
# A heading that names more sources than this lists the first ones and counts the rest.
HEADING_SOURCES = 2


class Format(StrEnum):
    table = "table"
    markdown = "markdown"
    json = "json"
    html = "html"


def render(result: CheckResult, fmt: Format, *, width: int | None = None) -> str:
    """`width` sizes the table (None: the terminal's, else 80 columns); the other formats ignore it."""
    return {
        Format.table: lambda r, **kw: escape_controls(_table(r, **kw)),
        Format.markdown: _markdown,
        Format.json: lambda r, **_: json.dumps(as_json(r), indent=2, ensure_ascii=False) + "\n",
        Format.html: _html,
    }[fmt](result, width=width)


def as_json(result: CheckResult) -> dict:
    """The stable JSON contract (schema_version 3), documented in the README."""
    return {
        "schema_version": SCHEMA_VERSION,
        "articles": [{key: getattr(article, key) for key in ARTICLE_FIELDS} for article in result.articles],
        "claims": [asdict(claim) for claim in result.claims],
        "disputes": [asdict(dispute) for dispute in result.disputes],
        "model": {"nli": result.nli_model, "precision": result.nli_precision, "embedder": result.embedder},
        "timing": {"seconds": result.seconds, **result.timing},
    }


def headings(disputes: Sequence[Dispute]) -> dict[str, str]:
    """One heading per dispute id; a fact that several disputes share gets their sides' sources appended.

    Upstream should not report one fact twice; until it never does, no two headings read alike.
    """
    repeated = Counter(dispute.fact for dispute in disputes)
    return {
        dispute.id: (
            f"{dispute.fact} ({' vs '.join(_few(side.sources) for side in dispute.sides)})"
            if repeated[dispute.fact] > 1
            else dispute.fact
        )
        for dispute in disputes
    }


def _few(sources: Sequence[str]) -> str:
    shown = ", ".join(sources[:HEADING_SOURCES])
    return f"{shown} and {len(sources) - HEADING_SOURCES} more" if len(sources) > HEADING_SOURCES else shown


def in_sentence(claim: Claim) -> tuple[str, str, str]:
    """The evidence sentence split around the claim's words: (before, claim, after)."""
    before, found, after = claim.sentence.partition(claim.text)
    return (before, found, after) if found else ("", claim.text, "")


def _sides(dispute: Dispute) -> list[tuple[str, Side]]:
    return list(zip(SIDE_NAMES, dispute.sides, strict=True))


def _who(side: Side) -> str:
    return ", ".join(side.sources)


def _stance(claim: Claim) -> str:
    return f"{claim.stance} ({claim.cue})" if claim.cue else claim.stance


def _why(pair: DisputedPair, sep: str = "; ") -> str:
    return sep.join(pair.why)


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


def _title(result: CheckResult) -> str:
    return "Disputed claims in " + "; ".join(_describe(article) for article in result.articles)


def _summary(result: CheckResult) -> str:
    return f"{len(result.disputes)} dispute(s) among {len(result.claims)} claims."


def _table(result: CheckResult, *, width: int | None = None) -> str:
    """Rich tables that wrap inside `width`: the claim column takes what the narrow ones leave."""
    buffer = StringIO()
    console = Console(file=buffer, width=width, force_terminal=False, highlight=False, emoji=False)
    console.print(Text(_title(result), style="bold"))
    if not result.disputes:
        console.print(f"No disputed claims found in {len(result.articles)} article(s), {len(result.claims)} claims.")
        return buffer.getvalue()
    console.print(Text(f"{_summary(result)} {SCORE_MEANING} {NOT_A_VERDICT}"))
    claims = _claims_by_id(result)
    articles = _provenance(result)
    titles = headings(result.disputes)
    for dispute in result.disputes:
        console.print(Rule(style="dim"), Text(f"{dispute.id}  {titles[dispute.id]}", style="bold"))
        console.print(f"dispute score {dispute.score:.2f}", "", sep="\n")
        console.print(_sides_table(dispute, claims, articles), "", _pairs_table(dispute, claims), "", sep="\n")
    return buffer.getvalue()


def _sides_table(dispute: Dispute, claims: dict[str, Claim], articles: dict[str, str] | None) -> Table:
    table = Table(box=box.SIMPLE, expand=True, show_header=False, show_edge=False, pad_edge=False)
    table.add_column("side", no_wrap=True)
    table.add_column("claim, in its sentence", ratio=1)
    for index, (name, side) in enumerate(_sides(dispute)):
        label = f"side {name}" if index == 0 else f"against\nside {name}"
        table.add_row(Text(label, style="bold"), Text(f"{_who(side)} — {side.stance}", style="bold"))
        for claim_id in side.claims:
            claim = claims[claim_id]
            before, text, after = in_sentence(claim)
            about = f"{claim.source}, {_stance(claim)}" + (f"; article: {articles[claim.article]}" if articles else "")
            # The markers keep the claim visible where the terminal shows no bold (a pipe, a file).
            sentence = Text.assemble(before, (f"«{text}»", "bold"), after, "\n", (about, "italic"))
            table.add_row(claim.id, sentence)
        table.add_section()
    return table


def _pairs_table(dispute: Dispute, claims: dict[str, Claim]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False, show_lines=True, pad_edge=False)
    table.add_column(f"pair: side {SIDE_NAMES[0]} ↔ side {SIDE_NAMES[1]}", ratio=1)
    table.add_column("relation", no_wrap=True)
    table.add_column("score", no_wrap=True, justify="right")
    table.add_column("why", ratio=1)
    for pair in dispute.pairs:
        ids = f"{pair.a} ↔ {pair.b}\n"
        who = f"{claims[pair.a].source} ↔ {claims[pair.b].source}"
        row = Text.assemble(ids, (who, "italic")), pair.relation, f"{pair.score:.2f}", Text(_why(pair, "\n"))
        table.add_row(*row)
    return table


def _markdown(result: CheckResult, **_: object) -> str:
    claims = _claims_by_id(result)
    articles = _provenance(result)
    titles = headings(result.disputes)
    lines = [f"# {_markdown_cell(_title(result))}", ""]
    if not result.disputes:
        lines.append("No disputed claims found.")
    else:
        lines += [f"{_summary(result)} {SCORE_MEANING} {NOT_A_VERDICT}", ""]
    for dispute in result.disputes:
        lines += [f"## {dispute.id}: {_markdown_cell(titles[dispute.id])}", ""]
        lines += [f"Dispute score {dispute.score:.2f}.", ""]
        for index, (name, side) in enumerate(_sides(dispute)):
            lines += _markdown_side(f"against side {name}" if index else f"Side {name}", side, claims, articles)
        lines += ["Pairs:", "", "| side A claim | side B claim | relation | score | why |", "|---|---|---|---|---|"]
        for pair in dispute.pairs:
            a, b = (f"{claim_id} ({_markdown_cell(claims[claim_id].source)})" for claim_id in (pair.a, pair.b))
            lines.append(f"| {a} | {b} | {pair.relation} | {pair.score:.2f} | {_markdown_cell(_why(pair))} |")
        lines.append("")
    return "\n".join(lines) + "\n"


def _markdown_side(label: str, side: Side, claims: dict[str, Claim], articles: dict[str, str] | None) -> list[str]:
    lines = [
        f"**{label}: {_markdown_cell(_who(side))}** ({side.stance})",
        "",
        "| claim | source | claim (bold) in its sentence | stance |" + (" article |" if articles else ""),
        "|---|---|---|---|" + ("---|" if articles else ""),
    ]
    for claim_id in side.claims:
        claim = claims[claim_id]
        before, text, after = (_markdown_cell(part) for part in in_sentence(claim))
        cells = [claim.id, _markdown_cell(claim.source), f"{before}**{text}**{after}", _markdown_cell(_stance(claim))]
        cells += [_markdown_cell(articles[claim.article])] if articles else []
        lines.append(f"| {' | '.join(cells)} |")
    return [*lines, ""]


def _markdown_cell(text: str) -> str:
    """Article text made inert in Markdown: no cell breaks, emphasis, code, links, raw HTML or control characters.

    Every piece of article text in the Markdown report passes through here, so one hook escapes it all.
    """
    escaped = escape_controls(text).replace("\\", "\\\\")
    for char in "|*_`[]":
        escaped = escaped.replace(char, f"\\{char}")
    return html.escape(escaped, quote=False)


def _html(result: CheckResult, **_: object) -> str:
    environment = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    template = environment.from_string(
        files("contrast.report").joinpath("templates", "report.html.j2").read_text(encoding="utf-8")
    )
    claims = _claims_by_id(result)
    disputed = {claim_id for d in result.disputes for side in d.sides for claim_id in side.claims}
    bodies = {
        article.id: _highlight(article, [c for c in result.claims if c.article == article.id and c.id in disputed])
        for article in result.articles
    }
    return template.render(
        result=result,
        title=_title(result),
        summary=_summary(result),
        score_meaning=SCORE_MEANING,
        not_a_verdict=NOT_A_VERDICT,
        headings=headings(result.disputes),
        claims=claims,
        bodies=bodies,
        articles=_provenance(result),
        sides=_sides,
        who=_who,
        stance=_stance,
        why=_why,
        in_sentence=in_sentence,
    )


def _highlight(article: Article, claims: list[Claim]) -> list[str]:
    """Escaped paragraphs of the article, each disputed claim span wrapped in <mark>."""
    out: list[str] = []
    ordered = sorted(claims, key=lambda c: c.start)
    spans = [(paragraph.start, paragraph.end) for paragraph in article.paragraphs] or [(0, len(article.body))]
    for start, end in spans:
        parts, position = [], start
        for claim in ordered:
            if claim.start < position or claim.end > end:
                continue
            parts += [
                html.escape(article.body[position : claim.start]),
                f'<mark id="{html.escape(claim.id)}" title="{html.escape(claim.source)}">',
                html.escape(article.body[claim.start : claim.end]),
                "</mark>",
            ]
            position = claim.end
        parts.append(html.escape(article.body[position:end]))
        out.append("".join(parts))
    return out
