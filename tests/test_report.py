from __future__ import annotations

import html
import json

import pytest

from contrast.report import Format, as_json, render

pytestmark = pytest.mark.slow


def test_report_json_contract_keys(example_result):
    report = as_json(example_result)
    assert list(report) == ["schema_version", "articles", "claims", "disputes", "model", "timing"]
    assert report["schema_version"] == 1
    assert set(report["articles"][0]) == {"id", "path", "title", "outlet", "date"}
    assert {"id", "article", "text", "sentence", "start", "end", "source", "cue", "stance"} <= set(report["claims"][0])
    dispute = report["disputes"][0]
    assert {"id", "fact", "score", "pairs"} <= set(dispute)
    assert set(dispute["pairs"][0]) == {"a", "b", "score", "relation"}
    assert set(report["model"]) == {"nli", "precision", "embedder"}
    assert isinstance(report["timing"]["seconds"], float)


def test_report_json_timing_names_model_load_and_stages(example_result):
    timing = as_json(example_result)["timing"]
    assert list(timing) == ["seconds", "load", "read", "claims", "embed", "pairs", "nli", "disputes"]
    assert all(isinstance(seconds, float) for seconds in timing.values())
    stages = sum(timing.values()) - timing["seconds"] - timing["load"]
    assert stages <= timing["seconds"] + 0.01  # each stage is rounded to milliseconds


def test_report_json_pairs_reference_reported_claims(example_result):
    report = json.loads(render(example_result, Format.json))
    ids = {claim["id"] for claim in report["claims"]}
    assert all(p["a"] in ids and p["b"] in ids for d in report["disputes"] for p in d["pairs"])
    assert all(p["relation"] in ("contradiction", "denial") for d in report["disputes"] for p in d["pairs"])


def test_report_disputes_sorted_by_score_within_rank(example_result):
    attributed = [d.score for d in example_result.disputes if d.attributed]
    assert attributed == sorted(attributed, reverse=True)


def test_report_html_escapes_article_text(models, tmp_path):
    from contrast.check import check

    article = tmp_path / "a.txt"
    article.write_text(
        "The ministry said <script>alert(1)</script> troops had left the city on Monday. "
        "The governor said troops had not left the city on Monday.",
        encoding="utf-8",
    )
    page = render(check([str(article)], models, min_score=0.0), Format.html)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.startswith("<!doctype html>")


def test_report_html_highlights_disputed_spans(example_result):
    page = render(example_result, Format.html)
    assert page.count("<mark ") >= 2


def test_report_markdown_names_sources(example_result):
    text = render(example_result, Format.markdown)
    assert text.startswith("# Disputed claims:")
    assert "Armenian defense ministry" in text
    first = example_result.disputes[0]
    assert f"| {first.pairs[0].a} |" in text and f"{first.pairs[0].a} ↔ {first.pairs[0].b}" in text


def test_report_table_shows_each_dispute(example_result):
    text = render(example_result, Format.table, width=160)
    assert all(dispute.id in text for dispute in example_result.disputes)


@pytest.fixture(scope="module")
def two_article_result(models):
    from contrast.check import check

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
    claim = next(c for c in two_article_result.claims if c.attributed and c.sentence != c.text)
    before, found, after = claim.sentence.partition(claim.text)
    assert found and f"{before}**{claim.text}**{after}" in text


def test_report_single_article_has_no_article_column(example_result):
    assert " article |" not in render(example_result, Format.markdown)
