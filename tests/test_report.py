from __future__ import annotations

import html
import json
import re

import pytest

from contrast.disputes import Dispute, DisputedPair, Side
from contrast.report.render import Format, as_json, headings, render

pytestmark = pytest.mark.slow

HOSTILE = (
    "The ministry said <script>alert(1)</script> troops | *all* [red]units[/red] had left the city on Monday. "
    "The governor denied that <script>alert(1)</script> troops | *all* [red]units[/red] had left the city on Monday."
)


def _plain(text: str, fmt: Format) -> str:
    """The words a reader sees, whitespace collapsed: tags stripped and entities decoded for HTML."""
    if fmt == Format.html:
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return " ".join(text.split())


def test_report_json_contract_keys(example_result):
    report = as_json(example_result)
    assert list(report) == ["schema_version", "articles", "claims", "disputes", "model", "timing"]
    assert report["schema_version"] == 3
    assert set(report["articles"][0]) == {"id", "path", "title", "outlet", "date"}
    assert {"id", "article", "text", "sentence", "start", "end", "source", "cue", "stance"} <= set(report["claims"][0])
    dispute = report["disputes"][0]
    assert list(dispute) == ["id", "fact", "score", "attributed", "sides", "pairs", "evidence"]
    assert [list(side) for side in dispute["sides"]] == [["sources", "stance", "claims"]] * 2
    assert list(dispute["pairs"][0]) == ["a", "b", "score", "relation", "why"]
    assert set(report["model"]) == {"nli", "precision", "embedder"}
    assert isinstance(report["timing"]["seconds"], float)


def test_report_json_timing_names_model_load_and_stages(example_result):
    timing = as_json(example_result)["timing"]
    assert list(timing) == ["seconds", "load", "read", "claims", "embed", "pairs", "nli", "disputes"]
    assert all(isinstance(seconds, float) for seconds in timing.values())
    stages = sum(timing.values()) - timing["seconds"] - timing["load"]
    assert stages <= timing["seconds"] + 0.01  # each stage is rounded to the millisecond


def test_report_json_pairs_run_from_side_a_to_side_b(example_result):
    report = json.loads(render(example_result, Format.json))
    ids = {claim["id"] for claim in report["claims"]}
    for dispute in report["disputes"]:
        side_a, side_b = dispute["sides"]
        assert {side_a["stance"], side_b["stance"]} <= {"asserts", "denies"}
        assert side_a["sources"] and side_b["sources"]
        assert set(side_a["claims"]) | set(side_b["claims"]) <= ids
        for pair in dispute["pairs"]:
            assert pair["a"] in side_a["claims"] and pair["b"] in side_b["claims"]
            assert pair["relation"] in ("contradiction", "denial", "dismissal")
            assert all(isinstance(reason, str) for reason in pair["why"])


def test_report_disputes_sorted_by_score_within_rank(example_result):
    attributed = [d.score for d in example_result.disputes if d.attributed]
    assert attributed == sorted(attributed, reverse=True)


@pytest.mark.parametrize("fmt", [Format.table, Format.markdown, Format.html])
def test_report_shows_side_a_against_side_b(example_result, fmt):
    text = _plain(render(example_result, fmt, width=80), fmt)
    position = 0
    for dispute in example_result.disputes:
        side_a, side_b = dispute.sides
        found_a = re.compile(rf"side A\W+{re.escape(side_a.sources[0])}", re.IGNORECASE).search(text, position)
        assert found_a, f"{dispute.id}: side A ({side_a.sources[0]}) missing"
        against = rf"against\W+(side B\W+)?{re.escape(side_b.sources[0])}"
        found_b = re.compile(against, re.IGNORECASE).search(text, found_a.end())
        assert found_b, f"{dispute.id}: 'against' side B ({side_b.sources[0]}) missing after side A"
        position = found_b.end()


@pytest.mark.parametrize(
    ("fmt", "row"),
    [
        (Format.table, "{a} ↔ {b} {relation} {score}"),
        (Format.markdown, r"\| {a} \(.*?\) \| {b} \(.*?\) \| {relation} \| {score} \|"),
        (Format.html, "{a} .*? {b} .*? {relation} {score} "),
    ],
)
def test_report_shows_each_scored_pair(example_result, fmt, row):
    text = _plain(render(example_result, fmt, width=80), fmt)
    for dispute in example_result.disputes:
        for pair in dispute.pairs:
            pattern = row.format(a=pair.a, b=pair.b, relation=pair.relation, score=f"{pair.score:.2f}")
            assert re.search(pattern, text), f"{dispute.id}: pair {pair.a} ↔ {pair.b} missing"
            # A narrow table wraps a reason among its neighbours' words; the pair's row is its place.
            assert fmt == Format.table or all(reason in text for reason in pair.why)


@pytest.mark.parametrize("fmt", [Format.table, Format.markdown, Format.html])
def test_report_says_a_dispute_is_not_a_verdict(example_result, fmt):
    text = _plain(render(example_result, fmt, width=80), fmt)
    assert "A dispute is not a verdict" in text and "does not decide who is right" in text
    assert f"dispute score {example_result.disputes[0].score:.2f}" in text.lower()


def test_report_html_heading_names_the_article(example_result):
    page = render(example_result, Format.html)
    heading = html.unescape(re.search(r"<h1>(.*?)</h1>", page, re.DOTALL).group(1))
    article = example_result.articles[0]
    assert article.title in heading and article.outlet in heading and article.date in heading


def test_report_table_fits_80_columns(example_result):
    text = render(example_result, Format.table, width=80)
    assert max(len(line.rstrip()) for line in text.splitlines()) <= 80
    assert all(f"{dispute.id}  " in text for dispute in example_result.disputes)


def test_report_headings_tell_disputes_on_one_fact_apart():
    def dispute(id: str, a: str, b: str) -> Dispute:
        sides = (Side((a,), "asserts", (f"{id}-a",)), Side((b,), "denies", (f"{id}-b",)))
        pair = DisputedPair(f"{id}-a", f"{id}-b", 0.9, "denial", ("denial cue: denied",))
        return Dispute(
            id=id, fact="whether troops left", score=0.9, attributed=True, sides=sides, pairs=(pair,), evidence=()
        )

    titles = headings([dispute("d1", "the army", "the mayor"), dispute("d2", "the army", "the governor")])
    assert titles == {
        "d1": "whether troops left (the army vs the mayor)",
        "d2": "whether troops left (the army vs the governor)",
    }


@pytest.fixture(scope="module")
def hostile_result(models, tmp_path_factory):
    from contrast.pipeline import check

    article = tmp_path_factory.mktemp("hostile") / "a.txt"
    article.write_text(HOSTILE, encoding="utf-8")
    return check([str(article)], models, min_score=0.0)


def test_report_html_escapes_article_text(hostile_result):
    page = render(hostile_result, Format.html)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.startswith("<!doctype html>")


def test_report_markdown_escapes_article_text(hostile_result):
    text = render(hostile_result, Format.markdown)
    assert hostile_result.disputes, "the hostile sentence must reach a dispute for this test to mean anything"
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "troops \\| \\*all\\*" in text


def test_report_table_keeps_rich_markup_in_article_text(hostile_result):
    text = render(hostile_result, Format.table, width=200)
    assert "units[/red]" in text and "<script>alert(1)</script>" in text


def test_report_html_highlights_disputed_spans(example_result):
    page = render(example_result, Format.html)
    assert page.count("<mark ") >= 2


def test_report_markdown_names_sources(example_result):
    text = render(example_result, Format.markdown)
    assert text.startswith("# Disputed claims in ")
    assert example_result.disputes
    assert all(source in text for d in example_result.disputes for side in d.sides for source in side.sources)


@pytest.fixture(scope="module")
def two_article_result(models):
    from contrast.pipeline import check

    from .conftest import ROOT

    paths = [ROOT / "data" / "corpus" / "constructed-baku-defense-ministry.md"]
    paths.append(ROOT / "data" / "new" / "constructed-stepanakert-statement.md")
    return check([str(path) for path in paths], models, min_score=0.0)


@pytest.mark.parametrize("fmt", [Format.markdown, Format.table, Format.html])
def test_report_names_each_claims_article_when_there_are_several(two_article_result, fmt):
    text = html.unescape(render(two_article_result, fmt, width=400))
    assert "article" in text
    for article in two_article_result.articles:
        assert f"{article.title} — {article.outlet}, {article.date}" in text


def test_report_shows_the_claim_inside_its_sentence(two_article_result):
    text = render(two_article_result, Format.markdown)
    cited = {claim_id for d in two_article_result.disputes for p in d.pairs for claim_id in (p.a, p.b)}
    claim = next(c for c in two_article_result.claims if c.id in cited and c.sentence != c.text)
    before, found, after = claim.sentence.partition(claim.text)
    assert found and f"{before}**{claim.text}**{after}" in text


def test_report_single_article_has_no_article_column(example_result):
    assert " article |" not in render(example_result, Format.markdown)


CONTROLS = "\x1b[2J\x1b]0;pwned\x07\u202e"


@pytest.fixture(scope="module")
def controls_result():
    """One dispute whose every piece of outside text carries terminal escapes and a bidi override."""
    from contrast.attribution import Claim
    from contrast.disputes import Dispute, DisputedPair, Side
    from contrast.ingest import Article, Paragraph
    from contrast.pipeline import CheckResult

    body = f"The army{CONTROLS} said the town was shelled. Officials said the town was not shelled."
    article = Article("a1", f"story{CONTROLS}.txt", f"Title{CONTROLS}", "Outlet", None, None, body, (Paragraph(0, 80),))
    claims = tuple(
        Claim(
            f"a1-c{n}",
            "a1",
            text,
            body,
            body.index(text),
            body.index(text) + len(text),
            source,
            "said",
            "asserts",
            text,
            True,
            source,
        )
        for n, (text, source) in enumerate(
            [("the town was shelled", f"army{CONTROLS}"), ("the town was not shelled", "officials")], 1
        )
    )
    dispute = Dispute(
        "d1",
        f"shelling{CONTROLS}",
        0.9,
        True,
        (Side((f"army{CONTROLS}",), "asserts", ("a1-c1",)), Side(("officials",), "denies", ("a1-c2",))),
        (DisputedPair("a1-c1", "a1-c2", 0.9, "contradiction"),),
        (),
    )
    return CheckResult((article,), claims, (dispute,), "nli", "fp32", "embedder", 0.1)


@pytest.mark.parametrize("fmt", [Format.table, Format.markdown])
def test_report_escapes_control_characters(controls_result, fmt):
    text = render(controls_result, fmt, width=200)
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "x1b" in text
