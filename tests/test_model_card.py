from __future__ import annotations

import json

import pytest

from contrast.training.card import BENCHMARK_FILE, CARD_FILE, NEWS_BENCHMARK_FILE, render_model_card
from contrast.training.record import RECORD_FILE

from .conftest import ROOT

MODEL = ROOT / "models" / "contrast-nli-minilm-l6"


@pytest.fixture(scope="module")
def record() -> dict:
    return json.loads((MODEL / RECORD_FILE).read_text(encoding="utf-8"))


def _benchmark():
    path = MODEL / BENCHMARK_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _news():
    path = MODEL / NEWS_BENCHMARK_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def test_model_card_is_rendered_from_the_record(record):
    assert (MODEL / CARD_FILE).read_text(encoding="utf-8") == render_model_card(record, _benchmark(), _news())


def test_model_card_shows_the_record_figures(record):
    card = render_model_card(record, _benchmark())
    mm = record["evaluation"]["mnli.dev_mismatched.jsonl"]
    assert f"**{100 * mm['accuracy']:.1f}% accuracy**" in card
    assert f"T =\n{record['calibration']['temperature']:.3f}" in card
    assert record["command"] in card
    for item in record["train_data"]:
        assert f"| {item['file']} | {item['licence']} | {item['rows']} |" in card
    for name, metrics in record["evaluation"].items():
        assert f"| {name} | {metrics['n']} | {100 * metrics['accuracy']:.1f} |" in card


def test_model_card_leaves_out_non_commercial_data(record):
    files = {item["file"] for item in record["train_data"]}
    assert not any(
        name.startswith(("anli", "sick", "xnli", "semi_auto_nli.base_news", "semi_auto_nli.sim_news")) for name in files
    )


def test_model_card_tells_both_stages(record):
    # A second stage on top of the shipped model, as `contrast model train --init` records it.
    first = {key: record[key] for key in ("command", "train_data", "hyperparameters", "steps", "evaluation")}
    first |= {"wall_time_seconds": 600, "hardware": "x86_64, 2 CPU threads"}
    record = record | {"initialised_from": first, "command": f"{record['command']} --init models/first"}
    card = render_model_card(record, _benchmark())
    assert "Wall time: 10.0 minutes on x86_64, 2 CPU threads." in card
    assert first["command"] in card
    for item in first["train_data"]:
        assert f"| {item['file']} | {item['licence']} | {item['rows']} |" in card
    name = "mnli.dev_mismatched.jsonl"
    before, after = first["evaluation"][name], record["evaluation"][name]
    assert f"| {name} | {100 * before['accuracy']:.1f} | {100 * after['accuracy']:.1f} |" in card


def test_model_card_shows_the_news_figures(record):
    news = _news()
    if news is None:
        pytest.skip("the shipped model has no news_benchmark.json (bench/news_nli.py)")
    card = render_model_card(record, _benchmark(), news)
    assert f"ROC AUC | {news['news']['roc_auc']:.3f} |" in card
    assert f"| unrelated pairs called contradiction | {100 * news['unrelated']['contradiction_rate']:.1f}% |" in card
