"""Model card: README.md rendered from the training record, so no figure in it is typed by hand."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

from jinja2 import Environment, StrictUndefined

from contrast.errors import ModelLoadError
from contrast.training.record import RECORD_FILE

CARD_FILE = "README.md"
BENCHMARK_FILE = "benchmark.json"
# Written by bench/news_nli.py: gold disputes against compatible pairs, unrelated pairs, probes.
NEWS_BENCHMARK_FILE = "news_benchmark.json"
TEMPLATE = "model_card.md.j2"


def render_model_card(record: dict, benchmark: dict | None = None, news: dict | None = None) -> str:
    """The card for one training record (and, when measured, its benchmark summary and news-domain figures)."""
    return render_card(TEMPLATE, record=record, benchmark=benchmark, news=news, stages=_stages(record))


def render_card(template_name: str, **context: object) -> str:
    """A card template of `contrast.training`; every figure comes from `context`, none is typed by hand."""
    environment = Environment(
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True
    )
    environment.filters["pct"] = lambda value: f"{100 * value:.1f}"
    environment.filters["f3"] = lambda value: f"{value:.3f}"
    template = environment.from_string(
        files("contrast.training").joinpath("templates", template_name).read_text(encoding="utf-8")
    )
    return template.render(**context)


def write_model_card(model_dir: Path) -> Path:
    record_path = model_dir / RECORD_FILE
    if not record_path.is_file():
        raise ModelLoadError(f"{model_dir} has no {RECORD_FILE}; train the model with `contrast model train` first")
    record = json.loads(record_path.read_text(encoding="utf-8"))
    benchmark, news = (_optional_json(model_dir / name) for name in (BENCHMARK_FILE, NEWS_BENCHMARK_FILE))
    card = model_dir / CARD_FILE
    card.write_text(render_model_card(record, benchmark, news), encoding="utf-8")
    return card


def _optional_json(path: Path) -> dict | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def _stages(record: dict) -> list[dict]:
    """Every training stage, earliest first: each record keeps the one it started from."""
    stages = [record]
    while stages[0].get("initialised_from"):
        stages.insert(0, stages[0]["initialised_from"])
    return stages
